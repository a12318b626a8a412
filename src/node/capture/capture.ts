// A capture on one or many nodes of a live cluster: trace (`trace add` … `show trace`), pcap
// (`pcap trace rx tx …` … `pcap trace off`) or dispatch (`pcap dispatch trace on … buffer-trace …`
// … `off`), the way calicovppctl does it — same lock file, same VPP commands, same remote files —
// plus what it lacks: the input node asked from VPP, live progress, stop on count / timeout / user,
// per-node cancel, a production-load check, files written atomically into the workspace with a
// manifest, and cleanup in every ending (success, cancel, error, timeout, lost connection, quit)
// that records what it undid and tells what, if anything, was left on the node.
import { createHash } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import type { Journey } from '../../core/model';
import { detectFormat, INPUT_FORMATS } from '../../core/inputs';
import { readInterfaceNames } from '../../core/analysis/show-int';
import { stitchJourneys, type StitchResult } from '../../core/analysis/stitch';
import type { KubeSession } from '../kube/client';
import { KubeError } from '../kube/errors';
import { uplinkDriver } from '../kube/discovery';
import { CAPTURE_LOCK_FILE, readCaptureLock, removeCaptureLock, writeCaptureLock, type CaptureLock } from '../kube/lock';
import { downloadFile } from '../kube/transfer';
import { openAtomic } from '../workspace/atomic';
import { overallState, type CaptureKind, type CaptureManifest, type CleanupStep, type ManifestNode, type NodeCaptureState } from '../workspace/manifest';
import type { CaptureRecord, Workspace } from '../workspace/workspace';
import { applyFilterCommands, filterExpression, removeFilterCommands, type FiveTuple } from './filter';
import { interfaceCandidates, resolveInputNode } from './input-node';
import { assessLoad, type LoadVerdict } from './load';
import { Limiter, NodeVpp, PodDirectory, type PodIdentity } from './remote';
import { CaptureInputError, validateInterfaceName, validateNodeName } from './validate';

export const REMOTE_FILES: Record<Exclude<CaptureKind, 'trace'>, string> = { pcap: 'trace.pcap', dispatch: 'dispatch.pcap' };
/** Every file calicovppctl and this tool may leave in the vpp container's /tmp. */
export const ALL_REMOTE_FILES = ['/tmp/trace.txt', '/tmp/trace.txt.gz', '/tmp/trace.pcap', '/tmp/trace.pcap.gz', '/tmp/dispatch.pcap', '/tmp/dispatch.pcap.gz'];

export interface CaptureRequest {
  kind: CaptureKind;
  nodes: string[];
  /** Packets (trace, pcap) or records (dispatch); default 1000, like calicovppctl. */
  count?: number;
  /** Seconds before the capture stops by itself (default 30). */
  timeoutSeconds?: number;
  /** trace / dispatch: preset (phy, af_xdp, …, tuntap) or graph node; pcap: interface name or `any`. */
  interface?: string;
  filter?: FiveTuple | null;
  workspace: Workspace;
  vppNamespace?: string;
  /** Capture even when a node looks busy with production traffic (default false: refuse). */
  force?: boolean;
  /** Cancels everything (quit): nothing more is collected, every node is cleaned up. */
  signal?: AbortSignal;
  /** Stops capturing now and collects what was captured (the user's "stop"). */
  stopSignal?: AbortSignal;
  /** Progress polling interval (default 1000 ms). */
  pollMs?: number;
  /** Concurrent pod execs (default 24). */
  maxConcurrentExecs?: number;
  /** Name written into the lock as its holder (default the host name, like calicovppctl). */
  hostname?: string;
  /** Link journeys across nodes after the pull (default true). */
  stitch?: boolean;
}

export type CaptureEvent =
  | { type: 'node'; node: string; state: NodeCaptureState; message?: string }
  | { type: 'progress'; node: string; packets: number; target: number; elapsedMs: number }
  | { type: 'warning'; node: string | null; message: string }
  | { type: 'locked'; node: string; lock: CaptureLock }
  | { type: 'busy'; node: string; load: LoadVerdict }
  | { type: 'file'; node: string; path: string; bytes: number };

export interface NodeHandle {
  /** Cancels one node (cleanup runs, nothing is collected). */
  cancel(node: string): void;
  /** Stops one node now and collects what it captured. */
  stop(node: string): void;
}

