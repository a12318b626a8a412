// What `vppctl` talks to inside a test-cluster vpp container: one VPP instance per node.
//
// The contract (VppctlEngine) uses plain data only — strings, Uint8Array, numbers. The scenario
// simulator's ScenarioVppEngine (src/core/scenarios/vppctl) implements it for the simulator
// scenarios; BasicVppEngine is the small hand-fed engine of the `basic` scenarios and unit tests.

import type { VppCliContext, VppCliReply, VppctlEngine } from '../../core/scenarios/vppctl/contract';

// The contract lives in core (src/core/scenarios/vppctl/contract.ts) so the scenario simulator
// implements it without importing the server; re-exported here for the server's modules.
export type { VppFileSystem, VppCliContext, VppCliReply, VppctlEngine } from '../../core/scenarios/vppctl/contract';

/** One traced packet the basic engine can hand out: its node records without the `Packet N` line. */
export interface TracePacket {
  /** The graph node that `trace add` must name for this packet to be traced (its input node). */
  inputNode: string;
  /** The packet's records: `HH:MM:SS:uuuuuu: node-name` lines and their detail lines. */
  text: string;
}

export interface BasicVppEngineOptions {
  /** `show version` text after `vpp `, e.g. `v25.06.0-release`. */
  version?: string;
  /** Packets available to `trace add`, in arrival order. */
  packets?: readonly TracePacket[];
  /** Nodes `trace add` accepts (default: VPP's usual input nodes plus those of `packets`). */
  inputNodes?: readonly string[];
  /** What `pcap trace off` / `pcap dispatch trace off` write to /tmp (absent: "No packets captured..."). */
  pcap?: { trace?: CaptureFile; dispatch?: CaptureFile };
}

/** A capture file's bytes and how many packets (records) it holds. */
export interface CaptureFile {
  bytes: Uint8Array;
  packets: number;
}

const DEFAULT_INPUT_NODES = [
  'af-packet-input', 'af_xdp-input', 'avf-input', 'dpdk-input', 'memif-input', 'pg-input', 'rdma-input',
  'session-queue', 'tap-input', 'virtio-input', 'vmxnet3-input',
];

/** True when `word` is an abbreviation of `keyword` at least `min` characters long (VPP accepts unique prefixes). */
function abbrev(word: string | undefined, keyword: string, min: number): boolean {
  return word !== undefined && word.length >= min && keyword.startsWith(word);
}

/**
 * A minimal stateful VPP: `show version`, `clear trace`, `trace add NODE COUNT`, `show trace [max N]`,
 * and `pcap trace …` / `pcap dispatch trace on …` with `off` writing the given capture bytes to
 * /tmp/<file>. `trace add` fills the buffer at once with up to COUNT packets whose input node is
 * NODE. Everything else answers `unknown input` like VPP does for commands it does not know.
 */
export class BasicVppEngine implements VppctlEngine {
  private readonly version: string;
  private readonly packets: readonly TracePacket[];
  private readonly inputNodes: Set<string>;
  private buffer: string[] = [];
  private taken = new Set<number>();
  private readonly pcapSource: NonNullable<BasicVppEngineOptions['pcap']>;
  /** The /tmp file an active capture will write at `off`, per kind. */
  private readonly capturing: { trace: string | null; dispatch: string | null } = { trace: null, dispatch: null };

  constructor(opts: BasicVppEngineOptions = {}) {
    this.version = opts.version ?? 'v25.06.0-release';
    this.packets = opts.packets ?? [];
    this.inputNodes = new Set(opts.inputNodes ?? [...DEFAULT_INPUT_NODES, ...this.packets.map((p) => p.inputNode)]);
    this.pcapSource = opts.pcap ?? {};
  }

