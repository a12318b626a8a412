// `vpp-pathviz analyze PATH… [--interfaces SHOW_INT_FILE] [--json]`: every packet's journey through
// VPP's graph, from `show trace` text (plain or gzip). Formats are detected with the ordered registry
// of core/inputs. See docs/cli.md, section "analyze".
import path from 'node:path';
import type { Diagnostic, Flow, Journey, JourneyHop, PathGroup, Verdict } from '../../core/model';
import { groupFlows, groupPaths, hasLazyHops, journeyHopsJson, readInterfaceNames } from '../../core/analysis';
import { detectFormat, INPUT_FORMATS, type InputFormat } from '../../core/inputs';
import { unreadableReason } from '../../core/trace';
import { decodeUtf8 } from '../../core/text/utf8';
import { InputError, readInput } from '../../node/input';
import { bundlesJsonMembers, bundlesSummary, bundlesText, isBundlePath, loadBundleForAnalyze, type LoadedBundle } from '../../node/tar-bundle-analyze';
import { optionFlag, optionValue, parseArgs } from '../args';
import { UsageError, type CliCommand, type CliIO } from '../types';

const usage = [
  'usage: vpp-pathviz analyze PATH… [--interfaces SHOW_INT_FILE] [--json]',
  '',
  'Reads VPP `show trace` outputs, pcap / pcapng captures, VPP dispatch captures (link type 280) and',
  'calicovppctl export bundles (plain or gzip; bundles as .tar(.gz) or an unpacked folder) and prints,',
  'for every packet, its journey through the VPP graph: ingress, egress, verdict (forwarded / dropped',
  '/ punted / local / unknown), drop reason, flow, NAT changes; then the unique paths and the top',
  'flows, and for bundles the nodes, services and health checks.',
  '',
  '  --interfaces FILE   `show interface` output of the same VPP, to name interfaces by sw_if_index',
  '  --json              print JSON (see docs/cli.md, section "analyze")',
  '',
  'Exit status: 0 analysed (warnings allowed), 1 an input could not be read, 2 usage error.',
].join('\n');

interface LoadedInput {
  path: string;
  format: InputFormat;
  journeys: Journey[];
  warnings: Diagnostic[];
}

const VERDICTS: Verdict[] = ['forwarded', 'dropped', 'punted', 'local', 'unknown'];

function flowJson(f: Flow) {
  return { ipVersion: f.ipVersion, protocol: f.protocol, src: f.src, dst: f.dst, srcPort: f.srcPort, dstPort: f.dstPort };
}

function hopJson(h: JourneyHop) {
  const hop = { node: h.node, timestamp: h.timestamp, timeUs: h.timeUs, lines: h.lines, explanation: h.explanation };
  // Dispatch captures: the record's frame and what this node changed (docs/cli.md, "Captures").
  return h.frame ? { ...hop, frame: h.frame, changes: h.changes ?? [] } : hop;
}

/** One packet of the JSON output (field order as documented). */
export function packetJson(j: Journey) {
  return {
    id: j.id,
    source: j.source,
    input: j.input,
    thread: j.thread,
    number: j.number,
    // Trace journeys build their hops on demand: stream them without keeping them.
    hops: hasLazyHops(j) ? journeyHopsJson(j) : j.hops.map(hopJson),
    ingress: j.ingress ? { node: j.ingress.node, interface: j.ingress.interface } : null,
    egress: j.egress ? { interface: j.egress.interface } : null,
    verdict: j.verdict,
    dropReason: j.dropReason,
    flow: j.flow ? flowJson(j.flow) : null,
    nat: j.nat.map((n) => ({ node: n.node, before: flowJson(n.before), after: flowJson(n.after) })),
    pathId: j.pathId,
    continues: j.continues,
    continuedBy: j.continuedBy,
    truncated: j.truncated,
    ...(j.frame ? { frame: j.frame } : {}),
  };
}

function warningJson(w: Diagnostic) {
  return { input: w.input, line: w.line, offset: w.offset, message: w.message };
}

