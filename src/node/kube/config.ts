// Loads Kubernetes client configuration with kubectl's rules, into a @kubernetes/client-node
// KubeConfig that stays in this process (main process or CLI — never the renderer):
//   --kubeconfig FILE  → only that file (it must exist);
//   else KUBECONFIG    → its list (path-delimiter separated, missing files skipped), merged so the
//                        first file to define a cluster/user/context name wins and the first
//                        current-context wins;
//   else ~/.kube/config;
//   else in-cluster    → the pod's service account (KUBERNETES_SERVICE_HOST/PORT + token).
// --context overrides current-context. Exec credential plugins are run by ExecCredentialAuth on a
// desktop-proof PATH; HTTPS_PROXY/HTTP_PROXY/NO_PROXY apply when the cluster has no proxy-url.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { BlockList, isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { KubeConfig, type Cluster, type Context, type User } from '@kubernetes/client-node';
import { pluginSearchPath } from './desktop-path';
import { KubeError } from './errors';
import { ExecCredentialAuth } from './exec-credential';
import { Redactor } from './redact';

export interface KubeConfigOptions {
  /** An explicit kubeconfig file (like kubectl --kubeconfig). */
  kubeconfig?: string;
  /** Context to use instead of current-context (like kubectl --context). */
  context?: string;
  /** Environment to read KUBECONFIG, HOME, proxies and PATH from (default process.env). */
  env?: NodeJS.ProcessEnv;
  homeDir?: string;
  platform?: NodeJS.Platform;
  /** Extra directories for credential plugins (e.g. the login shell's PATH from loginShellPath()). */
  extraPath?: readonly string[];
  /** Where the in-cluster service account files are (default /var/run/secrets/kubernetes.io/serviceaccount). */
  serviceAccountDir?: string;
  /** Time limit for one credential-plugin run (default 120 s: OIDC logins may open a browser). */
  execTimeoutMs?: number;
}

/** What the UI may know about a context: names and the server URL, never credentials. */
export interface ContextSummary {
  name: string;
  cluster: string;
  user: string;
  namespace?: string;
  server?: string;
  current: boolean;
}

export interface LoadedKubeConfig {
  /** Holds credentials. Keep it in this process. */
  kc: KubeConfig;
  contextName: string;
  clusterName: string;
  userName: string;
  server: string;
  /** The context's default namespace, if it sets one. */
  namespace?: string;
  /** Where the configuration came from, for messages ("KUBECONFIG=a:b", a path, "in-cluster…"). */
  source: string;
  files: string[];
  contexts: ContextSummary[];
  /** How the user authenticates (for messages): token, client certificate, exec plugin… */
  authKind: string;
  /** The proxy in use, if any (credentials in it removed). */
  proxy?: string;
  redactor: Redactor;
  execAuth: ExecCredentialAuth;
  /** The explicit options, for building equivalent kubectl commands. */
  kubectlFlags: string[];
}

