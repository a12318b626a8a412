// The CLI's commands, in the order `vpp-pathviz help` lists them. One line per command.
import type { CliCommand } from '../types';

export const commands: CliCommand[] = [
];
