// `vpp-pathviz export-pcap IN --packets IDS --out F`: writes the selected packets of a capture —
// frames of a pcap / pcapng, or whole journeys (every record) of a VPP dispatch capture — to a new
// capture file that Wireshark opens. See docs/cli.md, section "export-pcap".
import { existsSync, writeFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { analyzeOpenedCapture } from '../../core/analysis/dispatch';
import { frameLinkType, frameTimeNs } from '../../core/capture/index-builder';
import { frameBytesSync, openCaptureSync, type OpenedCapture } from '../../core/capture/open';
import { writeCapture, type WriteFrame } from '../../core/capture/writer';
import { formatDiagnostic } from '../../core/model/diagnostic';
import { InputError, nodeInflate, readInput } from '../../node/input';
import { openFileSource } from '../../node/range-source';
import { optionValue, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../types';

const usage = [
  'usage: vpp-pathviz export-pcap IN --packets IDS --out FILE',
  '',
  'Writes the selected packets of the capture IN (pcap, pcapng, VPP dispatch capture; gzip too) to',
  'FILE: pcap when every frame has one link type, pcapng otherwise; nanosecond timestamps are kept.',
  '',
  '  --packets IDS   comma-separated packet numbers and ranges as `analyze` numbers them: frame',
  '                  numbers of a pcap (1-based), journey numbers of a dispatch capture (all of the',
  '                  journey\'s records are written); `0:7` ids from `analyze --json` work too',
  '  --out FILE      the file to write (never the input itself)',
  '',
  'Exit status: 0 written, 1 unreadable input or unknown packet, 2 usage error.',
].join('\n');

/** Parses `1,3,5-9,0:12,0:f4` into tokens; throws UsageError on anything else. */
export function parsePacketIds(spec: string): { ranges: [number, number][]; frames: number[] } {
  const ranges: [number, number][] = [];
  const frames: number[] = [];
  for (const raw of spec.split(',')) {
    const t = raw.trim();
    if (!t) continue;
    let m = /^(?:\d+:)?(\d+)$/.exec(t);
    if (m) {
      ranges.push([Number(m[1]), Number(m[1])]);
      continue;
    }
    m = /^(?:\d+:)?f(\d+)$/.exec(t);
    if (m) {
      frames.push(Number(m[1]));
      continue;
    }
    m = /^(\d+)-(\d+)$/.exec(t);
    if (m && Number(m[1]) <= Number(m[2])) {
      ranges.push([Number(m[1]), Number(m[2])]);
      continue;
    }
    throw new UsageError(`--packets: '${t}' is not a packet number, a range (5-9) or an id (0:7)`);
  }
  if (ranges.length === 0 && frames.length === 0) throw new UsageError('--packets: no packet given');
  return { ranges, frames };
}

async function open(file: string): Promise<{ capture: OpenedCapture; close: () => void }> {
  const src = openFileSource(file);
  const head = src.read(0, 4);
  if (head[0] === 0x1f && head[1] === 0x8b) {
    src.close();
    const r = await readInput(file);
    return { capture: openCaptureSync(r.bytes, { input: file, inflate: nodeInflate }), close: () => {} };
  }
  return { capture: openCaptureSync(src, { input: file }), close: () => src.close() };
}

export const exportPcapCommand: CliCommand = {
  name: 'export-pcap',
  summary: 'write selected packets or dispatch journeys of a capture to a new pcap',
  usage,
  async run(args, io) {
    const p = parseArgs(args, { packets: { value: true }, out: { value: true } });
    if (p.positional.length !== 1) throw new UsageError('give exactly one input capture');
    const spec = optionValue(p, 'packets');
    const out = optionValue(p, 'out');
    if (!spec) throw new UsageError('--packets is required');
    if (!out) throw new UsageError('--out is required');
    const ids = parsePacketIds(spec);
    const given = p.positional[0]!;
    const inPath = path.resolve(io.cwd, given);
    const outPath = path.resolve(io.cwd, out);
    if (existsSync(outPath) && existsSync(inPath) && realpathSync(outPath) === realpathSync(inPath)) throw new UsageError('--out must not be the input file');

    let opened: Awaited<ReturnType<typeof open>>;
    try {
      opened = await open(inPath);
    } catch (e) {
      io.stderr(`vpp-pathviz export-pcap: ${e instanceof InputError ? `${given}: ${e.message.slice(e.path.length + 2)}` : (e as Error).message}\n`);
      return 1;
    }
    try {
      const ix = opened.capture.index;
      if (ix.count === 0 && ix.error) {
        io.stderr(`vpp-pathviz export-pcap: ${formatDiagnostic({ ...ix.error, input: given })}\n`);
        return 1;
      }
      const dispatch = ix.interfaces.some((i) => i.linkType === 280);
      const chosen: number[] = [];
      const missing: string[] = [];
      if (dispatch) {
        const a = analyzeOpenedCapture(given, opened.capture);
        const byNumber = new Map<number, number[]>();
        a.journeys.forEach((j, k) => {
          if (j.source === 'dispatch' && j.number !== null) byNumber.set(j.number, a.frameIndices[k]!);
        });
        for (const [lo, hi] of ids.ranges)
          for (let n = lo; n <= hi; n++) {
            const fr = byNumber.get(n);
            if (fr) chosen.push(...fr);
            else missing.push(String(n));
          }
      } else for (const [lo, hi] of ids.ranges) for (let n = lo; n <= hi; n++) (n >= 1 && n <= ix.count ? chosen.push(n - 1) : missing.push(String(n)));
      for (const f of ids.frames) (f >= 1 && f <= ix.count ? chosen.push(f - 1) : missing.push(`f${f}`));
      if (missing.length > 0) {
        const what = dispatch ? `${ix.count} records` : `${ix.count} frames`;
        io.stderr(`vpp-pathviz export-pcap: ${given}: no packet ${missing.slice(0, 10).join(', ')}${missing.length > 10 ? ', …' : ''} (the capture has ${what})\n`);
        return 1;
      }
      const order = [...new Set(chosen)].sort((x, y) => x - y);
      const frames: WriteFrame[] = order.map((i) => ({ data: frameBytesSync(opened.capture, i), origLen: ix.origLens[i]!, timeNs: frameTimeNs(ix, i), linkType: frameLinkType(ix, i) }));
      const w = writeCapture(frames, { nanosecond: ix.nanosecond });
      try {
        writeFileSync(outPath, w.bytes);
      } catch (e) {
        io.stderr(`vpp-pathviz export-pcap: ${out}: ${(e as Error).message}\n`);
        return 1;
      }
      io.stdout(`wrote ${frames.length} frame${frames.length === 1 ? '' : 's'} to ${out} (${w.format})\n`);
      return 0;
    } finally {
      opened.close();
    }
  },
};
