// A stateful VPP debug CLI over one k8s node of a scenario: what `vppctl` reaches in a vpp container
// of the test cluster. The trace buffer fills after `trace add` with the scenario's packets for that
// node (as `show trace` prints them), `pcap trace … off` and `pcap dispatch trace … off` write real
// capture files (link types 1 and 280) to /tmp, BPF filters (`set bpf trace filter {{…}}` and the
// trace / pcap filter functions) select packets, and every command received is recorded so tests
// can see what reached VPP. Command names follow FDio/vpp (src/vlib/trace.c, node_cli.c,
// src/vnet/interface_cli.c, src/plugins/dispatch-trace, src/plugins/bpf_trace_filter).
import type { LoadProfile } from '../bundle/vpp';
import { dispatchPcapFile, pcapTraceFile, type DispatchFrame, type PacketRef, type PcapTraceFrame } from '../captures';
import type { Scenario } from '../model';
import { compileFilter, filterPacketOfIp, matchFilter, type FilterExpr, type FilterPacket } from './bpf';
import type { VppCliContext, VppCliReply, VppctlEngine } from './contract';
import { ipOf, nodeTraffic, type NodeTraffic, type SimPacket } from './packets';

export interface ScenarioEngineOptions {
  /** `show version` after `vpp `, default `v25.10-release` (the simulated VPP). */
  version?: string;
  /** Milliseconds between two packet arrivals once a capture starts (default 0: all at once). */
  arrivalIntervalMs?: number;
  /** Traffic `show runtime` reports on top of the scenario's (default: none, an idle node). */
  load?: LoadProfile;
  /** Whether the tun/tap RX node is `tap-input` (VPP ≥ 26.02) instead of `virtio-input`. */
  tapInput?: boolean;
}

export interface ReceivedCommand {
  timeMs: number;
  line: string;
}

const DEFAULT_FILTER_FN = 'vnet_is_packet_traced';
const FILTER_FUNCTIONS: Record<string, { description: string; priority: number }> = {
  vnet_is_packet_traced: { description: 'classifier based filter', priority: 50 },
  bpf_trace_filter: { description: 'bpf based trace filter', priority: 10 },
};

/** Input nodes VPP registers with the plugins Calico VPP loads (present even when unused). */
const INPUT_NODES = ['af-packet-input', 'af_xdp-input', 'dpdk-input', 'memif-input', 'rdma-input', 'vmxnet3-input', 'avf-input', 'pg-input', 'session-queue'];
const TRACEABLE = new Set([...INPUT_NODES, 'virtio-input', 'tap-input', 'error-drop', 'error-punt', 'punt-socket-rx', 'handoff_trace']);
const OTHER_NODES = ['ethernet-input', 'ip4-input', 'ip4-input-no-checksum', 'ip6-input', 'ip4-lookup', 'ip6-lookup', 'ip4-rewrite', 'ip4-local', 'ip4-drop', 'error-drop', 'error-punt', 'drop', 'punt', 'handoff_trace', 'unix-epoll-input'];

interface TraceSpec {
  node: string;
  startMs: number;
  filter: boolean;
}

interface PcapState {
  rx: boolean;
  tx: boolean;
  drop: boolean;
  max: number;
  intfc: string | null;
  file: string;
  filter: boolean;
  maxBytes: number;
  startMs: number;
}

interface DispatchState {
  max: number;
  file: string;
  bufferTrace: { node: string; count: number } | null;
  filter: boolean;
  startMs: number;
}

interface State {
  traceSpecs: TraceSpec[];
  /** Per input node, per thread: how many packets may still be traced (VPP's tn->limit − count). */
  limits: Map<string, number[]>;
  traceEnabled: boolean;
  buffer: number[];
  taken: Set<number>;
  traceFilterFn: string;
  pcapFilterFn: string;
  bpf: { text: string; expr: FilterExpr } | null;
  pcap: PcapState | null;
  dispatch: DispatchState | null;
  runtimeClearedMs: number | null;
  errorsCleared: boolean;
}

function freshState(): State {
  return { traceSpecs: [], limits: new Map(), traceEnabled: false, buffer: [], taken: new Set(), traceFilterFn: DEFAULT_FILTER_FN, pcapFilterFn: DEFAULT_FILTER_FN, bpf: null, pcap: null, dispatch: null, runtimeClearedMs: null, errorsCleared: false };
}

