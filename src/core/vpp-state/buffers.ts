// `show buffers` (pool table) and the per-node accounting table of `show buffer trace verbose`.
// Source: FDio/vpp src/vlib/buffer.c (show_buffers, format_vlib_buffer_pool).
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { isBlank, splitLines } from './text';
import type { Lined, Parsed } from './types';

export interface BufferPool extends Lined {
  name: string;
  index: number;
  numa: number;
  /** Buffer size including headers. */
  size: number;
  dataSize: number;
  total: number;
  avail: number;
  cached: number;
  used: number;
}

export interface BufferNodeAccounting extends Lined {
  node: string;
  allocated: number;
  freed: number;
  in: number;
  out: number;
  buffered: number;
}

export interface ShowBuffers {
  pools: BufferPool[];
  /** `show buffer trace verbose` second table. */
  nodes: BufferNodeAccounting[];
  /** `thread <i> <cached>` rows of `show buffers detail`, attached to the previous pool by line. */
  threadCaches: Array<Lined & { pool: string; thread: number; cached: number }>;
}

const POOL = /^\s*(\S+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*$/;
const ACCT = /^\s*(\S+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s+(-?\d+)\s*$/;

/** `show buffers`. */
export function parseShowBuffers(text: string, input = 'show-buffers'): Parsed<ShowBuffers> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowBuffers = { pools: [], nodes: [], threadCaches: [] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let table: 'pools' | 'nodes' = 'pools';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) continue;
    if (/^\s*Pool Name\s+Index/.test(line)) {
      table = 'pools';
      continue;
    }
    if (/^\s*Node\s+Allocated\s+Freed/.test(line)) {
      table = 'nodes';
      continue;
    }
    let m: RegExpExecArray | null;
    if (table === 'pools' && (m = POOL.exec(line))) {
      const n = m.slice(2).map(Number);
      data.pools.push({
        line: ln,
        name: m[1]!,
        index: n[0]!,
        numa: n[1]!,
        size: n[2]!,
        dataSize: n[3]!,
        total: n[4]!,
        avail: n[5]!,
        cached: n[6]!,
        used: n[7]!,
      });
      continue;
    }
    if (table === 'pools' && (m = /^\s+thread (\d+)\s+(\d+)\s*$/.exec(line))) {
      const pool = data.pools[data.pools.length - 1];
      if (pool) data.threadCaches.push({ line: ln, pool: pool.name, thread: Number(m[1]), cached: Number(m[2]) });
      continue;
    }
    if (table === 'nodes' && (m = ACCT.exec(line))) {
      data.nodes.push({
        line: ln,
        node: m[1]!,
        allocated: Number(m[2]),
        freed: Number(m[3]),
        in: Number(m[4]),
        out: Number(m[5]),
        buffered: Number(m[6]),
      });
      continue;
    }
    diagnostics.push(diagnostic(input, `unrecognised buffers line: ${line.trim().slice(0, 60)}`, { line: ln }));
  }
  return { input, data, failure: null, diagnostics };
}
