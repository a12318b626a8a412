// ELF64 little-endian headers of core files: identification, the file header, program headers.
// Pure functions over bytes already read; inspect.ts decides what to read.
import { ByteView } from '../bytes/view';
import type { CoreErrorKind, CoreMachine } from './types';

export const ELF_HEADER_SIZE = 64;
export const PHDR_SIZE = 56;
export const SHDR_SIZE = 64;

export const ET_CORE = 4;
export const EM_X86_64 = 62;
export const EM_AARCH64 = 183;
export const PT_LOAD = 1;
export const PT_NOTE = 4;
/** e_phnum value meaning "the real count is in section header 0's sh_info". */
export const PN_XNUM = 0xffff;

const ET_NAMES: Record<number, string> = { 0: 'ET_NONE (no type)', 1: 'ET_REL (an object file)', 2: 'ET_EXEC (a program)', 3: 'ET_DYN (a shared library or a position-independent program)', 4: 'ET_CORE' };

const EM_NAMES: Record<number, string> = {
  2: 'SPARC', 3: 'x86 (i386)', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC64', 22: 'IBM S/390', 40: 'ARM (32-bit)', 43: 'SPARC V9',
  50: 'IA-64', 62: 'x86-64', 183: 'AArch64', 243: 'RISC-V', 258: 'LoongArch',
};

export function machineName(em: number): string {
  return EM_NAMES[em] ?? `machine ${em}`;
}

/** Well-known compressed formats, so that a compressed core gets a useful message. */
const COMPRESSED: ReadonlyArray<{ magic: number[]; name: string; tool: string }> = [
  { magic: [0x1f, 0x8b], name: 'gzip', tool: 'gunzip' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], name: 'zstd', tool: 'zstd -d' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], name: 'xz', tool: 'xz -d' },
  { magic: [0x04, 0x22, 0x4d, 0x18], name: 'lz4', tool: 'lz4 -d' },
  { magic: [0x42, 0x5a, 0x68], name: 'bzip2', tool: 'bunzip2' },
];

export function compressionOf(head: Uint8Array): { name: string; tool: string } | null {
  for (const c of COMPRESSED) {
    if (head.length >= c.magic.length && c.magic.every((b, i) => head[i] === b)) return { name: c.name, tool: c.tool };
  }
  return null;
}

export interface ElfHeader {
  machine: CoreMachine;
  phoff: number;
  phentsize: number;
  /** As stored; PN_XNUM means "read section header 0". */
  phnum: number;
  shoff: number;
  shentsize: number;
  shnum: number;
}

export type HeaderResult = { ok: true; header: ElfHeader } | { ok: false; kind: CoreErrorKind; message: string; offset: number };

/** True when the bytes start like an ELF core (any class or byte order): for format sniffing. */
export function isElfCore(head: Uint8Array): boolean {
  if (head.length < 18 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return false;
  const le = head[5] === 1;
  const type = le ? head[16]! | (head[17]! << 8) : (head[16]! << 8) | head[17]!;
  return type === ET_CORE;
}

/** Checks identification and reads the ELF64 LE file header from the first 64 bytes. */
export function parseElfHeader(head: Uint8Array, fileSize: number): HeaderResult {
  const fail = (kind: CoreErrorKind, message: string, offset = 0): HeaderResult => ({ ok: false, kind, message, offset });
  if (fileSize === 0) return fail('empty', 'the file is empty');
  if (head.length < 4 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) {
    const c = compressionOf(head);
    if (c) return fail('compressed', `the core is ${c.name}-compressed; decompress it first (${c.tool} FILE) and open the result`);
    return fail('not-elf', 'not an ELF file (no \\x7fELF magic): not a core file');
  }
  if (head.length < 6) return fail('truncated', `the file ends after ${head.length} bytes, inside the ELF identification`);
  const cls = head[4]!;
  const data = head[5]!;
  if (cls === 1) return fail('unsupported', '32-bit ELF (ELFCLASS32) is not supported: only 64-bit cores of x86-64 and aarch64 are', 4);
  if (cls !== 2) return fail('malformed', `invalid ELF class ${cls}`, 4);
  if (data === 2) return fail('unsupported', 'big-endian ELF (ELFDATA2MSB) is not supported: only little-endian cores of x86-64 and aarch64 are', 5);
  if (data !== 1) return fail('malformed', `invalid ELF data encoding ${data}`, 5);
  if (head.length < ELF_HEADER_SIZE) return fail('truncated', `the file ends after ${head.length} bytes, inside the 64-byte ELF header`, head.length);
  const v = new ByteView(head.subarray(0, ELF_HEADER_SIZE));
  const type = v.u16le(16);
  if (type !== ET_CORE) {
    return fail('not-core', `an ELF file of type ${ET_NAMES[type] ?? type}, not a core file (ET_CORE)`, 16);
  }
  const em = v.u16le(18);
  const machine: CoreMachine | null = em === EM_X86_64 ? 'x86-64' : em === EM_AARCH64 ? 'aarch64' : null;
  if (!machine) return fail('unsupported', `a core of ${machineName(em)} is not supported: only x86-64 and aarch64 are`, 18);
  const header: ElfHeader = {
    machine,
    phoff: toNumber(v.u64(32, true)),
    shoff: toNumber(v.u64(40, true)),
    phentsize: v.u16le(54),
    phnum: v.u16le(56),
    shentsize: v.u16le(58),
    shnum: v.u16le(60),
  };
  if (header.phnum !== 0 && header.phentsize < PHDR_SIZE) {
    return fail('malformed', `program header entries of ${header.phentsize} bytes (ELF64 needs ${PHDR_SIZE})`, 54);
  }
  return { ok: true, header };
}

export interface ProgramHeader {
  type: number;
  flags: number;
  offset: number;
  vaddr: bigint;
  filesz: number;
  memsz: number;
  align: number;
}

export function parseProgramHeader(v: ByteView, off: number): ProgramHeader {
  return {
    type: v.u32le(off),
    flags: v.u32le(off + 4),
    offset: toNumber(v.u64(off + 8, true)),
    vaddr: v.u64(off + 16, true),
    filesz: toNumber(v.u64(off + 32, true)),
    memsz: toNumber(v.u64(off + 40, true)),
    align: toNumber(v.u64(off + 48, true)),
  };
}

/**
 * A u64 as a number. Values past 2^53 lose precision but stay huge, so every comparison against a
 * file size still says "too big": that is all a core reader needs from offsets and sizes.
 */
export function toNumber(b: bigint): number {
  return Number(b);
}

/** 0x-prefixed, 16 hex digits: the form gdb and eu-readelf print addresses in. */
export function hex64(b: bigint): string {
  return '0x' + b.toString(16).padStart(16, '0');
}
