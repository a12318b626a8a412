// "Clean up this node": what `calicovppctl capture clear` does, for leftovers found later (a capture
// killed with the machine, a lost connection): trace cleared, pcap and dispatch captures off, BPF
// filter removed and both filter functions reset, the capture files in /tmp removed, the lock
// released. Every step is reported; the lock found (if any) is returned so the user sees whose
// capture was cleared.
import type { KubeSession } from '../kube/client';
import { KubeError } from '../kube/errors';
import { CAPTURE_LOCK_FILE, readCaptureLock, removeCaptureLock, type CaptureLock } from '../kube/lock';
import type { CleanupStep } from '../workspace/manifest';
import { ALL_REMOTE_FILES } from './capture';
import { removeFilterCommands } from './filter';
import { Limiter, NodeVpp, vppPodIdentity } from './remote';
import { validateNodeName } from './validate';

export interface ClearResult {
  node: string;
  pod: string;
  /** The lock that was there before (null: none). */
  lock: CaptureLock | null;
  steps: CleanupStep[];
  /** True when every step worked. */
  ok: boolean;
}

export async function clearNode(session: KubeSession, node: string, o: { vppNamespace?: string; signal?: AbortSignal } = {}): Promise<ClearResult> {
  validateNodeName(node);
  const pod = await vppPodIdentity(session, node, o.vppNamespace);
  const v = new NodeVpp(session, node, pod, new Limiter(4));
  const steps: CleanupStep[] = [];
  let lock: CaptureLock | null = null;
  try {
    lock = await readCaptureLock(session, v.target);
  } catch (e) {
    steps.push({ action: `cat ${CAPTURE_LOCK_FILE}`, ok: false, message: (e as Error).message });
  }
  const step = async (action: string, fn: () => Promise<unknown>) => {
    try {
      const out = await fn();
      steps.push({ action, ok: true, ...(typeof out === 'string' && out.trim() ? { message: out.trim() } : {}) });
    } catch (e) {
      steps.push({ action, ok: false, message: session.redact((e as Error).message) });
      if (e instanceof KubeError && (e.kind === 'cancelled' || e.kind === 'unreachable' || e.kind === 'forbidden' || e.kind === 'unauthorized')) throw e;
    }
  };
  try {
    const opts = { signal: o.signal, idleTimeoutMs: 20_000 };
    await step('clear trace', () => v.vpp(['clear', 'trace'], opts));
    await step('pcap trace off', () => v.vpp(['pcap', 'trace', 'off'], opts));
    await step('pcap dispatch trace off', () => v.vpp(['pcap', 'dispatch', 'trace', 'off'], opts));
    for (const cmd of removeFilterCommands('both')) await step(cmd.join(' '), () => v.vpp(cmd, opts));
    await step(`rm -f ${ALL_REMOTE_FILES.join(' ')}`, () => v.removeFiles(ALL_REMOTE_FILES, opts));
    await step(`rm -f ${CAPTURE_LOCK_FILE}`, () => removeCaptureLock(session, v.target));
  } finally {
    await v.close();
  }
  return { node, pod: `${pod.namespace}/${pod.name}`, lock, steps, ok: steps.every((s) => s.ok) };
}