/** VPP accepts any unique prefix of a keyword; the simulated CLI accepts prefixes of at least `min`. */
function abbrev(word: string | undefined, keyword: string, min = 2): boolean {
  return word !== undefined && word.length >= min && keyword.startsWith(word);
}

const err = (path: string, message: string): VppCliReply => ({ output: `${path}: ${message}\n` });

function isNum(s: string | undefined): s is string {
  return s !== undefined && /^\d+$/.test(s);
}

export class ScenarioVppEngine implements VppctlEngine {
  /** Every command received, in order (tests assert cleanup commands with it). */
  readonly received: ReceivedCommand[] = [];
  private traffic: NodeTraffic | null = null;
  private state: State = freshState();
  private readonly version: string;
  private readonly interval: number;

  constructor(
    readonly scenario: Scenario,
    readonly node: string,
    private readonly opts: ScenarioEngineOptions = {},
  ) {
    if (!scenario.nodes.includes(node)) throw new Error(`scenario ${scenario.name} has no node ${node} (nodes: ${scenario.nodes.join(', ')})`);
    this.version = opts.version ?? 'v25.10-release';
    this.interval = Math.max(0, opts.arrivalIntervalMs ?? 0);
  }

  /** The node's traffic, parsed on first use. */
  get data(): NodeTraffic {
    this.traffic ??= nodeTraffic(this.scenario, this.node);
    return this.traffic;
  }

  /** A restarted VPP: no trace, no capture, no filter (the command record is kept). */
  reset(): void {
    this.state = freshState();
  }

  /** What is active right now (for tests and `show` commands). */
  get status(): { traceEnabled: boolean; traced: number; pcap: boolean; dispatch: boolean; bpf: string | null; traceFilterFunction: string; pcapFilterFunction: string } {
    const s = this.state;
    return { traceEnabled: s.traceEnabled, traced: s.buffer.length, pcap: s.pcap !== null, dispatch: s.dispatch !== null, bpf: s.bpf?.text ?? null, traceFilterFunction: s.traceFilterFn, pcapFilterFunction: s.pcapFilterFn };
  }

  private graphNodes(): Set<string> {
    const s = new Set<string>([...INPUT_NODES, ...OTHER_NODES, this.opts.tapInput ? 'tap-input' : 'virtio-input']);
    for (const p of this.data.packets) for (const h of p.hops) s.add(h.node);
    return s;
  }

  exec(line: string, ctx: VppCliContext): VppCliReply {
    this.received.push({ timeMs: ctx.nowMs, line });
    const w = line.trim().split(/\s+/).filter(Boolean);
    if (w.length === 0) return { output: '' };
    const [a, b, c] = w;
    if (abbrev(a, 'show')) {
      if (abbrev(b, 'version', 3)) return { output: `vpp ${this.version} built by root on calico-vpp-builder at 2025-11-04T09:12:41\n` };
      if (abbrev(b, 'trace', 2)) {
        if (abbrev(c, 'filter', 3)) return this.showFilterFunction(w.slice(3));
        return this.showTrace(w.slice(2), ctx);
      }
      if (abbrev(b, 'node', 3) && !abbrev(c, 'counters', 3)) return this.showNode(w.slice(2));
      if (abbrev(b, 'vlib', 2) && abbrev(c, 'graph', 2)) return this.showGraph(w.slice(3));
      if (abbrev(b, 'bpf', 3)) return { output: this.state.bpf ? `bpf trace filter: ${this.state.bpf.text}\n(000) ldh      [12]\n(001) ret      #262144\n` : 'bpf trace filter is not set\n' };
      const s = this.state;
      const out = this.scenario.render.show(this.node, line, {
        load: this.opts.load,
        seconds: s.runtimeClearedMs === null ? undefined : (ctx.nowMs - s.runtimeClearedMs) / 1000,
        errorsCleared: s.errorsCleared,
      });
      return { output: out ?? `show: unknown input \`${w.slice(1).join(' ')}'\n` };
    }
    if (abbrev(a, 'clear')) {
      if (abbrev(b, 'trace', 2) && w.length === 2) {
        this.clearTrace();
        return { output: '' };
      }
      if (abbrev(b, 'runtime', 2)) {
        this.state.runtimeClearedMs = ctx.nowMs;
        return { output: '' };
      }
      if (abbrev(b, 'errors', 3) || abbrev(b, 'interfaces', 3) || abbrev(b, 'hardware-interfaces', 2)) {
        if (abbrev(b, 'errors', 3)) this.state.errorsCleared = true;
        return { output: '' };
      }
      return { output: `clear: unknown input \`${w.slice(1).join(' ')}'\n` };
    }
    if (abbrev(a, 'trace') && abbrev(b, 'add', 2)) return this.traceAdd(w.slice(2), ctx);
    if (a === 'pcap' && abbrev(b, 'trace', 2)) return this.pcapTrace(w.slice(2), ctx);
    if (a === 'pcap' && abbrev(b, 'dispatch', 3) && abbrev(c, 'trace', 2)) return this.pcapDispatch(w.slice(3), ctx);
    if (a === 'set' && b === 'bpf' && c === 'trace' && w[3] === 'filter') return this.setBpf(line.replace(/^\s*set\s+bpf\s+trace\s+filter\s*/, ''));
    if (a === 'set' && (b === 'trace' || b === 'pcap') && c === 'filter' && w[3] === 'function') return this.setFilterFunction(b, w.slice(4));
    return { output: `unknown input \`${w.join(' ')}'\n` };
  }

