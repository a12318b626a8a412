// The capture lock calicovppctl keeps in the vpp container, /tmp/calicovppctl.lock: JSON with
// node_name, operation (trace|pcap|dispatch), started_at, hostname, bpf_active. Sharing it means a
// capture started here and one started with calicovppctl never run at once on a node. Read with
// `cat`, written with `tee` from stdin, removed with `rm -f` — no shell.
import os from 'node:os';
import type { ExecTarget, KubeSession } from './client';
import { KubeError } from './errors';

export const CAPTURE_LOCK_FILE = '/tmp/calicovppctl.lock';

export interface CaptureLock {
  node_name: string;
  operation: 'trace' | 'pcap' | 'dispatch' | string;
  /** RFC 3339 time. */
  started_at: string;
  hostname: string;
  bpf_active: boolean;
}

/** The lock, or null when there is none. A lock that is not JSON is reported as such (KubeError). */
export async function readCaptureLock(session: KubeSession, vpp: ExecTarget): Promise<CaptureLock | null> {
  const r = await session.exec(vpp, ['cat', CAPTURE_LOCK_FILE]);
  if (r.exitCode !== 0) {
    if (/No such file or directory/.test(r.stderr)) return null;
    throw new KubeError('exec', `cannot read ${CAPTURE_LOCK_FILE} in pod ${vpp.namespace}/${vpp.pod}: ${r.stderr.trim()}`);
  }
  try {
    const o = JSON.parse(new TextDecoder().decode(r.stdout)) as Partial<CaptureLock>;
    return { node_name: String(o.node_name ?? ''), operation: String(o.operation ?? ''), started_at: String(o.started_at ?? ''), hostname: String(o.hostname ?? ''), bpf_active: o.bpf_active === true };
  } catch {
    throw new KubeError('exec', `${CAPTURE_LOCK_FILE} in pod ${vpp.namespace}/${vpp.pod} is not valid JSON; remove it if no capture is running (vpp-pathviz vppctl … or calicovppctl capture clear)`);
  }
}

/** Writes the lock (what calicovppctl writes, indented the same way). */
export async function writeCaptureLock(session: KubeSession, vpp: ExecTarget, lock: Omit<CaptureLock, 'hostname' | 'started_at'> & Partial<CaptureLock>): Promise<CaptureLock> {
  const full: CaptureLock = { node_name: lock.node_name, operation: lock.operation, started_at: lock.started_at ?? new Date().toISOString(), hostname: lock.hostname ?? os.hostname(), bpf_active: lock.bpf_active };
  const r = await session.exec(vpp, ['tee', CAPTURE_LOCK_FILE], { stdin: new TextEncoder().encode(JSON.stringify(full, null, 2)) });
  if (r.exitCode !== 0) throw new KubeError('exec', `cannot write ${CAPTURE_LOCK_FILE} in pod ${vpp.namespace}/${vpp.pod}: ${r.stderr.trim()}`);
  return full;
}

export async function removeCaptureLock(session: KubeSession, vpp: ExecTarget): Promise<void> {
  const r = await session.exec(vpp, ['rm', '-f', CAPTURE_LOCK_FILE]);
  if (r.exitCode !== 0) throw new KubeError('exec', `cannot remove ${CAPTURE_LOCK_FILE} in pod ${vpp.namespace}/${vpp.pod}: ${r.stderr.trim()}`);
}
