// `vpp-pathviz core`: what a VPP core file says (crashed thread, signal, fault address, plugins)
// and the exact commands to open it with gdb in the matching calicovpp/vpp image.
import path from 'node:path';
import { formatDiagnostic } from '../../core/model/diagnostic';
import {
  buildCoreEnableSnippet,
  buildCoreGuide,
  inspectCore,
  parseVppImage,
  type CoreEnableSnippet,
  type CoreGuide,
  type CoreSummary,
  type VppImage,
} from '../../core/coredump/index';
import { InputError } from '../../node/input';
import { openFileRange } from '../../node/range-reader';
import { optionFlag, optionValue, parseArgs } from '../args';
import { UsageError, type CliCommand, type CliIO } from '../types';

const usage = [
  'usage: vpp-pathviz core FILE [--image REF] [--json]',
  '       vpp-pathviz core --enable-cores HOST_DIR [--container-dir DIR] [--json]',
  '',
  'Summarises a VPP core file (ELF core of x86-64 or aarch64): the crashed thread, the signal and',
  'fault address, the executable and the VPP plugins, then prints the commands that open it with gdb',
  'in the calicovpp/vpp image that crashed. The file is read by ranges, never loaded whole.',
  '',
  '  --image REF          the vpp container\'s image, e.g. calicovpp/vpp:v3.29.0 (or just v3.29.0),',
  '                       optionally with @sha256:DIGEST',
  '  --json               print JSON (see docs/cli.md)',
  '  --enable-cores DIR   print the DaemonSet patch that makes VPP leave cores in DIR on each node',
  '  --container-dir DIR  where DIR is mounted in the vpp container (default /home/hostuser)',
].join('\n');

/** The JSON of `core FILE --json` (documented in docs/cli.md). */
export function coreJson(s: CoreSummary, guide: CoreGuide) {
  return {
    file: s.file,
    command: s.command,
    pid: s.pid,
    signal: s.signal ? { number: s.signal.number, name: s.signal.name, description: s.signal.description } : null,
    crashingThread: s.crashingThread,
    threads: s.threads.map((t) => ({ tid: t.tid, pc: t.pc, sp: t.sp, crashed: t.crashed })),
    mappedFiles: s.mappedFiles,
    looksLikeVpp: s.looksLikeVpp,
    commands: guide.commands,
    size: s.size,
    machine: s.machine,
    arguments: s.arguments,
    executable: s.executable,
    signalCode: s.signalCode,
    faultAddress: s.faultAddress,
    plugins: s.plugins.map((p) => p.path),
    buildIds: s.buildIds,
    vppEvidence: s.vppEvidence,
    truncated: s.truncated,
    warnings: [...s.warnings, ...guide.warnings],
    hints: guide.hints,
    diagnostics: s.diagnostics.map(formatDiagnostic),
    image: guide.image,
    guide: { imageNeeded: guide.imageNeeded, imageReminder: guide.imageReminder, steps: guide.steps, runtimes: guide.runtimes, gdbChecklist: guide.gdbChecklist, reportCommand: guide.reportCommand },
  };
}

function mb(n: number): string {
  return n >= 1024 ** 3 ? `${(n / 1024 ** 3).toFixed(2)} GB` : n >= 1024 ** 2 ? `${(n / 1024 ** 2).toFixed(1)} MB` : `${n} bytes`;
}

function indent(lines: string[], by = '  '): string[] {
  return lines.map((l) => (l === '' ? l : by + l));
}

/** Multi-line commands (heredocs) keep their shape under a `$ ` prompt. */
function cmd(c: string): string[] {
  const [first, ...rest] = c.split('\n');
  return [`$ ${first}`, ...rest.map((r) => `  ${r}`)];
}

