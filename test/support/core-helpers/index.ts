// Real core files for the core-dump tests: C helpers compiled with gcc into a temp dir, cores taken
// with gdb's gcore, by the kernel on a real SIGSEGV, or by gdb at the crash; eu-readelf's text output
// parsed as the independent oracle.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = path.dirname(fileURLToPath(import.meta.url));
export const THREADS_C = path.join(here, 'threads.c');
export const PLUGIN_C = path.join(here, 'plugin.c');

export function hasCommand(cmd: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
}

/** Why real cores cannot be made here, or null. */
export function toolsMissing(): string | null {
  const missing = ['gcc', 'gdb', 'gcore', 'eu-readelf'].filter((c) => !hasCommand(c));
  return missing.length > 0 ? `needs ${missing.join(', ')} (Debian: gcc gdb elfutils)` : null;
}

function hasCapSysPtrace(): boolean {
  try {
    const m = /CapEff:\s*([0-9a-f]+)/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? (BigInt('0x' + m[1]) & (1n << 19n)) !== 0n : false;
  } catch {
    return false;
  }
}

function yamaScope(): number | null {
  try {
    return Number(readFileSync('/proc/sys/kernel/yama/ptrace_scope', 'utf8').trim());
  } catch {
    return null; // no Yama: classic ptrace rules, the same uid may attach
  }
}

/**
 * Why gcore cannot attach to a helper (not its child), or null. The helpers call
 * prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY), which is enough under Yama scope 1.
 */
export function ptraceProblem(): string | null {
  const scope = yamaScope();
  if (scope === 3) return 'kernel.yama.ptrace_scope is 3: no process may attach with ptrace, so gcore cannot run';
  if (scope === 2 && !hasCapSysPtrace()) return 'kernel.yama.ptrace_scope is 2 and this process lacks CAP_SYS_PTRACE: gcore cannot attach';
  return null;
}

/** Why gdb cannot make cores here (tools missing, ptrace disabled), or null. */
export function gdbProblem(): string | null {
  return toolsMissing() ?? (yamaScope() === 3 ? 'kernel.yama.ptrace_scope is 3: gdb cannot trace the programs it runs' : null);
}

export interface Helpers {
  dir: string;
  /** The helper named like VPP's main thread. */
  vppMain: string;
  /** The same program under a name that does not look like VPP. */
  plain: string;
  /** A shared object under DIR/vpp_plugins/, loaded with `dlopen PATH`. */
  plugin: string;
}

export async function buildHelpers(dir: string): Promise<Helpers> {
  mkdirSync(path.join(dir, 'vpp_plugins'), { recursive: true });
  const vppMain = path.join(dir, 'vpp_main');
  const plain = path.join(dir, 'pathviz_sleepy');
  const plugin = path.join(dir, 'vpp_plugins', 'pathviz_test_plugin.so');
  await Promise.all([
    run('gcc', ['-O0', '-g', '-pthread', '-o', vppMain, THREADS_C, '-ldl']),
    run('gcc', ['-O0', '-g', '-pthread', '-o', plain, THREADS_C, '-ldl']),
    run('gcc', ['-O0', '-shared', '-fPIC', '-o', plugin, PLUGIN_C]),
  ]);
  return { dir, vppMain, plain, plugin };
}

