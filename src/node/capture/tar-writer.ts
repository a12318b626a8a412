// A minimal ustar writer (regular files and directories), enough for export archives that GNU tar,
// Go's archive/tar and the bundle reader all open. Long names use the ustar prefix field.

const enc = new TextEncoder();

function field(h: Uint8Array, at: number, len: number, s: string): void {
  const b = enc.encode(s);
  h.set(b.subarray(0, len), at);
}

function octal(h: Uint8Array, at: number, len: number, v: number): void {
  field(h, at, len, v.toString(8).padStart(len - 1, '0') + '\0');
}

function splitName(name: string): { prefix: string; name: string } {
  if (enc.encode(name).length <= 100) return { prefix: '', name };
  for (let i = name.length - 1; i > 0; i--) {
    if (name[i] !== '/') continue;
    const p = name.slice(0, i);
    const n = name.slice(i + 1);
    if (enc.encode(p).length <= 155 && enc.encode(n).length <= 100 && n.length > 0) return { prefix: p, name: n };
  }
  throw new Error(`path too long for a tar archive: ${name}`);
}

export interface TarFile {
  name: string;
  data?: Uint8Array;
  dir?: boolean;
  mtimeMs?: number;
  mode?: number;
}

function header(f: TarFile): Uint8Array {
  const h = new Uint8Array(512);
  const { prefix, name } = splitName(f.dir && !f.name.endsWith('/') ? `${f.name}/` : f.name);
  field(h, 0, 100, name);
  octal(h, 100, 8, f.mode ?? (f.dir ? 0o755 : 0o644));
  octal(h, 108, 8, 0);
  octal(h, 116, 8, 0);
  octal(h, 124, 12, f.dir ? 0 : f.data?.length ?? 0);
  octal(h, 136, 12, Math.floor((f.mtimeMs ?? Date.now()) / 1000));
  h.fill(0x20, 148, 156);
  h[156] = f.dir ? 0x35 : 0x30;
  field(h, 257, 6, 'ustar\0');
  field(h, 263, 2, '00');
  field(h, 265, 32, 'root');
  field(h, 297, 32, 'root');
  field(h, 345, 155, prefix);
  let sum = 0;
  for (const b of h) sum += b;
  field(h, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ');
  return h;
}

/** The tar archive of `files`, in order, with the two zero blocks at the end. */
export function writeTar(files: readonly TarFile[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let n = 0;
  for (const f of files) {
    const h = header(f);
    parts.push(h);
    n += 512;
    if (!f.dir && f.data && f.data.length) {
      parts.push(f.data);
      const pad = (512 - (f.data.length % 512)) % 512;
      parts.push(new Uint8Array(pad));
      n += f.data.length + pad;
    }
  }
  parts.push(new Uint8Array(1024));
  n += 1024;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