  // ---- trace ---------------------------------------------------------------------------------

  private clearTrace(): void {
    const s = this.state;
    s.traceSpecs = [];
    s.limits.clear();
    s.traceEnabled = false;
    s.buffer = [];
    s.taken.clear();
  }

  private traceAdd(args: string[], ctx: VppCliContext): VppCliReply {
    let node: string | undefined;
    let add = 0;
    let filter = false;
    const known = this.graphNodes();
    for (let i = 0; i < args.length; i++) {
      const x = args[i]!;
      if (x === 'verbose') continue;
      if (x === 'filter') {
        filter = true;
        continue;
      }
      if (known.has(x) && isNum(args[i + 1])) {
        node = x;
        add = Number(args[i + 1]);
        i++;
        continue;
      }
      return err('trace add', `expected NODE COUNT, got \`${args.slice(i).join(' ')}'`);
    }
    if (node === undefined) return { output: '' };
    if (!TRACEABLE.has(node)) return err('trace add', `node '${node}' doesn't support per-node tracing. There may be another way to initiate trace on this node.`);
    this.materializeTrace(ctx.nowMs);
    const threads = this.data.threadNames.length;
    const lim = this.state.limits.get(node) ?? new Array<number>(threads).fill(0);
    for (let t = 0; t < threads; t++) lim[t] = add === 0 ? 0 : lim[t]! + add;
    this.state.limits.set(node, lim);
    this.state.traceEnabled = true;
    this.state.traceSpecs.push({ node, startMs: ctx.nowMs, filter });
    this.materializeTrace(ctx.nowMs);
    return { output: '' };
  }

  private arrived(p: SimPacket, startMs: number, nowMs: number): boolean {
    return startMs + p.index * this.interval <= nowMs;
  }

  /** Whether a filter function passes a packet (`filter` on trace add / pcap trace / dispatch). */
  private bpfPasses(fn: string, view: FilterPacket): boolean {
    if (fn !== 'bpf_trace_filter') return false; // the classifier function with no table traces nothing
    const bpf = this.state.bpf;
    return bpf !== null && matchFilter(bpf.expr, view);
  }

  /** Whether a capture started at `startMs` keeps a record of this packet by `nowMs`. */
  private captured(ref: PacketRef, startMs: number, nowMs: number, view: (p: SimPacket) => FilterPacket | null): boolean {
    const p = this.data.byRef(ref.thread, ref.packetNumber);
    if (!p || !this.arrived(p, startMs, nowMs)) return false;
    const v = view(p);
    return v === null || this.bpfPasses(this.state.pcapFilterFn, v);
  }

