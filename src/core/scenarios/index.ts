// The scenario simulator: consistent VPP outputs (`show trace`, `show interface`) with their ground
// truth, for named situations of a Calico VPP v3.31 / VPP 25.10 cluster.
import { SCENARIO_SPECS } from './catalog';
import type { Scenario } from './model';
import type { RenderedBundle } from './bundle/index';
import { buildScenario } from './scenario';
import type { Deflate } from '../bundle/tar-writer';

export type * from './model';
export { SIMULATED_CALICO_VERSION, SIMULATED_VPP_VERSION } from './model';
export { buildScenario } from './scenario';
export { generateBenchTrace, type BenchTraceOptions } from './bench';
export { dispatchFrames, pcapTraceFrames, renderDispatchPcap, renderPcapTrace, dispatchPcapFile, pcapTraceFile, bufferMetadataText, bufferOpaqueText, bufferOpaque2Text, traceText, type DispatchOptions, type DispatchFrame, type PcapTraceOptions, type PcapTraceFrame, type PacketRef, type CaptureFilter } from './captures';
export { bundleTar, renderBundle, showCommand, makeCtx, type BundleOptions, type BundleFile, type BundleFault, type RenderedBundle, type ShowOptions } from './bundle/index';
export { IDLE_LOAD, BUSY_LOAD, type LoadProfile, type RuntimeOptions } from './bundle/vpp';
export type { TraceView } from './render';
export { ORPHAN_SERVICE } from './bundle/context';
export { writeTar, gzip, crc32, deflateStored, utf8, type TarFile, type Deflate } from '../bundle/tar-writer';
export { ERROR_COUNTERS, errorCounterOf, errorCounterByIndex, errorIndexOf, type ErrorCounter } from './errors';
export { Simulator, INPUT_NODES, type SimRecord, type SimVisit, type BufferSnapshot } from './engine';

/** Every named scenario; `sample` is the app's embedded sample. */
export const scenarios: Scenario[] = SCENARIO_SPECS.map(buildScenario);

export function getScenario(name: string): Scenario | undefined {
  return scenarios.find((s) => s.name === name);
}

/**
 * The app's embedded sample: the `sample` scenario's export bundle in the bash layout (files of the
 * archive; pack with `bundleTar` and `gzip` for an `export.tar.gz`). Pass a deflate to compress
 * the captures inside it.
 */
export function sampleBundle(opts: { deflate?: Deflate } = {}): RenderedBundle {
  const s = getScenario('sample');
  if (!s) throw new Error('the sample scenario is missing');
  return s.render.bundle({ layout: 'bash', deflate: opts.deflate });
}
