// Plain-data results of core-file inspection and the guided gdb workflow. Everything here is
// structured-clonable: the CLI prints it, the UI renders it, IPC carries it unchanged.
import type { Diagnostic } from '../model/diagnostic';

/** The CPU architectures whose cores are understood. */
export type CoreMachine = 'x86-64' | 'aarch64';

export interface CoreSignal {
  number: number;
  /** `SIGSEGV`, `SIGRTMIN+3`, or `signal 99` for numbers Linux does not define. */
  name: string;
  /** One line: "invalid memory reference". */
  description: string;
}

/** NT_SIGINFO: how the signal was raised. */
export interface CoreSigInfo {
  signo: number;
  errno: number;
  code: number;
  /** `SEGV_MAPERR`, `SI_TKILL`… or null when unknown. */
  codeName: string | null;
  codeDescription: string | null;
  /** 0x-prefixed hex, for fault signals (SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP) raised by the kernel. */
  faultAddress: string | null;
  /** For signals sent by kill/tgkill/sigqueue (abort() uses tgkill). */
  senderPid: number | null;
  senderUid: number | null;
}

export interface CoreThread {
  /** Kernel thread id (the `pid` of its NT_PRSTATUS). The first thread of a process has tid == pid. */
  tid: number;
  /** Program counter (rip / pc), 0x-prefixed 16-digit hex; null only when the note is too short. */
  pc: string | null;
  /** Stack pointer (rsp / sp), like pc. */
  sp: string | null;
  /** pr_cursig: the signal the thread was handling, 0 if none. */
  cursig: number;
  /** True for the thread the crash happened in. */
  crashed: boolean;
  /** The NT_SIGINFO that followed this thread's NT_PRSTATUS, when there was one. */
  siginfo: CoreSigInfo | null;
}

export interface CoreMapping {
  start: string;
  end: string;
  /** Byte offset in the file (NT_FILE stores pages; this is multiplied out), 0x-prefixed hex. */
  fileOffset: string;
  path: string;
}

export interface CoreAuxvEntry {
  type: number;
  /** `AT_ENTRY`… or `AT_<number>` when unknown. */
  name: string;
  value: string;
}

export interface CorePlugin {
  /** File name, e.g. `acl_plugin.so`. */
  name: string;
  path: string;
}

export interface CoreBuildId {
  path: string;
  /** Lowercase hex of NT_GNU_BUILD_ID, read from the mapped ELF headers kept in the core. */
  buildId: string;
}

export interface CoreSegments {
  /** PT_LOAD segments (memory areas). */
  load: number;
  /** PT_NOTE segments. */
  notes: number;
  /** Sum of the segments' file sizes (what the file should hold). */
  fileBytes: number;
  /** Sum of the segments' memory sizes (the process's dumped address space). */
  memoryBytes: number;
  /** The end of the furthest segment (or of the section header table): the size a complete file has at least. */
  expectedFileSize: number;
}

/** What a file name written through `vppcore.%e.%p` says (the crashing thread's name and the pid). */
export interface CoreFileNameHint {
  threadName: string | null;
  pid: number | null;
}

export interface CoreSummary {
  /** The input's name (path or bundle entry). */
  file: string;
  size: number;
  machine: CoreMachine;
  /** NT_PRPSINFO pr_fname: the process's command name (VPP's main thread is `vpp_main`). */
  command: string;
  /** NT_PRPSINFO pr_psargs: the start of the command line (the kernel keeps 80 bytes). */
  arguments: string;
  pid: number;
  ppid: number | null;
  uid: number | null;
  gid: number | null;
  /** The signal that ended the process; null for a core taken from a live process (gcore). */
  signal: CoreSignal | null;
  signalCode: string | null;
  faultAddress: string | null;
  /** Tid of the thread that took the signal, null when no thread was handling one. */
  crashingThread: number | null;
  threads: CoreThread[];
  /** Distinct mapped file paths, in address order of their first mapping (NT_FILE). */
  mappedFiles: string[];
  mappings: CoreMapping[];
  /** The main program's path (the mapping holding AT_ENTRY, else AT_EXECFN, else the first mapping). */
  executable: string | null;
  /** VPP plugins mapped in the process (under `vpp_plugins/` or named `*_plugin.so`). */
  plugins: CorePlugin[];
  auxv: CoreAuxvEntry[];
  buildIds: CoreBuildId[];
  looksLikeVpp: boolean;
  /** Why it looks like VPP (empty when it does not). */
  vppEvidence: string[];
  fileNameHint: CoreFileNameHint | null;
  segments: CoreSegments;
  /** True when the file is shorter than its segments say: memory is missing. */
  truncated: boolean;
  /** Sentences for the operator (not VPP, truncated, taken from a live process…). */
  warnings: string[];
  /** Problems in the file itself, with byte offsets. */
  diagnostics: Diagnostic[];
}

export type CoreErrorKind = 'empty' | 'not-elf' | 'compressed' | 'not-core' | 'unsupported' | 'truncated' | 'malformed' | 'read-error' | 'cancelled';

export type CoreInspection =
  | { ok: true; summary: CoreSummary }
  | { ok: false; kind: CoreErrorKind; error: Diagnostic };
