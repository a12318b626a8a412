// Capture inside a pod through an ephemeral debug container (opt-in): the container is added with
// the pods/ephemeralcontainers subresource (what `kubectl debug` does) with a configurable image
// that has tcpdump (default nicolaka/netshoot), NET_RAW / NET_ADMIN, and `sleep` as its command;
// tcpdump then runs in it through pod exec (argument vector, writing the pcap to stdout) under
// `timeout`, and the bytes go straight into the workspace (atomically). Ephemeral containers cannot
// be removed from a pod: the container ends when its sleep does, and the user is told so.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { CoreV1Api, PatchStrategy, setHeaderOptions, type V1Pod } from '@kubernetes/client-node';
import { openCaptureSync } from '../../core/capture/open';
import type { KubeSession } from '../kube/client';
import { KubeError } from '../kube/errors';
import { openAtomic } from '../workspace/atomic';
import type { CaptureManifest } from '../workspace/manifest';
import type { Workspace } from '../workspace/workspace';
import { filterExpression, type FiveTuple } from './filter';
import { CaptureInputError, validateImage, validatePodRef } from './validate';

export const DEFAULT_DEBUG_IMAGE = 'docker.io/nicolaka/netshoot:v0.13';

export interface DebugCaptureRequest {
  /** `NAMESPACE/NAME` (namespace default when omitted). */
  pod: string;
  image?: string;
  count?: number;
  timeoutSeconds?: number;
  filter?: FiveTuple | null;
  /** The pod's interface (default eth0). */
  iface?: string;
  workspace: Workspace;
  signal?: AbortSignal;
  /** How long to wait for the container to run (default 60 s: the image may need pulling). */
  startTimeoutMs?: number;
}

