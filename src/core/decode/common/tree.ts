// The decoded tree: every field keeps the byte range it was read from (absolute offsets in the
// frame, end exclusive), so a hex view can highlight it.

export type FieldValue = string | number | boolean | null;

export interface DecodedField {
  /** Stable machine name, e.g. `ip.src`, `tcp.flags.syn`. */
  name: string;
  /** Human text, e.g. `Source Address: 10.0.0.1`. */
  label: string;
  value: FieldValue;
  start: number;
  end: number;
  children: DecodedField[];
}

export function f(name: string, label: string, value: FieldValue, start: number, end: number, children: DecodedField[] = []): DecodedField {
  return { name, label, value, start, end, children };
}

/** `Label: value` field. */
export function fv(name: string, label: string, value: FieldValue, start: number, end: number, children: DecodedField[] = []): DecodedField {
  return { name, label: `${label}: ${value ?? ''}`, value, start, end, children };
}

export function hex(v: number, digits: number): string {
  return '0x' + v.toString(16).padStart(digits, '0');
}

/** Walks the tree depth-first; returns the first field with that name. */
export function findField(tree: DecodedField[], name: string): DecodedField | null {
  for (const n of tree) {
    if (n.name === name) return n;
    const c = findField(n.children, name);
    if (c) return c;
  }
  return null;
}
