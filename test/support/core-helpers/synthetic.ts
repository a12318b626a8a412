// Synthetic ELF64 little-endian cores built from the kernel's struct layouts (elf_prstatus,
// elf_prpsinfo, siginfo_t, NT_FILE, auxv) for x86-64 and aarch64: for architectures this machine
// cannot produce and for mutation tests. eu-readelf checks that they are what they claim to be.

export interface SynthThread {
  tid: number;
  cursig: number;
  pc: bigint;
  sp: bigint;
}

export interface SynthCore {
  machine: 'x86-64' | 'aarch64';
  pid: number;
  command: string;
  args: string;
  threads: SynthThread[];
  /** Written after the first thread's NT_PRSTATUS, as the kernel does. */
  siginfo?: { signo: number; code: number; addr: bigint };
  files: Array<{ start: bigint; end: bigint; pageOffset: bigint; path: string }>;
  auxv: Array<[number, bigint]>;
  loads: Array<{ vaddr: bigint; data: Uint8Array; memsz?: number }>;
  /** Put the note segment after the memory (as gdb does) instead of before it (as the kernel does). */
  notesLast?: boolean;
}

const EM = { 'x86-64': 62, aarch64: 183 };

class Out {
  bytes: number[] = [];
  u8(v: number) {
    this.bytes.push(v & 0xff);
  }
  u16(v: number) {
    this.u8(v);
    this.u8(v >> 8);
  }
  u32(v: number) {
    for (let i = 0; i < 4; i++) this.u8(Number((BigInt(v) >> BigInt(8 * i)) & 0xffn));
  }
  u64(v: bigint | number) {
    const b = BigInt.asUintN(64, BigInt(v));
    for (let i = 0; i < 8; i++) this.u8(Number((b >> BigInt(8 * i)) & 0xffn));
  }
  raw(b: ArrayLike<number>) {
    for (let i = 0; i < b.length; i++) this.u8(b[i]!);
  }
  zeros(n: number) {
    for (let i = 0; i < n; i++) this.u8(0);
  }
  pad(align: number) {
    while (this.bytes.length % align) this.u8(0);
  }
}

function ascii(s: string, len: number): number[] {
  const b = Array.from(new TextEncoder().encode(s)).slice(0, len);
  while (b.length < len) b.push(0);
  return b;
}

function note(out: Out, name: string, type: number, desc: number[]): void {
  const nb = new TextEncoder().encode(name);
  out.u32(nb.length + 1);
  out.u32(desc.length);
  out.u32(type);
  out.raw(nb);
  out.u8(0);
  out.pad(4);
  out.raw(desc);
  out.pad(4);
}

function prstatus(machine: SynthCore['machine'], pid: number, t: SynthThread): number[] {
  const o = new Out();
  o.u32(t.cursig); // si_signo
  o.u32(0); // si_code
  o.u32(0); // si_errno
  o.u16(t.cursig); // pr_cursig
  o.u16(0);
  o.u64(0); // sigpend
  o.u64(0); // sighold
  o.u32(t.tid);
  o.u32(t.tid === pid ? 1 : 0); // ppid
  o.u32(pid); // pgrp
  o.u32(pid); // sid
  o.zeros(64); // 4 timevals
  const nregs = machine === 'x86-64' ? 27 : 34;
  const regs: bigint[] = new Array<bigint>(nregs).fill(0n);
  if (machine === 'x86-64') {
    regs[16] = t.pc;
    regs[19] = t.sp;
  } else {
    regs[31] = t.sp;
    regs[32] = t.pc;
  }
  for (const r of regs) o.u64(r);
  o.u32(1); // fpvalid
  o.pad(8);
  return o.bytes;
}

