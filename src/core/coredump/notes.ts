// ELF notes of Linux cores: the walk over a PT_NOTE segment and the decoders of the notes that say
// what crashed. Layouts are the kernel's (include/uapi/linux/elfcore.h, elf_prstatus / elf_prpsinfo,
// siginfo_t, the NT_FILE table of fs/binfmt_elf.c) for 64-bit x86-64 and aarch64.
import { ByteView } from '../bytes/view';
import { decodeUtf8 } from '../text/utf8';
import { hex64, toNumber } from './elf';
import { auxvName, FAULT_SIGNALS, signalCodeName } from './signals';
import type { CoreAuxvEntry, CoreMachine, CoreMapping, CoreSigInfo } from './types';

export const NT_PRSTATUS = 1;
export const NT_PRPSINFO = 3;
export const NT_AUXV = 6;
export const NT_SIGINFO = 0x53494749;
export const NT_FILE = 0x46494c45;
export const NT_GNU_BUILD_ID = 3;

export interface RawNote {
  name: string;
  type: number;
  /** Absolute file offset of the note header. */
  offset: number;
  desc: ByteView;
}

export type NoteProblem = (message: string, offset: number) => void;

/**
 * Walks the notes in `bytes` (a PT_NOTE segment that starts at file offset `base`). A note whose
 * sizes run past the segment ends the walk with a problem report; the walk always advances.
 */
export function* iterateNotes(bytes: Uint8Array, base: number, align: 4 | 8, problem: NoteProblem): Generator<RawNote> {
  const v = new ByteView(bytes, base);
  // Arithmetic, not bit masks: sizes up to 2^32 - 1 must not wrap.
  const pad = (n: number) => Math.ceil(n / align) * align;
  let off = 0;
  while (off < bytes.length) {
    if (bytes.length - off < 12) {
      problem(`${bytes.length - off} stray byte(s) at the end of the note segment (a note header needs 12)`, base + off);
      return;
    }
    const namesz = v.u32le(off);
    const descsz = v.u32le(off + 4);
    const type = v.u32le(off + 8);
    const nameOff = off + 12;
    const descOff = nameOff + pad(namesz);
    if (nameOff + namesz > bytes.length || descOff > bytes.length || descOff + descsz > bytes.length) {
      problem(`note of type 0x${type.toString(16)} claims a ${namesz}-byte name and ${descsz} bytes of data, past the end of its note segment (${bytes.length - off} bytes left)`, base + off);
      return;
    }
    let nameEnd = nameOff + namesz;
    while (nameEnd > nameOff && bytes[nameEnd - 1] === 0) nameEnd--;
    let name = '';
    for (let i = nameOff; i < nameEnd; i++) name += String.fromCharCode(bytes[i]!);
    yield { name, type, offset: base + off, desc: v.sub(descOff, descsz) };
    off = Math.min(bytes.length, descOff + pad(descsz));
  }
}

/** A NUL-terminated string inside `len` bytes at `off` (lossy UTF-8). */
function cString(v: ByteView, off: number, len: number): string {
  const avail = Math.max(0, Math.min(len, v.length - off));
  if (avail === 0) return '';
  const b = v.slice(off, avail);
  const nul = b.indexOf(0);
  return decodeUtf8(nul >= 0 ? b.subarray(0, nul) : b);
}

export interface PrStatus {
  tid: number;
  cursig: number;
  pc: string | null;
  sp: string | null;
}

/** Where pr_reg puts the program counter and stack pointer: byte offsets inside elf_prstatus. */
const REGS: Record<CoreMachine, { size: number; pc: number; sp: number }> = {
  // pr_reg starts at 112; x86-64 user_regs_struct: rip is register 16, rsp register 19.
  'x86-64': { size: 336, pc: 112 + 16 * 8, sp: 112 + 19 * 8 },
  // aarch64 user_pt_regs: x0..x30, sp (31), pc (32), pstate.
  aarch64: { size: 392, pc: 112 + 32 * 8, sp: 112 + 31 * 8 },
};

export function expectedPrStatusSize(machine: CoreMachine): number {
  return REGS[machine].size;
}