export interface LiveHelper {
  pid: number;
  /** Main thread first, then the workers in creation order. */
  tids: number[];
  kill(): void;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function parseReady(line: string): { pid: number; tids: number[] } | null {
  const m = /^ready (\d+)((?: \d+)+)$/m.exec(line);
  if (!m) return null;
  return { pid: Number(m[1]), tids: m[2]!.trim().split(' ').map(Number) };
}

/** Starts a helper and waits for its "ready" line. */
export function startHelper(exe: string, args: string[], cwd: string, timeoutMs = 10_000): Promise<LiveHelper> {
  return new Promise((resolve, reject) => {
    const child = spawn(exe, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('exit', (code, signal) => res({ code, signal })));
    let out = '';
    let err = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${exe} did not get ready: ${err}`));
    }, timeoutMs);
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const r = parseReady(out);
      if (r) {
        clearTimeout(timer);
        resolve({ ...r, kill: () => child.kill('SIGKILL'), exited });
      }
    });
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    void exited.then((x) => {
      clearTimeout(timer);
      if (!parseReady(out)) reject(new Error(`${exe} exited (${x.code ?? x.signal}) before it was ready: ${err}`));
    });
  });
}

export interface MadeCore {
  path: string;
  pid: number;
  tids: number[];
  /** The thread that crashed (for crash cores). */
  crashTid?: number;
}

/** gdb's gcore of a running helper. Throws with gdb's message when it cannot attach. */
export async function gcoreOf(exe: string, args: string[], outPath: string): Promise<MadeCore> {
  const h = await startHelper(exe, args, path.dirname(outPath));
  try {
    const prefix = outPath + '.tmp';
    const r = spawnSync('gcore', ['-o', prefix, String(h.pid)], { encoding: 'utf8', timeout: 30_000 });
    const made = `${prefix}.${h.pid}`;
    if (!existsSync(made)) throw new Error(`gcore failed (${r.status}): ${r.stderr || r.stdout}`);
    spawnSync('mv', [made, outPath]);
    return { path: outPath, pid: h.pid, tids: h.tids };
  } finally {
    h.kill();
    await h.exited;
  }
}

/** A core written by gdb at the moment the helper crashed (gdb runs it, so no ptrace attach is needed). */
export async function gdbCrashCore(exe: string, args: string[], outPath: string): Promise<MadeCore> {
  const { stdout, stderr } = await run('gdb', ['-q', '-nx', '-batch', '-ex', 'run', '-ex', `gcore ${outPath}`, '--args', exe, ...args], {
    cwd: path.dirname(outPath),
    timeout: 30_000,
  });
  const r = parseReady(stdout);
  if (!r || !existsSync(outPath)) throw new Error(`gdb did not write the crash core: ${stdout}\n${stderr}`);
  const k = args.indexOf('crash');
  return { path: outPath, pid: r.pid, tids: r.tids, crashTid: r.tids[Number(args[k + 1])] };
}

function comm(exe: string): string {
  return path.basename(exe).slice(0, 15);
}

/** Why the kernel's own core of a crash cannot be collected here, or null. */
export function kernelCoreProblem(): string | null {
  let pattern: string;
  try {
    pattern = readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
  } catch {
    return 'cannot read /proc/sys/kernel/core_pattern';
  }
  if (pattern.startsWith('|')) {
    return `kernel.core_pattern pipes cores to a program (${pattern.split(/\s+/)[0]!.slice(1)}); the test does not change that host-wide setting`;
  }
  const dir = path.dirname(pattern);
  if (dir.includes('%')) return `kernel.core_pattern (${pattern}) puts a specifier in the directory`;
  return null;
}

function patternRegex(base: string, pid: number, exe: string): RegExp {
  let re = '';
  for (let i = 0; i < base.length; i++) {
    const c = base[i]!;
    if (c !== '%') {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      continue;
    }
    const s = base[++i];
    if (s === '%') re += '%';
    else if (s === 'p') re += String(pid);
    else if (s === 'e') re += comm(exe).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    else if (s === 's') re += '11';
    else if (s && 'PiIugtcdC'.includes(s)) re += '\\d+';
    else re += '.*';
  }
  return new RegExp('^' + re + '$');
}

/**
 * The kernel's core of a real SIGSEGV in thread `crashIndex`, collected where kernel.core_pattern
 * writes it (relative patterns land in `dir`, the helper's cwd). Returns a skip reason when not possible.
 */
export async function kernelCrashCore(exe: string, threads: number, crashIndex: number, dir: string): Promise<MadeCore | { skip: string }> {
  const problem = kernelCoreProblem();
  if (problem) return { skip: problem };
  const pattern = readFileSync('/proc/sys/kernel/core_pattern', 'utf8').trim();
  let usesPid = false;
  try {
    usesPid = readFileSync('/proc/sys/kernel/core_uses_pid', 'utf8').trim() === '1';
  } catch {
    /* absent */
  }
  const h = await startHelper(exe, [String(threads), 'crash', String(crashIndex)], dir);
  const ex = await h.exited;
  if (ex.signal !== 'SIGSEGV') return { skip: `the helper did not die of SIGSEGV (${ex.code ?? ex.signal})` };
  const full = pattern.startsWith('/') ? pattern : path.join(dir, pattern);
  const coreDir = path.dirname(full);
  let base = path.basename(full);
  if (usesPid && !/%p/.test(base)) base += '.%p';
  const re = patternRegex(base, h.pid, exe);
  for (let i = 0; i < 50; i++) {
    const hit = existsSync(coreDir) ? readdirSync(coreDir).find((f) => re.test(f)) : undefined;
    if (hit && statSync(path.join(coreDir, hit)).size > 0) return { path: path.join(coreDir, hit), pid: h.pid, tids: h.tids, crashTid: h.tids[crashIndex] };
    await new Promise((r) => setTimeout(r, 20));
  }
  return { skip: `the kernel wrote no core for pid ${h.pid} matching ${full} (core size limit or a read-only directory?)` };
}

// ---------------------------------------------------------------------------------------------
// eu-readelf --notes, parsed: the independent oracle.

export interface OracleThread {
  tid: number;
  cursig: number;
  pc: bigint | null;
  sp: bigint | null;
}

export interface Oracle {
  pid: number | null;
  fname: string | null;
  psargs: string | null;
  threads: OracleThread[];
  siginfos: Array<{ signo: number; code: number; faultAddress: bigint | null }>;
  files: Array<{ start: bigint; end: bigint; path: string }>;
  auxv: Map<string, string>;
}

export function euReadelfNotes(file: string): Oracle {
  const r = spawnSync('eu-readelf', ['--notes', file], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`eu-readelf failed: ${r.stderr}`);
  return parseEuReadelfNotes(r.stdout);
}

export function parseEuReadelfNotes(text: string): Oracle {
  const o: Oracle = { pid: null, fname: null, psargs: null, threads: [], siginfos: [], files: [], auxv: new Map() };
  let type = '';
  for (const line of text.split('\n')) {
    const head = /^ {2}(\S+)\s+(\d+)\s+(\S+)/.exec(line);
    if (head && !line.startsWith('    ')) {
      type = head[3]!;
      if (type === 'PRSTATUS') o.threads.push({ tid: -1, cursig: -1, pc: null, sp: null });
      continue;
    }
    if (type === 'PRSTATUS') {
      const t = o.threads[o.threads.length - 1]!;
      const cs = /\bcursig: (\d+)/.exec(line);
      if (cs) t.cursig = Number(cs[1]);
      const pid = /(?:^|\s)pid: (\d+)/.exec(line);
      if (pid && t.tid < 0) t.tid = Number(pid[1]);
      const pc = /(?:^|\s)(?:rip|pc):\s+(0x[0-9a-f]+)/.exec(line);
      if (pc) t.pc = BigInt(pc[1]!);
      const sp = /(?:^|\s)(?:rsp|sp):\s+(0x[0-9a-f]+)/.exec(line);
      if (sp) t.sp = BigInt(sp[1]!);
    } else if (type === 'PRPSINFO') {
      const pid = /(?:^|\s)pid: (\d+)/.exec(line);
      if (pid) o.pid = Number(pid[1]);
      // eu-readelf puts "fname: X, psargs: Y" on one line, or on two when they do not fit in 80 columns.
      const f = /(?:^|\s)fname: (.*?)(?:, psargs: (.*))?$/.exec(line);
      if (f) {
        o.fname = f[1]!;
        if (f[2] !== undefined) o.psargs = f[2];
      }
      const a = /^\s+psargs: (.*)$/.exec(line);
      if (a) o.psargs = a[1]!;
    } else if (type === 'SIGINFO') {
      const s = /si_signo: (-?\d+), si_errno: (-?\d+), si_code: (-?\d+)/.exec(line);
      if (s) o.siginfos.push({ signo: Number(s[1]), code: Number(s[3]), faultAddress: null });
      const fa = /fault address: (0x[0-9a-f]+)/.exec(line);
      if (fa) o.siginfos[o.siginfos.length - 1]!.faultAddress = BigInt(fa[1]!);
    } else if (type === 'FILE') {
      const f = /^\s+([0-9a-f]+)-([0-9a-f]+) ([0-9a-f]+) (\d+)\s+(.*)$/.exec(line);
      if (f) o.files.push({ start: BigInt('0x' + f[1]), end: BigInt('0x' + f[2]), path: f[5]! });
    } else if (type === 'AUXV') {
      const a = /^\s+(\w+): (.*)$/.exec(line);
      if (a) o.auxv.set(a[1]!, a[2]!);
    }
  }
  return o;
}

/** eu-readelf's "Build ID" of an ELF file. */
export function euReadelfBuildId(file: string): string | null {
  const r = spawnSync('eu-readelf', ['-n', file], { encoding: 'utf8' });
  const m = /Build ID: ([0-9a-f]+)/.exec(r.stdout);
  return m ? m[1]! : null;
}