export interface CaptureOutcome {
  dir: string;
  manifest: CaptureManifest;
  stitch: StitchResult | null;
}

class NodeFailure extends Error {
  constructor(
    message: string,
    readonly state: NodeCaptureState = 'failed',
  ) {
    super(message);
  }
}

interface Undo {
  lock: CaptureLock | null;
  traceOn: boolean;
  pcapOn: boolean;
  dispatchOn: boolean;
  bpf: CaptureKind | null;
  remoteFiles: string[];
}

function sleep(ms: number, ...signals: (AbortSignal | undefined)[]): Promise<void> {
  return new Promise((resolve) => {
    const live = signals.filter((s): s is AbortSignal => !!s);
    if (live.some((s) => s.aborted)) return resolve();
    const t = setTimeout(done, ms);
    function done() {
      clearTimeout(t);
      for (const s of live) s.removeEventListener('abort', done);
      resolve();
    }
    for (const s of live) s.addEventListener('abort', done, { once: true });
  });
}

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** Counts `Packet N` headers in `show trace` output. */
export function countTracePackets(text: string): number {
  let n = 0;
  for (const m of text.matchAll(/^Packet \d+\s*$/gm)) if (m) n++;
  return n;
}

function lockLine(l: CaptureLock): string {
  return `operation ${l.operation || '?'}, started by ${l.hostname || '?'} at ${l.started_at || '?'}, BPF filters active: ${l.bpf_active}`;
}

function localName(kind: CaptureKind, node: string): string {
  return kind === 'trace' ? 'trace.txt' : kind === 'pcap' ? `pcap_${node}.pcap` : `dispatch_${node}.pcap`;
}

/** Runs a capture; see the module comment. Never throws for node failures (they are in the manifest). */
export async function runCapture(session: KubeSession, req: CaptureRequest, onEvent: (e: CaptureEvent) => void = () => {}, handle?: (h: NodeHandle) => void): Promise<CaptureOutcome> {
  const nodes = [...new Set(req.nodes.map(validateNodeName))];
  if (nodes.length === 0) throw new CaptureInputError('name at least one node');
  const count = req.count ?? 1000;
  if (!Number.isInteger(count) || count < 1 || count > 1_000_000) throw new CaptureInputError('the packet count must be between 1 and 1000000');
  const timeoutS = req.timeoutSeconds ?? 30;
  if (!(timeoutS > 0 && timeoutS <= 86_400)) throw new CaptureInputError('the timeout must be between 1 second and 1 day');
  const expr = req.filter ? filterExpression(req.filter) : null;
  const pcapIf = req.kind === 'pcap' ? (req.interface && req.interface !== 'any' ? validateInterfaceName(req.interface) : 'any') : null;
  const needsDriver = req.kind !== 'pcap' && (req.interface ?? '').split(',').some((x) => x.trim() === 'phy');
  const driver = needsDriver ? await uplinkDriver(session, { vppNamespace: req.vppNamespace }) : null;
  const wanted = req.kind === 'pcap' ? [] : (req.interface ?? 'tuntap').split(',').map((x) => x.trim()).filter(Boolean);
  if (req.kind === 'dispatch' && wanted.length > 1) throw new CaptureInputError('a dispatch capture traces one input node (buffer-trace): give one --interface');
  const choices = wanted.map((w) => interfaceCandidates(w, driver?.driver ?? null));

  const info = session.info;
  const rec = await req.workspace.create({
    kind: req.kind,
    cluster: { context: info.context, server: info.server },
    options: { count, timeoutSeconds: timeoutS, interface: req.interface ?? (req.kind === 'pcap' ? 'any' : 'tuntap'), filter: expr },
    nodes,
  });
  const limiter = new Limiter(req.maxConcurrentExecs ?? 24);
  const perNode = new Map(nodes.map((n) => [n, { cancel: new AbortController(), stop: new AbortController() }]));
  const onCancel = () => perNode.forEach((c) => c.cancel.abort());
  const onStop = () => perNode.forEach((c) => c.stop.abort());
  req.signal?.addEventListener('abort', onCancel, { once: true });
  req.stopSignal?.addEventListener('abort', onStop, { once: true });
  if (req.signal?.aborted) onCancel();
  if (req.stopSignal?.aborted) onStop();
  handle?.({ cancel: (n) => perNode.get(n)?.cancel.abort(), stop: (n) => perNode.get(n)?.stop.abort() });

  const pods = new PodDirectory(session, req.vppNamespace, 1000);
  const ctx: NodeContext = { session, req, rec, limiter, pods, count, timeoutMs: timeoutS * 1000, expr, pcapIf, choices, onEvent, hostname: req.hostname ?? os.hostname() };
  try {
    await Promise.all(nodes.map((n) => captureNode(ctx, n, perNode.get(n)!.cancel.signal, perNode.get(n)!.stop.signal)));
  } finally {
    req.signal?.removeEventListener('abort', onCancel);
    req.stopSignal?.removeEventListener('abort', onStop);
  }

  let stitch: StitchResult | null = null;
  const complete = rec.manifest.nodes.filter((n) => n.state === 'complete' && n.files.length > 0);
  if (complete.length > 1 && !req.signal?.aborted && req.stitch !== false) {
    stitch = await stitchFiles(rec, complete);
    await rec.update((m) => (m.stitch = { links: stitch!.links.length, chains: stitch!.chains.length }));
  }
  const cancelled = req.signal?.aborted === true;
  await rec.update((m) => {
    m.state = overallState(m.nodes, cancelled);
    m.finishedAt = new Date().toISOString();
    for (const n of m.nodes) {
      if (n.leftovers.length) m.messages.push(`node ${n.node}: may still hold ${n.leftovers.join('; ')} — run: vpp-pathviz capture clear --node ${n.node}`);
    }
  });
  return { dir: rec.dir, manifest: rec.manifest, stitch };
}

