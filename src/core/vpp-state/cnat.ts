// cnat (Calico services / NAT): `show cnat client`, `show cnat translation`, `show cnat session verbose`
// (legacy ≤ 26.02 and new ≥ 26.06 formats), `show cnat snat`. Sources: FDio/vpp
// src/plugins/cnat/cnat_client.c (format_cnat_client), cnat_translation.c (format_cnat_translation,
// format_cnat_ep_trk), cnat_session.c (cnat_session_show, format_cnat_session), cnat_snat_policy.c.
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { classifyDpo, toFibPath, type FibPath } from './fib';
import { indentOf, isBlank, isIp, splitLines } from './text';
import type { Lined, Parsed } from './types';

// ---- client ----

export interface CnatClient extends Lined {
  index: number;
  ip: string;
  translations: number;
  sessions: number;
  locks: number | null;
  exclusive: boolean;
  cloneOf: number | null;
}

export interface CnatClientList {
  clients: CnatClient[];
  /** The closing `<n> clients` line (size of the client pool), null when absent (older VPP). */
  total: number | null;
  /** The closing `<n> timestamps` line (VPP ≥ 24.x), null when absent. */
  timestamps: number | null;
}

/**
 * `show cnat client`: one `[i] cnat-client:[ip] tr:n sess:n…` line per client (clones followed by
 * indented `clone of [i]` and DPO lines), then `<n> clients` and, in recent VPP, `<n> timestamps`
 * (cnat_client.c cnat_client_show).
 */
export function parseCnatClients(text: string, input = 'show-cnat-client'): Parsed<CnatClientList> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: CnatClientList = { clients: [], total: null, timestamps: null };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const m = /^\s*\[(\d+)\] cnat-client:\[([^\]]*)\] tr:(\d+) sess:(\d+)(?: locks:(\d+))?( exclusive)?/.exec(line);
    if (m) {
      data.clients.push({
        line: i + 1,
        index: Number(m[1]),
        ip: m[2]!,
        translations: Number(m[3]),
        sessions: Number(m[4]),
        locks: m[5] !== undefined ? Number(m[5]) : null,
        exclusive: m[6] !== undefined,
        cloneOf: null,
      });
      continue;
    }
    const n = /^(\d+) (clients|timestamps)\s*$/.exec(line);
    if (n) {
      if (n[2] === 'clients') data.total = Number(n[1]);
      else data.timestamps = Number(n[1]);
      continue;
    }
    const c = /^\s+clone of \[(\d+)\]/.exec(line);
    const last = data.clients[data.clients.length - 1];
    if (c && last) last.cloneOf = Number(c[1]);
    else if (!last || indentOf(line) === 0) diagnostics.push(diagnostic(input, `unrecognised cnat client line: ${line.trim().slice(0, 60)}`, { line: i + 1 }));
  }
  return { input, data, failure: null, diagnostics };
}

// ---- translation ----

export interface CnatBackend extends Lined {
  /** Source endpoint (`::;0` = any). */
  src: string;
  srcPort: number;
  /** Backend address (or endpoint text when it names an interface). */
  dst: string;
  dstPort: number;
  fibEntry: number | null;
  paths: FibPath[];
}

export interface CnatTranslation extends Lined {
  index: number;
  /** VIP address (the address inside an interface-bound endpoint). */
  vip: string;
  /** The endpoint as printed before `;port`. */
  vipText: string;
  port: number;
  protocol: string;
  lb: string | null;
  flowHash: string | null;
  backends: CnatBackend[];
  /** `via:` load-balance paths. */
  via: FibPath[];
  lastLine: number;
}

const TR_HEAD = /^\[(\d+)\] (.+?);(\d+) (\S+)(?: lb:(\S+))?(?: fhc:(\S+))?\s*$/;
const TR_BACKEND = /^(.+?);(\d+)->(.+?);(\d+)\s*$/;

function endpointAddress(text: string): string {
  const inParen = /\(([^)]+)\)$/.exec(text);
  if (inParen && isIp(inParen[1]!)) return inParen[1]!;
  return text;
}

