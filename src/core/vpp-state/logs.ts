// Log files of a bundle: VPP's `show log`, the vpp container (vpp-manager logrus lines mixed with VPP's
// own `/usr/bin/vpp[pid]: …` stdout), the agent (logrus), calico-node (felix format), the operator
// (JSON or logr), and the kubelet journal (`journalctl -u kubelet -r`, klog inside).
import { detectFailure } from './failure';
import { isBlank, splitLines } from './text';
import type { Lined, Parsed } from './types';

export type LogLevel = 'fatal' | 'error' | 'warning' | 'notice' | 'info' | 'debug';

export interface LogEntry extends Lined {
  time: string | null;
  level: LogLevel | null;
  /** Class (`show log`), component, file:line, process… whatever the format names. */
  source: string | null;
  message: string;
  /** Extra key=value fields (logrus, JSON). */
  fields: Record<string, string>;
  /** The line as written. */
  raw: string;
}

export interface LogFile {
  entries: LogEntry[];
}

export function normaliseLevel(s: string | undefined | null): LogLevel | null {
  if (!s) return null;
  switch (s.toLowerCase().replace(/[^a-z]/g, '')) {
    case 'panic':
    case 'fatal':
    case 'f':
    case 'emerg':
    case 'alert':
    case 'crit':
    case 'critical':
      return 'fatal';
    case 'error':
    case 'err':
    case 'e':
      return 'error';
    case 'warning':
    case 'warn':
    case 'w':
      return 'warning';
    case 'notice':
      return 'notice';
    case 'info':
    case 'i':
      return 'info';
    case 'debug':
    case 'trace':
    case 'd':
      return 'debug';
    default:
      return null;
  }
}

const SHOW_LOG = /^(\d{4}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}:\d{3}) (\S+)\s+(\S+)\s+(.*)$/;
const LOGRUS_START = /^time="([^"]*)" level=(\w+)/;
const FELIX = /^(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d+) \[(\w+)\]\[\d+\] (\S+(?: \d+)?):? (.*)$/;
const KLOG = /^([IWEF])(\d{4} \d{2}:\d{2}:\d{2}\.\d+)\s+\d+ ([^\]]+)\] (.*)$/;
const VPP_STDOUT = /^(\/?[\w/.-]*vpp)\[(\d+)\]: (.*)$/;
const JOURNAL = /^([A-Z][a-z]{2} [ \d]\d \d{2}:\d{2}:\d{2}) (\S+) ([\w.@-]+)(?:\[(\d+)\])?: (.*)$/;
const ISO = /^(\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)\s+(?:(\w+)\s+)?(.*)$/;

function unquote(v: string): string {
  if (v.length >= 2 && v.startsWith('"') && v.endsWith('"')) {
    try {
      return JSON.parse(v) as string;
    } catch {
      return v.slice(1, -1);
    }
  }
  return v;
}

/** key=value / key="quoted \"value\"" pairs of a logrus text line (a hand scanner: logs are big). */
function logrusFields(line: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const n = line.length;
  let i = 0;
  while (i < n) {
    while (i < n && line.charCodeAt(i) === 32) i++;
    const k0 = i;
    while (i < n && line.charCodeAt(i) !== 61 /* = */ && line.charCodeAt(i) !== 32) i++;
    if (i >= n || line.charCodeAt(i) !== 61) {
      while (i < n && line.charCodeAt(i) !== 32) i++;
      continue;
    }
    const key = line.slice(k0, i);
    i++;
    if (line.charCodeAt(i) === 34 /* " */) {
      const v0 = i;
      let escaped = false;
      i++;
      while (i < n && line.charCodeAt(i) !== 34) {
        if (line.charCodeAt(i) === 92 /* \ */) {
          escaped = true;
          i++;
        }
        i++;
      }
      const raw = line.slice(v0, Math.min(i + 1, n));
      i++;
      out.push([key, escaped ? unquote(raw) : raw.slice(1, raw.endsWith('"') && raw.length > 1 ? -1 : undefined)]);
    } else {
      const v0 = i;
      while (i < n && line.charCodeAt(i) !== 32) i++;
      out.push([key, line.slice(v0, i)]);
    }
  }
  return out;
}

function parseLogrus(line: string): Omit<LogEntry, 'line' | 'raw'> | null {
  const s = LOGRUS_START.exec(line);
  if (!s) return null;
  const fields: Record<string, string> = {};
  let message = '';
  for (const [k, v] of logrusFields(line)) {
    if (k === 'msg') message = v;
    else if (k !== 'time' && k !== 'level') fields[k] = v;
  }
  const source = fields['component'] ?? fields['subcomponent'] ?? fields['func'] ?? null;
  return { time: s[1]!, level: normaliseLevel(s[2]), source, message, fields };
}