/** NT_PRSTATUS, or null when the note is too short to hold even the thread id. */
export function decodePrStatus(d: ByteView, machine: CoreMachine): PrStatus | null {
  if (d.length < 36) return null;
  const r = REGS[machine];
  const reg = (off: number) => (d.has(off, 8) ? hex64(d.u64(off, true)) : null);
  return { tid: d.i32(32, true), cursig: d.u16le(12), pc: reg(r.pc), sp: reg(r.sp) };
}

export interface PrPsInfo {
  command: string;
  arguments: string;
  pid: number | null;
  ppid: number | null;
  uid: number | null;
  gid: number | null;
}

export function decodePrPsInfo(d: ByteView): PrPsInfo {
  const i32 = (off: number) => (d.has(off, 4) ? d.i32(off, true) : null);
  const u32 = (off: number) => (d.has(off, 4) ? d.u32le(off) : null);
  return {
    command: cString(d, 40, 16),
    arguments: cString(d, 56, 80).trimEnd(),
    pid: i32(24),
    ppid: i32(28),
    uid: u32(16),
    gid: u32(20),
  };
}

/** NT_SIGINFO (a siginfo_t), or null when shorter than its three leading ints. */
export function decodeSigInfo(d: ByteView): CoreSigInfo | null {
  if (d.length < 12) return null;
  const signo = d.i32(0, true);
  const errno = d.i32(4, true);
  const code = d.i32(8, true);
  const cn = signalCodeName(signo, code);
  const fault = code > 0 && FAULT_SIGNALS.has(signo) && d.has(16, 8);
  const sent = (code === 0 || code === -1 || code === -6) && d.has(16, 8);
  return {
    signo,
    errno,
    code,
    codeName: cn?.name ?? null,
    codeDescription: cn?.description ?? null,
    faultAddress: fault ? hex64(d.u64(16, true)) : null,
    senderPid: sent ? d.i32(16, true) : null,
    senderUid: sent ? d.u32le(20) : null,
  };
}

export interface FileMapping {
  start: bigint;
  end: bigint;
  /** In bytes. */
  fileOffset: bigint;
  path: string;
}

/** NT_FILE: count, page size, count × (start, end, page offset), then count NUL-terminated paths. */
export function decodeFileNote(d: ByteView, problem: (message: string) => void): FileMapping[] {
  if (d.length < 16) {
    problem(`NT_FILE note of ${d.length} bytes is shorter than its 16-byte header`);
    return [];
  }
  const declared = d.u64(0, true);
  const pageSize = d.u64(8, true);
  const fit = Math.floor((d.length - 16) / 24);
  let count = toNumber(declared);
  if (count > fit) {
    problem(`NT_FILE note declares ${declared} mappings but its ${d.length} bytes hold at most ${fit}`);
    count = fit;
  }
  const out: FileMapping[] = [];
  let s = 16 + count * 24;
  let short = false;
  for (let i = 0; i < count; i++) {
    const e = 16 + i * 24;
    let path = '';
    if (s < d.length) {
      const nul = d.indexOf(0, s);
      const end = nul < 0 ? d.length : nul;
      path = decodeUtf8(d.slice(s, end - s));
      s = end + 1;
    } else if (!short) {
      short = true;
      problem(`NT_FILE note ends before the path of mapping ${i + 1} of ${count}`);
    }
    out.push({ start: d.u64(e, true), end: d.u64(e + 8, true), fileOffset: BigInt.asUintN(64, d.u64(e + 16, true) * pageSize), path });
  }
  return out;
}

export function toCoreMapping(m: FileMapping): CoreMapping {
  return { start: hex64(m.start), end: hex64(m.end), fileOffset: hex64(m.fileOffset), path: m.path };
}

/** NT_AUXV: (type, value) pairs of u64 up to AT_NULL. */
export function decodeAuxv(d: ByteView): { entries: CoreAuxvEntry[]; values: Map<number, bigint> } {
  const entries: CoreAuxvEntry[] = [];
  const values = new Map<number, bigint>();
  for (let off = 0; off + 16 <= d.length; off += 16) {
    const t = d.u64(off, true);
    if (t === 0n) break;
    const type = t > 0xffffffffn ? -1 : Number(t);
    const value = d.u64(off + 8, true);
    entries.push({ type, name: type < 0 ? `AT_0x${t.toString(16)}` : auxvName(type), value: hex64(value) });
    if (type >= 0 && !values.has(type)) values.set(type, value);
  }
  return { entries, values };
}
