// Linux signal numbers and si_code values (identical on x86-64 and aarch64), auxv tags.
import type { CoreSignal } from './types';

const SIGNALS: ReadonlyArray<readonly [string, string]> = [
  ['', ''],
  ['SIGHUP', 'hangup'],
  ['SIGINT', 'interrupt'],
  ['SIGQUIT', 'quit (kill -3 asks for a core)'],
  ['SIGILL', 'illegal instruction'],
  ['SIGTRAP', 'trace/breakpoint trap'],
  ['SIGABRT', 'aborted (abort(), a failed assert or a panic)'],
  ['SIGBUS', 'bus error (bad memory access, e.g. past the end of a mapped file or hugepage)'],
  ['SIGFPE', 'arithmetic exception (e.g. division by zero)'],
  ['SIGKILL', 'killed'],
  ['SIGUSR1', 'user signal 1'],
  ['SIGSEGV', 'segmentation fault (invalid memory reference)'],
  ['SIGUSR2', 'user signal 2'],
  ['SIGPIPE', 'broken pipe'],
  ['SIGALRM', 'alarm clock'],
  ['SIGTERM', 'terminated'],
  ['SIGSTKFLT', 'stack fault'],
  ['SIGCHLD', 'child status changed'],
  ['SIGCONT', 'continued'],
  ['SIGSTOP', 'stopped (signal)'],
  ['SIGTSTP', 'stopped'],
  ['SIGTTIN', 'stopped (tty input)'],
  ['SIGTTOU', 'stopped (tty output)'],
  ['SIGURG', 'urgent I/O condition'],
  ['SIGXCPU', 'CPU time limit exceeded'],
  ['SIGXFSZ', 'file size limit exceeded'],
  ['SIGVTALRM', 'virtual timer expired'],
  ['SIGPROF', 'profiling timer expired'],
  ['SIGWINCH', 'window changed'],
  ['SIGIO', 'I/O possible'],
  ['SIGPWR', 'power failure'],
  ['SIGSYS', 'bad system call'],
];

export function signalName(n: number): string {
  if (n > 0 && n < SIGNALS.length) return SIGNALS[n]![0];
  if (n === 32 || n === 33) return `SIG${n}`;
  if (n >= 34 && n <= 64) return n === 34 ? 'SIGRTMIN' : n === 64 ? 'SIGRTMAX' : `SIGRTMIN+${n - 34}`;
  return `signal ${n}`;
}

export function coreSignal(n: number): CoreSignal {
  const known = n > 0 && n < SIGNALS.length;
  return { number: n, name: signalName(n), description: known ? SIGNALS[n]![1] : n >= 32 && n <= 64 ? 'real-time signal' : 'unknown signal' };
}

export const SIGQUIT = 3;
export const SIGILL = 4;
export const SIGTRAP = 5;
export const SIGABRT = 6;
export const SIGBUS = 7;
export const SIGFPE = 8;
export const SIGSEGV = 11;
export const SIGSTOP = 19;

/** Signals whose siginfo carries a fault address when the kernel raised them (si_code > 0). */
export const FAULT_SIGNALS: ReadonlySet<number> = new Set([SIGILL, SIGTRAP, SIGBUS, SIGFPE, SIGSEGV]);

const GENERIC_CODES: Record<number, readonly [string, string]> = {
  0: ['SI_USER', 'sent by kill()'],
  128: ['SI_KERNEL', 'sent by the kernel'],
  [-1]: ['SI_QUEUE', 'sent by sigqueue()'],
  [-2]: ['SI_TIMER', 'POSIX timer expired'],
  [-3]: ['SI_MESGQ', 'POSIX message queue state changed'],
  [-4]: ['SI_ASYNCIO', 'AIO completed'],
  [-5]: ['SI_SIGIO', 'queued SIGIO'],
  [-6]: ['SI_TKILL', 'sent by tkill()/tgkill() (abort() and raise() use it)'],
};

