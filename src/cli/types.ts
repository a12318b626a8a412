/** Where a command writes; tests pass their own to capture output. */
export interface CliIO {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  /** Aborted on SIGINT; long commands stop and clean up. */
  signal: AbortSignal;
}

export interface CliCommand {
  name: string;
  /** One line for `vpp-pathviz help`. */
  summary: string;
  /** Usage lines shown by `vpp-pathviz help NAME` and on usage errors. */
  usage: string;
  /** Returns the exit status: 0 ok, 1 unreadable input / failure, 2 usage. */
  run(args: string[], io: CliIO): Promise<number>;
}

/** Thrown by argument parsing; main prints the message and the usage, exits 2. */
export class UsageError extends Error {}