/** Journeys of every complete file, stitched across nodes. */
export async function stitchFiles(rec: CaptureRecord, nodes: readonly ManifestNode[]): Promise<StitchResult> {
  const inputs: { node: string; journeys: Journey[] }[] = [];
  let index = 0;
  for (const n of nodes) {
    const journeys: Journey[] = [];
    for (const f of n.files) {
      const bytes = new Uint8Array(await readFile(rec.filePath(f.path)));
      const fmt = detectFormat(bytes, path.basename(f.path), INPUT_FORMATS);
      const r = fmt?.journeys?.(f.path, bytes, { inputIndex: index++ });
      if (r) journeys.push(...r.journeys);
    }
    inputs.push({ node: n.node, journeys });
  }
  return stitchJourneys(inputs);
}

interface NodeContext {
  session: KubeSession;
  pods: PodDirectory;
  req: CaptureRequest;
  rec: CaptureRecord;
  limiter: Limiter;
  count: number;
  timeoutMs: number;
  expr: string | null;
  pcapIf: string | null;
  choices: { candidates: string[]; source: string }[];
  onEvent: (e: CaptureEvent) => void;
  hostname: string;
}

async function captureNode(c: NodeContext, node: string, cancel: AbortSignal, stop: AbortSignal): Promise<void> {
  const { rec, req, onEvent } = c;
  const m = rec.node(node);
  const setState = async (state: NodeCaptureState, msg?: string) => {
    await rec.update(() => (m.state = state));
    onEvent({ type: 'node', node, state, message: msg });
  };
  const undo: Undo = { lock: null, traceOn: false, pcapOn: false, dispatchOn: false, bpf: null, remoteFiles: [] };
  let vpp: NodeVpp | null = null;
  let pod: PodIdentity | null = null;
  const checkCancel = () => {
    if (cancel.aborted) throw new NodeFailure('cancelled before the capture finished; nothing was collected', 'cancelled');
  };
  try {
    await setState('starting');
    pod = await c.pods.get(node);
    vpp = new NodeVpp(c.session, node, pod, c.limiter);
    await rec.update(() => {
      m.pod = `${pod!.namespace}/${pod!.name}`;
      m.podUid = pod!.uid;
    });
    const v = vpp;
    const o = { signal: cancel };
    // Never capture over someone else's capture (calicovppctl shares this lock). The read-only
    // `show runtime` of the load check goes out at the same time (one round trip less per node).
    const [heldR, runtimeR] = await Promise.allSettled([readCaptureLock(c.session, v.target), v.vpp(['show', 'runtime'], o)]);
    if (heldR.status === 'rejected') throw heldR.reason;
    const held = heldR.value;
    if (held) {
      onEvent({ type: 'locked', node, lock: held });
      throw new NodeFailure(`a capture is already running on node ${node} (${lockLine(held)}); the lock is ${CAPTURE_LOCK_FILE} in pod ${v.target.namespace}/${v.target.pod}. If that capture is over and left the lock behind, run: vpp-pathviz capture clear --node ${node} (or calicovppctl capture clear -node ${node})`);
    }
    checkCancel();
    if (runtimeR.status === 'rejected') throw runtimeR.reason;
    const load = assessLoad(runtimeR.value);
    if (load.busy) {
      onEvent({ type: 'busy', node, load });
      if (!req.force) throw new NodeFailure(`node ${node} is forwarding production traffic (${load.summary}); tracing adds work to every traced packet. Capture anyway with --force, or use a filter and a small count.`);
      onEvent({ type: 'warning', node, message: `node ${node} is busy (${load.summary}); capturing anyway (--force)` });
      await rec.update(() => m.warnings.push(`captured under load: ${load.summary}`));
    }
    const inputNodes: string[] = [];
    for (const ch of c.choices) {
      const n = await resolveInputNode(ch.candidates, (args) => v.vpp(args, o), ch.source);
      if (!inputNodes.includes(n)) inputNodes.push(n);
    }
    const inputNode = inputNodes[0] ?? null;
    if (inputNodes.length) await rec.update(() => (m.inputNode = inputNodes.join(',')));
    if (c.pcapIf && c.pcapIf !== 'any') {
      const names = readInterfaceNames(await v.vpp(['show', 'interface'], o), 'show interface');
      const all = [...names.byIndex.values()];
      if (!all.includes(c.pcapIf)) throw new NodeFailure(`interface ${c.pcapIf} does not exist in VPP on node ${node} (interfaces: ${all.join(', ') || 'none'})`);
    }
    if (c.expr && inputNodes.some((n) => /^(tap|virtio)-input$/.test(n))) {
      const ver = await v.vpp(['show', 'version'], o);
      const mm = /vpp v(\d+)\.(\d+)/.exec(ver);
      if (mm && Number(mm[1]) * 100 + Number(mm[2]) < 2606) {
        const w = `VPP ${mm[1]}.${mm[2]} compiles BPF filters for Ethernet framing only: packets from tun (pod) interfaces usually do not match before VPP 26.06`;
        onEvent({ type: 'warning', node, message: w });
        await rec.update(() => m.warnings.push(w));
      }
    }
    checkCancel();
    // From here on something changes on the node: every ending undoes it (finally below).
    undo.lock = await writeCaptureLock(c.session, v.target, { node_name: node, operation: req.kind, bpf_active: c.expr !== null, hostname: c.hostname });
    const remote = req.kind === 'trace' ? null : `/tmp/${REMOTE_FILES[req.kind]}`;
    // VPP truncates the file at `off` and writes none when nothing was captured (then nothing is
    // downloaded), so an old file of the same name needs no removal first.
    if (remote) undo.remoteFiles.push(remote);
    if (c.expr) {
      undo.bpf = req.kind;
      for (const cmd of applyFilterCommands(c.expr, req.kind)) {
        const out = await v.vpp(cmd, o);
        if (/Failed pcap_compile|unknown input|expected valid/.test(out)) throw new NodeFailure(`VPP refused the filter "${c.expr}" on node ${node}: ${out.trim()}`);
      }
    }
    // VPP's `trace add` takes one NODE COUNT pair (a second pair overrides the first): one command per node.
    const starts: string[][] = req.kind === 'trace'
      ? inputNodes.map((n) => ['trace', 'add', n, String(c.count), ...(c.expr ? ['filter'] : [])])
      : req.kind === 'pcap'
        ? [['pcap', 'trace', 'rx', 'tx', 'max', String(c.count), 'intfc', c.pcapIf ?? 'any', 'file', REMOTE_FILES.pcap, ...(c.expr ? ['filter'] : [])]]
        : [['pcap', 'dispatch', 'trace', 'on', 'max', String(c.count), 'buffer-trace', inputNode!, String(c.count), 'file', REMOTE_FILES.dispatch, ...(c.expr ? ['filter'] : [])]];
    if (req.kind === 'trace') {
      undo.traceOn = true;
      await v.vpp(['clear', 'trace'], o);
    }
    for (const start of starts) {
      const started = await v.vpp(start, o);
      if (req.kind === 'pcap') undo.pcapOn = true;
      if (req.kind === 'dispatch') undo.dispatchOn = true;
      if (started.trim()) throw new NodeFailure(`VPP on node ${node} refused "${start.join(' ')}": ${started.trim()}`);
    }
    const start = starts.map((x) => x.join(' ')).join('; ').split(' ');
    await setState('capturing', `${start.join(' ')}`);

    // Wait: count reached, timeout, user stop, or cancel.
    const t0 = Date.now();
    const poll = Math.max(50, req.pollMs ?? 1000);
    let packets = 0;
    while (!stop.aborted && !cancel.aborted) {
      const left = c.timeoutMs - (Date.now() - t0);
      if (left <= 0) break;
      await sleep(Math.min(poll, left), stop, cancel);
      if (cancel.aborted) break;
      try {
        packets = await progress(v, req.kind, c.count, o);
      } catch (e) {
        // A broken progress poll is not a broken capture: say so and keep waiting.
        if (!(e instanceof KubeError) || (e.kind !== 'exec' && e.kind !== 'timeout')) throw e;
        onEvent({ type: 'warning', node, message: `progress poll failed: ${c.session.redact(e.message)}` });
        continue;
      }
      onEvent({ type: 'progress', node, packets, target: c.count, elapsedMs: Date.now() - t0 });
      if (packets >= c.count) break;
    }
    checkCancel();
    await setState('collecting');
    // Was the pod replaced meanwhile? (A list at most 200 ms old: nodes finishing together share it.)
    const now = await c.pods.get(node, 200).catch(() => null);
    if (!now || now.uid !== pod.uid) throw new NodeFailure(restartedText(node, pod, now));
    const dir = await rec.nodeDir(node);
    const local = path.join(dir, localName(req.kind, node));
    const relPath = `${path.basename(dir)}/${localName(req.kind, node)}`;
    if (req.kind === 'trace') {
      const got = await pullTrace(v, c.count, local, cancel);
      undo.traceOn = false;
      await v.vpp(['clear', 'trace'], o).then(() => {}, () => (undo.traceOn = true));
      if (got.packets === 0) {
        await finishEmpty(rec, m, onEvent, node);
        return;
      }
      await rec.update(() => {
        m.files.push({ path: relPath, kind: 'trace', bytes: got.bytes, sha256: got.sha256, source: `vppctl show trace max ${c.count}` });
        m.packets = got.packets;
        m.state = 'complete';
      });
      onEvent({ type: 'file', node, path: local, bytes: got.bytes });
      onEvent({ type: 'node', node, state: 'complete', message: `${got.packets} packets` });
      return;
    }
    const offCmd = req.kind === 'pcap' ? ['pcap', 'trace', 'off'] : ['pcap', 'dispatch', 'trace', 'off'];
    const off = await v.vpp(offCmd, o);
    if (req.kind === 'pcap') undo.pcapOn = false;
    else undo.dispatchOn = false;
    if (/No packets captured/.test(off)) {
      await finishEmpty(rec, m, onEvent, node);
      return;
    }
    const w = /Write (\d+) packets to (\S+), and stop capture/.exec(off);
    if (!w) {
      const again = await c.pods.get(node, true).catch(() => null);
      if (!again || again.uid !== pod.uid) throw new NodeFailure(restartedText(node, pod, again));
      throw new NodeFailure(`unexpected answer to "${offCmd.join(' ')}" on node ${node}: ${off.trim() || '(nothing: the capture was no longer running — was VPP restarted?)'}`);
    }
    if (!undo.remoteFiles.includes(w[2]!)) undo.remoteFiles.push(w[2]!);
    // The remote file is removed with the lock in one step of the cleanup below.
    const dl = await downloadFile(c.session, { target: v.target, remotePath: w[2]!, localPath: local, signal: cancel, onAttemptFailed: (a, why) => onEvent({ type: 'warning', node, message: `transfer attempt ${a} failed: ${why}` }) });
    await rec.update(() => {
      m.files.push({ path: relPath, kind: req.kind, bytes: dl.bytes, sha256: dl.sha256, source: w[2]! });
      m.packets = Number(w[1]);
      m.state = 'complete';
    });
    onEvent({ type: 'file', node, path: local, bytes: dl.bytes });
    onEvent({ type: 'node', node, state: 'complete', message: `${w[1]} ${req.kind === 'dispatch' ? 'records' : 'packets'}` });
  } catch (e) {
    const state: NodeCaptureState = e instanceof NodeFailure ? e.state : e instanceof KubeError && e.kind === 'cancelled' ? 'cancelled' : 'failed';
    const msg = state === 'cancelled' && !(e instanceof NodeFailure) ? 'cancelled before the capture finished; nothing was collected' : c.session.redact(message(e));
    await rec.update(() => {
      m.state = state;
      m.error = msg;
    });
    onEvent({ type: 'node', node, state, message: msg });
  } finally {
    try {
      if (vpp && pod) await cleanupAfter(c, vpp, pod, undo, m);
    } finally {
      await vpp?.close();
    }
  }
}