const FAULT_CODES: Record<number, ReadonlyArray<readonly [string, string]>> = {
  [SIGSEGV]: [
    ['SEGV_MAPERR', 'address not mapped'],
    ['SEGV_ACCERR', 'invalid permissions for the mapped address'],
    ['SEGV_BNDERR', 'failed address bound checks'],
    ['SEGV_PKUERR', 'access denied by memory protection keys'],
    ['SEGV_ACCADI', 'ADI not enabled for the mapped object'],
    ['SEGV_ADIDERR', 'disrupting MCD error'],
    ['SEGV_ADIPERR', 'precise MCD exception'],
    ['SEGV_MTEAERR', 'asynchronous MTE tag check fault'],
    ['SEGV_MTESERR', 'synchronous MTE tag check fault'],
    ['SEGV_CPERR', 'control protection fault'],
  ],
  [SIGBUS]: [
    ['BUS_ADRALN', 'invalid address alignment'],
    ['BUS_ADRERR', 'non-existent physical address (e.g. past the end of a mapped file)'],
    ['BUS_OBJERR', 'object-specific hardware error'],
    ['BUS_MCEERR_AR', 'hardware memory error consumed on a machine check'],
    ['BUS_MCEERR_AO', 'hardware memory error detected, action optional'],
  ],
  [SIGILL]: [
    ['ILL_ILLOPC', 'illegal opcode'],
    ['ILL_ILLOPN', 'illegal operand'],
    ['ILL_ILLADR', 'illegal addressing mode'],
    ['ILL_ILLTRP', 'illegal trap'],
    ['ILL_PRVOPC', 'privileged opcode'],
    ['ILL_PRVREG', 'privileged register'],
    ['ILL_COPROC', 'coprocessor error'],
    ['ILL_BADSTK', 'internal stack error'],
    ['ILL_BADIADDR', 'unimplemented instruction address'],
  ],
  [SIGFPE]: [
    ['FPE_INTDIV', 'integer divide by zero'],
    ['FPE_INTOVF', 'integer overflow'],
    ['FPE_FLTDIV', 'floating-point divide by zero'],
    ['FPE_FLTOVF', 'floating-point overflow'],
    ['FPE_FLTUND', 'floating-point underflow'],
    ['FPE_FLTRES', 'floating-point inexact result'],
    ['FPE_FLTINV', 'floating-point invalid operation'],
    ['FPE_FLTSUB', 'subscript out of range'],
  ],
  [SIGTRAP]: [
    ['TRAP_BRKPT', 'process breakpoint'],
    ['TRAP_TRACE', 'process trace trap'],
    ['TRAP_BRANCH', 'process taken branch trap'],
    ['TRAP_HWBKPT', 'hardware breakpoint/watchpoint'],
  ],
};

/** si_code's name and meaning for a signal, or null when unknown. */
export function signalCodeName(signo: number, code: number): { name: string; description: string } | null {
  if (code > 0 && code < 128) {
    const e = FAULT_CODES[signo]?.[code - 1];
    if (e) return { name: e[0], description: e[1] };
    return null;
  }
  const g = GENERIC_CODES[code];
  return g ? { name: g[0], description: g[1] } : null;
}

export const AT_NULL = 0;
export const AT_ENTRY = 9;
export const AT_EXECFN = 31;

const AUXV_NAMES: Record<number, string> = {
  0: 'AT_NULL', 1: 'AT_IGNORE', 2: 'AT_EXECFD', 3: 'AT_PHDR', 4: 'AT_PHENT', 5: 'AT_PHNUM', 6: 'AT_PAGESZ',
  7: 'AT_BASE', 8: 'AT_FLAGS', 9: 'AT_ENTRY', 10: 'AT_NOTELF', 11: 'AT_UID', 12: 'AT_EUID', 13: 'AT_GID',
  14: 'AT_EGID', 15: 'AT_PLATFORM', 16: 'AT_HWCAP', 17: 'AT_CLKTCK', 23: 'AT_SECURE', 24: 'AT_BASE_PLATFORM',
  25: 'AT_RANDOM', 26: 'AT_HWCAP2', 27: 'AT_RSEQ_FEATURE_SIZE', 28: 'AT_RSEQ_ALIGN', 29: 'AT_HWCAP3',
  30: 'AT_HWCAP4', 31: 'AT_EXECFN', 32: 'AT_SYSINFO', 33: 'AT_SYSINFO_EHDR', 51: 'AT_MINSIGSTKSZ',
};

export function auxvName(type: number): string {
  return AUXV_NAMES[type] ?? `AT_${type}`;
}
