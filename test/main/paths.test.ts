import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commandLinePaths } from '../../src/main/paths';

test('command-line paths: flags skipped, development argv has electron and main first', () => {
  assert.deepEqual(commandLinePaths(['/usr/bin/electron', 'dist/main/main.cjs', '--no-sandbox', 'a.pcap', 'bundle.tar.gz'], false), ['a.pcap', 'bundle.tar.gz']);
  assert.deepEqual(commandLinePaths(['/opt/VPP Path Visualizer/vpp-pathviz', '--enable-logging', 'trace.txt'], true), ['trace.txt']);
  assert.deepEqual(commandLinePaths(['app', '--', '-odd-name.txt'], true), ['-odd-name.txt']);
  assert.deepEqual(commandLinePaths(['app', 'x\0y', ''], true), []);
});