/** `show cnat translation`. */
export function parseCnatTranslations(text: string, input = 'show-cnat-translation'): Parsed<{ translations: CnatTranslation[] }> {
  const failure = detectFailure(text, { shortErrors: true });
  const data = { translations: [] as CnatTranslation[] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let tr: CnatTranslation | null = null;
  let be: CnatBackend | null = null;
  let inVia = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) continue;
    let m = line.charCodeAt(0) === 91 /* [ */ ? TR_HEAD.exec(line) : null;
    if (m) {
      tr = {
        line: ln,
        index: Number(m[1]),
        vipText: m[2]!,
        vip: endpointAddress(m[2]!),
        port: Number(m[3]),
        protocol: m[4]!,
        lb: m[5] ?? null,
        flowHash: m[6] ?? null,
        backends: [],
        via: [],
        lastLine: ln,
      };
      data.translations.push(tr);
      be = null;
      inVia = false;
      continue;
    }
    if (!tr) {
      diagnostics.push(diagnostic(input, `line before the first translation: ${line.trim().slice(0, 60)}`, { line: ln }));
      continue;
    }
    tr.lastLine = ln;
    if (indentOf(line) === 0 && (m = TR_BACKEND.exec(line))) {
      be = { line: ln, src: endpointAddress(m[1]!), srcPort: Number(m[2]), dst: endpointAddress(m[3]!), dstPort: Number(m[4]), fibEntry: null, paths: [] };
      tr.backends.push(be);
      inVia = false;
      continue;
    }
    if (/^\s+via:\s*$/.test(line)) {
      inVia = true;
      continue;
    }
    const fe = /^\s+fib-entry:(\d+)/.exec(line);
    if (fe && be && !inVia) {
      be.fibEntry = Number(fe[1]);
      continue;
    }
    const c = line.includes('[@') ? classifyDpo(line) : null;
    if (c) {
      const path: FibPath = toFibPath(c, ln, 0, line.trim());
      if (inVia) tr.via.push(path);
      else if (be) be.paths.push(path);
    }
  }
  return { input, data, failure: null, diagnostics };
}

// ---- session ----

export interface CnatSession extends Lined {
  format: 'legacy' | 'new';
  protocol: string;
  src: string;
  srcPort: number;
  dst: string;
  dstPort: number;
  /** After translation (legacy form; new form: the first rewrite slot). */
  newSrc: string | null;
  newSrcPort: number | null;
  newDst: string | null;
  newDstPort: number | null;
  /** `input`, `output`, `fib`, … (legacy) or the `[flags]` of the new form. */
  location: string;
  lb: number | null;
  /** Legacy `age:` — the expiry time in seconds since VPP start, not an age. */
  expires: number | null;
  lastLine: number;
}

export interface CnatSessions {
  now: number | null;
  sessions: CnatSession[];
  activeElements: number | null;
}

const LEGACY = /session:\[([^;\]]+);(\d+) -> ([^;\]]+);(\d+), (\S+)\] => ([^;\s]+);(\d+) -> ([^;\s]+);(\d+) (\S+) lb:(-?\d+) age:(-?[\d.]+)/;
const NEW_HEAD = /^(\S+) \[([^;\]]+);(\d+) -> ([^;\]]+);(\d+)\] => \[([^\]]*)\]\s*$/;
const NEW_SLOT = /^\s+\[[^\]]+\] (\S+) \[([^;\]]+);(\d+) -> ([^;\]]+);(\d+)\]/;