function parseJson(line: string): Omit<LogEntry, 'line' | 'raw'> | null {
  if (!line.startsWith('{') || !line.endsWith('}')) return null;
  let o: unknown;
  try {
    o = JSON.parse(line);
  } catch {
    return null;
  }
  if (!o || typeof o !== 'object' || Array.isArray(o)) return null;
  const rec = o as Record<string, unknown>;
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(rec)) fields[k] = typeof v === 'string' ? v : JSON.stringify(v);
  const str = (k: string): string | null => (typeof rec[k] === 'string' ? (rec[k] as string) : null);
  const message = [str('msg') ?? str('message') ?? '', str('error') ?? str('Error') ?? ''].filter((s) => s).join(': ');
  return {
    time: str('time') ?? str('ts') ?? null,
    level: normaliseLevel(str('level')),
    source: str('logger') ?? str('Topic') ?? null,
    message,
    fields,
  };
}

/** One entry with a fixed shape (parsers build many; a stable shape keeps them cheap). */
function entry(line: number, raw: string, time: string | null, level: LogLevel | null, source: string | null, message: string, fields: Record<string, string>): LogEntry {
  return { line, time, level, source, message, fields, raw };
}

const NO_FIELDS: Record<string, string> = Object.freeze({}) as Record<string, string>;

/** Reads one container-log / journal line in any of the known formats. */
export function parseLogLine(line: string, ln: number): LogEntry {
  let m: RegExpExecArray | null;
  const lr = parseLogrus(line);
  if (lr) return entry(ln, line, lr.time, lr.level, lr.source, lr.message, lr.fields);
  const js = parseJson(line);
  if (js) return entry(ln, line, js.time, js.level, js.source, js.message, js.fields);
  if ((m = FELIX.exec(line))) return entry(ln, line, m[1]!, normaliseLevel(m[2]), m[3]!, m[4]!, NO_FIELDS);
  if ((m = SHOW_LOG.exec(line)) && normaliseLevel(m[2])) return entry(ln, line, m[1]!, normaliseLevel(m[2]), m[3]!, m[4]!, NO_FIELDS);
  if ((m = JOURNAL.exec(line))) {
    const inner = parseLogLine(m[5]!, ln);
    return entry(ln, line, m[1]!, inner.level, inner.source ?? m[3]!, inner.message, { ...inner.fields, host: m[2]!, unit: m[3]! });
  }
  if ((m = KLOG.exec(line))) return entry(ln, line, m[2]!, normaliseLevel(m[1]), m[3]!, m[4]!, NO_FIELDS);
  if ((m = VPP_STDOUT.exec(line))) {
    const msg = m[3]!;
    const lvl = /\b(?:error|failed|cannot|unable)\b/i.test(msg) ? 'error' : /\bwarn/i.test(msg) ? 'warning' : null;
    return entry(ln, line, null, lvl, 'vpp', msg, { pid: m[2]! });
  }
  if ((m = ISO.exec(line))) {
    const lvl = normaliseLevel(m[2]);
    return entry(ln, line, m[1]!, lvl, null, lvl ? m[3]! : `${m[2] ? m[2] + ' ' : ''}${m[3]}`, NO_FIELDS);
  }
  return entry(ln, line, null, null, null, line.trim(), NO_FIELDS);
}

/** Container logs (vpp, agent, calico-node, operator) and other line logs. */
export function parseContainerLog(text: string, input = 'log'): Parsed<LogFile> {
  const failure = detectFailure(text, { shortErrors: false });
  const data: LogFile = { entries: [] };
  if (failure) return { input, data, failure, diagnostics: [] };
  splitLines(text).forEach((line, i) => {
    if (!isBlank(line)) data.entries.push(parseLogLine(line, i + 1));
  });
  return { input, data, failure: null, diagnostics: [] };
}

/** VPP `show log`. */
export function parseShowLog(text: string, input = 'show-log'): Parsed<LogFile> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: LogFile = { entries: [] };
  if (failure) return { input, data, failure, diagnostics: [] };
  splitLines(text).forEach((line, i) => {
    if (isBlank(line)) return;
    const m = SHOW_LOG.exec(line);
    // A line that is not an entry (continuation of a multi-line message) is kept, in line order.
    data.entries.push(m ? entry(i + 1, line, m[1]!, normaliseLevel(m[2]), m[3]!, m[4]!, NO_FIELDS) : entry(i + 1, line, null, null, null, line.trim(), NO_FIELDS));
  });
  return { input, data, failure: null, diagnostics: [] };
}

/** `journalctl -u kubelet -r -n200` (bash export). `sudo` failures become the failure. */
export function parseKubeletJournal(text: string, input = 'kubelet-journal'): Parsed<LogFile> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: LogFile = { entries: [] };
  if (failure) return { input, data, failure, diagnostics: [] };
  splitLines(text).forEach((line, i) => {
    if (isBlank(line) || /^-- (?:No entries|Logs begin|Journal begins)/.test(line)) return;
    data.entries.push(parseLogLine(line, i + 1));
  });
  return { input, data, failure: null, diagnostics: [] };
}
