// GNU build IDs of the ELF files mapped in the process, read from the ELF headers the kernel keeps
// in the core (the first page of each mapped ELF file, coredump_filter bit 4). They tell whether the
// binaries inside an image are the ones that crashed; gdb checks the same thing.
import { ByteView, toHex } from '../bytes/view';
import { PT_LOAD, PT_NOTE } from './elf';
import type { CoreMemory } from './memory';
import { iterateNotes, NT_GNU_BUILD_ID } from './notes';

const MAX_PHNUM = 256;
const MAX_NOTE_BYTES = 8192;

/** The build ID of the ELF image mapped at `base` (its offset-0 mapping), or null when not in the core. */
export async function buildIdAt(memory: CoreMemory, base: bigint): Promise<string | null> {
  const ehdr = await memory.read(base, 64);
  if (!ehdr || ehdr[0] !== 0x7f || ehdr[1] !== 0x45 || ehdr[2] !== 0x4c || ehdr[3] !== 0x46 || ehdr[4] !== 2 || ehdr[5] !== 1) return null;
  const h = new ByteView(ehdr);
  const phoff = h.u64(32, true);
  const phentsize = h.u16le(54);
  const phnum = h.u16le(56);
  if (phentsize < 56 || phnum === 0 || phnum > MAX_PHNUM || phoff > 1n << 32n) return null;
  const ph = await memory.read(base + phoff, phnum * phentsize);
  if (!ph) return null;
  const v = new ByteView(ph);
  let firstLoad: bigint | null = null;
  const notes: Array<{ vaddr: bigint; size: number; align: 4 | 8 }> = [];
  for (let i = 0; i < phnum; i++) {
    const o = i * phentsize;
    const type = v.u32le(o);
    const offset = v.u64(o + 8, true);
    const vaddr = v.u64(o + 16, true);
    if (type === PT_LOAD && firstLoad === null && offset === 0n) firstLoad = vaddr;
    if (type === PT_NOTE) notes.push({ vaddr, size: Math.min(Number(v.u64(o + 32, true)), MAX_NOTE_BYTES), align: v.u64(o + 48, true) === 8n ? 8 : 4 });
  }
  if (firstLoad === null) return null;
  const bias = base - firstLoad;
  for (const n of notes) {
    const bytes = await memory.read(BigInt.asUintN(64, bias + n.vaddr), n.size);
    if (!bytes) continue;
    for (const note of iterateNotes(bytes, 0, n.align, () => {})) {
      if (note.name === 'GNU' && note.type === NT_GNU_BUILD_ID && note.desc.length > 0) return toHex(note.desc.bytes);
    }
  }
  return null;
}
