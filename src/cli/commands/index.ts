// The CLI's commands, in the order `vpp-pathviz help` lists them. One line per command.
import type { CliCommand } from '../types';
import { analyzeCommand } from './analyze';
import { serveCommand } from './serve';
import { coreCommand } from './core';
import { testClusterCommand } from './test-cluster';
import { nodesCommand } from './nodes';
import { vppctlCommand } from './vppctl';
import { logCommand } from './log';
import { captureCommand } from './capture';
import { exportCommand } from './export';
import { exportPcapCommand } from './export-pcap';
import { lessonCommand } from './lesson';
import { explainCommand } from './explain';
import { diffCommand } from './diff';

export const commands: CliCommand[] = [
  analyzeCommand,
  serveCommand,
  coreCommand,
  nodesCommand,
  vppctlCommand,
  logCommand,
  captureCommand,
  exportCommand,
  exportPcapCommand,
  explainCommand,
  lessonCommand,
  diffCommand,
  testClusterCommand,
];
