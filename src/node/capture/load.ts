// The "production load" check before a capture: tracing and dispatch capture cost CPU on every
// traced packet, so a node that is busy forwarding gets a warning first. Busy means the worker
// threads' input vector rate or the vectors per call of their input nodes are high (VPP batches
// more packets per call when it is loaded).
import { parseShowRuntime } from '../../core/vpp-state/runtime';

export interface LoadVerdict {
  busy: boolean;
  /** Highest Vectors/Call of a polling (input) or active node. */
  maxVectorsPerCall: number;
  /** Sum of the threads' "vector rates in" (packets per second). */
  packetsPerSecond: number;
  summary: string;
}

export const BUSY_VECTORS_PER_CALL = 8;
export const BUSY_PACKETS_PER_SECOND = 100_000;

export function assessLoad(showRun: string): LoadVerdict {
  const r = parseShowRuntime(showRun);
  let maxVpc = 0;
  let pps = 0;
  for (const t of r.data.threads) {
    pps += t.vectorRates?.in ?? 0;
    for (const n of t.nodes) if (n.state === 'polling' || n.state === 'active') maxVpc = Math.max(maxVpc, n.vectorsPerCall);
  }
  const busy = maxVpc >= BUSY_VECTORS_PER_CALL || pps >= BUSY_PACKETS_PER_SECOND;
  const summary = `${Math.round(pps).toLocaleString('en-US')} packets/s in, up to ${maxVpc.toFixed(2)} vectors/call`;
  return { busy, maxVectorsPerCall: maxVpc, packetsPerSecond: pps, summary };
}
