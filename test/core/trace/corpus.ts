// Where the shared corpus of real VPP outputs lives (never copied into the repository).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');
export const traceDir = path.join(corpusDir, 'trace');

export function traceFiles(): string[] {
  return readdirSync(traceDir).filter((f) => f.endsWith('.txt')).sort();
}

export function readTrace(name: string): string {
  return readFileSync(path.join(traceDir, name), 'utf8');
}