  exec(line: string, ctx?: VppCliContext): VppCliReply {
    const w = line.trim().split(/\s+/).filter(Boolean);
    if (w.length === 0) return { output: '' };
    if (abbrev(w[0], 'show', 2) && abbrev(w[1], 'version', 3) && w.length === 2) {
      return { output: `vpp ${this.version} built by root on calico-vpp-builder at 2025-07-02T10:00:00\n` };
    }
    if (abbrev(w[0], 'clear', 2) && abbrev(w[1], 'trace', 2) && w.length === 2) {
      this.buffer = [];
      this.taken.clear();
      return { output: '' };
    }
    if (abbrev(w[0], 'trace', 2) && abbrev(w[1], 'add', 2)) return { output: this.traceAdd(w.slice(2)) };
    if (abbrev(w[0], 'show', 2) && abbrev(w[1], 'trace', 2)) return { output: this.showTrace(w.slice(2)) };
    if (w[0] === 'pcap' && w[1] === 'trace') return { output: this.pcap('trace', w.slice(2), ctx) };
    if (w[0] === 'pcap' && w[1] === 'dispatch' && w[2] === 'trace') return { output: this.pcap('dispatch', w.slice(3), ctx) };
    return { output: `unknown input \`${w.join(' ')}'\n` };
  }

  /** `pcap trace …` / `pcap dispatch trace …`: the file is written to /tmp only at `off`. */
  private pcap(kind: 'trace' | 'dispatch', args: string[], ctx?: VppCliContext): string {
    const off = args.includes('off') || args.includes('disable');
    if (off) {
      const file = this.capturing[kind];
      if (file === null) return kind === 'dispatch' ? 'dispatch trace already disabled...\n' : '';
      this.capturing[kind] = null;
      const src = this.pcapSource[kind];
      if (!src || src.packets === 0) return 'No packets captured...\n';
      ctx?.files.write(file, src.bytes);
      return `Write ${src.packets} packets to ${file}, and stop capture...\n`;
    }
    if (kind === 'dispatch' && !(args.includes('on') || args.includes('enable'))) return `pcap dispatch trace: unknown input \`${args.join(' ')}'\n`;
    if (this.capturing[kind] !== null) return kind === 'dispatch' ? 'dispatch trace already enabled...\n' : '';
    const i = args.indexOf('file');
    let name = i >= 0 ? args[i + 1] : undefined;
    if (name !== undefined && (name.includes('/') || name.includes('..'))) return `pcap ${kind}: expected a file name without '/' or '..', got \`${name}'\n`;
    name ??= kind === 'dispatch' ? 'dispatch.pcap' : `${['rx', 'tx', 'drop'].filter((d) => args.includes(d)).join('') || 'rxtxdrop'}.pcap`;
    this.capturing[kind] = `/tmp/${name}`;
    return '';
  }

  private traceAdd(args: string[]): string {
    let node: string | undefined;
    let count = 0;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      if (a === 'verbose' || a === 'filter') continue;
      const n = args[i + 1];
      if (this.inputNodes.has(a) && n !== undefined && /^\d+$/.test(n)) {
        node = a;
        count = Number(n);
        i++;
        continue;
      }
      return `trace add: expected NODE COUNT, got \`${args.slice(i).join(' ')}'\n`;
    }
    if (node === undefined) return '';
    for (let i = 0; i < this.packets.length && count > 0; i++) {
      const p = this.packets[i]!;
      if (p.inputNode !== node || this.taken.has(i)) continue;
      this.taken.add(i);
      this.buffer.push(p.text.replace(/\n*$/, '\n'));
      count--;
    }
    return '';
  }

  private showTrace(args: string[]): string {
    let max = 50;
    for (let i = 0; i < args.length; i++) {
      if (args[i] === 'max' && /^\d+$/.test(args[i + 1] ?? '')) {
        max = Number(args[i + 1]);
        i++;
      } else return `show trace: unknown input \`${args.slice(i).join(' ')}'\n`;
    }
    const head = '------------------- Start of thread 0 vpp_main -------------------\n';
    if (this.buffer.length === 0) return head + 'No packets in trace buffer\n';
    return head + this.buffer.slice(0, max).map((t, i) => `Packet ${i + 1}\n\n${t}`).join('\n');
  }
}