function restartedText(node: string, before: PodIdentity, now: PodIdentity | null): string {
  return now
    ? `the calico-vpp-node pod on node ${node} was replaced during the capture (pod ${before.name} UID ${before.uid} is now ${now.name} UID ${now.uid}): VPP restarted and the capture was lost with it`
    : `the calico-vpp-node pod on node ${node} disappeared during the capture (pod ${before.name} UID ${before.uid}): VPP restarted and the capture was lost with it`;
}

async function finishEmpty(rec: CaptureRecord, m: ManifestNode, onEvent: (e: CaptureEvent) => void, node: string): Promise<void> {
  const msg = 'No packets were captured: no matching traffic during the capture, a filter that is too narrow, or the wrong interface';
  await rec.update(() => {
    m.state = 'empty';
    m.packets = 0;
    m.warnings.push(msg);
  });
  onEvent({ type: 'node', node, state: 'empty', message: msg });
}

async function progress(v: NodeVpp, kind: CaptureKind, count: number, o: { signal: AbortSignal }): Promise<number> {
  if (kind === 'trace') return countTracePackets(await v.vpp(['show', 'trace', 'max', String(count)], o));
  const out = await v.vpp(kind === 'pcap' ? ['pcap', 'trace', 'status'] : ['pcap', 'dispatch', 'trace', 'status'], o);
  const mm = /enabled: (\d+) of (\d+)/.exec(out);
  return mm ? Number(mm[1]) : 0;
}

