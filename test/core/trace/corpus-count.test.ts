// Every real trace of the corpus parses, and the packets and their node sequences equal an
// independent count made here with a deliberately different method: split on line breaks and test
// each line with whole-line regular expressions (the parser scans with indexOf / char codes).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrace } from '../../../src/core/trace';
import { readTrace, traceFiles } from './corpus';

const HEADER = /^(?:\d\d:\d\d:\d\d:\d{6}|\d+\.\d{6}|\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}): (\S.*?)\s*$/;
const PACKET = /^Packet \d+\s*$/;
const THREAD = /-{3,} Start of thread \d+ \S+ -{3,}/;
const END_MARK = /^(?:No packets in trace buffer|Limiting display to \d+ packets)/;

/** Node sequences of the packets, counted by a plain line scan. */
function independentCount(text: string): string[][] {
  const packets: string[][] = [];
  let cur: string[] | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (THREAD.test(line) || END_MARK.test(line)) {
      cur = null;
      continue;
    }
    if (PACKET.test(line)) {
      cur = [];
      packets.push(cur);
      continue;
    }
    const m = HEADER.exec(line);
    if (m) {
      if (cur === null) {
        cur = [];
        packets.push(cur);
      }
      cur.push(m[1]!);
    }
  }
  return packets;
}

describe('corpus traces: packet and node counts match an independent line scan', () => {
  const files = traceFiles();
  test('the corpus is there', () => {
    assert.ok(files.length >= 25, `expected the shared trace corpus, found ${files.length} files`);
  });
  for (const f of files) {
    test(f, () => {
      const text = readTrace(f);
      const r = parseTrace(f, text);
      const expected = independentCount(text);
      assert.equal(r.packets.length, expected.length, 'packet count');
      assert.deepEqual(
        r.packets.map((p) => p.hops.map((h) => h.node)),
        expected,
        'node sequence of every packet',
      );
      // every header line of the file is one hop somewhere (nothing lost, nothing invented)
      const headerLines = text.split(/\r?\n/).filter((l) => HEADER.test(l)).length;
      assert.equal(r.packets.reduce((n, p) => n + p.hops.length, 0), headerLines);
      assert.equal(r.lineCount, text.endsWith('\n') ? text.split('\n').length - 1 : text.split('\n').length);
    });
  }
});