export function coreText(s: CoreSummary, guide: CoreGuide): string {
  const out: string[] = [];
  const row = (k: string, v: string) => out.push(`  ${k.padEnd(15)}${v}`);
  out.push(`${s.file}: core of ${s.command || '?'} (pid ${s.pid}), ${s.machine}, ${mb(s.size)}`);
  if (s.arguments) row('command line', s.arguments);
  if (s.executable) {
    const id = s.buildIds.find((b) => b.path === s.executable);
    row('executable', s.executable + (id ? ` (build ID ${id.buildId})` : ''));
  }
  if (s.signal) {
    const extra = [s.signalCode, s.faultAddress ? `fault address ${s.faultAddress}` : null].filter(Boolean).join(', ');
    row('signal', `${s.signal.name} (${s.signal.number}): ${s.signal.description}${extra ? `; ${extra}` : ''}`);
  } else row('signal', 'none (taken from a running process)');
  const crashed = s.threads.find((t) => t.crashed);
  if (crashed) row('crashed thread', `${crashed.tid}${crashed.tid === s.pid ? ' (the main thread)' : ''}, pc ${crashed.pc ?? '?'}, sp ${crashed.sp ?? '?'}`);
  out.push(`  threads (${s.threads.length}):`);
  const shown = s.threads.slice(0, 64);
  for (const t of shown) out.push(`    ${String(t.tid).padStart(8)}  pc ${t.pc ?? '?'}  sp ${t.sp ?? '?'}${t.crashed ? '  <- crashed' : ''}`);
  if (s.threads.length > shown.length) out.push(`    … ${s.threads.length - shown.length} more`);
  row('looks like VPP', s.looksLikeVpp ? `yes: ${s.vppEvidence.join('; ')}` : 'no');
  if (s.plugins.length > 0) row(`plugins (${s.plugins.length})`, s.plugins.map((p) => p.name).join(', '));
  row('mapped files', `${s.mappedFiles.length}`);
  if (s.truncated) row('truncated', `yes: ${mb(s.size)} of ${mb(s.segments.expectedFileSize)}`);
  const warnings = [...s.warnings, ...guide.warnings];
  if (warnings.length > 0) out.push('', 'warnings:', ...warnings.map((w) => `  - ${w}`));
  if (s.diagnostics.length > 0) out.push('', 'problems in the file:', ...s.diagnostics.map((d) => `  - ${formatDiagnostic(d)}`));
  if (guide.hints.length > 0) out.push('', 'where to look:', ...guide.hints.map((h) => `  - ${h}`));
  out.push('', 'Open it with gdb in the same image:');
  guide.steps.forEach((st, i) => {
    out.push('', `${i + 1}. ${st.title}`);
    if (st.id === 'checklist') {
      for (const c of guide.gdbChecklist) out.push(`  (gdb) ${c.command.padEnd(20)}${c.what}`, `        ${''.padEnd(20)}look for: ${c.lookFor}`);
      return;
    }
    out.push(...indent([st.body]), ...indent(st.commands.flatMap(cmd)));
    if (st.id === 'container') {
      for (const r of guide.runtimes.filter((x) => x.runtime !== 'docker')) out.push(`  ${r.runtime}: ${r.note}`, ...indent(cmd(r.command)));
    }
  });
  out.push('', 'No core next time? vpp-pathviz core --enable-cores DIR prints the DaemonSet patch that turns cores on.');
  return out.join('\n') + '\n';
}

export function enableText(s: CoreEnableSnippet): string {
  return [
    `# VPP cores will be written to ${s.hostDir} on each node (${s.containerDir} in the vpp container).`,
    `# Save as ${s.patchFileName}:`,
    '',
    s.patchYaml,
    '# Commands:',
    ...s.commands.flatMap(cmd),
    '',
    ...s.notes.map((n) => `# ${n}`),
    '',
  ].join('\n');
}

async function runEnable(dir: string, containerDir: string | null, json: boolean, io: CliIO): Promise<number> {
  const r = buildCoreEnableSnippet({ hostDir: dir, containerDir: containerDir ?? undefined });
  if (!r.ok) throw new UsageError(r.error);
  io.stdout(json ? JSON.stringify(r.snippet, null, 2) + '\n' : enableText(r.snippet));
  return 0;
}

export const coreCommand: CliCommand = {
  name: 'core',
  summary: 'summarise a VPP core file and print the gdb commands to open it in the matching image',
  usage,
  async run(args, io) {
    const p = parseArgs(args, { image: { value: true }, json: { value: false }, 'enable-cores': { value: true }, 'container-dir': { value: true } });
    const json = optionFlag(p, 'json');
    const enable = optionValue(p, 'enable-cores');
    if (enable !== null) {
      if (p.positional.length > 0) throw new UsageError('--enable-cores takes no FILE');
      return runEnable(enable, optionValue(p, 'container-dir'), json, io);
    }
    if (optionValue(p, 'container-dir') !== null) throw new UsageError('--container-dir goes with --enable-cores');
    if (p.positional.length !== 1) throw new UsageError(p.positional.length === 0 ? 'give the core FILE' : 'give one core FILE');
    const file = p.positional[0]!;
    let image: VppImage | null = null;
    const imageText = optionValue(p, 'image');
    if (imageText !== null) {
      const r = parseVppImage(imageText, 'user');
      if (!r.ok) throw new UsageError(`--image: ${r.error}`);
      image = r.image;
    }
    const abs = path.resolve(io.cwd, file);
    let reader;
    try {
      reader = await openFileRange(abs);
    } catch (e) {
      if (e instanceof InputError) {
        io.stderr(`vpp-pathviz core: ${file}: ${e.message.slice(e.path.length + 2)}\n`);
        return 1;
      }
      throw e;
    }
    let result;
    try {
      result = await inspectCore(reader, { name: file, cancel: io.signal });
    } finally {
      await reader.close();
    }
    if (!result.ok) {
      io.stderr(`vpp-pathviz core: ${formatDiagnostic(result.error)}\n`);
      return 1;
    }
    const guide = buildCoreGuide({ corePath: abs, image, summary: result.summary });
    io.stdout(json ? JSON.stringify(coreJson(result.summary, guide), null, 2) + '\n' : coreText(result.summary, guide));
    return 0;
  },
};