export interface DebugCaptureOutcome {
  dir: string;
  manifest: CaptureManifest;
  container: string;
  file: string | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function statusOf(p: V1Pod, name: string) {
  return p.status?.ephemeralContainerStatuses?.find((s) => s.name === name);
}

export async function captureWithDebugContainer(session: KubeSession, req: DebugCaptureRequest, onEvent: (line: string) => void = () => {}): Promise<DebugCaptureOutcome> {
  const ref = validatePodRef(req.pod);
  const image = validateImage(req.image ?? DEFAULT_DEBUG_IMAGE);
  const count = req.count ?? 1000;
  const timeoutS = req.timeoutSeconds ?? 30;
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000) throw new CaptureInputError('count must be between 1 and 10000000');
  if (!Number.isInteger(timeoutS) || timeoutS < 1 || timeoutS > 86_400) throw new CaptureInputError('the timeout must be a whole number of seconds between 1 and 86400');
  const iface = req.iface ?? 'eth0';
  if (!/^[A-Za-z0-9_.-]{1,15}$/.test(iface)) throw new CaptureInputError(`invalid interface name ${JSON.stringify(iface)}`);
  const expr = req.filter ? filterExpression(req.filter) : null;
  const core = session.config.kc.makeApiClient(CoreV1Api);
  const ctx = { verb: 'get', resource: 'pods', namespace: ref.namespace, name: ref.name };
  const pod = await session.request(ctx, () => core.readNamespacedPod({ namespace: ref.namespace, name: ref.name }));
  const node = pod.spec?.nodeName;
  if (!node) throw new CaptureInputError(`pod ${ref.namespace}/${ref.name} is not scheduled on a node yet`);
  if (pod.spec?.hostNetwork) throw new CaptureInputError(`pod ${ref.namespace}/${ref.name} uses the host network: there is no pod network namespace to capture in`);
  const target = pod.spec?.containers[0]?.name;
  const name = `vpp-pathviz-capture-${randomBytes(3).toString('hex')}`;
  const rec = await req.workspace.create({ kind: 'pcap', cluster: { context: session.info.context, server: session.info.server }, options: { count, timeoutSeconds: timeoutS, interface: iface, filter: expr }, nodes: [node] });
  const m = rec.node(node);
  await rec.update(() => {
    m.pod = `${ref.namespace}/${ref.name}`;
    m.podUid = pod.metadata?.uid ?? null;
    m.state = 'starting';
  });
  const lifetime = timeoutS + 60;
  let file: string | null = null;
  try {
    onEvent(`adding debug container ${name} (image ${image}) to pod ${ref.namespace}/${ref.name}`);
    const body = { spec: { ephemeralContainers: [{ name, image, command: ['sleep', String(lifetime)], ...(target ? { targetContainerName: target } : {}), stdin: false, tty: false, securityContext: { capabilities: { add: ['NET_RAW', 'NET_ADMIN'] } } }] } };
    await session.request({ verb: 'patch', resource: 'pods/ephemeralcontainers', namespace: ref.namespace, name: ref.name }, () =>
      core.patchNamespacedPodEphemeralcontainers({ namespace: ref.namespace, name: ref.name, body }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch)),
    );
    await rec.update(() => m.warnings.push(`debug container ${name} was added to pod ${ref.namespace}/${ref.name}; ephemeral containers cannot be removed: it exits by itself after ${lifetime} s and stays listed in the pod`));
    const deadline = Date.now() + (req.startTimeoutMs ?? 60_000);
    for (;;) {
      if (req.signal?.aborted) throw new KubeError('cancelled', 'cancelled while waiting for the debug container');
      const p = await session.request(ctx, () => core.readNamespacedPod({ namespace: ref.namespace, name: ref.name }));
      const st = statusOf(p, name);
      if (st?.state?.running) break;
      const why = st?.state?.waiting?.reason;
      if (why && /ErrImagePull|ImagePullBackOff|InvalidImageName|CreateContainerError/.test(why)) throw new KubeError('exec', `the debug container ${name} cannot start: ${why}${st?.state?.waiting?.message ? ` (${st.state.waiting.message})` : ''}; choose another image with --image`);
      if (st?.state?.terminated) throw new KubeError('exec', `the debug container ${name} ended before the capture (${st.state.terminated.reason ?? 'exit ' + st.state.terminated.exitCode})`);
      if (Date.now() > deadline) throw new KubeError('timeout', `the debug container ${name} did not start within ${(req.startTimeoutMs ?? 60_000) / 1000} s${why ? ` (${why})` : ''}`);
      await sleep(500);
    }
    await rec.update(() => (m.state = 'capturing'));
    onEvent(`capturing on ${iface} of pod ${ref.namespace}/${ref.name}: up to ${count} packets or ${timeoutS} s`);
    const dir = await rec.nodeDir(node);
    const base = `pod_${ref.namespace}_${ref.name}.pcap`;
    const local = path.join(dir, base);
    const out = await openAtomic(local);
    let pending: Promise<void> = Promise.resolve();
    let r;
    try {
      r = await session.exec({ namespace: ref.namespace, pod: ref.name, container: name }, ['timeout', String(timeoutS), 'tcpdump', '-ni', iface, '-c', String(count), '-U', '-w', '-', ...(expr ? [expr] : [])], {
        signal: req.signal,
        idleTimeoutMs: (timeoutS + 30) * 1000,
        onStdout: (chunk) => {
          const copy = new Uint8Array(chunk);
          pending = pending.then(() => out.write(copy));
          return pending;
        },
      });
      await pending;
    } catch (e) {
      await pending.catch(() => {});
      await out.abort();
      throw e;
    }
    if (r.exitCode !== 0 && r.exitCode !== 124) {
      await out.abort();
      throw new KubeError('exec', `tcpdump in the debug container failed (exit ${r.exitCode}): ${r.stderr.trim() || 'no message'}${r.exitCode === 127 ? ` — the image ${image} has no tcpdump or timeout; choose another with --image` : ''}`);
    }
    const bytes = out.bytes;
    await out.commit();
    file = local;
    const { readFile } = await import('node:fs/promises');
    const { createHash } = await import('node:crypto');
    const data = new Uint8Array(await readFile(local));
    const packets = data.length >= 24 ? openCaptureSync(data, { input: base }).index.count : 0;
    await rec.update(() => {
      m.files.push({ path: `${path.basename(dir)}/${base}`, kind: 'pcap', bytes, sha256: createHash('sha256').update(data).digest('hex'), source: `tcpdump -i ${iface} in debug container ${name}` });
      m.packets = packets;
      m.state = packets > 0 ? 'complete' : 'empty';
    });
  } catch (e) {
    const cancelled = e instanceof KubeError && e.kind === 'cancelled';
    await rec.update(() => {
      m.state = cancelled ? 'cancelled' : 'failed';
      m.error = session.redact(e instanceof Error ? e.message : String(e));
    });
  }
  await rec.update((mm) => {
    mm.state = m.state === 'complete' || m.state === 'empty' ? 'complete' : m.state === 'cancelled' ? 'cancelled' : 'failed';
    mm.finishedAt = new Date().toISOString();
  });
  return { dir: rec.dir, manifest: rec.manifest, container: name, file };
}
