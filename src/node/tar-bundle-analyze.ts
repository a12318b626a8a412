// Bundles given to `vpp-pathviz analyze`: recognise a bundle path, hand its captures (trace.txt,
// pcap_<node>.pcap, dispatch_<node>.pcap, gzipped or not) to the analysis, and add the bundle's
// nodes / services / checks to the output (docs/cli.md, "Bundles and node state").
import { lstat, open } from 'node:fs/promises';
import { createGunzip } from 'node:zlib';
import { isGzip } from '../core/bytes/gzip';
import { runChecks } from '../core/analysis/checks';
import { bundleSummaryJson, type BundleSummary } from '../core/analysis/topology-summary';
import { trafficFromJourneys } from '../core/analysis/topology-traffic';
import { fileBytes, isTarHeader, type Bundle, type BundleFile } from '../core/bundle/index';
import type { Journey } from '../core/model/journey';
import { nodeInflate } from './input';
import { openBundlePaths, type OpenBundleOptions } from './tar-bundle';

const CAPTURE_KINDS = new Set(['trace', 'pcap', 'dispatch-pcap']);

/** First `n` bytes after gunzip (only what is needed is inflated). */
async function inflatedHead(file: string, n: number): Promise<Uint8Array> {
  const fh = await open(file, 'r');
  try {
    const raw = new Uint8Array(64 * 1024);
    const { bytesRead } = await fh.read(raw, 0, raw.length, 0);
    return await new Promise<Uint8Array>((resolve) => {
      const gz = createGunzip();
      const parts: Buffer[] = [];
      let got = 0;
      const done = () => {
        gz.removeAllListeners();
        gz.destroy();
        resolve(new Uint8Array(Buffer.concat(parts)).subarray(0, n));
      };
      gz.on('data', (c: Buffer) => {
        parts.push(c);
        got += c.length;
        if (got >= n) done();
      });
      gz.on('error', done);
      gz.on('end', done);
      gz.end(raw.subarray(0, bytesRead));
    });
  } finally {
    await fh.close();
  }
}

/** A folder, a tar, or a gzip holding a tar. */
export async function isBundlePath(file: string): Promise<boolean> {
  let st;
  try {
    st = await lstat(file);
  } catch {
    return false;
  }
  if (st.isDirectory()) return true;
  if (!st.isFile()) return false;
  const fh = await open(file, 'r');
  let head: Uint8Array;
  try {
    const b = new Uint8Array(512);
    const { bytesRead } = await fh.read(b, 0, 512, 0);
    head = b.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
  if (head.length === 512 && isTarHeader(head)) return true;
  if (!isGzip(head)) return false;
  const inner = await inflatedHead(file, 512);
  return inner.length === 512 && isTarHeader(inner);
}

export interface BundleCapture {
  /** `<bundle>:<path inside>` for messages and JSON. */
  path: string;
  file: BundleFile;
  node: string | null;
  bytes: Uint8Array;
}

export interface LoadedBundle {
  given: string;
  bundle: Bundle;
  captures: BundleCapture[];
}

/** Opens a bundle and lists its captures (inflated, bounded). */
export async function loadBundleForAnalyze(abs: string, given: string, opts: OpenBundleOptions = {}): Promise<LoadedBundle> {
  const bundle = await openBundlePaths([abs], opts);
  const captures: BundleCapture[] = [];
  for (const f of bundle.files) {
    if (!CAPTURE_KINDS.has(f.kind)) continue;
    captures.push({ path: `${given}:${f.path}`, file: f, node: f.node, bytes: fileBytes(f, nodeInflate, opts.maxBytes) });
  }
  return { given, bundle, captures };
}

/** The nodes / services / checks of every bundle (several bundles: their lists are concatenated). */
export function bundlesSummary(bundles: LoadedBundle[], journeysByPath: Map<string, Journey[]>): BundleSummary {
  const out: BundleSummary = { nodes: [], services: [], checks: [] };
  for (const lb of bundles) {
    const traffic = lb.captures.flatMap((c) => (c.node ? trafficFromJourneys(c.node, journeysByPath.get(c.path) ?? []) : []));
    const s = bundleSummaryJson(lb.bundle, { inflate: nodeInflate, traffic, checks: runChecks(lb.bundle, { inflate: nodeInflate }) });
    out.nodes.push(...s.nodes);
    out.services.push(...s.services);
    out.checks.push(...s.checks);
  }
  return out;
}

/** The JSON members `"nodes":…,"services":…,"checks":…` (with a leading comma) for analyze --json. */
export function bundlesJsonMembers(s: BundleSummary): string {
  return `,"nodes":${JSON.stringify(s.nodes)},"services":${JSON.stringify(s.services)},"checks":${JSON.stringify(s.checks)}`;
}

/** A short text section for analyze's summary. */
export function bundlesText(bundles: LoadedBundle[], s: BundleSummary): string {
  const out: string[] = [''];
  for (const lb of bundles) {
    const b = lb.bundle;
    out.push(`Bundle ${lb.given}: ${b.layout} export, ${b.nodes.length} node(s), ${b.files.length} files, ${lb.captures.length} capture(s)`);
  }
  for (const n of s.nodes) {
    const mapped = n.tuns.filter((t) => t.pod).length;
    out.push(`  ${n.name}: ${n.uplink ? `uplink ${n.uplink.interface}${n.uplink.driver ? ` (${n.uplink.driver})` : ''}` : 'uplink unknown'}, ${n.interfaces.length} interfaces, ${n.tuns.length} tuns (${mapped} mapped to pods)`);
  }
  if (s.services.length > 0) out.push(`  services: ${s.services.length} (${s.services.filter((x) => x.backends.length === 0).length} without backends)`);
  const shown = s.checks.filter((c) => c.severity !== 'info');
  out.push('', `Checks (${shown.length} critical/warning, ${s.checks.length - shown.length} info):`);
  for (const c of shown.slice(0, 30)) out.push(`  ${c.severity.padEnd(8)} ${c.id}: ${c.message}  [${c.evidence.file}${c.evidence.line !== null ? `:${c.evidence.line}` : ''}]`);
  if (shown.length > 30) out.push(`  … ${shown.length - 30} more (use --json for all)`);
  return out.join('\n') + '\n';
}
