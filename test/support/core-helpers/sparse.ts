// A sparse core for the "read by ranges" tests: a small core whose last PT_LOAD claims 2 GiB over a
// hole (scripts/bench/coredump.ts makes it the same way for the benchmark).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeSmallCore, makeSparseCore } from '../../../scripts/bench/coredump';
import { gdbProblem } from './index';
import { buildSyntheticCore, sampleSpec } from './synthetic';

export { SPARSE_CLAIM } from '../../../scripts/bench/coredump';

/** Writes the sparse core to `out` (a real small core when gcc and gdb work here, else a synthetic one); returns its size. */
export async function makeSparseTestCore(dir: string, out: string): Promise<number> {
  let small = path.join(dir, 'small.core');
  if (gdbProblem() === null) small = await makeSmallCore(dir);
  else writeFileSync(small, buildSyntheticCore(sampleSpec('x86-64')));
  return makeSparseCore(small, out);
}
