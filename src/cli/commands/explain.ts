// `vpp-pathviz explain TRACE… --out FILE(.html|.md)`: a narrated walkthrough of the packets of any
// `show trace` text or capture — one packet per unique path by default — written as one
// self-contained HTML page or Markdown. The narration comes from the journeys and the node glossary.
// See docs/cli.md, section "Training".
import { existsSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Journey } from '../../core/model';
import { readInterfaceNames } from '../../core/analysis';
import { detectFormat, INPUT_FORMATS } from '../../core/inputs';
import { unreadableReason } from '../../core/trace';
import { decodeUtf8 } from '../../core/text/utf8';
import { explainDocument, walkthroughToHtml, walkthroughToMarkdown } from '../../core/training';
import { InputError, readInput } from '../../node/input';
import { isBundlePath, loadBundleForAnalyze } from '../../node/tar-bundle-analyze';
import { optionInt, optionValue, parseArgs } from '../args';
import { UsageError, type CliCommand, type CliIO } from '../types';
import { exportFormat } from './lesson';

const usage = [
  'usage: vpp-pathviz explain TRACE… --out FILE [--packet ID]… [--max N] [--interfaces SHOW_INT_FILE] [--title TEXT] [--format html|md]',
  '',
  'Writes a narrated walkthrough of the packets of VPP `show trace` outputs or captures (pcap, pcapng,',
  'dispatch; gzip too; an export bundle stands for the traces and captures it holds): every hop',
  'explained from the node glossary, pointing at its lines, unknown nodes shown raw. By default one',
  'packet of each unique path is explained.',
  '',
  '  --out FILE          .html (one self-contained page) or .md',
  '  --packet ID         explain this packet (repeatable): a journey id from `analyze --json` (0:t1p3),',
  '                      a packet number (3) or thread:number (1:3)',
  '  --max N             at most N walkthroughs (default 20)',
  '  --interfaces FILE   `show interface` output of the same VPP, to name interfaces by sw_if_index',
  '  --title TEXT        the document title',
  '  --format F          html or md, when FILE has another extension',
  '',
  'Exit status: 0 written, 1 an input could not be read or the file not written, 2 usage error.',
].join('\n');

async function readText(file: string, io: CliIO): Promise<Uint8Array> {
  try {
    return (await readInput(path.resolve(io.cwd, file))).bytes;
  } catch (e) {
    throw new InputError(file, e instanceof InputError ? e.message.slice(e.path.length + 2) : (e as Error).message);
  }
}

export const explainCommand: CliCommand = {
  name: 'explain',
  summary: 'a narrated walkthrough of any trace or capture, as HTML or Markdown',
  usage,
  async run(args, io) {
    const p = parseArgs(args, { out: { value: true }, packet: { value: true, repeat: true }, max: { value: true }, interfaces: { value: true }, title: { value: true }, format: { value: true } });
    if (p.positional.length === 0) throw new UsageError('give at least one TRACE');
    if (p.rest) throw new UsageError('unexpected arguments after --');
    const out = optionValue(p, 'out');
    if (out === null) throw new UsageError('--out FILE is required');
    const format = exportFormat(out, optionValue(p, 'format'));
    const max = optionInt(p, 'max', 1, 10000) ?? 20;
    const ids = p.options.get('packet') ?? [];
    const outAbs = path.resolve(io.cwd, out);
    for (const given of p.positional) {
      const inAbs = path.resolve(io.cwd, given);
      if (existsSync(outAbs) && existsSync(inAbs) && realpathSync(outAbs) === realpathSync(inAbs)) throw new UsageError('--out must not be an input file');
    }

    let interfaces: Map<number, string> | undefined;
    const ifFile = optionValue(p, 'interfaces');
    const errors: string[] = [];
    if (ifFile !== null) {
      try {
        const bytes = await readText(ifFile, io);
        const r = readInterfaceNames(decodeUtf8(bytes), ifFile);
        if (r.failure || r.byIndex.size === 0) errors.push(`${ifFile}: no \`show interface\` table found`);
        else interfaces = r.byIndex;
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    const journeys: Journey[] = [];
    const texts = new Map<string, string>();
    const nodes = new Map<string, string>();
    let warnings = 0;
    // Inputs: files as given; an export bundle (archive or folder) stands for its traces and captures.
    const inputs: { name: string; bytes: Uint8Array; node: string | null }[] = [];
    for (const given of p.positional) {
      if (io.signal.aborted) {
        io.stderr('vpp-pathviz explain: interrupted\n');
        return 1;
      }
      const abs = path.resolve(io.cwd, given);
      try {
        if (await isBundlePath(abs)) {
          const lb = await loadBundleForAnalyze(abs, given);
          if (lb.captures.length === 0) errors.push(`${given}: the bundle holds no trace or capture to explain`);
          for (const c of lb.captures) inputs.push({ name: c.path, bytes: c.bytes, node: c.node });
          continue;
        }
      } catch (e) {
        errors.push(`${given}: ${(e as Error).message}`);
        continue;
      }
      try {
        inputs.push({ name: given, bytes: await readText(given, io), node: null });
      } catch (e) {
        errors.push((e as Error).message);
      }
    }
    for (const [i, input] of inputs.entries()) {
      const given = input.name;
      const bytes = input.bytes;
      if (input.node) nodes.set(given, input.node);
      const f = detectFormat(bytes, path.basename(given), INPUT_FORMATS);
      if (!f) {
        errors.push(`${given}: ${unreadableReason(bytes) ?? 'not a recognised input (expected VPP `show trace` output or a pcap / pcapng / dispatch capture)'}`);
        continue;
      }
      if (!f.journeys) {
        errors.push(`${given}: ${f.describe} is recognised but cannot be explained`);
        continue;
      }
      const r = f.journeys(given, bytes, { inputIndex: i, interfaces });
      if (r.error) {
        errors.push(`${given}: ${r.error}`);
        continue;
      }
      warnings += r.warnings.length;
      if (f.id === 'vpp-trace') texts.set(given, decodeUtf8(bytes));
      for (const j of r.journeys) journeys.push(j);
    }
    if (errors.length > 0) {
      for (const e of errors) io.stderr(`vpp-pathviz explain: ${e}\n`);
      return 1;
    }
    const doc = explainDocument(journeys, { ids: ids.length ? ids : undefined, max, texts, title: optionValue(p, 'title') ?? undefined, nodeOf: (j) => nodes.get(j.input) ?? j.input });
    if (warnings > 0) doc.intro.push(`The inputs produced ${warnings} parser warning${warnings === 1 ? '' : 's'} (see \`vpp-pathviz analyze\`).`);
    const text = format === 'html' ? walkthroughToHtml(doc) : walkthroughToMarkdown(doc);
    try {
      writeFileSync(outAbs, text);
    } catch (e) {
      io.stderr(`vpp-pathviz explain: cannot write ${out}: ${(e as Error).message}\n`);
      return 1;
    }
    const steps = doc.walkthroughs.reduce((n, w) => n + w.steps.length, 0);
    io.stdout(`wrote ${doc.walkthroughs.length} walkthrough${doc.walkthroughs.length === 1 ? '' : 's'} (${steps} steps, ${journeys.length} packets read) to ${out}\n`);
    if (ids.length && doc.walkthroughs.length === 0) {
      io.stderr(`vpp-pathviz explain: no packet matches ${ids.join(', ')}\n`);
      return 1;
    }
    return 0;
  },
};
