// POSIX shell quoting for the commands the guide asks the operator to copy: any path (spaces,
// quotes, $, newlines) survives bash, dash and zsh unchanged.

/** Words that need no quoting: no expansion, globbing, word splitting or comment can touch them. */
const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** One shell word that the shell turns back into exactly `s`. */
export function shellQuote(s: string): string {
  if (s !== '' && SAFE.test(s)) return s;
  return "'" + s.replace(/'/g, "'\\''") + "'";
}

/** A shell variable expanded inside a word, e.g. `{ env: 'PWD' }` → `"$PWD"`. */
export interface ShellVar {
  env: string;
}
export type WordPart = string | ShellVar;

/** One shell word from literal parts and variables: `"$PWD"/'my dir'/x` */
export function shellWord(parts: readonly WordPart[]): string {
  let out = '';
  for (const p of parts) {
    if (typeof p !== 'string') {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.env)) throw new Error(`invalid shell variable name '${p.env}'`);
      out += `"$${p.env}"`;
    } else if (p !== '') out += shellQuote(p);
  }
  return out === '' ? "''" : out;
}

/** A command line from words, each quoted as needed. */
export function shellJoin(words: ReadonlyArray<string | readonly WordPart[]>): string {
  return words.map((w) => (typeof w === 'string' ? shellQuote(w) : shellWord(w))).join(' ');
}
