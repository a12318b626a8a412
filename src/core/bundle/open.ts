// Opening a bundle: bytes (tar, tar.gz, or one loose file) or entries (an unpacked folder, loose files)
// → every file classified to its node and kind. All in memory; nothing is ever written anywhere.
import { concatBytes } from '../bytes/concat';
import { isGzip, type Inflate } from '../bytes/gzip';
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { decodeUtf8 } from '../text/utf8';
import { parseGetNodes } from '../vpp-state/kubectl';
import { CLUSTER_NAMES, GO_ONLY, NODE_SUFFIXES, captureName, isNodeKind, type FileKind } from './kinds';
import { sniffBytes, sniffText } from './sniff';
import { TarError, TarLimitError, TarReader, isTarHeader, type TarRefusal } from './tar';
import type { Bundle, BundleFile, BundleLayout, BundleNode, BundleSource, Classification, Placement, RawEntry } from './types';

export const DEFAULT_MAX_BUNDLE_BYTES = 4 * 1024 ** 3;

/** The bundle cannot be opened (limit exceeded, corrupt archive, nothing in it). */
export class BundleError extends Error {
  constructor(
    message: string,
    readonly reason: 'limit' | 'corrupt' | 'empty' | 'gzip',
  ) {
    super(message);
    this.name = 'BundleError';
  }
}

export interface BundleOptions {
  /** Inflater for gzip input (core never inflates by itself). */
  inflate?: Inflate;
  /** Maximum uncompressed bytes (default 4 GiB). */
  maxBytes?: number;
  /** Name of the input (file name), used for a loose file and in messages. */
  name?: string;
  /** What the entries came from (default: 'archive' for bytes, 'files' for entries). */
  source?: BundleSource;
}

const decodeName = (b: Uint8Array): string => decodeUtf8(b);

/**
 * Streaming reader: push decompressed bytes in order, then finish(). Decides tar vs single file on
 * the first block. Memory stays bounded by maxBytes (sizes are checked before data is kept).
 */
export class BundleReader {
  private tar: TarReader | null = null;
  private loose: Uint8Array[] | null = null;
  private looseBytes = 0;
  private head: Uint8Array[] = [];
  private headBytes = 0;
  private readonly notes: string[] = [];
  private done = false;

  constructor(private readonly opts: { maxBytes: number; name: string }) {}

  /** Feeds bytes; returns false once no more input is needed (end of archive reached). */
  push(chunk: Uint8Array): boolean {
    if (this.done) return false;
    if (this.tar) return this.pushTar(chunk);
    if (this.loose) return this.pushLoose(chunk);
    this.head.push(chunk);
    this.headBytes += chunk.length;
    if (this.headBytes < 512) return true;
    return this.decide();
  }

  private decide(): boolean {
    const all = concatBytes(this.head, this.headBytes);
    this.head = [];
    const first = all.subarray(0, 512);
    if (first.length === 512 && (isTarHeader(first) || first.every((b) => b === 0))) {
      this.tar = new TarReader({ maxBytes: this.opts.maxBytes }, decodeName);
      return this.pushTar(all);
    }
    this.loose = [];
    return this.pushLoose(all);
  }

  private pushTar(chunk: Uint8Array): boolean {
    try {
      const more = this.tar!.push(chunk);
      if (!more) this.done = true;
      return more;
    } catch (e) {
      throw toBundleError(e);
    }
  }

  private pushLoose(chunk: Uint8Array): boolean {
    this.looseBytes += chunk.length;
    if (this.looseBytes > this.opts.maxBytes) {
      throw new BundleError(`${this.opts.name}: the input expands beyond the limit of ${this.opts.maxBytes} bytes`, 'limit');
    }
    this.loose!.push(chunk);
    return true;
  }

  /** Notes a problem of the stream below (e.g. a truncated gzip) before finishing. */
  note(message: string): void {
    this.notes.push(message);
  }

