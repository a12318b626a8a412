// Plain-data bundle model (structured-clonable: it crosses the worker / IPC boundary as is).
import type { Diagnostic } from '../model/diagnostic';
import type { FileKind } from './kinds';

/** How a file's kind was decided. */
export type Classification = 'name' | 'content' | 'unknown';

/** How a node file was placed on its node: its name, its folder, the bundle's only node, or the implicit node. */
export type Placement = 'name' | 'folder' | 'only-node' | 'implicit';

export interface BundleFile {
  /** Path inside the archive / folder (normalised, `/`-separated). */
  path: string;
  /** File name without directories and without the export's prefix. */
  name: string;
  kind: FileKind;
  /** Node the file belongs to; null for cluster files (and node files that could not be placed). */
  node: string | null;
  size: number;
  /** The content is gzip-compressed (captures such as `trace.txt.gz`). */
  gzip: boolean;
  /** The archive ended inside this file. */
  truncated: boolean;
  how: Classification;
  /** Null for cluster files and unplaced node files. */
  placed: Placement | null;
  bytes: Uint8Array;
}

export interface BundleNode {
  name: string;
  files: BundleFile[];
}

export type BundleLayout = 'bash' | 'go' | 'folder' | 'files';
export type BundleSource = 'archive' | 'folder' | 'files';

export interface Bundle {
  name: string;
  /** bash `calivppctl export`, Go `calicovppctl export`, or an unrecognised folder / loose files. */
  layout: BundleLayout;
  source: BundleSource;
  /** The bash export's optional prefix, or the Go export's `YYYYMMDD-HHMMSS` stamp. */
  prefix: string | null;
  nodes: BundleNode[];
  /** Files about the whole cluster (kubectl tables, manifests, operator log…). */
  cluster: BundleFile[];
  /** Every file (nodes' and cluster's included), in archive order. */
  files: BundleFile[];
  /** Archive entries that were refused (unsafe paths, links, devices…). */
  refused: Array<{ path: string; reason: string }>;
  warnings: Diagnostic[];
  totalBytes: number;
}

/** An entry handed to openBundle (a loose file or a file of an unpacked folder). */
export interface RawEntry {
  path: string;
  bytes: Uint8Array;
  truncated?: boolean;
}