/** `show cnat session verbose` (legacy and new formats). */
export function parseCnatSessions(text: string, input = 'show-cnat-session'): Parsed<CnatSessions> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: CnatSessions = { now: null, sessions: [], activeElements: null };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let cur: CnatSession | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) {
      cur = null;
      continue;
    }
    let m = /^CNat Sessions: now:([\d.]+)/.exec(line);
    if (m) {
      data.now = Number(m[1]);
      continue;
    }
    if ((m = LEGACY.exec(line))) {
      data.sessions.push({
        line: ln,
        lastLine: ln,
        format: 'legacy',
        src: m[1]!,
        srcPort: Number(m[2]),
        dst: m[3]!,
        dstPort: Number(m[4]),
        protocol: m[5]!,
        newSrc: m[6]!,
        newSrcPort: Number(m[7]),
        newDst: m[8]!,
        newDstPort: Number(m[9]),
        location: m[10]!,
        lb: Number(m[11]),
        expires: Number(m[12]),
      });
      continue;
    }
    if ((m = NEW_HEAD.exec(line))) {
      cur = {
        line: ln,
        lastLine: ln,
        format: 'new',
        protocol: m[1]!,
        src: m[2]!,
        srcPort: Number(m[3]),
        dst: m[4]!,
        dstPort: Number(m[5]),
        newSrc: null,
        newSrcPort: null,
        newDst: null,
        newDstPort: null,
        location: m[6]!,
        lb: null,
        expires: null,
      };
      data.sessions.push(cur);
      continue;
    }
    if (cur && (m = NEW_SLOT.exec(line))) {
      cur.lastLine = ln;
      if (cur.newSrc === null) {
        cur.newSrc = m[2]!;
        cur.newSrcPort = Number(m[3]);
        cur.newDst = m[4]!;
        cur.newDstPort = Number(m[5]);
      }
      const lb = /lbi:(-?\d+)/.exec(line);
      if (lb && cur.lb === null) cur.lb = Number(lb[1]);
      continue;
    }
    if ((m = /(\d+) active elements/.exec(line))) {
      data.activeElements = Number(m[1]);
      continue;
    }
    if (cur) {
      cur.lastLine = ln;
      const lt = /last_seen:(\d+) lifetime:(\d+)/.exec(line);
      if (lt) cur.expires = Number(lt[1]) + Number(lt[2]);
    }
    // Hash-table bookkeeping lines ([N]: heap offset …, free lists, heap: …) are not sessions.
  }
  return { input, data, failure: null, diagnostics };
}

/** A key identifying a session across dumps (5-tuple + location). */
export function sessionKey(s: CnatSession): string {
  return `${s.protocol} ${s.src};${s.srcPort} -> ${s.dst};${s.dstPort} ${s.location}`;
}

// ---- snat ----

export interface CnatSnat {
  ip4: string | null;
  ip6: string | null;
  excludedPrefixes: Array<Lined & { prefix: string }>;
  /** Interface map name (`k8s pod`, `included`…) → interfaces. */
  interfaceMaps: Record<string, string[]>;
}

/** `show cnat snat`. */
export function parseCnatSnat(text: string, input = 'show-cnat-snat'): Parsed<CnatSnat> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: CnatSnat = { ip4: null, ip6: null, excludedPrefixes: [], interfaceMaps: {} };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let section: 'top' | 'excluded' | 'interfaces' = 'top';
  let map: string[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (isBlank(line)) continue;
    const t = line.trim();
    let m: RegExpExecArray | null;
    if ((m = /^ip4: (\S+)/.exec(t)) && section === 'top') data.ip4 = m[1]!.replace(/;\d+$/, '');
    else if ((m = /^ip6: (\S+)/.exec(t)) && section === 'top') data.ip6 = m[1]!.replace(/;\d+$/, '');
    else if (/^(?:Excluded prefixes|Prefixes):/.test(t)) section = 'excluded';
    else if ((m = /^(.+) interfaces:$/.exec(t))) {
      section = 'interfaces';
      map = data.interfaceMaps[m[1]!] = [];
    } else if (section === 'excluded') {
      for (const p of t.matchAll(/([0-9a-fA-F:.]+\/\d{1,3})/g)) data.excludedPrefixes.push({ line: i + 1, prefix: p[1]! });
    } else if (section === 'interfaces' && map) map.push(t);
  }
  return { input, data, failure: null, diagnostics };
}
