// client-go style exec credential plugins (users[].user.exec in a kubeconfig), run the way kubectl
// runs them: the command found on a PATH that works from a desktop launch, relative commands
// resolved against the kubeconfig's directory, KUBERNETES_EXEC_INFO set, no stdin (we are never
// interactive), a timeout, tokens cached until they expire (or until the server says 401), and
// every produced secret handed to the redactor. client-node's built-in exec support is bypassed
// because it mutates process.env, re-runs tokenless-expiry plugins on every call and reports raw
// plugin output.
import { spawn } from 'node:child_process';
import type { RequestOptions } from 'node:https';
import path from 'node:path';
import type { Cluster, User } from '@kubernetes/client-node';
import { findExecutable } from './desktop-path';
import { KubeError } from './errors';
import type { Redactor } from './redact';

export const EXEC_PROVIDER_NAME = 'vpp-pathviz-exec';

export interface ExecPluginSpec {
  command: string;
  args?: string[];
  env?: { name: string; value: string }[] | null;
  apiVersion?: string;
  installHint?: string;
  provideClusterInfo?: boolean;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
}

interface ExecCredentialStatus {
  token?: string;
  clientCertificateData?: string;
  clientKeyData?: string;
  expirationTimestamp?: string;
}

interface Registered {
  spec: ExecPluginSpec;
  /** Directory of the kubeconfig the user came from (for relative commands). */
  baseDir: string;
  cluster?: Cluster;
}

export interface ExecAuthOptions {
  /** Directories searched for the plugin command. */
  searchPath: readonly string[];
  /** Environment given to the plugin (PATH is replaced by searchPath). */
  env: NodeJS.ProcessEnv;
  redactor: Redactor;
  timeoutMs?: number;
  platform?: NodeJS.Platform;
}

/** A client-node Authenticator for users rewritten by registerUser (see config.ts). */
export class ExecCredentialAuth {
  private readonly users = new Map<string, Registered>();
  private readonly cache = new Map<string, { status: ExecCredentialStatus; expiresMs: number }>();
  private readonly pending = new Map<string, Promise<ExecCredentialStatus>>();

  constructor(private readonly o: ExecAuthOptions) {}

  /** Takes over a user's exec section; returns the user as client-node should see it. */
  registerUser(user: User, baseDir: string, cluster?: Cluster): User {
    const spec = user.exec as ExecPluginSpec;
    this.users.set(user.name, { spec, baseDir, cluster });
    return { ...user, exec: undefined, authProvider: { name: EXEC_PROVIDER_NAME, config: { user: user.name } } };
  }

  isAuthProvider(user: User): boolean {
    return (user?.authProvider as { name?: string } | undefined)?.name === EXEC_PROVIDER_NAME;
  }

  async applyAuthentication(user: User, opts: RequestOptions): Promise<void> {
    const status = await this.credential(user.name);
    if (status.clientCertificateData) opts.cert = status.clientCertificateData;
    if (status.clientKeyData) opts.key = status.clientKeyData;
    if (status.token) {
      opts.headers = { ...(opts.headers as Record<string, string> | undefined), Authorization: `Bearer ${status.token}` };
    }
  }

  /** Forgets a cached credential (after a 401), so the next request runs the plugin again. */
  invalidate(userName?: string): void {
    if (userName) this.cache.delete(userName);
    else this.cache.clear();
  }

  private credential(userName: string): Promise<ExecCredentialStatus> {
    const c = this.cache.get(userName);
    if (c && c.expiresMs > Date.now()) return Promise.resolve(c.status);
    let p = this.pending.get(userName);
    if (!p) {
      p = this.run(userName).finally(() => this.pending.delete(userName));
      this.pending.set(userName, p);
    }
    return p;
  }

  private resolveCommand(r: Registered): string {
    const cmd = r.spec.command;
    const hint = r.spec.installHint ? `\n${r.spec.installHint.trim()}` : '';
    if (path.isAbsolute(cmd)) return cmd;
    if (cmd.includes('/') || cmd.includes(path.sep)) return path.resolve(r.baseDir, cmd);
    const found = findExecutable(cmd, this.o.searchPath, this.o.platform);
    if (found) return found;
    throw new KubeError('credential-plugin', `the kubeconfig's credential plugin "${cmd}" was not found (searched: ${this.o.searchPath.join(path.delimiter) || 'an empty PATH'})${hint}`, {
      hint: 'Install it, or put its directory on PATH. Apps started from the desktop do not see the PATH of your shell profile.',
    });
  }

