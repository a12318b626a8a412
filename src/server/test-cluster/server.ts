// A Kubernetes API server for tests and demos: HTTPS with a throw-away CA, bearer-token auth,
// configurable RBAC denials, core/v1 nodes, pods, configmaps and namespaces (field and label
// selectors, server-side Tables, watch), pod logs (follow) and pod exec over WebSocket
// (v4/v5.channel.k8s.io), plus /version, /api and /apis discovery so kubectl works. It listens on
// 127.0.0.1 only, on a random port. The vpp containers answer vppctl through a VppctlEngine.
import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { ClusterState, type PodState, type TestClusterSpec } from './cluster';
import { containerExecHandler } from './container-commands';
import type { ExecHandler, ExecTarget } from './exec-handler';
import { EXEC_PROTOCOLS, runExecSession } from './exec-session';
import { makeTestCertificates, type TestCertificates } from './certs';
import { findUserByAuthorization, forbiddenMessage, type RequestAttributes, type TestUser } from './rbac';
import { parseFieldSelector, parseLabelSelector, type Selector } from './selectors';
import { configMapsTable, namespacesTable, nodesTable, podsTable, type IncludeObject } from './tables';
import { checkUpgrade, WsConnection } from './websocket';

export interface ExecFaults {
  /** A byte count after which the exec's stdout is cut (connection dropped); undefined: no cut. */
  cutStdoutAfter?: (target: ExecTarget, argv: readonly string[]) => number | undefined;
  /** Milliseconds the server waits before answering a request (REST or exec); undefined / 0: none. */
  delayMs?: (req: { method: string; url: string }) => number | undefined;
  /**
   * Refuses an exec with an HTTP status (e.g. 403 as RBAC would), or undefined to allow it. Checked
   * after authentication, so the answer looks like the real server's.
   */
  rejectExec?: (target: ExecTarget, argv: readonly string[]) => { status: number; message: string } | undefined;
}

export interface RequestRecord {
  method: string;
  /** Path and query as received. */
  url: string;
  user: string | null;
  status: number;
  /** The negotiated WebSocket subprotocol of an exec. */
  protocol?: string;
}

export interface TestClusterOptions {
  spec: TestClusterSpec;
  /** Users and their tokens; default one user "admin" with a random token and no denials. */
  users?: TestUser[];
  /** Replaces the container command set, or wraps it (receives the default handler). */
  exec?: (defaultHandler: ExecHandler) => ExecHandler;
  /** Reuse certificates (otherwise made with openssl on start). */
  certificates?: TestCertificates;
}

export interface KubeconfigOptions {
  /** Which user's token goes in (default the first). */
  user?: string;
  /** Context and cluster name (default vpp-pathviz-test). */
  name?: string;
}

export interface TestCluster {
  /** https://127.0.0.1:PORT */
  readonly url: string;
  readonly port: number;
  readonly caPem: string;
  readonly state: ClusterState;
  readonly users: readonly TestUser[];
  readonly faults: ExecFaults;
  /** Every request served, newest last (never headers, so never tokens). */
  readonly requests: RequestRecord[];
  kubeconfig(opts?: KubeconfigOptions): string;
  writeKubeconfig(file: string, opts?: KubeconfigOptions): Promise<void>;
  stop(): Promise<void>;
}

const q = (s: string) => JSON.stringify(s);

/** Go's strconv.ParseBool, which the API server uses for query flags. */
function queryBool(url: URL, key: string): boolean {
  return ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(url.searchParams.get(key) ?? '');
}

/** A kubeconfig (YAML) for one user of the cluster. */
export function renderKubeconfig(url: string, caPem: string, user: TestUser, name = 'vpp-pathviz-test'): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `- name: ${q(name)}`,
    '  cluster:',
    `    server: ${q(url)}`,
    `    certificate-authority-data: ${q(Buffer.from(caPem).toString('base64'))}`,
    'users:',
    `- name: ${q(`${name}-${user.name}`)}`,
    '  user:',
    `    token: ${q(user.token)}`,
    'contexts:',
    `- name: ${q(name)}`,
    '  context:',
    `    cluster: ${q(name)}`,
    `    user: ${q(`${name}-${user.name}`)}`,
    `current-context: ${q(name)}`,
    '',
  ].join('\n');
}

