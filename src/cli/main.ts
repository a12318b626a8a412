// vpp-pathviz: the headless command line over core + node. See docs/cli.md.
import { commands } from './commands/index';
import { UsageError, type CliIO } from './types';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.name.length), 4);
  return [
    'usage: vpp-pathviz COMMAND [ARGS…]',
    '',
    'commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    `  ${'help'.padEnd(width)}  show this help, or a command's usage (help COMMAND)`,
    '',
    'See docs/cli.md for every command, its options and its JSON output.',
  ].join('\n');
}

export async function main(argv: string[], io?: Partial<CliIO>): Promise<number> {
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  const real: CliIO = {
    stdout: io?.stdout ?? ((t) => void process.stdout.write(t)),
    stderr: io?.stderr ?? ((t) => void process.stderr.write(t)),
    cwd: io?.cwd ?? process.cwd(),
    signal: io?.signal ?? controller.signal,
  };
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    const cmd = rest[0] ? commands.find((c) => c.name === rest[0]) : undefined;
    real.stdout((cmd ? cmd.usage : helpText()) + '\n');
    return name ? 0 : 2;
  }
  const cmd = commands.find((c) => c.name === name);
  if (!cmd) {
    real.stderr(`vpp-pathviz: unknown command '${name}'\n\n${helpText()}\n`);
    return 2;
  }
  if (!io?.signal) process.once('SIGINT', onSigint);
  try {
    return await cmd.run(rest, real);
  } catch (e) {
    if (e instanceof UsageError) {
      real.stderr(`vpp-pathviz ${cmd.name}: ${e.message}\n${cmd.usage}\n`);
      return 2;
    }
    real.stderr(`vpp-pathviz ${cmd.name}: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
}
