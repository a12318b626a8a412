// The manifest of one capture (manifest.json in its folder): what was asked, per node what
// happened, which files are complete, what cleanup ran and what was left on the node. Files are
// listed only once they are complete and in place, so a reader never mistakes a partial transfer
// for a result; the capture's `state` says whether it finished.

export type CaptureKind = 'trace' | 'pcap' | 'dispatch';

/** running: in progress (or the process died: see `interrupted`); partial: some nodes failed. */
export type CaptureState = 'running' | 'complete' | 'partial' | 'failed' | 'cancelled' | 'interrupted';

export type NodeCaptureState = 'pending' | 'starting' | 'capturing' | 'collecting' | 'complete' | 'empty' | 'failed' | 'cancelled' | 'interrupted';

export interface ManifestFile {
  /** Path relative to the capture folder, `/`-separated. */
  path: string;
  kind: CaptureKind;
  bytes: number;
  sha256: string;
  /** The remote file it came from (`/tmp/trace.pcap`), or the command that printed it. */
  source: string;
}

export interface CleanupStep {
  /** The vppctl command or file operation, e.g. `clear trace`, `rm -f /tmp/trace.pcap`. */
  action: string;
  ok: boolean;
  message?: string;
}

export interface ManifestNode {
  node: string;
  pod: string | null;
  podUid: string | null;
  /** The graph node traced (trace, dispatch), as VPP named it. */
  inputNode: string | null;
  state: NodeCaptureState;
  /** Packets (trace, pcap) or records (dispatch) collected. */
  packets: number | null;
  files: ManifestFile[];
  error: string | null;
  warnings: string[];
  cleanup: CleanupStep[];
  /** What may still be on the node after cleanup (empty when everything was undone). */
  leftovers: string[];
}

export interface CaptureOptionsRecord {
  count: number;
  timeoutSeconds: number;
  interface: string | null;
  /** The pcap-filter expression sent to VPP, or null. */
  filter: string | null;
}

export interface CaptureManifest {
  format: 'vpp-pathviz-capture';
  version: 1;
  id: string;
  kind: CaptureKind;
  state: CaptureState;
  cluster: { context: string; server: string };
  createdAt: string;
  finishedAt: string | null;
  /** The process that ran the capture (to tell a crashed capture from a running one). */
  pid: number;
  host: string;
  options: CaptureOptionsRecord;
  nodes: ManifestNode[];
  /** Messages for the user (one line each). */
  messages: string[];
  /** Cross-node stitching: links between journeys of different nodes. */
  stitch: { links: number; chains: number } | null;
}

export function isCaptureManifest(x: unknown): x is CaptureManifest {
  const m = x as Partial<CaptureManifest> | null;
  return !!m && m.format === 'vpp-pathviz-capture' && m.version === 1 && typeof m.id === 'string' && Array.isArray(m.nodes);
}

/** The capture state from the nodes' states (when nothing is running any more). */
export function overallState(nodes: readonly ManifestNode[], cancelled: boolean): CaptureState {
  if (cancelled) return 'cancelled';
  const ok = nodes.filter((n) => n.state === 'complete' || n.state === 'empty').length;
  if (ok === nodes.length && nodes.length > 0) return 'complete';
  return ok > 0 ? 'partial' : 'failed';
}