  /** Ends the input and returns the entries read. */
  finish(): { entries: RawEntry[]; refused: TarRefusal[]; notes: string[]; archive: boolean } {
    if (!this.tar && !this.loose) {
      if (this.headBytes === 0) throw new BundleError(`${this.opts.name}: the input is empty`, 'empty');
      const all = concatBytes(this.head, this.headBytes);
      this.head = [];
      this.loose = [all];
      this.looseBytes = all.length;
    }
    if (this.tar) {
      try {
        this.tar.end();
      } catch (e) {
        throw toBundleError(e);
      }
      this.done = true;
      return {
        entries: this.tar.entries.map((e) => ({ path: e.path, bytes: e.bytes, truncated: e.truncated })),
        refused: this.tar.refused,
        notes: [...this.notes, ...this.tar.notes],
        archive: true,
      };
    }
    this.done = true;
    const name = this.opts.name.replace(/\.gz$/, '');
    return { entries: [{ path: name, bytes: concatBytes(this.loose!, this.looseBytes), truncated: this.notes.length > 0 }], refused: [], notes: this.notes, archive: false };
  }
}

function toBundleError(e: unknown): BundleError {
  if (e instanceof BundleError) return e;
  if (e instanceof TarLimitError) return new BundleError(e.message, 'limit');
  if (e instanceof TarError) return new BundleError(e.message, 'corrupt');
  return new BundleError(e instanceof Error ? e.message : String(e), 'corrupt');
}

/**
 * Opens a bundle held in memory: tar / tar.gz bytes, one loose file's bytes, or entries.
 * Throws BundleError when it cannot be opened at all (limit, corrupt archive, empty).
 */
export function openBundle(input: Uint8Array | RawEntry[], opts: BundleOptions = {}): Bundle {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
  const name = opts.name ?? 'bundle';
  if (Array.isArray(input)) {
    let total = 0;
    for (const e of input) total += e.bytes.length;
    if (total > maxBytes) throw new BundleError(`${name}: the files hold ${total} bytes, over the limit of ${maxBytes}`, 'limit');
    return assembleBundle(input, { name, source: opts.source ?? 'files', refused: [], notes: [] });
  }
  let data = input;
  if (isGzip(input)) {
    if (!opts.inflate) throw new BundleError(`${name}: gzip data but no inflater was given`, 'gzip');
    try {
      data = opts.inflate(input, { maxOutputBytes: maxBytes });
    } catch (e) {
      const msg = (e as Error).message;
      throw new BundleError(`${name}: ${msg}`, /limit|beyond|too large/i.test(msg) ? 'limit' : 'gzip');
    }
  }
  const reader = new BundleReader({ maxBytes, name });
  reader.push(data);
  const r = reader.finish();
  return assembleBundle(r.entries, { name, source: opts.source ?? (r.archive ? 'archive' : 'files'), refused: r.refused, notes: r.notes });
}

interface Meta {
  name: string;
  source: BundleSource;
  refused: TarRefusal[];
  notes: string[];
}

interface Pending {
  entry: RawEntry;
  path: string;
  base: string;
  dirs: string[];
  name: string;
  kind: FileKind;
  nodePart: string | null;
  how: Classification;
  placed: Placement | null;
  gzip: boolean;
  stamp: string | null;
}

const GO_STAMP = /^(\d{8}-\d{6})-(.+)$/;

/** The node that files naming no node are grouped under. */
export const IMPLICIT_NODE = 'node';