/** Streams `show trace max N` into the workspace (atomic), counting packets; retried when the stream breaks. */
async function pullTrace(v: NodeVpp, count: number, local: string, signal: AbortSignal): Promise<{ packets: number; bytes: number; sha256: string }> {
  let last: unknown = null;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const out = await openAtomic(local);
    const hash = createHash('sha256');
    const dec = new TextDecoder();
    let carry = '';
    let packets = 0;
    let pending: Promise<void> = Promise.resolve();
    try {
      await v.exec(['/usr/bin/vppctl', '-s', '/var/run/vpp/cli.sock', 'show', 'trace', 'max', String(count)], {
        signal,
        onStdout: (chunk) => {
          hash.update(chunk);
          const text = carry + dec.decode(chunk, { stream: true });
          const lines = text.split('\n');
          carry = lines.pop() ?? '';
          for (const l of lines) if (/^Packet \d+\s*$/.test(l)) packets++;
          const copy = new Uint8Array(chunk);
          pending = pending.then(() => out.write(copy));
          return pending;
        },
      });
      await pending;
      if (/^Packet \d+\s*$/.test(carry)) packets++;
      if (packets === 0) {
        await out.abort();
        return { packets: 0, bytes: 0, sha256: '' };
      }
      const bytes = out.bytes;
      await out.commit();
      return { packets, bytes, sha256: hash.digest('hex') };
    } catch (e) {
      await pending.catch(() => {});
      await out.abort();
      last = e;
      if (e instanceof KubeError && (e.kind === 'cancelled' || e.kind === 'forbidden' || e.kind === 'unauthorized' || e.kind === 'not-found')) throw e;
      if (attempt < 3) await sleep(300 * attempt, signal);
    }
  }
  throw new KubeError('transfer', `could not read the trace of node ${v.node} after 3 attempts: ${message(last)}`);
}

