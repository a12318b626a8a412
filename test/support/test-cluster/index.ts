// Test helpers around the Kubernetes API test server: start/stop per test file (random port on
// 127.0.0.1), kubeconfig in a private temp dir, real kubectl and python runs with an isolated HOME,
// and the corpus trace turned into packets for the VPP engine.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeTestCertificates, type TestCertificates } from '../../../src/server/test-cluster/certs';
import type { TestClusterSpec } from '../../../src/server/test-cluster/cluster';
import { startTestCluster, type TestCluster, type TestClusterOptions } from '../../../src/server/test-cluster/server';
import type { TracePacket } from '../../../src/server/test-cluster/vppctl-engine';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const corpusDir = path.resolve(repoRoot, '..', 'shared', 'corpus');

/** A token nobody could mistake for anything else: tests assert it never shows up in messages. */
export const RECOGNISABLE_TOKEN = 'vpt-SECRET-TOKEN-4f8a2c9e1b7d3a6f0e5c';

function has(cmd: string, args: string[]): boolean {
  try {
    return spawnSync(cmd, args, { stdio: 'ignore', timeout: 20_000 }).status === 0;
  } catch {
    return false;
  }
}

/** Why a test needing openssl cannot run, or undefined when it can. */
export const noOpenssl: string | undefined = has('openssl', ['version']) ? undefined : 'openssl is not installed (needed to make the test cluster certificates)';
/** Why kubectl tests cannot run (checked on first call: it runs kubectl once). */
export function noKubectl(): string | undefined {
  return noOpenssl ?? (existsSync('/usr/bin/kubectl') && has('/usr/bin/kubectl', ['version', '--client']) ? undefined : 'kubectl is not installed at /usr/bin/kubectl (Debian package kubernetes-client)');
}
/** Why Python-client tests cannot run (imports the module once, ~1 s). */
export function noPythonKubernetes(): string | undefined {
  return noOpenssl ?? (existsSync('/usr/bin/python3') && has('/usr/bin/python3', ['-c', 'import kubernetes.stream']) ? undefined : '/usr/bin/python3 with python3-kubernetes is not installed');
}

let certs: Promise<TestCertificates> | null = null;
/** Certificates shared by the clusters of one test file (making them costs ~50 ms each). */
export function sharedCertificates(): Promise<TestCertificates> {
  certs ??= makeTestCertificates();
  return certs;
}

export interface ClusterFixture {
  cluster: TestCluster;
  dir: string;
  /** Kubeconfig of the first user. */
  kubeconfig: string;
  /** Writes a kubeconfig for another user into the temp dir. */
  kubeconfigFor(user: string): Promise<string>;
  stop(): Promise<void>;
}

export async function startFixture(spec: TestClusterSpec, opts: Omit<TestClusterOptions, 'spec'> = {}): Promise<ClusterFixture> {
  const cluster = await startTestCluster({ spec, certificates: await sharedCertificates(), ...opts });
  if (!cluster.url.startsWith('https://127.0.0.1:')) throw new Error(`test cluster not on loopback: ${cluster.url}`);
  const dir = await mkdtemp(path.join(tmpdir(), 'vpp-pathviz-kube-test-'));
  const kubeconfig = path.join(dir, 'kubeconfig');
  await cluster.writeKubeconfig(kubeconfig);
  return {
    cluster,
    dir,
    kubeconfig,
    async kubeconfigFor(user) {
      const f = path.join(dir, `kubeconfig-${user}`);
      await cluster.writeKubeconfig(f, { user });
      return f;
    },
    async stop() {
      await cluster.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** An environment for real clients: isolated HOME, no proxies, only the given kubeconfig. */
export function clientEnv(dir: string, kubeconfig: string): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, KUBECONFIG: kubeconfig, LANG: 'C.UTF-8', NO_PROXY: '*' };
}

export interface ProcResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, input?: string, timeoutMs = 30_000): Promise<ProcResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['pipe', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input ?? '');
  });
}

/** Runs /usr/bin/kubectl against a fixture (discovery cache inside the fixture's temp dir). */
export function kubectl(f: ClusterFixture, args: string[], o: { kubeconfig?: string; input?: string } = {}): Promise<ProcResult> {
  return run('/usr/bin/kubectl', ['--cache-dir', path.join(f.dir, 'kube-cache'), '--request-timeout=20s', ...args], clientEnv(f.dir, o.kubeconfig ?? f.kubeconfig), o.input);
}

/** The packets of a corpus `show trace` file, as the VPP engine hands them out. */
export function corpusTracePackets(file: string): TracePacket[] {
  const text = readFileSync(path.join(corpusDir, 'trace', file), 'utf8');
  const out: TracePacket[] = [];
  for (const block of text.split(/^Packet \d+\s*$/m)) {
    const body = block.replace(/^\n+/, '').replace(/\s+$/, '');
    const m = /^\d{2}:\d{2}:\d{2}:\d{6}: (\S+)/.exec(body);
    if (m) out.push({ inputNode: m[1]!, text: body });
  }
  return out;
}
