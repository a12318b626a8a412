// `vpp-pathviz capture trace|pcap|dispatch --node N[,N…] --out DIR`: a capture on live nodes with
// calicovppctl's lock and VPP commands, written into the workspace DIR (one folder and manifest per
// capture), cleaned up in every ending, journeys stitched across nodes. Also `capture clear` (undo
// leftovers on a node), `capture list` (the workspace's history) and `capture pod` (commands to
// capture inside a pod's network namespace from its node). See docs/cli.md, "Live cluster captures".
import path from 'node:path';
import { captureWithDebugContainer, clearNode, CaptureInputError, DEFAULT_DEBUG_IMAGE, parseFiveTuple, podCaptureCommands, runCapture, validatePodRef, type CaptureEvent } from '../../node/capture/index';
import { KubeError } from '../../node/kube/errors';
import { Workspace, type CaptureKind, type CaptureManifest } from '../../node/workspace/index';
import { optionFlag, optionInt, optionValue, parseArgs, type ParsedArgs } from '../args';
import { UsageError, type CliCommand, type CliIO } from '../types';
import { CLUSTER_OPTIONS, CLUSTER_USAGE, sessionFromArgs, vppNamespace } from './nodes';

const usage = [
  'usage: vpp-pathviz capture trace|pcap|dispatch --node N[,N…] --out DIR [options]',
  '       vpp-pathviz capture clear --node N[,N…] [--json]',
  '       vpp-pathviz capture list --out DIR [--json]',
  '       vpp-pathviz capture pod NAMESPACE/NAME [--count N] [filter options] [--json]',
  '       vpp-pathviz capture pod NAMESPACE/NAME --debug-container [--image IMG] --out DIR [--count N] [--timeout S] [filter options]',
  '',
  'trace:    clear trace; trace add INPUT-NODE COUNT; … show trace max COUNT; clear trace',
  'pcap:     pcap trace rx tx max COUNT intfc IF|any file trace.pcap; … pcap trace off; download',
  'dispatch: pcap dispatch trace on max COUNT buffer-trace INPUT-NODE COUNT file dispatch.pcap; … off',
  'The capture stops at COUNT, after --timeout seconds, or on Ctrl-C (which quits: nothing is',
  'collected, the nodes are cleaned up). Files land in DIR/<cluster>/<time>-<kind>/<node>/ with a',
  'manifest.json; `vpp-pathviz analyze` opens them. Uses /tmp/calicovppctl.lock like calicovppctl:',
  'a node where a capture is running is refused, naming who holds the lock.',
  '',
  '  --node N[,N…]        nodes to capture on (several: in parallel, journeys stitched across them)',
  '  --out DIR            workspace folder',
  '  --count N            packets (trace, pcap) or records (dispatch) per node (default 1000)',
  '  --timeout S          stop after S seconds (default 30)',
  '  --interface X        trace/dispatch: phy|af_xdp|af_packet|avf|vmxnet3|virtio|tuntap|rdma|dpdk|memif|vcl',
  '                       or a graph node (default tuntap: the pods\' tun interfaces); the node name is',
  '                       asked from VPP (`show node`). pcap: a VPP interface name or any (default)',
  '  --src-ip IP --dst-ip IP --src-port P --dst-port P --protocol tcp|udp|icmp',
  '                       5-tuple filter, applied in VPP with a BPF expression and removed after',
  '  --force              capture even when a node is busy with production traffic',
  '  --poll MS            progress polling interval (default 1000)',
  '  --json               print the manifest (and stitched links) as JSON',
  '',
  'capture pod prints the commands to capture inside the pod\'s network namespace from its node',
  '(nsenter + tcpdump, or a Python AF_PACKET program). With --debug-container it captures itself:',
  `an ephemeral container (image --image, default ${DEFAULT_DEBUG_IMAGE}) is added to the pod and`,
  'runs tcpdump on eth0 (--interface to change); ephemeral containers cannot be removed, it exits',
  'after the capture timeout plus 60 s.',
  ...CLUSTER_USAGE,
].join('\n');

const FILTER_OPTIONS = { 'src-ip': { value: true }, 'dst-ip': { value: true }, 'src-port': { value: true }, 'dst-port': { value: true }, protocol: { value: true } } as const;

