// inspectCore: what a Linux ELF core says about the crash, read by ranges (headers, notes and a few
// pages of memory), never loaded whole. Bad input gives an error result, never an exception or a hang.
import type { RangeSource } from '../bytes/source';
import { ByteView } from '../bytes/view';
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { decodeUtf8 } from '../text/utf8';
import { buildIdAt } from './build-id';
import { ELF_HEADER_SIZE, parseElfHeader, parseProgramHeader, PN_XNUM, PT_LOAD, PT_NOTE, SHDR_SIZE } from './elf';
import { CoreMemory } from './memory';
import {
  decodeAuxv,
  decodeFileNote,
  decodePrPsInfo,
  decodePrStatus,
  decodeSigInfo,
  expectedPrStatusSize,
  iterateNotes,
  NT_AUXV,
  NT_FILE,
  NT_PRPSINFO,
  NT_PRSTATUS,
  NT_SIGINFO,
  toCoreMapping,
  type FileMapping,
  type PrPsInfo,
} from './notes';
import { CoreFailure, CoreReader, type Cancel } from './reader';
import { AT_ENTRY, AT_EXECFN, coreSignal, SIGQUIT } from './signals';
import type { CoreErrorKind, CoreFileNameHint, CoreInspection, CoreSigInfo, CoreSummary, CoreThread } from './types';
import { baseName, vppEvidence, vppPlugins } from './vpp';

/** Limits that keep hostile files from costing unbounded time or memory. */
export const CORE_LIMITS = {
  /** Program headers accepted (real VPP cores have a few thousand). */
  maxProgramHeaders: 1 << 20,
  /** Program headers read per range. */
  programHeaderChunk: 4096,
  /** Bytes of note segments read. */
  maxNoteBytes: 64 * 1024 * 1024,
  /** Threads listed. */
  maxThreads: 1 << 16,
  /** Mapped files whose build ID is looked up. */
  maxBuildIds: 512,
  /** Diagnostics kept. */
  maxDiagnostics: 200,
};

export interface InspectOptions {
  /** The input's name (path or bundle entry), used in diagnostics and for the `vppcore.%e.%p` hint. */
  name: string;
  /** Checked between reads; an aborted inspection returns kind 'cancelled'. */
  cancel?: Cancel;
  /** Look up build IDs of mapped ELF files (a few small reads per file). Default true. */
  buildIds?: boolean;
}

/** Reads the summary of a core through `source`. Never throws; reads only headers, notes and a few pages. */
export async function inspectCore(source: RangeSource, options: InspectOptions): Promise<CoreInspection> {
  const name = options.name;
  const fail = (kind: CoreErrorKind, message: string, offset: number | null): CoreInspection => ({ ok: false, kind, error: diagnostic(name, message, { offset }) });
  try {
    return await inspect(new CoreReader(source, options.cancel), options);
  } catch (e) {
    if (e instanceof CoreFailure) return fail(e.kind, e.message, e.offset);
    return fail('malformed', `could not read the core: ${e instanceof Error ? e.message : String(e)}`, null);
  }
}

/** `vppcore.vpp_wk_0.1234` → the crashing thread's name and the pid (CALICOVPP_CORE_PATTERN's %e.%p). */
export function parseCoreFileName(name: string): CoreFileNameHint | null {
  const m = /^(?:[\w-]*core)\.(.+)\.(\d+)$/.exec(baseName(name));
  return m ? { threadName: m[1]!, pid: Number(m[2]) } : null;
}

interface NoteSegment {
  offset: number;
  filesz: number;
  align: 4 | 8;
}