const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The proxy kubectl (Go's ProxyFromEnvironment) would use for `server`, or undefined. */
export function proxyFromEnv(server: string, env: NodeJS.ProcessEnv): string | undefined {
  let u: URL;
  try {
    u = new URL(server);
  } catch {
    return undefined;
  }
  const host = u.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '::1') return undefined;
  const raw = u.protocol === 'https:' ? env.HTTPS_PROXY ?? env.https_proxy : env.HTTP_PROXY ?? env.http_proxy;
  if (!raw) return undefined;
  const port = u.port || (u.protocol === 'https:' ? '443' : '80');
  for (const entryRaw of (env.NO_PROXY ?? env.no_proxy ?? '').split(',')) {
    const entry = entryRaw.trim().toLowerCase();
    if (!entry) continue;
    if (entry === '*') return undefined;
    const cidr = /^([0-9a-f.:]+)\/(\d+)$/.exec(entry);
    if (cidr) {
      const fam = isIP(cidr[1]!);
      const hfam = isIP(host);
      if (fam && hfam === fam) {
        const bl = new BlockList();
        bl.addSubnet(cidr[1]!, Number(cidr[2]), fam === 4 ? 'ipv4' : 'ipv6');
        if (bl.check(host, fam === 4 ? 'ipv4' : 'ipv6')) return undefined;
      }
      continue;
    }
    const m = /^(.*?)(?::(\d+))?$/.exec(entry)!;
    const ehost = m[1]!.replace(/^\[|\]$/g, '');
    if (m[2] && m[2] !== port) continue;
    if (ehost.startsWith('.') ? host.endsWith(ehost) || host === ehost.slice(1) : host === ehost || host.endsWith(`.${ehost}`)) return undefined;
  }
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`;
}

function noConfig(env: NodeJS.ProcessEnv, home: string): KubeError {
  const kcEnv = env.KUBECONFIG ? `none of the files in KUBECONFIG (${env.KUBECONFIG}) exist` : `KUBECONFIG is not set and ${path.join(home, '.kube', 'config')} does not exist`;
  return new KubeError('no-config', `no Kubernetes cluster is configured: ${kcEnv}, and this is not running inside a cluster`, {
    hint: 'Point --kubeconfig at a kubeconfig file, set KUBECONFIG, or try the built-in demo cluster: vpp-pathviz test-cluster --scenario basic --kubeconfig-out demo.kubeconfig',
  });
}

function registerSecrets(red: Redactor, users: readonly User[]): void {
  for (const u of users) {
    red.add(u.token);
    red.add(u.password);
    red.add(u.keyData);
    const cfg = (u.authProvider as { config?: Record<string, unknown> } | undefined)?.config;
    for (const k of ['id-token', 'refresh-token', 'access-token', 'client-secret', 'token']) {
      const v = cfg?.[k];
      if (typeof v === 'string') red.add(v);
    }
    for (const e of ((u.exec as { env?: { value?: unknown }[] } | undefined)?.env ?? [])) if (typeof e?.value === 'string' && e.value.length >= 16) red.add(e.value);
  }
}

function authKindOf(u: User | undefined): string {
  if (!u) return 'none';
  if (u.exec) return `exec plugin (${String((u.exec as { command?: unknown }).command ?? '?')})`;
  const ap = (u.authProvider as { name?: string } | undefined)?.name;
  if (ap === 'oidc') return 'OIDC (auth-provider)';
  if (ap === 'tokenFile') return 'service account token';
  if (ap) return `auth-provider ${ap}`;
  if (u.token) return 'bearer token';
  if (u.certData || u.certFile) return 'client certificate';
  if (u.username) return 'basic auth';
  return 'none';
}

function stripProxyCredentials(p: string): string {
  try {
    const u = new URL(p);
    u.username = '';
    u.password = '';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '[proxy]';
  }
}

/** Loads and resolves the configuration; throws KubeError (no-config, config, credential-plugin). */
export function loadKubeConfig(opts: KubeConfigOptions = {}): LoadedKubeConfig {
  const env = opts.env ?? process.env;
  const platform = opts.platform ?? process.platform;
  const home = opts.homeDir ?? env.HOME ?? env.USERPROFILE ?? os.homedir();
  const redactor = new Redactor();
  const delimiter = platform === 'win32' ? ';' : ':';

  let files: string[] = [];
  let source: string;
  if (opts.kubeconfig) {
    const f = path.resolve(opts.kubeconfig);
    if (!isFile(f)) throw new KubeError('config', `the kubeconfig file ${f} does not exist`);
    files = [f];
    source = f;
  } else if (env.KUBECONFIG) {
    files = env.KUBECONFIG.split(delimiter).filter(Boolean).map((f) => path.resolve(f)).filter(isFile);
    source = `KUBECONFIG=${env.KUBECONFIG}`;
  } else {
    const f = path.join(home, '.kube', 'config');
    if (isFile(f)) files = [f];
    source = f;
  }

  const searchPath = pluginSearchPath({ envPath: env.PATH, extra: opts.extraPath, home, platform });
  const execAuth = new ExecCredentialAuth({ searchPath, env, redactor, timeoutMs: opts.execTimeoutMs, platform });
  const kc = new KubeConfig();
  kc.addAuthenticator(execAuth);

  const kubectlFlags: string[] = [];
  if (opts.kubeconfig) kubectlFlags.push('--kubeconfig', path.resolve(opts.kubeconfig));
  if (opts.context) kubectlFlags.push('--context', opts.context);

  if (files.length === 0) {
    const saDir = opts.serviceAccountDir ?? SA_DIR;
    const tokenFile = path.join(saDir, 'token');
    if (env.KUBERNETES_SERVICE_HOST && env.KUBERNETES_SERVICE_PORT && isFile(tokenFile)) {
      const host = isIP(env.KUBERNETES_SERVICE_HOST) === 6 ? `[${env.KUBERNETES_SERVICE_HOST}]` : env.KUBERNETES_SERVICE_HOST;
      const server = `https://${host}:${env.KUBERNETES_SERVICE_PORT}`;
      redactor.add(readFileSync(tokenFile, 'utf8'));
      const nsFile = path.join(saDir, 'namespace');
      const namespace = isFile(nsFile) ? readFileSync(nsFile, 'utf8').trim() : undefined;
      kc.loadFromOptions({
        clusters: [{ name: 'in-cluster', server, caFile: path.join(saDir, 'ca.crt'), skipTLSVerify: false }],
        users: [{ name: 'in-cluster', authProvider: { name: 'tokenFile', config: { tokenFile } } }],
        contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster', namespace }],
        currentContext: 'in-cluster',
      });
      return {
        kc, contextName: 'in-cluster', clusterName: 'in-cluster', userName: 'in-cluster', server, namespace,
        source: 'in-cluster service account', files: [],
        contexts: [{ name: 'in-cluster', cluster: 'in-cluster', user: 'in-cluster', namespace, server, current: true }],
        authKind: 'service account token', redactor, execAuth, kubectlFlags,
      };
    }
    throw noConfig(env, home);
  }

  // Parse every file; merge first-wins like kubectl.
  const clusters = new Map<string, Cluster>();
  const users = new Map<string, { user: User; dir: string }>();
  const contexts = new Map<string, Context>();
  let current: string | undefined;
  for (const f of files) {
    const one = new KubeConfig();
    try {
      one.loadFromFile(f);
    } catch (e) {
      throw new KubeError('config', `cannot read the kubeconfig ${f}: ${redactor.redact((e as Error).message).split('\n')[0]}`);
    }
    registerSecrets(redactor, one.getUsers());
    for (const c of one.getClusters()) if (!clusters.has(c.name)) clusters.set(c.name, c);
    for (const u of one.getUsers()) if (!users.has(u.name)) users.set(u.name, { user: u, dir: path.dirname(f) });
    for (const c of one.getContexts()) if (!contexts.has(c.name)) contexts.set(c.name, c);
    if (!current && one.getCurrentContext()) current = one.getCurrentContext();
  }

  const contextName = opts.context ?? current;
  const available = [...contexts.keys()];
  if (!contextName) {
    throw new KubeError('config', `no current context is set in ${source}; choose one with --context (available: ${available.join(', ') || 'none'})`);
  }
  const ctx = contexts.get(contextName);
  if (!ctx) throw new KubeError('config', `context "${contextName}" is not in ${source} (available: ${available.join(', ') || 'none'})`);
  const cluster = clusters.get(ctx.cluster);
  if (!cluster) throw new KubeError('config', `context "${contextName}" names cluster "${ctx.cluster}", which is not defined in ${source}`);
  const userEntry = users.get(ctx.user);
  if (!userEntry && ctx.user) throw new KubeError('config', `context "${contextName}" names user "${ctx.user}", which is not defined in ${source}`);

  const proxy = cluster.proxyUrl ?? proxyFromEnv(cluster.server, env);
  if (proxy) {
    try {
      redactor.add(decodeURIComponent(new URL(proxy).password));
    } catch {
      // not a URL: client-node will reject it with its own message
    }
  }
  const clusterList = [...clusters.values()].map((c) => (c.name === cluster.name && proxy && !c.proxyUrl ? { ...c, proxyUrl: proxy } : c));
  const userList = [...users.values()].map(({ user, dir }) => (user.exec ? execAuth.registerUser(user, dir, clusterList.find((c) => c.name === ctx.cluster)) : user));
  kc.loadFromOptions({ clusters: clusterList, users: userList, contexts: [...contexts.values()], currentContext: contextName });

  return {
    kc,
    contextName,
    clusterName: cluster.name,
    userName: ctx.user,
    server: cluster.server,
    namespace: ctx.namespace,
    source,
    files,
    contexts: [...contexts.values()].map((c) => ({ name: c.name, cluster: c.cluster, user: c.user, namespace: c.namespace, server: clusters.get(c.cluster)?.server, current: c.name === contextName })),
    authKind: authKindOf(userEntry?.user),
    proxy: proxy ? stripProxyCredentials(proxy) : undefined,
    redactor,
    execAuth,
    kubectlFlags,
  };
}

/** True when the default kubeconfig locations hold something (for "connect" UI hints). */
export function hasDefaultKubeconfig(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): boolean {
  if (env.KUBECONFIG) return env.KUBECONFIG.split(path.delimiter).some((f) => f && existsSync(f));
  return existsSync(path.join(home, '.kube', 'config'));
}
