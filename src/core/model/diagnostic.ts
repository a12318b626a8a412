/** A problem found while reading an input. Errors are data: parsing goes on where it can. */
export interface Diagnostic {
  /** The input's name (a path, or the name of a bundle entry). */
  input: string;
  /** 1-based line number in a text input, when the problem is at a line. */
  line: number | null;
  /** Byte offset in a binary input, when the problem is at a byte. */
  offset: number | null;
  message: string;
}

export function diagnostic(input: string, message: string, at: { line?: number | null; offset?: number | null } = {}): Diagnostic {
  return { input, line: at.line ?? null, offset: at.offset ?? null, message };
}

/** "file:line: message" / "file@offset: message", the form used in CLI and UI error lines. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = d.line != null ? `:${d.line}` : d.offset != null ? ` at byte ${d.offset}` : '';
  return `${d.input}${where}: ${d.message}`;
}