/** Writes the JSON document in chunks, so a 100 MB trace never becomes one giant string. */
function writeJson(io: CliIO, inputs: LoadedInput[], journeys: Journey[], paths: PathGroup[], warnings: Diagnostic[], bundleMembers = ''): void {
  let buf = '{"inputs":' + JSON.stringify(inputs.map((i) => ({ path: i.path, format: i.format.id }))) + ',"packets":[';
  const flush = (force: boolean) => {
    if (buf.length > (force ? 0 : 1 << 20)) {
      io.stdout(buf);
      buf = '';
    }
  };
  for (let i = 0; i < journeys.length; i++) {
    if (i > 0) buf += ',';
    buf += JSON.stringify(packetJson(journeys[i]!));
    flush(false);
  }
  buf += '],"paths":' + JSON.stringify(paths.map((p) => ({ id: p.id, nodes: p.nodes, count: p.count })));
  buf += ',"warnings":' + JSON.stringify(warnings.map(warningJson)) + bundleMembers + '}\n';
  flush(true);
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function endpoint(ip: string, port: number | null): string {
  const a = ip.includes(':') ? `[${ip}]` : ip;
  return port === null ? a : `${a}:${port}`;
}

function pathText(nodes: string[], max = 12): string {
  if (nodes.length <= max) return nodes.join(' → ');
  return [...nodes.slice(0, 5), `… ${nodes.length - 9} more …`, ...nodes.slice(-4)].join(' → ');
}

function summaryText(inputs: LoadedInput[], journeys: Journey[], paths: PathGroup[], warnings: Diagnostic[]): string {
  const out: string[] = [];
  out.push(`Inputs: ${inputs.map((i) => `${i.path} (${i.format.describe})`).join(', ')}`);
  // A packet handed to another thread is several trace records; count it once (by its first part,
  // which carries the fate of the whole chain).
  const packets = journeys.filter((j) => j.continues === null);
  const handed = journeys.length - packets.length;
  const truncated = packets.filter((j) => j.truncated).length;
  out.push(`Packets: ${packets.length}${handed > 0 ? ` (${plural(journeys.length, 'trace record')}; ${handed} continued on another thread)` : ''}${truncated > 0 ? `, ${truncated} cut short in the input` : ''}`);
  const counts = new Map<Verdict, number>(VERDICTS.map((v) => [v, 0]));
  for (const j of packets) counts.set(j.verdict, (counts.get(j.verdict) ?? 0) + 1);
  out.push(`Verdicts: ${VERDICTS.map((v) => `${v} ${counts.get(v)}`).join(', ')}`);
  const reasons = new Map<string, number>();
  for (const j of packets) if (j.verdict === 'dropped') reasons.set(j.dropReason ?? '(reason not shown)', (reasons.get(j.dropReason ?? '(reason not shown)') ?? 0) + 1);
  if (reasons.size > 0) {
    out.push('', 'Drops by reason:');
    for (const [r, n] of [...reasons].sort((a, b) => b[1] - a[1])) out.push(`  ${String(n).padStart(6)}  ${r}`);
  }
  const verdictOfPath = new Map<string, Verdict>();
  for (const j of journeys) if (!verdictOfPath.has(j.pathId)) verdictOfPath.set(j.pathId, j.verdict);
  out.push('', `Paths (${paths.length} unique):`);
  const shownPaths = paths.slice(0, 20);
  for (const p of shownPaths) out.push(`  ${String(p.count).padStart(6)}  ${pathText(p.nodes)}  [${verdictOfPath.get(p.id) ?? 'unknown'}]`);
  if (paths.length > shownPaths.length) out.push(`          … ${paths.length - shownPaths.length} more (use --json for all)`);
  const flows = groupFlows(packets);
  if (flows.length > 0) {
    out.push('', `Top flows (${flows.length} conversations):`);
    for (const g of flows.slice(0, 10)) {
      const f = g.flows[0]!;
      const both = g.flows.length > 1 ? '↔' : '→';
      out.push(`  ${String(g.journeyIds.length).padStart(6)}  ${f.protocol} ${endpoint(f.src, f.srcPort)} ${both} ${endpoint(f.dst, f.dstPort)}`);
    }
  }
  const nats = packets.filter((j) => j.nat.length > 0).length;
  if (nats > 0) out.push('', `NAT: ${plural(nats, 'packet')} translated (see --json for before/after per node)`);
  if (warnings.length > 0) {
    out.push('', `Warnings (${warnings.length}):`);
    for (const w of warnings.slice(0, 20)) out.push(`  ${w.input}${w.line !== null ? `:${w.line}` : ''}: ${w.message}`);
    if (warnings.length > 20) out.push(`  … ${warnings.length - 20} more (use --json for all)`);
  }
  return out.join('\n') + '\n';
}

async function loadInterfaces(file: string, io: CliIO): Promise<Map<number, string>> {
  const abs = path.resolve(io.cwd, file);
  let bytes: Uint8Array;
  try {
    bytes = (await readInput(abs)).bytes;
  } catch (e) {
    throw new InputError(file, e instanceof InputError ? e.message.slice(e.path.length + 2) : (e as Error).message);
  }
  const why = unreadableReason(bytes);
  if (why) throw new InputError(file, why);
  const r = readInterfaceNames(decodeUtf8(bytes), file);
  if (r.failure) throw new InputError(file, `is an error message, not \`show interface\` output: ${r.failure}`);
  if (r.byIndex.size === 0) throw new InputError(file, 'no `show interface` table found (expected the Name / Idx / State header and rows)');
  return r.byIndex;
}

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  summary: 'packet journeys, verdicts, drops and paths from traces, captures and export bundles',
  usage,
  async run(args, io) {
    const p = parseArgs(args, { interfaces: { value: true }, json: { value: false } });
    if (p.positional.length === 0) throw new UsageError('give at least one PATH');
    if (p.rest) throw new UsageError('unexpected arguments after --');
    const json = optionFlag(p, 'json');
    const ifFile = optionValue(p, 'interfaces');

    const errors: string[] = [];
    const loaded: { path: string; format: InputFormat; bytes: Uint8Array }[] = [];
    const bundles: LoadedBundle[] = [];
    for (const given of p.positional) {
      const abs = path.resolve(io.cwd, given);
      // Export bundles (archive or folder): their captures are analysed, their state summarised.
      if (await isBundlePath(abs)) {
        try {
          const lb = await loadBundleForAnalyze(abs, given);
          bundles.push(lb);
          for (const c of lb.captures) {
            const format = detectFormat(c.bytes, c.file.name, INPUT_FORMATS);
            if (format?.journeys) loaded.push({ path: c.path, format, bytes: c.bytes });
          }
        } catch (e) {
          errors.push(`${given}: ${(e as Error).message}`);
        }
        continue;
      }
      let bytes: Uint8Array;
      try {
        bytes = (await readInput(abs)).bytes;
      } catch (e) {
        const msg = e instanceof InputError ? e.message.slice(e.path.length + 2) : (e as Error).message;
        errors.push(`${given}: ${msg}`);
        continue;
      }
      // Binary formats (captures) are detected first; text checks apply to the rest.
      const format = detectFormat(bytes, path.basename(given), INPUT_FORMATS);
      const why = format ? null : unreadableReason(bytes);
      if (why) {
        errors.push(`${given}: ${why}`);
        continue;
      }
      if (!format) {
        errors.push(`${given}: not a recognised input (expected VPP \`show trace\` output: a "Start of thread" header, "Packet N" lines or "HH:MM:SS:uuuuuu: node" entries, or a pcap / pcapng / VPP dispatch capture)`);
        continue;
      }
      if (!format.journeys) {
        errors.push(`${given}: ${format.describe} is recognised but not supported by analyze`);
        continue;
      }
      loaded.push({ path: given, format, bytes });
    }
    let interfaces: Map<number, string> | undefined;
    if (ifFile !== null) {
      try {
        interfaces = await loadInterfaces(ifFile, io);
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
    if (errors.length > 0) {
      for (const e of errors) io.stderr(`vpp-pathviz analyze: ${e}\n`);
      return 1;
    }

    const inputs: LoadedInput[] = [];
    const journeys: Journey[] = [];
    const warnings: Diagnostic[] = [];
    for (let i = 0; i < loaded.length; i++) {
      if (io.signal.aborted) {
        io.stderr('vpp-pathviz analyze: interrupted\n');
        return 1;
      }
      const l = loaded[i]!;
      const r = l.format.journeys!(l.path, l.bytes, { inputIndex: i, interfaces });
      loaded[i]!.bytes = new Uint8Array(0);
      if (r.error) {
        io.stderr(`vpp-pathviz analyze: ${l.path}: ${r.error}\n`);
        return 1;
      }
      inputs.push({ path: l.path, format: l.format, journeys: r.journeys, warnings: r.warnings });
      for (const j of r.journeys) journeys.push(j);
      for (const w of r.warnings) warnings.push(w);
    }
    const paths = groupPaths(journeys);
    for (const lb of bundles) warnings.push(...lb.bundle.warnings);
    const bundleSummary = bundles.length > 0 ? bundlesSummary(bundles, new Map(inputs.map((i) => [i.path, i.journeys]))) : null;
    if (json) writeJson(io, inputs, journeys, paths, warnings, bundleSummary ? bundlesJsonMembers(bundleSummary) : '');
    else io.stdout(summaryText(inputs, journeys, paths, warnings) + (bundleSummary ? bundlesText(bundles, bundleSummary) : ''));
    return 0;
  },
};