export function buildSyntheticCore(c: SynthCore): Uint8Array {
  const notes = new Out();
  c.threads.forEach((t, i) => {
    note(notes, 'CORE', 1, prstatus(c.machine, c.pid, t));
    if (i === 0) {
      const ps = new Out();
      ps.u8(0);
      ps.u8(0x52); // 'R'
      ps.u8(0);
      ps.u8(0);
      ps.zeros(4);
      ps.u64(0x400600);
      ps.u32(0); // uid
      ps.u32(0); // gid
      ps.u32(c.pid);
      ps.u32(1);
      ps.u32(c.pid);
      ps.u32(c.pid);
      ps.raw(ascii(c.command, 16));
      ps.raw(ascii(c.args, 80));
      note(notes, 'CORE', 3, ps.bytes);
      if (c.siginfo) {
        const si = new Out();
        si.u32(c.siginfo.signo);
        si.u32(0);
        si.u32(c.siginfo.code);
        si.u32(0);
        si.u64(c.siginfo.addr);
        si.zeros(128 - 24);
        note(notes, 'CORE', 0x53494749, si.bytes);
      }
      const av = new Out();
      for (const [k, v] of c.auxv) {
        av.u64(k);
        av.u64(v);
      }
      av.u64(0);
      av.u64(0);
      note(notes, 'CORE', 6, av.bytes);
      const f = new Out();
      f.u64(c.files.length);
      f.u64(4096);
      for (const m of c.files) {
        f.u64(m.start);
        f.u64(m.end);
        f.u64(m.pageOffset);
      }
      for (const m of c.files) {
        f.raw(new TextEncoder().encode(m.path));
        f.u8(0);
      }
      f.pad(4);
      note(notes, 'CORE', 0x46494c45, f.bytes);
    }
  });
  const phnum = 1 + c.loads.length;
  const headerEnd = 64 + phnum * 56;
  const noteBytes = notes.bytes;
  const loadSizes = c.loads.map((l) => l.data.length);
  const loadTotal = loadSizes.reduce((a, b) => a + b, 0);
  const noteOff = c.notesLast ? headerEnd + loadTotal : headerEnd;
  let loadOff = c.notesLast ? headerEnd : headerEnd + noteBytes.length;

  const out = new Out();
  out.raw([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]);
  out.zeros(8);
  out.u16(4); // ET_CORE
  out.u16(EM[c.machine]);
  out.u32(1);
  out.u64(0); // entry
  out.u64(64); // phoff
  out.u64(0); // shoff
  out.u32(0);
  out.u16(64);
  out.u16(56);
  out.u16(phnum);
  out.u16(64);
  out.u16(0);
  out.u16(0);
  // PT_NOTE
  out.u32(4);
  out.u32(4);
  out.u64(noteOff);
  out.u64(0);
  out.u64(0);
  out.u64(noteBytes.length);
  out.u64(0);
  out.u64(4);
  for (const l of c.loads) {
    out.u32(1);
    out.u32(6);
    out.u64(loadOff);
    out.u64(l.vaddr);
    out.u64(0);
    out.u64(l.data.length);
    out.u64(l.memsz ?? l.data.length);
    out.u64(4096);
    loadOff += l.data.length;
  }
  if (c.notesLast) {
    for (const l of c.loads) out.raw(l.data);
    out.raw(noteBytes);
  } else {
    out.raw(noteBytes);
    for (const l of c.loads) out.raw(l.data);
  }
  return Uint8Array.from(out.bytes);
}

/** A small aarch64 VPP-like crash: SIGSEGV in worker 2 of 4 threads, with VPP libraries and plugins. */
export function sampleSpec(machine: SynthCore['machine'] = 'aarch64'): SynthCore {
  const exe = '/usr/bin/vpp';
  const lib = machine === 'aarch64' ? '/usr/lib/aarch64-linux-gnu' : '/usr/lib/x86_64-linux-gnu';
  const execfn = new Uint8Array(64);
  execfn.set(new TextEncoder().encode(exe));
  return {
    machine,
    pid: 4242,
    command: 'vpp_main',
    args: '/usr/bin/vpp -c /etc/vpp/startup.conf',
    threads: [
      { tid: 4245, cursig: 11, pc: 0xaaaa00001234n, sp: 0xffff80001000n },
      { tid: 4242, cursig: 11, pc: 0xaaaa00005678n, sp: 0xffffc0002000n },
      { tid: 4243, cursig: 11, pc: 0xaaaa00009abcn, sp: 0xffff90003000n },
      { tid: 4244, cursig: 11, pc: 0xaaaa0000def0n, sp: 0xffffa0004000n },
    ],
    siginfo: { signo: 11, code: 1, addr: 0x10n },
    files: [
      { start: 0xaaaa00000000n, end: 0xaaaa00010000n, pageOffset: 0n, path: exe },
      { start: 0xffff00000000n, end: 0xffff00100000n, pageOffset: 0n, path: `${lib}/libvnet.so.24.10` },
      { start: 0xffff10000000n, end: 0xffff10010000n, pageOffset: 0n, path: `${lib}/vpp_plugins/acl_plugin.so` },
      { start: 0xffff10010000n, end: 0xffff10020000n, pageOffset: 16n, path: `${lib}/vpp_plugins/acl_plugin.so` },
      { start: 0xffff20000000n, end: 0xffff20010000n, pageOffset: 0n, path: `${lib}/vpp_plugins/calico_plugin.so` },
    ],
    auxv: [
      [6, 4096n],
      [9, 0xaaaa00001000n],
      [31, 0xffffc0010000n],
    ],
    loads: [{ vaddr: 0xffffc0010000n, data: execfn }],
  };
}