function statusBody(code: number, reason: string, message: string, details?: Record<string, unknown>): Record<string, unknown> {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

const REASONS: Record<number, string> = { 400: 'BadRequest', 401: 'Unauthorized', 403: 'Forbidden', 404: 'NotFound', 405: 'MethodNotAllowed', 415: 'UnsupportedMediaType', 422: 'Invalid', 500: 'InternalError' };

class HttpError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

const POD_FIELDS = ['metadata.name', 'metadata.namespace', 'spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'spec.hostNetwork', 'status.phase', 'status.podIP', 'status.nominatedNodeName'];
const NODE_FIELDS = ['metadata.name', 'spec.unschedulable'];
const CM_FIELDS = ['metadata.name', 'metadata.namespace'];
const NS_FIELDS = ['metadata.name', 'status.phase'];

function podField(p: PodState, f: string): string | undefined {
  switch (f) {
    case 'metadata.name': return p.name;
    case 'metadata.namespace': return p.namespace;
    case 'spec.nodeName': return p.nodeName;
    case 'spec.restartPolicy': return 'Always';
    case 'spec.schedulerName': return 'default-scheduler';
    case 'spec.serviceAccountName': return p.owner?.name ?? 'default';
    case 'spec.hostNetwork': return String(p.hostNetwork);
    case 'status.phase': return p.phase;
    case 'status.podIP': return p.podIP;
    default: return '';
  }
}

export async function startTestCluster(opts: TestClusterOptions): Promise<TestCluster> {
  const certs = opts.certificates ?? (await makeTestCertificates());
  const state = new ClusterState(opts.spec);
  const users: TestUser[] = opts.users ?? [{ name: 'admin', token: `vpt-${randomBytes(24).toString('hex')}` }];
  const baseExec = containerExecHandler((t) => state.runtimeOf(t), () => state.now());
  const execHandler = opts.exec ? opts.exec(baseExec) : baseExec;
  const faults: ExecFaults = {};
  const requests: RequestRecord[] = [];
  const stopping = new AbortController();
  // Every running exec listens for the stop (long-lived vppctl sessions: one per node at once).
  setMaxListeners(0, stopping.signal);
  const openStreams = new Set<ServerResponse>();
  const openSockets = new Set<WsConnection>();

  const server: Server = createServer({ key: certs.serverKeyPem, cert: certs.serverCertPem, ALPNProtocols: ['http/1.1'] });

  function sendJson(res: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), 'Cache-Control': 'no-cache, private' });
    res.end(text);
  }

  function authenticate(req: IncomingMessage): TestUser | null {
    return findUserByAuthorization(users, req.headers.authorization) ?? null;
  }

  function authorize(user: TestUser, a: RequestAttributes): void {
    const msg = forbiddenMessage(user, a);
    if (msg) throw new HttpError(403, msg, { ...(a.name ? { name: a.name } : {}), kind: a.resource });
  }

  function wantsTable(req: IncomingMessage): boolean {
    return /as=Table/.test(String(req.headers.accept ?? ''));
  }

  function includeObject(url: URL): IncludeObject {
    const v = url.searchParams.get('includeObject');
    return v === 'None' || v === 'Object' ? v : 'Metadata';
  }

  function selectors(url: URL, fields: readonly string[]): { label: Selector; field: Selector } {
    const ls = url.searchParams.get('labelSelector');
    const fs = url.searchParams.get('fieldSelector');
    const label = ls ? parseLabelSelector(ls) : () => true;
    if (typeof label === 'string') throw new HttpError(400, label);
    const field = fs ? parseFieldSelector(fs, fields) : () => true;
    if (typeof field === 'string') throw new HttpError(400, field);
    return { label, field };
  }

  function listBody(kind: string, items: Record<string, unknown>[]): Record<string, unknown> {
    // List items carry no kind/apiVersion, as the API server sends them.
    return {
      kind,
      apiVersion: 'v1',
      metadata: { resourceVersion: state.resourceVersion() },
      items: items.map((i) => {
        const { kind: _k, apiVersion: _a, ...rest } = i;
        return rest;
      }),
    };
  }

  function watch(res: ServerResponse, url: URL, objects: Record<string, unknown>[]): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    for (const o of objects) res.write(JSON.stringify({ type: 'ADDED', object: o }) + '\n');
    openStreams.add(res);
    const t = Number(url.searchParams.get('timeoutSeconds') ?? '0');
    const timer = t > 0 ? setTimeout(() => res.end(), t * 1000) : null;
    res.on('close', () => {
      openStreams.delete(res);
      if (timer) clearTimeout(timer);
    });
  }

  function discovery(res: ServerResponse, path: string, port: number): boolean {
    if (path === '/version') {
      const [major, minor] = state.kubernetesVersion.replace(/^v/, '').split('.');
      sendJson(res, 200, { major, minor, emulationMajor: major, emulationMinor: minor, gitVersion: state.kubernetesVersion, gitCommit: '0000000000000000000000000000000000000000', gitTreeState: 'clean', buildDate: '2025-04-22T16:00:00Z', goVersion: 'go1.23.8', compiler: 'gc', platform: 'linux/amd64' });
      return true;
    }
    if (path === '/api') {
      sendJson(res, 200, { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${port}` }] });
      return true;
    }
    if (path === '/apis') {
      sendJson(res, 200, { kind: 'APIGroupList', apiVersion: 'v1', groups: [] });
      return true;
    }
    if (path === '/api/v1') {
      const r = (name: string, singularName: string, namespaced: boolean, kind: string, verbs: string[], shortNames?: string[]) => ({ name, singularName, namespaced, kind, verbs, ...(shortNames ? { shortNames } : {}) });
      const read = ['get', 'list', 'watch'];
      sendJson(res, 200, {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [
          r('configmaps', 'configmap', true, 'ConfigMap', read, ['cm']),
          r('namespaces', 'namespace', false, 'Namespace', read, ['ns']),
          r('nodes', 'node', false, 'Node', read, ['no']),
          { ...r('pods', 'pod', true, 'Pod', read, ['po']), categories: ['all'] },
          r('pods/exec', '', true, 'PodExecOptions', ['create', 'get']),
          r('pods/ephemeralcontainers', '', true, 'Pod', ['get', 'patch', 'update']),
          r('pods/log', '', true, 'Pod', ['get']),
        ],
      });
      return true;
    }
    return false;
  }

  function objectOrList<T>(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    user: TestUser,
    o: {
      resource: string;
      listKind: string;
      namespace?: string;
      name?: string;
      items: T[];
      fields: readonly string[];
      field: (x: T, f: string) => string | undefined;
      labels: (x: T) => Record<string, string>;
      nameOf: (x: T) => string;
      json: (x: T) => Record<string, unknown>;
      table: (xs: T[], inc: IncludeObject) => Record<string, unknown>;
    },
  ): void {
    const isWatch = queryBool(url, 'watch');
    const verb = o.name ? 'get' : isWatch ? 'watch' : 'list';
    authorize(user, { verb, resource: o.resource, namespace: o.namespace, name: o.name });
    if (o.name) {
      const x = o.items.find((i) => o.nameOf(i) === o.name);
      if (!x) throw new HttpError(404, `${o.resource} "${o.name}" not found`, { name: o.name, kind: o.resource });
      sendJson(res, 200, wantsTable(req) ? o.table([x], includeObject(url)) : o.json(x));
      return;
    }
    const { label, field } = selectors(url, o.fields);
    const xs = o.items.filter((x) => field((f) => o.field(x, f)) && label((k) => o.labels(x)[k]));
    if (isWatch) return watch(res, url, xs.map(o.json));
    sendJson(res, 200, wantsTable(req) ? o.table(xs, includeObject(url)) : listBody(o.listKind, xs.map(o.json)));
  }

  function pods(namespace?: string): PodState[] {
    return state.pods.filter((p) => namespace === undefined || p.namespace === namespace);
  }

  function pickContainer(pod: PodState, name: string | null): string {
    if (!name) {
      if (pod.containers.length === 1) return pod.containers[0]!.name;
      throw new HttpError(400, `a container name must be specified for pod ${pod.name}, choose one of: [${pod.containers.map((c) => c.name).join(' ')}]`);
    }
    if (!pod.containers.some((c) => c.name === name)) throw new HttpError(400, `container ${name} is not valid for pod ${pod.name}`);
    return name;
  }

  function podLogs(res: ServerResponse, url: URL, pod: PodState): void {
    const container = pickContainer(pod, url.searchParams.get('container'));
    if (queryBool(url, 'previous')) throw new HttpError(400, `previous terminated container "${container}" in pod "${pod.name}" not found`);
    const log = pod.containers.find((c) => c.name === container)!.log;
    const ts = queryBool(url, 'timestamps');
    const tail = url.searchParams.get('tailLines');
    const since = url.searchParams.get('sinceSeconds');
    const limit = url.searchParams.get('limitBytes');
    let remaining = limit !== null ? Number(limit) : Infinity;
    const fmt = (e: { timeMs: number; line: string }) => (ts ? `${new Date(e.timeMs).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z')} ` : '') + e.line + '\n';
    let entries = log.entries.slice();
    if (since !== null) entries = entries.filter((e) => e.timeMs >= state.now() - Number(since) * 1000);
    if (tail !== null) entries = entries.slice(Math.max(0, entries.length - Number(tail)));
    res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
    const write = (text: string): boolean => {
      if (remaining <= 0) return false;
      const b = Buffer.from(text);
      const part = b.length > remaining ? b.subarray(0, remaining) : b;
      remaining -= part.length;
      res.write(part);
      return remaining > 0;
    };
    for (const e of entries) if (!write(fmt(e))) break;
    if (!queryBool(url, 'follow') || remaining <= 0) {
      res.end();
      return;
    }
    openStreams.add(res);
    const unfollow = log.follow((e) => {
      if (!write(fmt(e))) res.end();
    });
    res.on('close', () => {
      unfollow();
      openStreams.delete(res);
    });
  }

  function handle(req: IncomingMessage, res: ServerResponse, record: RequestRecord): void {
    const url = new URL(req.url ?? '/', 'https://127.0.0.1');
    const path = url.pathname.replace(/\/+$/, '') || '/';
    const port = (server.address() as AddressInfo).port;
    if (path === '/healthz' || path === '/livez' || path === '/readyz') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (path === '/version' && !req.headers.authorization) {
      discovery(res, path, port);
      return;
    }
    const user = authenticate(req);
    if (!user) throw new HttpError(401, 'Unauthorized');
    record.user = user.name;
    const eph = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/ephemeralcontainers$/.exec(path);
    if (eph && req.method === 'PATCH') {
      patchEphemeral(req, res, record, user, decodeURIComponent(eph[1]!), decodeURIComponent(eph[2]!));
      return;
    }
    if (req.method !== 'GET') throw new HttpError(405, `the server does not allow this method on the requested resource`);
    if (discovery(res, path, port)) return;
    const seg = path.split('/').slice(1);
    if (seg[0] !== 'api' || seg[1] !== 'v1') throw new HttpError(404, 'the server could not find the requested resource');
    const rest = seg.slice(2);
    let namespace: string | undefined;
    if (rest[0] === 'namespaces' && rest.length >= 3) {
      namespace = rest[1];
      rest.splice(0, 2);
    }
    const [resource, name, sub, ...extra] = rest;
    if (extra.length) throw new HttpError(404, 'the server could not find the requested resource');
    const nsNames = state.namespaces();
    switch (resource) {
      case 'nodes':
        if (namespace !== undefined || sub) break;
        return objectOrList(req, res, url, user, {
          resource: 'nodes', listKind: 'NodeList', name, items: state.nodes, fields: NODE_FIELDS,
          field: (n, f) => (f === 'metadata.name' ? n.name : f === 'spec.unschedulable' ? 'false' : ''),
          labels: (n) => n.labels, nameOf: (n) => n.name, json: (n) => state.nodeJson(n), table: (xs, inc) => nodesTable(state, xs, inc),
        });
      case 'namespaces':
        if (namespace !== undefined || sub) break;
        return objectOrList(req, res, url, user, {
          resource: 'namespaces', listKind: 'NamespaceList', name, items: nsNames, fields: NS_FIELDS,
          field: (n, f) => (f === 'metadata.name' ? n : 'Active'),
          labels: (n) => ({ 'kubernetes.io/metadata.name': n }), nameOf: (n) => n, json: (n) => state.namespaceJson(n), table: (xs, inc) => namespacesTable(state, xs, inc),
        });
      case 'configmaps':
        if (sub) break;
        return objectOrList(req, res, url, user, {
          resource: 'configmaps', listKind: 'ConfigMapList', namespace, name,
          items: state.configMaps.filter((c) => namespace === undefined || c.namespace === namespace), fields: CM_FIELDS,
          field: (c, f) => (f === 'metadata.name' ? c.name : c.namespace),
          labels: () => ({}), nameOf: (c) => c.name, json: (c) => state.configMapJson(c), table: (xs, inc) => configMapsTable(state, xs, inc),
        });
      case 'pods': {
        if (!sub) {
          return objectOrList(req, res, url, user, {
            resource: 'pods', listKind: 'PodList', namespace, name, items: pods(namespace), fields: POD_FIELDS,
            field: podField, labels: (p) => p.labels, nameOf: (p) => p.name, json: (p) => state.podJson(p), table: (xs, inc) => podsTable(state, xs, inc),
          });
        }
        if (sub === 'log' && namespace !== undefined && name) {
          authorize(user, { verb: 'get', resource: 'pods', subresource: 'log', namespace, name });
          const pod = state.pod(namespace, name);
          if (!pod) throw new HttpError(404, `pods "${name}" not found`, { name, kind: 'pods' });
          return podLogs(res, url, pod);
        }
        if (sub === 'ephemeralcontainers' && namespace !== undefined && name) {
          authorize(user, { verb: 'get', resource: 'pods', subresource: 'ephemeralcontainers', namespace, name });
          const pod = state.pod(namespace, name);
          if (!pod) throw new HttpError(404, `pods "${name}" not found`, { name, kind: 'pods' });
          sendJson(res, 200, state.podJson(pod));
          return;
        }
        if (sub === 'exec' && namespace !== undefined && name) {
          // A plain (non-upgrade) exec request: the real server answers 400 too.
          authorize(user, { verb: 'create', resource: 'pods', subresource: 'exec', namespace, name });
          throw new HttpError(400, 'Upgrade request required');
        }
        break;
      }
    }
    throw new HttpError(404, 'the server could not find the requested resource');
  }

  /**
   * PATCH pods/NAME/ephemeralcontainers (what `kubectl debug` sends): a strategic-merge or merge
   * patch whose spec.ephemeralContainers lists the containers to add, or a JSON patch of `add`
   * operations on /spec/ephemeralContainers. Existing ephemeral containers cannot be changed.
   */
  function patchEphemeral(req: IncomingMessage, res: ServerResponse, record: RequestRecord, user: TestUser, namespace: string, name: string): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        authorize(user, { verb: 'patch', resource: 'pods', subresource: 'ephemeralcontainers', namespace, name });
        const pod = state.pod(namespace, name);
        if (!pod) throw new HttpError(404, `pods "${name}" not found`, { name, kind: 'pods' });
        const type = String(req.headers['content-type'] ?? '').split(';')[0]!.trim();
        let body: unknown;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          throw new HttpError(400, 'the body of the request was in an unknown format');
        }
        let wanted: unknown[] = [];
        if (type === 'application/json-patch+json') {
          if (!Array.isArray(body)) throw new HttpError(400, 'json patch must be a list of operations');
          for (const op of body as { op?: string; path?: string; value?: unknown }[]) {
            if (op.op !== 'add' || !/^\/spec\/ephemeralContainers(\/-|\/\d+)?$/.test(op.path ?? '')) throw new HttpError(422, `Pod "${name}" is invalid: only adding ephemeral containers is allowed`);
            wanted.push(...(op.path === '/spec/ephemeralContainers' && Array.isArray(op.value) ? op.value : [op.value]));
          }
        } else if (type === 'application/strategic-merge-patch+json' || type === 'application/merge-patch+json') {
          const list = (body as { spec?: { ephemeralContainers?: unknown } })?.spec?.ephemeralContainers;
          if (!Array.isArray(list)) throw new HttpError(422, `Pod "${name}" is invalid: spec.ephemeralContainers: Required value`);
          wanted = list;
        } else throw new HttpError(415, `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`);
        for (const w of wanted) {
          const e = w as { name?: unknown; image?: unknown; command?: unknown; args?: unknown; targetContainerName?: unknown; securityContext?: { capabilities?: { add?: unknown } } };
          const nm = typeof e?.name === 'string' ? e.name : '';
          const existing = pod.containers.find((c) => c.name === nm && c.ephemeral);
          if (existing) continue; // unchanged entries of the merged list
          const strs = (x: unknown) => (Array.isArray(x) && x.every((v) => typeof v === 'string') ? (x as string[]) : undefined);
          const problem = state.addEphemeralContainer(namespace, name, {
            name: nm,
            image: typeof e?.image === 'string' ? e.image : '',
            command: strs(e?.command),
            args: strs(e?.args),
            targetContainerName: typeof e?.targetContainerName === 'string' ? e.targetContainerName : undefined,
            capabilities: strs(e?.securityContext?.capabilities?.add),
          });
          if (problem) throw new HttpError(422, problem);
        }
        record.status = 200;
        sendJson(res, 200, state.podJson(pod));
      } catch (err) {
        respondError(res, err, record);
      }
    });
  }

  function respondError(res: ServerResponse, e: unknown, record: RequestRecord): void {
    const he = e instanceof HttpError ? e : new HttpError(500, `Internal error occurred: ${(e as Error).message}`);
    record.status = he.code;
    if (res.headersSent) {
      res.destroy();
      return;
    }
    sendJson(res, he.code, statusBody(he.code, REASONS[he.code] ?? 'Unknown', he.message, he.details));
  }

  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    const record: RequestRecord = { method: req.method ?? 'GET', url: req.url ?? '/', user: null, status: 0 };
    requests.push(record);
    const settle = () => {
      if (!record.status) record.status = res.statusCode;
    };
    res.on('finish', settle);
    res.on('close', settle);
    const serve = () => {
      try {
        handle(req, res, record);
      } catch (e) {
        respondError(res, e, record);
      }
    };
    const delay = faults.delayMs?.({ method: record.method, url: record.url }) ?? 0;
    if (delay > 0) setTimeout(serve, delay);
    else serve();
  });

  /** Answers an upgrade (exec) request that cannot be accepted, with a Status body. */
  function rejectUpgrade(socket: Duplex, code: number, message: string, details?: Record<string, unknown>): void {
    const body = JSON.stringify(statusBody(code, REASONS[code] ?? 'Unknown', message, details));
    socket.end(`HTTP/1.1 ${code} ${REASONS[code] ?? 'Error'}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const record: RequestRecord = { method: req.method ?? 'GET', url: req.url ?? '/', user: null, status: 0 };
    requests.push(record);
    socket.on('error', () => {});
    const delay = faults.delayMs?.({ method: record.method, url: record.url }) ?? 0;
    if (delay > 0) setTimeout(() => upgrade(req, socket, head, record), delay);
    else upgrade(req, socket, head, record);
  });

  function upgrade(req: IncomingMessage, socket: Duplex, head: Buffer, record: RequestRecord): void {
    try {
      const url = new URL(req.url ?? '/', 'https://127.0.0.1');
      const user = authenticate(req);
      if (!user) throw new HttpError(401, 'Unauthorized');
      record.user = user.name;
      const m = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec\/?$/.exec(url.pathname);
      if (!m || (req.method !== 'GET' && req.method !== 'POST')) throw new HttpError(404, 'the server could not find the requested resource');
      const namespace = decodeURIComponent(m[1]!);
      const name = decodeURIComponent(m[2]!);
      authorize(user, { verb: 'create', resource: 'pods', subresource: 'exec', namespace, name });
      const pod = state.pod(namespace, name);
      if (!pod) throw new HttpError(404, `pods "${name}" not found`, { name, kind: 'pods' });
      const argv = url.searchParams.getAll('command');
      if (argv.length === 0) throw new HttpError(400, 'you must specify at least 1 command');
      const container = pickContainer(pod, url.searchParams.get('container'));
      if (pod.phase !== 'Running') throw new HttpError(400, `unable to upgrade connection: container not found ("${container}")`);
      const rejected = faults.rejectExec?.({ namespace, pod: name, container }, argv);
      if (rejected) throw new HttpError(rejected.status, rejected.message);
      const flag = (k: string) => queryBool(url, k);
      const wantStdout = flag('stdout');
      const wantStderr = flag('stderr');
      const wantStdin = flag('stdin');
      if (!wantStdout && !wantStderr && !wantStdin) throw new HttpError(400, 'you must specify at least 1 of stdin, stdout, stderr');
      const hs = checkUpgrade(req, EXEC_PROTOCOLS);
      if ('status' in hs) throw new HttpError(hs.status, hs.message);
      record.status = 101;
      record.protocol = hs.protocol;
      const ws = WsConnection.accept(req, socket, head, hs.protocol);
      openSockets.add(ws);
      ws.onClose(() => openSockets.delete(ws));
      const target = { namespace, pod: name, container };
      void runExecSession(ws, {
        target,
        argv,
        wantStdin,
        wantStdout,
        wantStderr,
        handler: execHandler,
        cutStdoutAfter: faults.cutStdoutAfter?.(target, argv),
        serverSignal: stopping.signal,
      }).catch(() => ws.destroy());
    } catch (e) {
      const he = e instanceof HttpError ? e : new HttpError(500, `Internal error occurred: ${(e as Error).message}`);
      record.status = he.code;
      rejectUpgrade(socket, he.code, he.message, he.details);
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `https://127.0.0.1:${port}`;

  const userFor = (o?: KubeconfigOptions): TestUser => {
    const u = o?.user ? users.find((x) => x.name === o.user) : users[0];
    if (!u) throw new Error(`no user ${o?.user ?? ''} in the test cluster`);
    return u;
  };

  return {
    url,
    port,
    caPem: certs.caPem,
    state,
    users,
    faults,
    requests,
    kubeconfig: (o) => renderKubeconfig(url, certs.caPem, userFor(o), o?.name),
    writeKubeconfig: (file, o) => writeFile(file, renderKubeconfig(url, certs.caPem, userFor(o), o?.name), { mode: 0o600 }),
    stop: async () => {
      stopping.abort();
      for (const r of openStreams) r.end();
      openStreams.clear();
      for (const ws of openSockets) ws.destroy();
      openSockets.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
