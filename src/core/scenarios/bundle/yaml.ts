// A YAML writer for Kubernetes objects as `kubectl get -o yaml` and sigs.k8s.io/yaml print them
// (go-yaml v2 via JSONToYAML): map keys sorted, sequences at their key's indentation, strings quoted
// when they would read as another type, multi-line strings as `|` / `|-` block scalars.

export type Yaml = string | number | boolean | null | Yaml[] | { [k: string]: Yaml | undefined };

const PLAIN = /^[A-Za-z_./][A-Za-z0-9_./:@-]*(?: [A-Za-z0-9_./:@()-]+)*$/;
const RESERVED = /^(?:true|false|yes|no|on|off|y|n|null|~)$/i;

function scalar(s: string): string {
  if (s === '') return '""';
  if (/^[-+]?(?:\d[\d_]*)(?:\.\d*)?(?:[eE][-+]?\d+)?$/.test(s) || /^0x[0-9a-f]+$/i.test(s) || RESERVED.test(s)) return `"${s}"`;
  if (PLAIN.test(s) && !s.endsWith(':') && !/: |\s#/.test(s)) return s;
  if (!/["\\\n\t]/.test(s) && !s.startsWith("'")) return `'${s.replace(/'/g, "''")}'`;
  return JSON.stringify(s);
}

function emit(v: Yaml, indent: number, out: string[], inSeq: boolean): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(v)) {
    for (const item of v) {
      if (item !== null && typeof item === 'object' && !Array.isArray(item) && Object.keys(item).length > 0) {
        const lines: string[] = [];
        emit(item, indent + 2, lines, true);
        out.push(`${pad}- ${(lines[0] ?? '').trimStart()}`, ...lines.slice(1));
      } else {
        out.push(`${pad}- ${inline(item, indent + 2)}`);
      }
    }
    return;
  }
  if (v !== null && typeof v === 'object') {
    for (const k of Object.keys(v).sort()) {
      const val = v[k];
      if (val === undefined) continue;
      const key = scalar(k);
      if (Array.isArray(val)) {
        if (val.length === 0) out.push(`${pad}${key}: []`);
        else {
          out.push(`${pad}${key}:`);
          emit(val, indent, out, false);
        }
      } else if (val !== null && typeof val === 'object') {
        if (Object.keys(val).length === 0) out.push(`${pad}${key}: {}`);
        else {
          out.push(`${pad}${key}:`);
          emit(val, indent + 2, out, false);
        }
      } else if (typeof val === 'string' && val.includes('\n')) {
        const keep = val.endsWith('\n');
        const body = keep ? val.slice(0, -1) : val;
        out.push(`${pad}${key}: |${keep ? '' : '-'}`);
        for (const l of body.split('\n')) out.push(l === '' ? '' : `${pad}  ${l}`);
      } else {
        out.push(`${pad}${key}: ${inline(val, indent + 2)}`);
      }
    }
    return;
  }
  out.push(`${pad}${inline(v, indent)}`);
  void inSeq;
}

function inline(v: Yaml, _indent: number): string {
  if (v === null) return 'null';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return scalar(v);
  if (Array.isArray(v)) return '[]';
  return '{}';
}

/** The YAML text of an object (ends with a newline). */
export function toYaml(v: Yaml): string {
  const out: string[] = [];
  emit(v, 0, out, false);
  return out.join('\n') + '\n';
}
