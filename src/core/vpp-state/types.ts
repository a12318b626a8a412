// What every node-state parser returns: the structured data, a command failure when the file holds
// an error message instead of the command's output, and diagnostics (errors are data).
import type { Diagnostic } from '../model/diagnostic';

/** The file said an error instead of output (calicovppctl writes command errors into the file). */
export interface CommandFailure {
  /** The error text, one or more lines joined by newlines. */
  message: string;
  /** 1-based line of the first error line. */
  line: number;
}

export interface Parsed<T> {
  /** The input's name (bundle path or file name). */
  input: string;
  data: T;
  /** Non-null when the file is an error message, not command output; data is then empty. */
  failure: CommandFailure | null;
  diagnostics: Diagnostic[];
}

/** Every row keeps the 1-based line it came from, so the raw text is one click away. */
export interface Lined {
  line: number;
}
