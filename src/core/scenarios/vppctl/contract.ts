// The contract between a vpp container of the test cluster and the VPP behind its CLI socket. Plain
// data only (strings, Uint8Array, numbers), so the Kubernetes test server (src/server) and the
// scenario simulator agree on it without either importing the other's runtime.

/** The vpp container's files as the engine sees them (e.g. `pcap trace off` writes /tmp/trace.pcap). */
export interface VppFileSystem {
  read(path: string): Uint8Array | undefined;
  /** Creates or replaces a file; the parent directory must exist (/tmp always does). */
  write(path: string, data: Uint8Array): void;
  /** True when a file was removed. */
  remove(path: string): boolean;
  /** Every file path, sorted. */
  list(): string[];
}

export interface VppCliContext {
  readonly files: VppFileSystem;
  /** The test cluster's clock (milliseconds since the epoch); tests may drive it. */
  readonly nowMs: number;
  /** The node this VPP runs on. */
  readonly node: string;
}

export interface VppCliReply {
  /** What VPP printed for the command (vppctl copies it to stdout unchanged). */
  output: string;
  /** vppctl's exit status; 0 when omitted (vppctl exits 0 even when VPP reports an error). */
  exitCode?: number;
  /** Text vppctl itself writes to stderr (e.g. when the CLI socket is missing). */
  stderr?: string;
}

/**
 * One VPP's debug CLI. `line` is the command exactly as vppctl sends it: its arguments after
 * `-s SOCKET`, joined by single spaces (quoting is lost, like the real vppctl). Called once per
 * `vppctl … ARGS` exec, and once per stdin line for `vppctl` without arguments. State (trace
 * buffer, pcap state, counters) lives in the engine and persists between calls.
 */
export interface VppctlEngine {
  exec(line: string, ctx: VppCliContext): VppCliReply | Promise<VppCliReply>;
  /** Forgets all state, as a restarted VPP would (optional: used to simulate a pod restart). */
  reset?(): void;
}
