// `kubectl describe pod`: pod fields, containers (image, state, last state, restarts, limits) and the
// Events table (columns start where the header labels start).
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { indentOf, isBlank, splitLines } from './text';
import type { Lined, Parsed } from './types';

export interface DescribedContainer extends Lined {
  name: string;
  init: boolean;
  image: string | null;
  state: string | null;
  stateReason: string | null;
  lastState: string | null;
  lastReason: string | null;
  exitCode: number | null;
  ready: boolean | null;
  restartCount: number | null;
  limits: Record<string, string>;
  requests: Record<string, string>;
}

export interface PodEvent extends Lined {
  type: string;
  reason: string;
  age: string;
  from: string;
  message: string;
}

export interface DescribedPod {
  name: string | null;
  namespace: string | null;
  node: string | null;
  status: string | null;
  ip: string | null;
  containers: DescribedContainer[];
  events: PodEvent[];
}

/** `kubectl describe pod/<name>`. */
export function parseDescribePod(text: string, input = 'describe-pod'): Parsed<DescribedPod> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: DescribedPod = { name: null, namespace: null, node: null, status: null, ip: null, containers: [], events: [] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let section: string | null = null;
  let container: DescribedContainer | null = null;
  let prop: string | null = null;
  let eventStarts: number[] | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) continue;
    const ind = indentOf(line);
    if (ind === 0) {
      const m = /^([A-Za-z][\w ]*?):\s*(.*)$/.exec(line);
      if (!m) continue;
      section = m[1]!;
      container = null;
      eventStarts = null;
      const v = m[2]!.trim();
      switch (section) {
        case 'Name':
          data.name = v || null;
          break;
        case 'Namespace':
          data.namespace = v || null;
          break;
        case 'Node':
          data.node = v ? v.split('/')[0]! : null;
          break;
        case 'Status':
          data.status = v || null;
          break;
        case 'IP':
          data.ip = v || null;
          break;
      }
      continue;
    }
    if (section === 'Events') {
      if (!eventStarts) {
        if (/^\s+Type\s+Reason\s+Age\s+From\s+Message/.test(line)) eventStarts = [...line.matchAll(/\S+/g)].map((m) => m.index!);
        continue;
      }
      if (/^\s+-{2,}/.test(line)) continue;
      const s = eventStarts;
      const cell = (k: number) => line.slice(s[k], s[k + 1]).trim();
      if (s.length >= 5 && line.length > s[4]!) {
        data.events.push({ line: ln, type: cell(0), reason: cell(1), age: cell(2), from: cell(3), message: line.slice(s[4]).trim() });
      } else {
        const last = data.events[data.events.length - 1];
        if (last) last.message += ' ' + line.trim();
        else diagnostics.push(diagnostic(input, `event row does not line up with the header: ${line.trim().slice(0, 60)}`, { line: ln }));
      }
      continue;
    }
    if (section === 'Containers' || section === 'Init Containers') {
      if (ind === 2) {
        const m = /^\s+(\S+):\s*$/.exec(line);
        if (m) {
          container = {
            line: ln,
            name: m[1]!,
            init: section === 'Init Containers',
            image: null,
            state: null,
            stateReason: null,
            lastState: null,
            lastReason: null,
            exitCode: null,
            ready: null,
            restartCount: null,
            limits: {},
            requests: {},
          };
          data.containers.push(container);
          prop = null;
        }
        continue;
      }
      if (!container) continue;
      const m = /^\s+([A-Za-z][\w ./-]*?):\s*(.*)$/.exec(line);
      if (!m) continue;
      const key = m[1]!;
      const v = m[2]!.trim();
      if (ind === 4) {
        prop = key;
        switch (key) {
          case 'Image':
            container.image = v || null;
            break;
          case 'State':
            container.state = v || null;
            break;
          case 'Last State':
            container.lastState = v || null;
            break;
          case 'Ready':
            container.ready = v === 'True' ? true : v === 'False' ? false : null;
            break;
          case 'Restart Count':
            container.restartCount = /^\d+$/.test(v) ? Number(v) : null;
            break;
        }
      } else if (ind >= 6) {
        if (key === 'Reason' && prop === 'State') container.stateReason = v;
        else if (key === 'Reason' && prop === 'Last State') container.lastReason = v;
        else if (key === 'Exit Code' && prop === 'Last State') container.exitCode = /^-?\d+$/.test(v) ? Number(v) : null;
        else if (prop === 'Limits') container.limits[key] = v;
        else if (prop === 'Requests') container.requests[key] = v;
      }
    }
  }
  return { input, data, failure: null, diagnostics };
}