  /** Moves the packets that have arrived by `nowMs` into the trace buffer. */
  private materializeTrace(nowMs: number): void {
    const s = this.state;
    if (!s.traceEnabled) return;
    for (const p of this.data.packets) {
      if (s.taken.has(p.index)) continue;
      if (p.continues !== null) {
        if (s.taken.has(p.continues)) {
          s.taken.add(p.index);
          s.buffer.push(p.index);
        }
        continue;
      }
      const spec = s.traceSpecs.find((t) => t.node === p.inputNode && this.arrived(p, t.startMs, nowMs));
      if (!spec) continue;
      const lim = s.limits.get(p.inputNode);
      if (!lim || (lim[p.thread] ?? 0) <= 0) continue;
      if (spec.filter && !this.bpfPasses(s.traceFilterFn, this.data.filterView(p, 0))) continue;
      lim[p.thread]!--;
      s.taken.add(p.index);
      s.buffer.push(p.index);
    }
  }

  private showTrace(args: string[], ctx: VppCliContext): VppCliReply {
    let max = 50;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === 'max' && isNum(args[i + 1])) {
        max = Number(args[i + 1]);
        i++;
      } else return err('show trace', `expected 'max COUNT', got \`${args.slice(i).join(' ')}'`);
    }
    this.materializeTrace(ctx.nowMs);
    const d = this.data;
    const inBuffer = new Set(this.state.buffer.map((i) => d.packets[i]!).map((p) => `${p.thread}/${p.number}`));
    const trace = { select: (thread: number, n: number) => inBuffer.has(`${thread}/${n}`), max };
    return { output: this.scenario.render.show(this.node, 'show trace', { trace }) ?? '' };
  }

  private showFilterFunction(args: string[]): VppCliReply {
    if (args[0] !== 'function' || args.length !== 1) return err('show trace filter', `unknown input \`${args.join(' ')}'`);
    const lines = Object.entries(FILTER_FUNCTIONS)
      .sort((x, y) => y[1].priority - x[1].priority)
      .map(([name, f]) => `${name === this.state.traceFilterFn ? '(*) ' : ''}name:${name} description: ${f.description} priority: ${f.priority}`);
    return { output: lines.join('\n') + '\n' };
  }

  private setFilterFunction(kind: 'trace' | 'pcap', args: string[]): VppCliReply {
    const name = args[0];
    if (args.length !== 1 || name === undefined || !Object.hasOwn(FILTER_FUNCTIONS, name)) {
      return err(`set ${kind} filter function`, `expected valid ${kind} filter function, got \`${args.join(' ')}'`);
    }
    if (kind === 'trace') this.state.traceFilterFn = name;
    else this.state.pcapFilterFn = name;
    return { output: '' };
  }

  private setBpf(rest: string): VppCliReply {
    const words = rest.trim().split(/\s+/).filter(Boolean);
    if (words.length === 1 && words[0] === 'del') {
      this.state.bpf = null;
      return { output: '' };
    }
    let text = rest.trim();
    const m = /^\{+([\s\S]*?)\}+$/.exec(text);
    if (m) text = m[1]!.trim();
    else if (words.length > 1) return err('set bpf trace filter', `unknown input \`${words.slice(1).join(' ')}'`);
    const expr = compileFilter(text);
    if ('error' in expr) return err('set bpf trace filter', `Failed pcap_compile of ${text}`);
    this.state.bpf = { text, expr };
    return { output: '' };
  }

  // ---- show node / graph (what the capture code asks to find input nodes) ----------------------

  private showNode(args: string[]): VppCliReply {
    const name = args.filter((x) => x !== 'verbose')[0];
    if (name === undefined) return err('show node', 'please specify valid node');
    const nodes = [...this.graphNodes()].sort();
    const index = nodes.indexOf(name);
    if (index < 0) return err('show node', `unknown node name: '${name}'`);
    const input = INPUT_NODES.includes(name) || name === 'virtio-input' || name === 'tap-input';
    const state = input ? (name === this.inputNodeOfUplink() || name === (this.opts.tapInput ? 'tap-input' : 'virtio-input') ? 'polling' : 'disabled') : 'active';
    return { output: `node ${name}, type ${input ? 'input' : 'internal'}, state ${state}, index ${index + 1}\n  node function variants:\n    Name             Priority  Active  Description\n    icl                    0    yes    Intel Ice Lake\n\n  next nodes:\n    none\n` };
  }

  private showGraph(args: string[]): VppCliReply {
    const nodes = [...this.graphNodes()].sort();
    const list = args.length ? nodes.filter((n) => n === args[0]) : nodes;
    if (args.length && list.length === 0) return err('show vlib graph', `unknown input \`${args.join(' ')}'`);
    return { output: list.map((n) => `${n.padStart(35)}${''.padEnd(1)}\n`).join('\n') + '\n' };
  }

  private inputNodeOfUplink(): string | null {
    switch (this.data.uplink?.driver) {
      case 'af_packet': return 'af-packet-input';
      case 'af_xdp': return 'af_xdp-input';
      case 'dpdk': return 'dpdk-input';
      case 'avf': return 'avf-input';
      default: return null;
    }
  }

  // ---- pcap trace ----------------------------------------------------------------------------

  private pcapTrace(args: string[], ctx: VppCliContext): VppCliReply {
    const path = 'pcap trace';
    let rx = false;
    let tx = false;
    let drop = false;
    let off = false;
    let status = false;
    let filter = false;
    let max = 1000;
    let maxBytes = 512;
    let intfc: string | null = null;
    let file: string | null = null;
    for (let i = 0; i < args.length; i++) {
      const x = args[i]!;
      if (x === 'rx') rx = true;
      else if (x === 'tx') tx = true;
      else if (x === 'drop') drop = true;
      else if (x === 'off') off = true;
      else if (x === 'status') status = true;
      else if (x === 'filter') filter = true;
      else if (x === 'preallocate-data' || x === 'free-data') continue;
      else if (x === 'max' && isNum(args[i + 1])) max = Number(args[++i]);
      else if (x === 'max-bytes-per-pkt' && isNum(args[i + 1])) maxBytes = Number(args[++i]);
      else if (x === 'intfc' && args[i + 1] !== undefined) {
        const v = args[++i]!;
        if (v !== 'any' && ![...this.data.interfaces.values()].includes(v)) return err(path, `unknown input \`intfc ${args.slice(i).join(' ')}'`);
        intfc = v === 'any' ? null : v;
      } else if (x === 'file' && args[i + 1] !== undefined) {
        const v = args[++i]!;
        if (v.includes('/') || v.includes('..')) return err(path, `expected a file name, got \`${v}'`);
        file = v;
      } else return err(path, `unknown input \`${args.slice(i).join(' ')}'`);
    }
    const s = this.state;
    if (status) {
      if (!s.pcap) return { output: 'pcap dispatch capture disabled\n' };
      const n = this.pcapFrames(s.pcap, ctx.nowMs).length;
      const kinds = [s.pcap.rx && 'rx', s.pcap.tx && 'tx', s.pcap.drop && 'drop'].filter(Boolean) as string[];
      const type = kinds.length > 1 ? `${kinds.slice(0, -1).join(', ')} and ${kinds[kinds.length - 1]}` : kinds[0] ?? '';
      return { output: `pcap ${type}${s.pcap.filter ? 'with filter' : ''} dispatch capture enabled: ${n} of ${s.pcap.max} pkts...\ncapture to file ${s.pcap.file}\n` };
    }
    if (off) {
      if (!s.pcap) return { output: '' };
      const p = s.pcap;
      s.pcap = null;
      const frames = this.pcapFrames(p, ctx.nowMs);
      if (frames.length === 0) return err(path, 'No packets captured...');
      ctx.files.write(p.file, pcapTraceFile(frames));
      return { output: `Write ${frames.length} packets to ${p.file}, and stop capture...\n` };
    }
    if (!rx && !tx && !drop) return err(path, 'pcap trace: must specify direction(s)...');
    if (s.pcap) return err(path, 'dispatch trace already enabled...');
    if (maxBytes < 32 || maxBytes > 9000) return err(path, 'Max bytes per pkt must be > 32, < 9000...');
    const name = file ?? `${rx ? 'rx' : ''}${tx ? 'tx' : ''}${drop ? 'drop' : ''}.pcap`;
    s.pcap = { rx, tx, drop, max, intfc, file: `/tmp/${name}`, filter, maxBytes, startMs: ctx.nowMs };
    return { output: '' };
  }

  /** The frames a pcap capture holds by `nowMs` (rx at ethernet-input, tx at `<if>-output`, drops). */
  private pcapFrames(p: PcapState, nowMs: number): PcapTraceFrame[] {
    return this.scenario.render.pcapTraceFrames(this.node, {
      rx: p.rx, tx: p.tx, drop: p.drop, interface: p.intfc ?? undefined, maxBytesPerPkt: p.maxBytes, max: p.max,
      filter: (ref, bytes) => this.captured(ref, p.startMs, nowMs, () => (p.filter ? filterPacketOfIp(ipOf(bytes)) : null)),
    });
  }

  // ---- dispatch trace ------------------------------------------------------------------------

  private pcapDispatch(args: string[], ctx: VppCliContext): VppCliReply {
    const path = 'pcap dispatch trace';
    let enable: boolean | null = null;
    let status = false;
    let filter = false;
    let max = 1000;
    let file = 'dispatch.pcap';
    let bufferTrace: DispatchState['bufferTrace'] = null;
    const known = this.graphNodes();
    for (let i = 0; i < args.length; i++) {
      const x = args[i]!;
      if (x === 'on' || x === 'enable') enable = true;
      else if (x === 'off' || x === 'disable') enable = false;
      else if (x === 'status') status = true;
      else if (x === 'filter') filter = true;
      else if (x === 'post-mortem') continue;
      else if ((x === 'max' || x === 'packets-to-capture') && isNum(args[i + 1])) max = Number(args[++i]);
      else if (x === 'file' && args[i + 1] !== undefined && !args[i + 1]!.includes('/') && !args[i + 1]!.includes('..')) file = args[++i]!;
      else if (x === 'buffer-trace' && args[i + 1] !== undefined && known.has(args[i + 1]!) && isNum(args[i + 2])) {
        bufferTrace = { node: args[i + 1]!, count: Number(args[i + 2]) };
        i += 2;
      } else return err(path, `unknown input \`${args.slice(i).join(' ')}'`);
    }
    const s = this.state;
    if (status) {
      if (!s.dispatch) return { output: 'pcap dispatch capture disabled\n' };
      const n = this.dispatchFrames(s.dispatch, ctx.nowMs).length;
      const bt = s.dispatch.bufferTrace;
      return { output: `pcap dispatch capture enabled: ${n} of ${s.dispatch.max} pkts...\ncapture to file ${s.dispatch.file}\n${s.dispatch.filter ? 'packet filter enabled\n' : ''}${bt ? `Buffer trace of ${bt.count} pkts from ${bt.node} enabled...\n` : ''}` };
    }
    if (enable === null) return { output: '' };
    if (enable) {
      if (s.dispatch) return err(path, 'dispatch trace already enabled...');
      if (bufferTrace && !TRACEABLE.has(bufferTrace.node)) return err(path, `node '${bufferTrace.node}' doesn't support per-node tracing`);
      s.dispatch = { max, file: `/tmp/${file}`, bufferTrace, filter, startMs: ctx.nowMs };
      return { output: '' };
    }
    if (!s.dispatch) return err(path, 'dispatch trace already disabled...');
    const dsp = s.dispatch;
    s.dispatch = null;
    // Since VPP 21.06 the dispatch hook is installed only with buffer-trace.
    const frames = dsp.bufferTrace ? this.dispatchFrames(dsp, ctx.nowMs) : [];
    if (frames.length === 0) return err(path, 'No packets captured...');
    ctx.files.write(dsp.file, dispatchPcapFile(frames));
    return { output: `Write ${frames.length} packets to ${dsp.file}, and stop capture...\n` };
  }

  /** One record per node every packet entered (input nodes excluded), until `max` records. */
  private dispatchFrames(dsp: DispatchState, nowMs: number): DispatchFrame[] {
    return this.scenario.render.dispatchFrames(this.node, {
      bufferTrace: dsp.bufferTrace ?? 'none', max: dsp.max,
      filter: (ref) => this.captured(ref, dsp.startMs, nowMs, (p) => (dsp.filter ? this.data.filterView(p, 0) : null)),
    });
  }
}
