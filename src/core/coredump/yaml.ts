// YAML scalars that mean exactly the given string, whatever it holds.

/** YAML's printable set (c-printable) minus line separators and the BOM, which are escaped too. */
function printable(c: number): boolean {
  if (c === 0x2028 || c === 0x2029 || c === 0xfeff) return false;
  return (c >= 0x20 && c <= 0x7e) || (c >= 0xa0 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);
}

/** A YAML double-quoted scalar for `s`: backslash, quote and every non-printable character escaped. */
export function yamlQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (printable(c)) out += ch;
    else if (c <= 0xff) out += '\\x' + c.toString(16).padStart(2, '0');
    else out += '\\u' + c.toString(16).padStart(4, '0');
  }
  return out + '"';
}
