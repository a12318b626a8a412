// Runtime validators for IPC arguments. The renderer is untrusted: every argument that crosses into
// main or the web server is checked against one of these before a handler sees it. Validators are
// small composable functions that return the value (typed) or throw an IpcError naming the path.
import { IpcError } from './errors';

/** Checks `value` (found at `at`, e.g. `arg.path`) and returns it typed, or throws IpcError('invalid-argument'). */
export type Check<T> = (value: unknown, at: string) => T;

function fail(at: string, what: string): never {
  throw new IpcError('invalid-argument', `${at}: ${what}`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'bytes';
  return typeof v === 'object' ? 'an object' : `${typeof v}`;
}

export function str(opts: { max?: number; min?: number; pattern?: RegExp } = {}): Check<string> {
  const max = opts.max ?? 4096;
  return (v, at) => {
    if (typeof v !== 'string') return fail(at, `expected a string, got ${describe(v)}`);
    if (v.length > max) return fail(at, `longer than ${max} characters`);
    if (opts.min !== undefined && v.length < opts.min) return fail(at, `shorter than ${opts.min} characters`);
    if (v.includes('\0')) return fail(at, 'contains a NUL character');
    if (opts.pattern && !opts.pattern.test(v)) return fail(at, `does not match ${opts.pattern}`);
    return v;
  };
}

export function int(opts: { min?: number; max?: number } = {}): Check<number> {
  const min = opts.min ?? Number.MIN_SAFE_INTEGER;
  const max = opts.max ?? Number.MAX_SAFE_INTEGER;
  return (v, at) => {
    if (typeof v !== 'number' || !Number.isInteger(v)) return fail(at, `expected a whole number, got ${describe(v)}`);
    if (v < min || v > max) return fail(at, `must be between ${min} and ${max}`);
    return v;
  };
}

export const bool: Check<boolean> = (v, at) => (typeof v === 'boolean' ? v : fail(at, `expected true or false, got ${describe(v)}`));

export function oneOf<const T extends readonly string[]>(...values: T): Check<T[number]> {
  return (v, at) => (typeof v === 'string' && (values as readonly string[]).includes(v) ? (v as T[number]) : fail(at, `expected one of ${values.join(', ')}`));
}

export function bytes(opts: { max?: number } = {}): Check<Uint8Array> {
  const max = opts.max ?? 1024 ** 3;
  return (v, at) => {
    if (!(v instanceof Uint8Array)) return fail(at, `expected bytes, got ${describe(v)}`);
    if (v.length > max) return fail(at, `more than ${max} bytes`);
    return v;
  };
}

export function arrayOf<T>(item: Check<T>, opts: { max?: number } = {}): Check<T[]> {
  const max = opts.max ?? 10_000;
  return (v, at) => {
    if (!Array.isArray(v)) return fail(at, `expected an array, got ${describe(v)}`);
    if (v.length > max) return fail(at, `more than ${max} items`);
    return v.map((x, i) => item(x, `${at}[${i}]`));
  };
}

export function optional<T>(c: Check<T>): Check<T | undefined> & { optional: true } {
  const f = ((v: unknown, at: string) => (v === undefined ? undefined : c(v, at))) as Check<T | undefined> & { optional: true };
  f.optional = true;
  return f;
}

/** The value or null (required key: use optional() for keys that may be absent). */
export function nullable<T>(c: Check<T>): Check<T | null> {
  return (v, at) => (v === null ? null : c(v, at));
}

type Shape = Record<string, Check<unknown>>;
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends { optional: true } ? K : never }[keyof S];
type Out<S extends Shape> = { [K in Exclude<keyof S, OptionalKeys<S>>]: S[K] extends Check<infer T> ? T : never } & {
  [K in OptionalKeys<S>]?: S[K] extends Check<infer T> ? T : never;
};
type Simplify<T> = { [K in keyof T]: T[K] };

/** A plain object with exactly these keys (unknown keys are refused, so nothing unchecked slips through). */
export function object<S extends Shape>(shape: S): Check<Simplify<Out<S>>> {
  return (v, at) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) return fail(at, `expected an object, got ${describe(v)}`);
    const proto = Object.getPrototypeOf(v) as unknown;
    if (proto !== Object.prototype && proto !== null) return fail(at, 'expected a plain object');
    const rec = v as Record<string, unknown>;
    for (const k of Object.keys(rec)) if (!Object.prototype.hasOwnProperty.call(shape, k)) fail(`${at}.${k}`, 'is not an accepted field');
    const out: Record<string, unknown> = {};
    for (const [k, c] of Object.entries(shape)) {
      const x = c(rec[k], `${at}.${k}`);
      if (x !== undefined) out[k] = x;
    }
    return out as Simplify<Out<S>>;
  };
}

/** The empty argument `{}` of methods that need none. */
export const empty: Check<Record<string, never>> = object({}) as Check<Record<string, never>>;