async function inspect(reader: CoreReader, options: InspectOptions): Promise<CoreInspection> {
  const name = options.name;
  const size = reader.size;
  const diagnostics: Diagnostic[] = [];
  const problem = (message: string, offset: number | null) => {
    if (diagnostics.length < CORE_LIMITS.maxDiagnostics) diagnostics.push(diagnostic(name, message, { offset }));
    else if (diagnostics.length === CORE_LIMITS.maxDiagnostics) diagnostics.push(diagnostic(name, 'further problems are not listed'));
  };

  const head = await reader.read(0, ELF_HEADER_SIZE);
  const hr = parseElfHeader(head, size);
  if (!hr.ok) throw new CoreFailure(hr.kind, hr.message, hr.offset);
  const h = hr.header;

  // Program headers: PN_XNUM moves the count to section header 0.
  let phnum = h.phnum;
  if (phnum === PN_XNUM) {
    if (h.shoff === 0 || h.shoff + SHDR_SIZE > size) {
      throw new CoreFailure(h.shoff + SHDR_SIZE > size ? 'truncated' : 'malformed', `e_phnum is PN_XNUM (more than 65534 segments) but section header 0, which holds the real count, is not in the file (e_shoff ${h.shoff})`, 40);
    }
    const sh = new ByteView(await reader.read(h.shoff, SHDR_SIZE), h.shoff);
    phnum = sh.u32le(44);
  }
  if (phnum === 0) throw new CoreFailure('malformed', 'the core has no program headers, so no notes and no memory', 56);
  if (phnum > CORE_LIMITS.maxProgramHeaders) {
    throw new CoreFailure('unsupported', `the core claims ${phnum} program headers, more than the ${CORE_LIMITS.maxProgramHeaders} accepted`, 56);
  }
  const phEnd = h.phoff + phnum * h.phentsize;
  if (phEnd > size) {
    throw new CoreFailure('truncated', `the ${phnum} program headers (${h.phentsize} bytes each at offset ${h.phoff}) end at byte ${phEnd}, past the end of the file (${size} bytes)`, h.phoff);
  }

  const loadVaddr = new BigUint64Array(phnum);
  const loadOffset = new Float64Array(phnum);
  const loadFilesz = new Float64Array(phnum);
  let loads = 0;
  const noteSegs: NoteSegment[] = [];
  let fileBytes = 0;
  let memoryBytes = 0;
  let expectedFileSize = phEnd;
  for (let first = 0; first < phnum; first += CORE_LIMITS.programHeaderChunk) {
    const n = Math.min(CORE_LIMITS.programHeaderChunk, phnum - first);
    const at = h.phoff + first * h.phentsize;
    const v = new ByteView(await reader.read(at, n * h.phentsize), at);
    for (let i = 0; i < n; i++) {
      const ph = parseProgramHeader(v, i * h.phentsize);
      if (ph.type !== PT_LOAD && ph.type !== PT_NOTE) continue;
      if (ph.filesz > 0) expectedFileSize = Math.max(expectedFileSize, ph.offset + ph.filesz);
      fileBytes += ph.filesz;
      if (ph.type === PT_NOTE) noteSegs.push({ offset: ph.offset, filesz: ph.filesz, align: ph.align === 8 ? 8 : 4 });
      else {
        memoryBytes += ph.memsz;
        loadVaddr[loads] = ph.vaddr;
        loadOffset[loads] = ph.offset;
        loadFilesz[loads] = ph.filesz;
        loads++;
      }
    }
  }
  // gdb writes a section header table after everything else: a cut there is a truncation too.
  if (h.shoff > 0 && h.shnum > 0) expectedFileSize = Math.max(expectedFileSize, h.shoff + h.shnum * h.shentsize);
  const truncated = expectedFileSize > size;
  if (noteSegs.length === 0) throw new CoreFailure('malformed', 'the core has no PT_NOTE segment: no threads, no process information', h.phoff);

  // Notes.
  const threads: CoreThread[] = [];
  let psinfo: PrPsInfo | null = null;
  let fileMappings: FileMapping[] | null = null;
  let auxv: ReturnType<typeof decodeAuxv> | null = null;
  const orphanSiginfos: CoreSigInfo[] = [];
  let noteBudget = CORE_LIMITS.maxNoteBytes;
  let prstatusSizeReported = false;
  let threadsCapped = false;
  const prstatusSize = expectedPrStatusSize(h.machine);
  for (const seg of noteSegs) {
    if (seg.offset >= size) {
      problem(`note segment at offset ${seg.offset} (${seg.filesz} bytes) lies past the end of the file`, seg.offset);
      continue;
    }
    let len = Math.min(seg.filesz, size - seg.offset);
    if (len < seg.filesz) problem(`note segment of ${seg.filesz} bytes is cut at the end of the file after ${len} bytes`, seg.offset);
    if (len > noteBudget) {
      problem(`note segments exceed ${CORE_LIMITS.maxNoteBytes} bytes; only the first ${noteBudget} bytes of this one are read`, seg.offset);
      len = noteBudget;
    }
    noteBudget -= len;
    const bytes = await reader.read(seg.offset, len);
    for (const note of iterateNotes(bytes, seg.offset, seg.align, problem)) {
      if (note.name !== 'CORE') continue;
      switch (note.type) {
        case NT_PRSTATUS: {
          const st = decodePrStatus(note.desc, h.machine);
          if (!st) {
            problem(`NT_PRSTATUS note of ${note.desc.length} bytes is too short to hold a thread id`, note.offset);
            break;
          }
          if (note.desc.length !== prstatusSize && !prstatusSizeReported) {
            prstatusSizeReported = true;
            problem(`NT_PRSTATUS note of ${note.desc.length} bytes (a ${h.machine} core has ${prstatusSize}): registers may be misread`, note.offset);
          }
          if (threads.length >= CORE_LIMITS.maxThreads) {
            if (!threadsCapped) problem(`more than ${CORE_LIMITS.maxThreads} threads: the rest are not listed`, note.offset);
            threadsCapped = true;
            break;
          }
          threads.push({ tid: st.tid, pc: st.pc, sp: st.sp, cursig: st.cursig, crashed: false, siginfo: null });
          break;
        }
        case NT_PRPSINFO:
          if (psinfo) problem('a second NT_PRPSINFO note is ignored', note.offset);
          else psinfo = decodePrPsInfo(note.desc);
          break;
        case NT_SIGINFO: {
          const si = decodeSigInfo(note.desc);
          if (!si) problem(`NT_SIGINFO note of ${note.desc.length} bytes is too short`, note.offset);
          else {
            const last = threads[threads.length - 1];
            if (last && !last.siginfo) last.siginfo = si;
            else orphanSiginfos.push(si);
          }
          break;
        }
        case NT_FILE:
          if (fileMappings) problem('a second NT_FILE note is ignored', note.offset);
          else fileMappings = decodeFileNote(note.desc, (m) => problem(m, note.offset));
          break;
        case NT_AUXV:
          if (auxv) problem('a second NT_AUXV note is ignored', note.offset);
          else auxv = decodeAuxv(note.desc);
          break;
        default:
          break;
      }
    }
  }
  if (threads.length === 0 && !psinfo) {
    throw new CoreFailure(truncated ? 'truncated' : 'malformed', truncated ? `the core is truncated (${size} of ${expectedFileSize} bytes) before its process notes (NT_PRSTATUS, NT_PRPSINFO)` : 'the core holds no NT_PRSTATUS or NT_PRPSINFO note: not a Linux process core', noteSegs[0]!.offset);
  }
  if (!psinfo) problem('no NT_PRPSINFO note: the command name and arguments are unknown', null);
  if (threads.length === 0) problem('no NT_PRSTATUS note: no thread is listed', null);

  // The crash: the kernel (and gdb) write the thread that took the signal first.
  const crashed = threads.find((t) => t.cursig !== 0) ?? null;
  if (crashed) crashed.crashed = true;
  const signal = crashed ? coreSignal(crashed.cursig) : null;
  const siginfo = crashed ? (crashed.siginfo?.signo === crashed.cursig ? crashed.siginfo : ([...threads.map((t) => t.siginfo), ...orphanSiginfos].find((s) => s?.signo === crashed.cursig) ?? null)) : null;

  // Mappings, executable, memory.
  const mappings = fileMappings ?? [];
  const mappedFiles: string[] = [];
  const seen = new Set<string>();
  for (const m of mappings) {
    if (!seen.has(m.path)) {
      seen.add(m.path);
      mappedFiles.push(m.path);
    }
  }
  const memory = new CoreMemory(reader, loadVaddr, loadOffset, loadFilesz, loads);
  let executable: string | null = null;
  const entry = auxv?.values.get(AT_ENTRY);
  if (entry !== undefined && entry !== 0n) executable = mappings.find((m) => m.start <= entry && entry < m.end)?.path ?? null;
  const execfn = auxv?.values.get(AT_EXECFN);
  if (!executable && execfn !== undefined && execfn !== 0n) {
    const s = await memory.readCString(execfn);
    if (s && s.length > 0) executable = decodeUtf8(s);
  }
  if (!executable && mappings.length > 0) executable = mappings[0]!.path;

  const buildIds: CoreSummary['buildIds'] = [];
  if (options.buildIds !== false) {
    const firstAtZero = new Map<string, bigint>();
    for (const m of mappings) if (m.fileOffset === 0n && !firstAtZero.has(m.path)) firstAtZero.set(m.path, m.start);
    let looked = 0;
    for (const [path, base] of firstAtZero) {
      if (looked++ >= CORE_LIMITS.maxBuildIds) break;
      const id = await buildIdAt(memory, base);
      if (id) buildIds.push({ path, buildId: id });
    }
  }

  const command = psinfo?.command ?? '';
  const pid = psinfo?.pid ?? threads[0]?.tid ?? 0;
  const plugins = vppPlugins(mappedFiles);
  const evidence = vppEvidence(command, executable, mappedFiles, plugins);
  const fileNameHint = parseCoreFileName(name);

  const warnings: string[] = [];
  if (evidence.length === 0) {
    warnings.push(`This core does not look like VPP: the command is '${command || '?'}', the executable ${executable ?? 'is unknown'}, and no VPP library or plugin is mapped (VPP runs as vpp_main from /usr/bin/vpp). The gdb steps still apply, with that program instead of vpp.`);
  }
  if (!signal) warnings.push('No thread was handling a signal when this core was written: it was taken from a running process (gcore), not left by a crash.');
  else if (signal.number === SIGQUIT) warnings.push('SIGQUIT: someone asked for this core (kill -3); it is not necessarily a crash.');
  if (truncated) {
    warnings.push(`The file is ${size} bytes but its headers and segments need ${expectedFileSize}: the core is truncated (disk full, a size limit, or an interrupted copy). gdb will miss memory and backtraces may be incomplete.`);
  }
  if (!fileMappings) warnings.push('The core has no NT_FILE note (mapped files): the executable and the plugins cannot be listed.');
  if (fileNameHint?.pid != null && pid !== 0 && fileNameHint.pid !== pid) {
    warnings.push(`The file name says pid ${fileNameHint.pid} but the core is of pid ${pid}: it was renamed, or comes from another process than its name says.`);
  }

  const summary: CoreSummary = {
    file: name,
    size,
    machine: h.machine,
    command,
    arguments: psinfo?.arguments ?? '',
    pid,
    ppid: psinfo?.ppid ?? null,
    uid: psinfo?.uid ?? null,
    gid: psinfo?.gid ?? null,
    signal,
    signalCode: siginfo?.codeName ?? null,
    faultAddress: siginfo?.faultAddress ?? null,
    crashingThread: crashed?.tid ?? null,
    threads,
    mappedFiles,
    mappings: mappings.map(toCoreMapping),
    executable,
    plugins,
    auxv: auxv?.entries ?? [],
    buildIds,
    looksLikeVpp: evidence.length > 0,
    vppEvidence: evidence,
    fileNameHint,
    segments: { load: loads, notes: noteSegs.length, fileBytes, memoryBytes, expectedFileSize },
    truncated,
    warnings,
    diagnostics,
  };
  return { ok: true, summary };
}
