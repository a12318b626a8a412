import { UsageError } from './types';

export interface OptionSpec {
  /** Takes a value (`--out F`, `--out=F`) or is a flag. */
  value: boolean;
  /** May be given several times (values collected). */
  repeat?: boolean;
}

export interface ParsedArgs {
  positional: string[];
  options: Map<string, string[]>;
  /** Everything after a bare `--`, untouched. */
  rest: string[] | null;
}

/** Parses `--name value`, `--name=value`, flags and positionals; unknown options are usage errors. */
export function parseArgs(args: string[], spec: Record<string, OptionSpec>): ParsedArgs {
  const positional: string[] = [];
  const options = new Map<string, string[]>();
  let rest: string[] | null = null;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      rest = args.slice(i + 1);
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = a.slice(2, eq >= 0 ? eq : undefined);
      const s = spec[name];
      if (!s) throw new UsageError(`unknown option --${name}`);
      let v = 'true';
      if (s.value) {
        if (eq >= 0) v = a.slice(eq + 1);
        else {
          const next = args[i + 1];
          if (next === undefined) throw new UsageError(`--${name} needs a value`);
          v = next;
          i++;
        }
      } else if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      const prev = options.get(name);
      if (prev && !s.repeat) throw new UsageError(`--${name} given twice`);
      options.set(name, [...(prev ?? []), v]);
    } else positional.push(a);
  }
  return { positional, options, rest };
}

export function optionValue(p: ParsedArgs, name: string): string | null {
  const v = p.options.get(name);
  return v ? v[v.length - 1]! : null;
}

export function optionFlag(p: ParsedArgs, name: string): boolean {
  return p.options.has(name);
}

export function optionInt(p: ParsedArgs, name: string, min = 0, max = Number.MAX_SAFE_INTEGER): number | null {
  const v = optionValue(p, name);
  if (v === null) return null;
  if (!/^\d+$/.test(v)) throw new UsageError(`--${name} takes a whole number, not '${v}'`);
  const n = Number(v);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}`);
  return n;
}