  private async run(userName: string): Promise<ExecCredentialStatus> {
    const r = this.users.get(userName);
    if (!r) throw new KubeError('config', `no credential plugin registered for user "${userName}"`);
    const spec = r.spec;
    const apiVersion = spec.apiVersion ?? 'client.authentication.k8s.io/v1beta1';
    if (spec.interactiveMode === 'Always') {
      throw new KubeError('credential-plugin', `the credential plugin "${spec.command}" needs an interactive terminal (interactiveMode: Always), which this app cannot give it`, {
        hint: `Run \`kubectl get nodes\` in a terminal first so the plugin can log you in, then retry.`,
      });
    }
    const command = this.resolveCommand(r);
    const cluster = spec.provideClusterInfo && r.cluster
      ? {
          server: r.cluster.server,
          ...(r.cluster.tlsServerName ? { 'tls-server-name': r.cluster.tlsServerName } : {}),
          ...(r.cluster.skipTLSVerify ? { 'insecure-skip-tls-verify': true } : {}),
          ...(r.cluster.caData ? { 'certificate-authority-data': r.cluster.caData } : {}),
          ...(r.cluster.proxyUrl ? { 'proxy-url': r.cluster.proxyUrl } : {}),
        }
      : undefined;
    const env: NodeJS.ProcessEnv = {
      ...this.o.env,
      PATH: this.o.searchPath.join(path.delimiter),
      KUBERNETES_EXEC_INFO: JSON.stringify({ apiVersion, kind: 'ExecCredential', spec: { interactive: false, ...(cluster ? { cluster } : {}) } }),
    };
    for (const e of spec.env ?? []) env[e.name] = e.value;
    const timeoutMs = this.o.timeoutMs ?? 120_000;
    const { code, stdout, stderr, error } = await new Promise<{ code: number | null; stdout: string; stderr: string; error?: NodeJS.ErrnoException }>((resolve) => {
      let out = '';
      let err = '';
      const child = spawn(command, spec.args ?? [], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, windowsHide: true });
      child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
      child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
      child.on('error', (e) => resolve({ code: null, stdout: out, stderr: err, error: e }));
      child.on('close', (c, sig) => resolve({ code: c ?? (sig ? 128 : null), stdout: out, stderr: err }));
    });
    const red = this.o.redactor;
    if (error) {
      const why = error.code === 'ENOENT' ? 'not found' : error.code === 'EACCES' ? 'not executable' : red.redact(error.message);
      throw new KubeError('credential-plugin', `cannot run the kubeconfig's credential plugin ${command}: ${why}${spec.installHint ? `\n${spec.installHint.trim()}` : ''}`);
    }
    // Whatever it printed may hold a credential even on failure.
    tryRegisterSecrets(stdout, red);
    if (code !== 0) {
      const tail = red.redact(stderr.trim().split('\n').slice(-5).join('\n'));
      throw new KubeError('credential-plugin', `the credential plugin ${path.basename(command)} failed (exit ${code ?? 'killed'})${tail ? `: ${tail}` : ''}`, {
        hint: code === null || code === 128 ? `It did not finish within ${timeoutMs / 1000}s.` : undefined,
      });
    }
    let parsed: { apiVersion?: string; kind?: string; status?: ExecCredentialStatus };
    try {
      parsed = JSON.parse(stdout);
    } catch {
      throw new KubeError('credential-plugin', `the credential plugin ${path.basename(command)} printed something that is not an ExecCredential JSON object`);
    }
    if (parsed.kind !== 'ExecCredential' || !parsed.status) {
      throw new KubeError('credential-plugin', `the credential plugin ${path.basename(command)} printed kind "${parsed.kind ?? '?'}" without a status; want an ExecCredential`);
    }
    if (parsed.apiVersion && parsed.apiVersion !== apiVersion) {
      throw new KubeError('credential-plugin', `the credential plugin ${path.basename(command)} answered with apiVersion ${parsed.apiVersion}, but the kubeconfig asks for ${apiVersion}`);
    }
    const status = parsed.status;
    if (!status.token && !(status.clientCertificateData && status.clientKeyData)) {
      throw new KubeError('credential-plugin', `the credential plugin ${path.basename(command)} returned neither a token nor a client certificate and key`);
    }
    const exp = status.expirationTimestamp ? Date.parse(status.expirationTimestamp) : NaN;
    // No expiry: valid until the server rejects it (then invalidate() runs the plugin again).
    this.cache.set(userName, { status, expiresMs: Number.isFinite(exp) ? exp - 10_000 : Number.POSITIVE_INFINITY });
    return status;
  }
}

function tryRegisterSecrets(stdout: string, red: Redactor): void {
  try {
    const s = (JSON.parse(stdout) as { status?: ExecCredentialStatus }).status;
    red.add(s?.token);
    red.add(s?.clientKeyData);
  } catch {
    // not JSON: nothing structured to learn; the generic patterns still apply
  }
}
