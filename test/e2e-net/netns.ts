// Two network namespaces joined by a veth pair (plus a VXLAN device over it), for capture tests.
// Everything stays inside the namespaces the test creates; teardown deletes them.
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomInt } from 'node:crypto';

export const PYTHON = '/usr/bin/python3';

/** Why namespace tests cannot run here, or null. */
export function netnsUnavailable(): string | null {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return 'network namespaces need root';
  for (const [cmd, args] of [
    ['ip', ['-V']],
    ['tcpdump', ['--version']],
    ['dumpcap', ['-v']],
    ['tshark', ['-v']],
    [PYTHON, ['-V']],
  ] as const) {
    const r = spawnSync(cmd, [...args], { stdio: 'ignore' });
    if (r.error || r.status !== 0) return `${cmd} is not available`;
  }
  const probe = `pvz-probe-${process.pid}-${randomInt(1e9)}`;
  const r = spawnSync('ip', ['netns', 'add', probe], { encoding: 'utf8' });
  if (r.status !== 0) return `cannot create a network namespace: ${r.stderr.trim()}`;
  spawnSync('ip', ['netns', 'del', probe]);
  return null;
}

export interface Lab {
  a: string;
  b: string;
  vethA: string;
  vethB: string;
  ipA: string;
  ipB: string;
  ip6A: string;
  ip6B: string;
  vxA: string;
  vxB: string;
  vni: number;
  children: ChildProcess[];
}

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
}

export function createLab(): Lab {
  const tag = `${process.pid.toString(36)}${randomInt(36 ** 3).toString(36)}`;
  const k = randomInt(1, 254);
  const lab: Lab = {
    a: `pvz-${tag}-a`,
    b: `pvz-${tag}-b`,
    vethA: 'pva',
    vethB: 'pvb',
    ipA: `10.99.${k}.1`,
    ipB: `10.99.${k}.2`,
    ip6A: `fd00:99:${k.toString(16)}::1`,
    ip6B: `fd00:99:${k.toString(16)}::2`,
    vxA: `10.98.${k}.1`,
    vxB: `10.98.${k}.2`,
    vni: 4200 + k,
    children: [],
  };
  try {
    ip('netns', 'add', lab.a);
    ip('netns', 'add', lab.b);
    ip('-n', lab.a, 'link', 'add', lab.vethA, 'type', 'veth', 'peer', 'name', lab.vethB, 'netns', lab.b);
    for (const [ns, dev, v4, v6, vx, remote] of [
      [lab.a, lab.vethA, lab.ipA, lab.ip6A, lab.vxA, lab.ipB],
      [lab.b, lab.vethB, lab.ipB, lab.ip6B, lab.vxB, lab.ipA],
    ] as const) {
      ip('-n', ns, 'link', 'set', 'lo', 'up');
      ip('-n', ns, 'addr', 'add', `${v4}/24`, 'dev', dev);
      ip('-n', ns, 'addr', 'add', `${v6}/64`, 'dev', dev, 'nodad');
      ip('-n', ns, 'link', 'set', dev, 'up');
      ip('-n', ns, 'link', 'add', 'vx0', 'type', 'vxlan', 'id', String(lab.vni), 'remote', remote, 'local', v4, 'dstport', '4789', 'dev', dev);
      ip('-n', ns, 'addr', 'add', `${vx}/24`, 'dev', 'vx0');
      ip('-n', ns, 'link', 'set', 'vx0', 'up');
    }
  } catch (e) {
    destroyLab(lab);
    throw e;
  }
  return lab;
}

export function destroyLab(lab: Lab): void {
  for (const c of lab.children) if (c.exitCode === null && c.pid) c.kill('SIGKILL');
  for (const ns of [lab.a, lab.b]) spawnSync('ip', ['netns', 'del', ns], { stdio: 'ignore' });
}

/** Starts `cmd` inside namespace `ns`; resolves once `ready` appears on its stdout or stderr. */
export function startIn(lab: Lab, ns: string, cmd: string[], ready: RegExp, timeoutMs = 10000): Promise<ChildProcess> {
  const child = spawn('ip', ['netns', 'exec', ns, ...cmd], { stdio: ['ignore', 'pipe', 'pipe'] });
  lab.children.push(child);
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(() => reject(new Error(`${cmd[0]} did not start: ${seen}`)), timeoutMs);
    const on = (d: Buffer) => {
      seen += d.toString();
      if (ready.test(seen)) {
        clearTimeout(timer);
        resolve(child);
      }
    };
    child.stdout!.on('data', on);
    child.stderr!.on('data', on);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${cmd[0]} exited (${code}) before it was ready: ${seen}`));
    });
  });
}

/** Stops a capture started with startIn (SIGINT lets it flush) and waits for it to exit. */
export function stop(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const t = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.removeAllListeners('exit');
    child.on('exit', () => {
      clearTimeout(t);
      resolve();
    });
    child.kill(signal);
  });
}

export function runIn(ns: string, cmd: string[], timeoutMs = 60000): string {
  return execFileSync('ip', ['netns', 'exec', ns, ...cmd], { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}