/** Undoes what the capture changed on the node; records every step and what could not be undone. */
async function cleanupAfter(c: NodeContext, v: NodeVpp, pod: PodIdentity, undo: Undo, m: ManifestNode): Promise<void> {
  const steps: CleanupStep[] = [];
  const leftovers: string[] = [];
  const nothing = !undo.lock && !undo.traceOn && !undo.pcapOn && !undo.dispatchOn && !undo.bpf && undo.remoteFiles.length === 0;
  if (nothing) return;
  const done = m.state === 'complete' || m.state === 'empty';
  // After a clean finish the pod was checked moments ago (before collecting); otherwise look again.
  const now: PodIdentity | null = done ? pod : await c.pods.get(v.node, true).catch(() => null);
  if (now && now.uid !== pod.uid) {
    // A new pod runs a fresh VPP and a fresh /tmp: the capture state went away with the old one.
    steps.push({ action: `check pod ${pod.name}`, ok: true, message: `replaced (UID ${pod.uid} → ${now.uid}); its VPP state and files went with it` });
    const fresh = new NodeVpp(c.session, v.node, now, new Limiter(4));
    const lock = await readCaptureLock(c.session, fresh.target).catch(() => null);
    if (lock && undo.lock && lock.started_at === undo.lock.started_at && lock.hostname === undo.lock.hostname) {
      await removeCaptureLock(c.session, fresh.target).then(() => steps.push({ action: `rm -f ${CAPTURE_LOCK_FILE}`, ok: true }), (e: unknown) => {
        steps.push({ action: `rm -f ${CAPTURE_LOCK_FILE}`, ok: false, message: message(e) });
        leftovers.push(`the capture lock ${CAPTURE_LOCK_FILE}`);
      });
    }
    await c.rec.update(() => {
      m.cleanup.push(...steps);
      m.leftovers.push(...leftovers);
    });
    return;
  }
  const o = { idleTimeoutMs: 20_000 };
  let unreachable: string | null = null;
  const step = async (action: string, left: string, fn: () => Promise<unknown>) => {
    if (unreachable !== null) {
      steps.push({ action, ok: false, message: `not attempted: ${unreachable}` });
      leftovers.push(left);
      return;
    }
    try {
      await fn();
      steps.push({ action, ok: true });
    } catch (e) {
      const msg = c.session.redact(message(e));
      steps.push({ action, ok: false, message: msg });
      leftovers.push(left);
      if (e instanceof KubeError && (e.kind === 'unreachable' || e.kind === 'timeout' || e.kind === 'forbidden' || e.kind === 'unauthorized' || e.kind === 'exec' || e.kind === 'no-vpp-pod' || e.kind === 'not-found')) unreachable = msg;
    }
  };
  if (undo.traceOn) await step('clear trace', 'an active packet trace (clear trace)', () => v.vpp(['clear', 'trace'], o));
  if (undo.pcapOn) await step('pcap trace off', 'a running pcap capture (pcap trace off)', () => v.vpp(['pcap', 'trace', 'off'], o));
  if (undo.dispatchOn) await step('pcap dispatch trace off', 'a running dispatch capture (pcap dispatch trace off)', () => v.vpp(['pcap', 'dispatch', 'trace', 'off'], o));
  if (undo.bpf) {
    for (const cmd of removeFilterCommands(undo.bpf)) await step(cmd.join(' '), `the BPF filter (${cmd.join(' ')})`, () => v.vpp(cmd, o));
  }
  if (done && undo.lock) {
    // A clean finish: the remote file and our lock go in one exec.
    const files = [...undo.remoteFiles, CAPTURE_LOCK_FILE];
    await step(`rm -f ${files.join(' ')}`, `${undo.remoteFiles.length ? `capture files ${undo.remoteFiles.join(', ')} and ` : ''}the capture lock ${CAPTURE_LOCK_FILE}`, () => v.removeFiles(files, o));
    undo.lock = null;
  } else if (undo.remoteFiles.length) await step(`rm -f ${undo.remoteFiles.join(' ')}`, `capture files ${undo.remoteFiles.join(', ')} in the vpp container`, () => v.removeFiles(undo.remoteFiles, o));
  if (undo.lock) {
    const mine = undo.lock;
    await step(`rm -f ${CAPTURE_LOCK_FILE}`, `the capture lock ${CAPTURE_LOCK_FILE}`, async () => {
      // After a failure someone may have cleared our lock and started their own capture: leave theirs.
      const cur = await readCaptureLock(c.session, v.target);
      if (cur && (cur.started_at !== mine.started_at || cur.hostname !== mine.hostname)) return;
      await removeCaptureLock(c.session, v.target);
    });
  }
  await c.rec.update(() => {
    m.cleanup.push(...steps);
    m.leftovers.push(...leftovers);
  });
  if (leftovers.length) c.onEvent({ type: 'warning', node: v.node, message: `cleanup incomplete on node ${v.node}: ${leftovers.join('; ')} may remain — run: vpp-pathviz capture clear --node ${v.node}` });
}