function filterOf(p: ParsedArgs) {
  try {
    return parseFiveTuple({ srcIp: optionValue(p, 'src-ip'), dstIp: optionValue(p, 'dst-ip'), srcPort: optionValue(p, 'src-port'), dstPort: optionValue(p, 'dst-port'), protocol: optionValue(p, 'protocol') });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

function nodesOf(p: ParsedArgs): string[] {
  const v = p.options.get('node') ?? [];
  const nodes = v.flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
  if (nodes.length === 0) throw new UsageError('--node is required');
  return nodes;
}

function eventLine(e: CaptureEvent): string | null {
  switch (e.type) {
    case 'node':
      return `${e.node}: ${e.state}${e.message ? ` — ${e.message}` : ''}`;
    case 'progress':
      return `${e.node}: ${e.packets}/${e.target} after ${(e.elapsedMs / 1000).toFixed(1)} s`;
    case 'warning':
      return `${e.node ?? 'capture'}: warning: ${e.message}`;
    case 'locked':
      return `${e.node}: locked by ${e.lock.hostname || '?'} (${e.lock.operation || '?'} since ${e.lock.started_at || '?'})`;
    case 'busy':
      return `${e.node}: busy: ${e.load.summary}`;
    case 'file':
      return `${e.node}: saved ${e.path} (${e.bytes} bytes)`;
  }
}

function summary(m: CaptureManifest, dir: string, links: number | null): string {
  const out = [`capture ${m.kind} ${m.state}: ${dir}`];
  for (const n of m.nodes) {
    const files = n.files.map((f) => path.join(dir, ...f.path.split('/'))).join(', ');
    out.push(`  ${n.node}: ${n.state}${n.packets !== null ? `, ${n.packets} ${m.kind === 'dispatch' ? 'records' : 'packets'}` : ''}${n.inputNode ? `, input node ${n.inputNode}` : ''}${files ? `, ${files}` : ''}`);
    if (n.error) out.push(`    error: ${n.error}`);
    for (const w of n.warnings) out.push(`    warning: ${w}`);
    if (n.leftovers.length) out.push(`    left on the node: ${n.leftovers.join('; ')} — run: vpp-pathviz capture clear --node ${n.node}`);
    else if (n.cleanup.length) out.push(`    cleaned up: ${n.cleanup.map((s) => s.action).join(', ')}`);
  }
  if (links !== null) out.push(`  stitched across nodes: ${links} packet${links === 1 ? '' : 's'} followed from one node to the next`);
  out.push(`  analyse with: vpp-pathviz analyze ${m.nodes.flatMap((n) => n.files.map((f) => path.join(dir, ...f.path.split('/')))).join(' ') || '(no files)'}`);
  return out.join('\n') + '\n';
}

async function runKind(kind: CaptureKind, p: ParsedArgs, io: CliIO): Promise<number> {
  const out = optionValue(p, 'out');
  if (!out) throw new UsageError('--out DIR is required (the workspace folder)');
  const nodes = nodesOf(p);
  const filter = filterOf(p);
  const session = sessionFromArgs(p);
  const json = optionFlag(p, 'json');
  const shown = new Map<string, { packets: number; at: number }>();
  try {
    const r = await runCapture(
      session,
      {
        kind,
        nodes,
        count: optionInt(p, 'count', 1, 1_000_000) ?? undefined,
        timeoutSeconds: optionInt(p, 'timeout', 1, 86_400) ?? undefined,
        interface: optionValue(p, 'interface') ?? undefined,
        filter,
        workspace: new Workspace(path.resolve(io.cwd, out)),
        vppNamespace: vppNamespace(p),
        force: optionFlag(p, 'force'),
        pollMs: optionInt(p, 'poll', 50, 600_000) ?? undefined,
        signal: io.signal,
      },
      (e) => {
        if (e.type === 'progress') {
          // Print a node's progress when its count changes, else every 5 s.
          const prev = shown.get(e.node);
          if (prev && prev.packets === e.packets && e.elapsedMs - prev.at < 5000) return;
          shown.set(e.node, { packets: e.packets, at: e.elapsedMs });
        }
        const l = eventLine(e);
        if (l) io.stderr(`${l}\n`);
      },
    );
    if (json) io.stdout(JSON.stringify({ dir: r.dir, manifest: r.manifest, stitch: r.stitch }, null, 2) + '\n');
    else io.stdout(summary(r.manifest, r.dir, r.stitch ? r.stitch.links.length : null));
    if (r.manifest.state === 'cancelled') return 130;
    return r.manifest.state === 'complete' ? 0 : 1;
  } catch (e) {
    if (e instanceof CaptureInputError) throw new UsageError(e.message);
    throw e;
  }
}

export const captureCommand: CliCommand = {
  name: 'capture',
  summary: 'trace / pcap / dispatch capture on live nodes (calicovppctl-compatible), clear, list',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    const p = parseArgs(rest, { ...CLUSTER_OPTIONS, ...FILTER_OPTIONS, node: { value: true, repeat: true }, out: { value: true }, count: { value: true }, timeout: { value: true }, interface: { value: true }, force: { value: false }, poll: { value: true }, json: { value: false }, 'debug-container': { value: false }, image: { value: true } });
    if (p.rest) throw new UsageError('unexpected arguments after --');
    if (sub === 'trace' || sub === 'pcap' || sub === 'dispatch') {
      if (p.positional.length) throw new UsageError(`unexpected argument '${p.positional[0]}'`);
      return runKind(sub, p, io);
    }
    if (sub === 'clear') {
      const nodes = nodesOf(p);
      const session = sessionFromArgs(p);
      let ok = true;
      const results = [];
      for (const node of nodes) {
        try {
          const r = await clearNode(session, node, { vppNamespace: vppNamespace(p), signal: io.signal });
          results.push(r);
          ok &&= r.ok;
          if (!optionFlag(p, 'json')) {
            io.stdout(`${node} (pod ${r.pod}): ${r.lock ? `removed the capture lock of ${r.lock.hostname || '?'} (${r.lock.operation || '?'} since ${r.lock.started_at || '?'})` : 'no capture lock was held'}\n`);
            for (const s of r.steps) io.stdout(`  ${s.ok ? 'ok    ' : 'FAILED'} ${s.action}${s.message ? ` — ${s.message.split('\n')[0]}` : ''}\n`);
          }
        } catch (e) {
          if (e instanceof CaptureInputError) throw new UsageError(e.message);
          ok = false;
          io.stderr(`vpp-pathviz capture clear: ${node}: ${(e as Error).message}\n`);
        }
      }
      if (optionFlag(p, 'json')) io.stdout(JSON.stringify(results, null, 2) + '\n');
      return ok ? 0 : 1;
    }
    if (sub === 'list') {
      const out = optionValue(p, 'out');
      if (!out) throw new UsageError('--out DIR is required (the workspace folder)');
      const ws = new Workspace(path.resolve(io.cwd, out));
      await ws.recoverInterrupted();
      const list = await ws.list();
      if (optionFlag(p, 'json')) io.stdout(JSON.stringify(list.map((c) => ({ dir: c.dir, manifest: c.manifest })), null, 2) + '\n');
      else for (const c of list) io.stdout(`${c.manifest.createdAt}  ${c.manifest.kind.padEnd(8)}  ${c.manifest.state.padEnd(11)}  ${c.manifest.nodes.map((n) => n.node).join(',')}  ${c.dir}\n`);
      return 0;
    }
    if (sub === 'pod') {
      const [ref, ...extra] = p.positional;
      if (!ref || extra.length) throw new UsageError('name one pod: capture pod NAMESPACE/NAME');
      let podRef;
      try {
        podRef = validatePodRef(ref);
      } catch (e) {
        throw new UsageError((e as Error).message);
      }
      const filter = filterOf(p);
      const session = sessionFromArgs(p);
      if (optionFlag(p, 'debug-container')) {
        const out = optionValue(p, 'out');
        if (!out) throw new UsageError('--out DIR is required (the workspace folder)');
        let r;
        try {
          r = await captureWithDebugContainer(
            session,
            { pod: `${podRef.namespace}/${podRef.name}`, image: optionValue(p, 'image') ?? undefined, count: optionInt(p, 'count', 1, 10_000_000) ?? undefined, timeoutSeconds: optionInt(p, 'timeout', 1, 86_400) ?? undefined, iface: optionValue(p, 'interface') ?? undefined, filter, workspace: new Workspace(path.resolve(io.cwd, out)), signal: io.signal },
            (l) => io.stderr(`${l}\n`),
          );
        } catch (e) {
          if (e instanceof CaptureInputError) throw new UsageError(e.message);
          throw e;
        }
        if (optionFlag(p, 'json')) io.stdout(JSON.stringify(r, null, 2) + '\n');
        else io.stdout(summary(r.manifest, r.dir, null));
        return r.manifest.state === 'complete' ? 0 : r.manifest.state === 'cancelled' ? 130 : 1;
      }
      if (optionValue(p, 'image') !== null) throw new UsageError('--image goes with --debug-container');
      const pods = await session.listPods(podRef.namespace, { fieldSelector: `metadata.name=${podRef.name}` });
      const pod = pods[0];
      if (!pod) throw new KubeError('not-found', `no pod ${podRef.namespace}/${podRef.name}`);
      let cmds;
      try {
        cmds = podCaptureCommands(pod, { count: optionInt(p, 'count', 1, 10_000_000) ?? undefined, filter });
      } catch (e) {
        if (e instanceof CaptureInputError) throw new UsageError(e.message);
        throw e;
      }
      if (optionFlag(p, 'json')) io.stdout(JSON.stringify(cmds, null, 2) + '\n');
      else {
        io.stdout(`Pod ${cmds.pod} runs on node ${cmds.node} (${cmds.runtime}${cmds.containerId ? ` container ${cmds.containerId.slice(0, 12)}` : ''}).\n`);
        io.stdout(`Get a root shell on the node (SSH, or: ${cmds.nodeShell}), then:\n\n${cmds.tcpdump.join('\n')}\n\nWithout tcpdump on the node:\n\n${cmds.python.join('\n')}\n\nCopy ${cmds.file} back and open it with vpp-pathviz analyze.\n`);
      }
      return 0;
    }
    throw new UsageError(sub ? `unknown capture subcommand '${sub}' (trace, pcap, dispatch, clear, list, pod)` : 'say what to capture: trace, pcap or dispatch (or clear, list, pod)');
  },
};
