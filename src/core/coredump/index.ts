// Core files: inspection (src/core/coredump/inspect.ts) and the guided gdb workflow (guide.ts, enable.ts).
export type * from './types';
export type * from './guide-types';
export { inspectCore, parseCoreFileName, CORE_LIMITS, type InspectOptions } from './inspect';
export { isElfCore } from './elf';
export { buildCoreGuide, coreHints, corePatternDir, CALICO_VPP, CONTAINER_CORE_PATH, GDB_CHECKLIST, type CoreGuideInput } from './guide';
export { buildCoreEnableSnippet, checkDirectory, DEFAULT_CONTAINER_CORE_DIR, type CoreEnableInput, type EnableResult } from './enable';
export { parseVppImage, qualifiedRef, imageWarnings, IMAGE_PLACEHOLDER, type ImageParse } from './image';
export { shellQuote, shellJoin, shellWord, type WordPart } from './shell';
export { yamlQuote } from './yaml';
export { signalName, signalCodeName } from './signals';
