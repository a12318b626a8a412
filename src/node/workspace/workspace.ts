// The capture workspace: ROOT/<cluster>/<YYYYMMDD-HHMMSS>-<kind>/ holds manifest.json and one folder
// per node with the files pulled from it. Everything is written atomically (temp + rename) before
// anything is analysed, so a crash or quit loses nothing already pulled and the history of
// captures can be listed and reopened. A capture whose manifest still says `running` but whose
// process is gone is reported (and can be marked) as interrupted.
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic';
import { isCaptureManifest, type CaptureKind, type CaptureManifest, type CaptureOptionsRecord, type ManifestNode } from './manifest';

export const MANIFEST_FILE = 'manifest.json';

/** A folder name made of safe characters (context names may hold `:`, `/`, `@`). */
export function safeSegment(s: string): string {
  const t = s.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '').slice(0, 100);
  return t || 'cluster';
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface NewCapture {
  kind: CaptureKind;
  cluster: { context: string; server: string };
  options: CaptureOptionsRecord;
  nodes: string[];
  now?: Date;
}

/** One capture folder and its manifest; manifest updates are serialised and atomic. */
export class CaptureRecord {
  private chain: Promise<void> = Promise.resolve();
  /** The write queued behind the running one (not started yet), if any. */
  private waiting: Promise<void> | null = null;

  constructor(
    readonly dir: string,
    readonly manifest: CaptureManifest,
  ) {}

  /** The folder of one node's files (created on demand). */
  async nodeDir(node: string): Promise<string> {
    const d = path.join(this.dir, safeSegment(node));
    await mkdir(d, { recursive: true });
    return d;
  }

  node(name: string): ManifestNode {
    const n = this.manifest.nodes.find((x) => x.node === name);
    if (!n) throw new Error(`node ${name} is not part of capture ${this.manifest.id}`);
    return n;
  }

  /**
   * Applies `fn` to the manifest and writes it (atomically, one write at a time). The promise
   * settles when a write holding this change is on disk. Changes made while a write is waiting for
   * the one before it ride on it: a capture on many nodes makes hundreds of updates, and writing
   * (with fsync) each one in turn would serialise the nodes behind the disk.
   */
  update(fn: (m: CaptureManifest) => void = () => {}): Promise<void> {
    fn(this.manifest);
    if (this.waiting) return this.waiting;
    const next = this.chain.then(() => {
      this.waiting = null;
      return writeFileAtomic(path.join(this.dir, MANIFEST_FILE), JSON.stringify(this.manifest, null, 2) + '\n');
    });
    this.waiting = next;
    this.chain = next.catch(() => {});
    return next;
  }

  /** Absolute path of a file named in the manifest. */
  filePath(rel: string): string {
    return path.join(this.dir, ...rel.split('/'));
  }
}

export interface ListedCapture {
  dir: string;
  manifest: CaptureManifest;
  /** True when the manifest says running but its process is gone. */
  interrupted: boolean;
}

export class Workspace {
  constructor(readonly root: string) {}

  async create(o: NewCapture): Promise<CaptureRecord> {
    const now = o.now ?? new Date();
    const base = path.join(this.root, safeSegment(o.cluster.context));
    await mkdir(base, { recursive: true });
    let dir = '';
    for (let k = 0; ; k++) {
      dir = path.join(base, `${stamp(now)}-${o.kind}${k ? `-${k + 1}` : ''}`);
      try {
        await mkdir(dir);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || k > 1000) throw e;
      }
    }
    const manifest: CaptureManifest = {
      format: 'vpp-pathviz-capture',
      version: 1,
      id: `${path.basename(dir)}-${randomBytes(3).toString('hex')}`,
      kind: o.kind,
      state: 'running',
      cluster: o.cluster,
      createdAt: now.toISOString(),
      finishedAt: null,
      pid: process.pid,
      host: os.hostname(),
      options: o.options,
      nodes: o.nodes.map((node) => ({ node, pod: null, podUid: null, inputNode: null, state: 'pending', packets: null, files: [], error: null, warnings: [], cleanup: [], leftovers: [] })),
      messages: [],
      stitch: null,
    };
    const rec = new CaptureRecord(dir, manifest);
    await rec.update();
    return rec;
  }

  /** Reads one capture folder's manifest. */
  static async open(dir: string): Promise<CaptureRecord> {
    const text = await readFile(path.join(dir, MANIFEST_FILE), 'utf8');
    let m: unknown;
    try {
      m = JSON.parse(text);
    } catch (e) {
      throw new Error(`${path.join(dir, MANIFEST_FILE)}: not valid JSON (${(e as Error).message})`);
    }
    if (!isCaptureManifest(m)) throw new Error(`${path.join(dir, MANIFEST_FILE)}: not a vpp-pathviz capture manifest`);
    return new CaptureRecord(dir, m);
  }

  /** Every capture under the root, newest first. Unreadable folders are skipped. */
  async list(): Promise<ListedCapture[]> {
    const out: ListedCapture[] = [];
    const clusters = await readdir(this.root, { withFileTypes: true }).catch(() => []);
    for (const c of clusters) {
      if (!c.isDirectory()) continue;
      const cdir = path.join(this.root, c.name);
      for (const e of await readdir(cdir, { withFileTypes: true }).catch(() => [])) {
        if (!e.isDirectory()) continue;
        const dir = path.join(cdir, e.name);
        if (!(await stat(path.join(dir, MANIFEST_FILE)).catch(() => null))) continue;
        try {
          const rec = await Workspace.open(dir);
          const m = rec.manifest;
          out.push({ dir, manifest: m, interrupted: m.state === 'running' && (m.host !== os.hostname() ? false : !pidAlive(m.pid)) });
        } catch {
          // not ours or damaged: not listed
        }
      }
    }
    return out.sort((a, b) => (a.manifest.createdAt < b.manifest.createdAt ? 1 : -1));
  }

  /**
   * Marks captures whose process died as interrupted (their nodes too), so nobody takes them for
   * running or complete. Returns them; their nodes may still hold a lock and capture state
   * (`vpp-pathviz capture clear --node N` cleans them up).
   */
  async recoverInterrupted(): Promise<ListedCapture[]> {
    const found = (await this.list()).filter((c) => c.interrupted);
    for (const c of found) {
      const rec = new CaptureRecord(c.dir, c.manifest);
      await rec.update((m) => {
        m.state = 'interrupted';
        m.finishedAt ??= new Date().toISOString();
        for (const n of m.nodes) {
          if (n.state !== 'complete' && n.state !== 'empty' && n.state !== 'failed' && n.state !== 'cancelled') {
            n.state = 'interrupted';
            n.leftovers.push('the capture process ended before cleaning up: a capture lock, trace / pcap state, BPF filter or /tmp files may remain');
          }
        }
        m.messages.push(`interrupted: process ${m.pid} on ${m.host} ended while the capture was running`);
      });
      c.manifest = rec.manifest;
    }
    return found;
  }
}
