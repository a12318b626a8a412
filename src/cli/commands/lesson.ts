// `vpp-pathviz lesson list [--json]` and `vpp-pathviz lesson export NAME --out FILE(.html|.md)`: the
// training lessons generated from the simulator, listed or written as one self-contained HTML page or
// Markdown. See docs/cli.md, section "Training".
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { getLesson, lessonList, lessonNames, lessonToHtml, lessonToMarkdown } from '../../core/training';
import { optionFlag, optionValue, parseArgs } from '../args';
import { UsageError, type CliCommand } from '../types';

const usage = [
  'usage: vpp-pathviz lesson list [--json]',
  '       vpp-pathviz lesson export NAME --out FILE [--format html|md]',
  '',
  'Training lessons generated from the scenario simulator: a packet\'s path through VPP, narrated hop',
  'by hop on a real-looking `show trace`, with questions and the commands to try on a real cluster.',
  '',
  '  list            the lessons (name, title, steps, questions)',
  '    --json        print [{"name","title","steps","questions"}]',
  '  export NAME     write one lesson',
  '    --out FILE    .html (one self-contained page: inline SVG, no external resources) or .md',
  '    --format F    html or md, when FILE has another extension',
  '',
  'Exit status: 0 done, 1 the file could not be written, 2 usage error (unknown lesson, options).',
].join('\n');

/** The export format from --format or the file extension. */
export function exportFormat(out: string, format: string | null): 'html' | 'md' {
  if (format !== null) {
    if (format === 'html' || format === 'md') return format;
    throw new UsageError(`--format must be html or md, not '${format}'`);
  }
  const ext = path.extname(out).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'md';
  throw new UsageError(`cannot tell the format from '${out}': use a .html or .md file name, or --format html|md`);
}

export const lessonCommand: CliCommand = {
  name: 'lesson',
  summary: 'training lessons: list them, export one as HTML or Markdown',
  usage,
  async run(args, io) {
    const [sub, ...rest] = args;
    if (sub === 'list') {
      const p = parseArgs(rest, { json: { value: false } });
      if (p.positional.length > 0 || p.rest) throw new UsageError('lesson list takes no arguments');
      const list = lessonList();
      if (optionFlag(p, 'json')) {
        io.stdout(JSON.stringify(list) + '\n');
        return 0;
      }
      const w = Math.max(...list.map((l) => l.name.length), 4);
      const lines = [`${'NAME'.padEnd(w)}  STEPS  QUESTIONS  TITLE`, ...list.map((l) => `${l.name.padEnd(w)}  ${String(l.steps).padStart(5)}  ${String(l.questions).padStart(9)}  ${l.title}`)];
      io.stdout(lines.join('\n') + '\n');
      return 0;
    }
    if (sub === 'export') {
      const p = parseArgs(rest, { out: { value: true }, format: { value: true } });
      if (p.rest) throw new UsageError('unexpected arguments after --');
      if (p.positional.length !== 1) throw new UsageError('give exactly one lesson NAME (see `vpp-pathviz lesson list`)');
      const name = p.positional[0]!;
      const out = optionValue(p, 'out');
      if (out === null) throw new UsageError('--out FILE is required');
      const format = exportFormat(out, optionValue(p, 'format'));
      if (!lessonNames().includes(name)) throw new UsageError(`unknown lesson '${name}'; lessons: ${lessonNames().join(', ')}`);
      const lesson = getLesson(name)!;
      const text = format === 'html' ? lessonToHtml(lesson) : lessonToMarkdown(lesson);
      const abs = path.resolve(io.cwd, out);
      try {
        writeFileSync(abs, text);
      } catch (e) {
        io.stderr(`vpp-pathviz lesson: cannot write ${out}: ${(e as Error).message}\n`);
        return 1;
      }
      io.stdout(`wrote lesson ${name} to ${out} (${format === 'html' ? 'HTML' : 'Markdown'}, ${lesson.steps.length} steps, ${lesson.questions.length} questions)\n`);
      return 0;
    }
    throw new UsageError(sub ? `unknown subcommand '${sub}' (list or export)` : 'give a subcommand: list or export');
  },
};