/** Classifies entries into a Bundle (exported for the streaming readers of the hosts). */
export function assembleBundle(entries: RawEntry[], meta: Meta): Bundle {
  const warnings: Diagnostic[] = [];
  for (const n of meta.notes) warnings.push(diagnostic(meta.name, n));
  for (const r of meta.refused) warnings.push(diagnostic(meta.name, `refused '${r.path}': ${r.reason}`, { offset: r.offset }));
  if (entries.length === 0) {
    throw new BundleError(
      meta.refused.length > 0 ? `${meta.name}: every entry was refused (${meta.refused.map((r) => `${r.path}: ${r.reason}`).slice(0, 3).join('; ')})` : `${meta.name}: the archive holds no files`,
      'empty',
    );
  }
  const pending: Pending[] = entries.map((entry) => {
    const parts = entry.path.split('/');
    const base = parts[parts.length - 1]!;
    const stamp = GO_STAMP.exec(base);
    return {
      entry,
      path: entry.path,
      base,
      dirs: parts.slice(0, -1),
      name: stamp ? stamp[2]! : base,
      stamp: stamp ? stamp[1]! : null,
      kind: 'unknown',
      nodePart: null,
      how: 'unknown',
      placed: null,
      gzip: isGzip(entry.bytes),
    };
  });

  // 1. Cluster files by exact name (after an optional prefix): the prefix is what precedes them.
  const prefixes = new Map<string, number>();
  for (const p of pending) {
    for (const [cname, kind] of Object.entries(CLUSTER_NAMES)) {
      if (p.name === cname || (p.name.endsWith(cname) && !p.name.slice(0, -cname.length).includes('/'))) {
        // `<node>.<x>` per-node names never end with a cluster name, except `<node>.operator.log` which no tool writes.
        const pre = p.name.slice(0, p.name.length - cname.length);
        p.kind = kind;
        p.how = 'name';
        p.name = cname;
        prefixes.set(pre, (prefixes.get(pre) ?? 0) + 1);
        break;
      }
    }
  }
  let prefix: string | null = null;
  let best = 0;
  for (const [pre, n] of prefixes) if (n > best || (n === best && pre.length < (prefix ?? '').length)) [prefix, best] = [pre, n];

  // 2. Per-node files `<prefix><node>.<suffix>` (longest suffix wins; node names may contain dots).
  const suffixes = Object.keys(NODE_SUFFIXES).sort((a, b) => b.length - a.length);
  for (const p of pending) {
    if (p.kind !== 'unknown') continue;
    const cap = captureName(p.name);
    if (cap) {
      p.kind = cap.kind;
      p.nodePart = cap.node;
      p.how = 'name';
      if (cap.node) p.placed = 'name';
      continue;
    }
    for (const s of suffixes) {
      if (p.name.length > s.length + 1 && p.name.endsWith('.' + s)) {
        let node = p.name.slice(0, p.name.length - s.length - 1);
        if (prefix && node.startsWith(prefix) && node.length > prefix.length) node = node.slice(prefix.length);
        p.kind = NODE_SUFFIXES[s]!;
        p.nodePart = node;
        p.how = 'name';
        p.placed = 'name';
        p.name = s;
        break;
      }
    }
  }

  // 3. Content: files named by neither tool, and the bash tool's overwritten daemonset file.
  for (const p of pending) {
    if (p.kind === 'daemonset' || p.kind === 'unknown') {
      const sniffed = p.gzip ? null : sniffBytes(p.entry.bytes);
      if (p.kind === 'daemonset') {
        if (sniffed === 'vpp-configmap') p.kind = 'vpp-configmap';
        continue;
      }
      if (sniffed) {
        p.kind = sniffed;
        p.how = 'content';
      } else if (/\.pcap(?:ng)?(?:\.gz)?$/.test(p.base)) {
        p.kind = 'pcap';
        p.how = 'name';
      }
    }
  }

  // 4. Node names: get-nodes is the reference when present.
  const known = new Set<string>();
  const nodesFile = pending.find((p) => p.kind === 'get-nodes' && !p.gzip);
  if (nodesFile) for (const n of parseGetNodes(decodeUtf8(nodesFile.entry.bytes), nodesFile.path).data.nodes) if (n.name) known.add(n.name);
  for (const p of pending) {
    if (!p.nodePart) continue;
    if (known.size > 0 && !known.has(p.nodePart)) {
      const k = [...known].filter((n) => p.nodePart!.endsWith(n)).sort((a, b) => b.length - a.length)[0];
      if (k) p.nodePart = k;
    }
  }
  const nodeNames = new Set<string>(known);
  for (const p of pending) if (p.nodePart && p.how === 'name' && isNodeKind(p.kind) && p.kind !== 'trace') nodeNames.add(p.nodePart);

  // 5. Node files without a node in their name: by folder, by name, or the only node.
  let implicit = false;
  for (const p of pending) {
    if (!isNodeKind(p.kind) || p.nodePart) continue;
    const byDir = [...p.dirs].reverse().find((d) => nodeNames.has(d));
    const byName = [...nodeNames].filter((n) => p.base.includes(n)).sort((a, b) => b.length - a.length)[0];
    if (byDir) {
      p.nodePart = byDir;
      p.placed = 'folder';
    } else if (byName) {
      p.nodePart = byName;
      p.placed = 'name';
    } else if (nodeNames.size === 1) {
      p.nodePart = [...nodeNames][0]!;
      p.placed = 'only-node';
    } else if (nodeNames.size === 0) {
      // Files that name no node at all (loose outputs): grouped under one implicit node.
      p.nodePart = IMPLICIT_NODE;
      p.placed = 'implicit';
      implicit = true;
    }
  }
  if (implicit) warnings.push(diagnostic(meta.name, `no node name found in the file names; node files are grouped under '${IMPLICIT_NODE}'`));

  // 6. Build the bundle.
  const files: BundleFile[] = pending.map((p) => ({
    path: p.path,
    name: p.name,
    kind: p.kind,
    node: isNodeKind(p.kind) ? p.nodePart : null,
    size: p.entry.bytes.length,
    gzip: p.gzip,
    truncated: !!p.entry.truncated,
    how: p.kind === 'unknown' ? 'unknown' : p.how,
    placed: isNodeKind(p.kind) && p.nodePart ? p.placed : null,
    bytes: p.entry.bytes,
  }));
  // Nodes with files only (an `exportnode` bundle lists every node in get-nodes but has one node's files).
  const byNode = new Map<string, BundleFile[]>();
  const cluster: BundleFile[] = [];
  const seen = new Map<string, string>();
  for (const f of files) {
    if (f.kind === 'unknown') {
      warnings.push(diagnostic(f.path, 'not a file this tool recognises (kept, not parsed)'));
      continue;
    }
    if (f.truncated) warnings.push(diagnostic(f.path, 'cut short: the archive ends inside this file'));
    if (f.node) {
      if (!byNode.has(f.node)) byNode.set(f.node, []);
      byNode.get(f.node)!.push(f);
      if (known.size > 0 && !known.has(f.node)) warnings.push(diagnostic(f.path, `node '${f.node}' is not listed by get-nodes`));
      const key = `${f.node}\u0000${f.kind}`;
      if (seen.has(key) && !['trace', 'pcap', 'dispatch-pcap', 'show-ip-fib', 'core'].includes(f.kind)) {
        warnings.push(diagnostic(f.path, `a second '${f.kind}' file for node '${f.node}' (first: ${seen.get(key)})`));
      } else seen.set(key, f.path);
    } else if (isNodeKind(f.kind)) {
      warnings.push(diagnostic(f.path, `could not tell which node this ${f.kind} file belongs to`));
    } else cluster.push(f);
  }
  const nodes: BundleNode[] = [...byNode.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, fs]) => ({ name, files: fs }));

  const stamps = pending.map((p) => p.stamp).filter((s): s is string => s !== null);
  const go = stamps.length > 0 || pending.some((p) => GO_ONLY.has(p.name) || p.dirs.some((d) => /^calico-vpp-export-/.test(d)));
  const bash = !go && files.some((f) => f.how === 'name' && f.kind !== 'trace' && f.kind !== 'pcap' && f.kind !== 'dispatch-pcap');
  const layout: BundleLayout = go ? 'go' : bash ? 'bash' : meta.source === 'files' ? 'files' : 'folder';
  return {
    name: meta.name,
    layout,
    source: meta.source,
    prefix: go ? (stamps[0] ?? null) : prefix ? prefix : null,
    nodes,
    cluster,
    files,
    refused: meta.refused.map((r) => ({ path: r.path, reason: r.reason })),
    warnings,
    totalBytes: files.reduce((s, f) => s + f.size, 0),
  };
}

/** Sniffs a text (for callers that already have text, e.g. a pasted output). */
export function kindOfText(text: string): FileKind {
  return sniffText(text.slice(0, 8192)) ?? 'unknown';
}
