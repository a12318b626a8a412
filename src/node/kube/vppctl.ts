// vppctl through pod exec: `/usr/bin/vppctl -s /var/run/vpp/cli.sock ARGS…` as an argument vector
// in the vpp container of the node's calico-vpp-node pod — never a shell line built from user text.
// vppctl joins its arguments with spaces and VPP reads the result as CLI input, where a newline
// starts another command; so control characters are refused here.
import type { ExecResult, KubeSession } from './client';
import { findVppPod, type DiscoveryOptions, type VppPodInfo } from './discovery';
import { KubeError } from './errors';

export const VPPCTL_PATH = '/usr/bin/vppctl';
export const VPP_CLI_SOCKET = '/var/run/vpp/cli.sock';

export class VppctlArgumentError extends Error {}

/** The exec argument vector for a vppctl command; throws VppctlArgumentError for unusable input. */
export function vppctlArgv(args: readonly string[]): string[] {
  if (args.length === 0 || args.every((a) => a.trim() === '')) throw new VppctlArgumentError('no VPP command given');
  for (const a of args) {
    if (/[\u0000-\u001f\u007f]/.test(a)) throw new VppctlArgumentError(`VPP command arguments may not contain control characters (newline, tab…): ${JSON.stringify(a)}`);
  }
  return [VPPCTL_PATH, '-s', VPP_CLI_SOCKET, ...args];
}

/** The words VPP will see (vppctl joins its arguments with spaces). */
export function vppCommandWords(args: readonly string[]): string[] {
  return args.join(' ').trim().split(/\s+/).filter(Boolean);
}

/**
 * True for `show …` commands (VPP accepts `sh`, `sho`, `show`), which only read state. Anything
 * else (clear, trace add, pcap …, set …) changes the dataplane and needs explicit consent.
 */
export function isReadOnlyVppCommand(args: readonly string[]): boolean {
  const first = vppCommandWords(args)[0]?.toLowerCase();
  return first !== undefined && first.length >= 2 && 'show'.startsWith(first);
}

export interface VppctlOptions extends DiscoveryOptions {
  /** Allow commands other than `show …` (default false). */
  allowChanges?: boolean;
  idleTimeoutMs?: number;
  signal?: AbortSignal;
}

export interface VppctlResult extends ExecResult {
  pod: VppPodInfo;
  /** stdout as text. */
  output: string;
}

/** Runs one vppctl command on `node` (or a known VPP pod). */
export async function runVppctl(session: KubeSession, node: string | VppPodInfo, args: readonly string[], opts: VppctlOptions = {}): Promise<VppctlResult> {
  let argv: string[];
  try {
    argv = vppctlArgv(args);
  } catch (e) {
    throw new KubeError('bad-request', (e as Error).message);
  }
  if (!opts.allowChanges && !isReadOnlyVppCommand(args)) {
    throw new KubeError('bad-request', `refusing to run "${vppCommandWords(args).join(' ')}": only "show …" commands are allowed without explicit consent, because other commands change VPP's state`);
  }
  const pod = typeof node === 'string' ? await findVppPod(session, node, opts) : node;
  const r = await session.exec({ namespace: pod.namespace, pod: pod.name, container: 'vpp' }, argv, { idleTimeoutMs: opts.idleTimeoutMs, signal: opts.signal });
  if (r.exitCode === 127) {
    throw new KubeError('exec', `vppctl is not installed at ${VPPCTL_PATH} in the vpp container of pod ${pod.namespace}/${pod.name}: ${r.stderr.trim()}`);
  }
  return { ...r, pod, output: new TextDecoder().decode(r.stdout) };
}
