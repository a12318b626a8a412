// The one error type of the Kubernetes layer. Its message is always redacted, names what was being
// done (verb, resource, namespace) and says what to do about it; it carries no client-library
// objects (requests, headers, sockets), so nothing secret can ride along.
import type { Redactor } from './redact';

export type KubeErrorKind =
  | 'no-config' // no kubeconfig and not in a cluster
  | 'config' // a kubeconfig that cannot be used (parse error, unknown context…)
  | 'credential-plugin' // exec / OIDC credential plugin failed
  | 'unreachable' // network: refused, DNS, timeout, reset
  | 'tls' // certificate problems
  | 'unauthorized' // 401
  | 'forbidden' // 403 (RBAC)
  | 'not-found' // 404 or missing object
  | 'no-vpp-pod' // node without a calico-vpp-node pod
  | 'bad-request' // 400
  | 'exec' // pod exec failed or was cut
  | 'transfer' // file download failed after retries
  | 'timeout'
  | 'cancelled'
  | 'server'; // 5xx or anything unexpected

export interface KubeErrorFields {
  httpStatus?: number;
  /** For RBAC denials: what was denied. */
  verb?: string;
  resource?: string;
  namespace?: string;
  /** What the user can do about it. */
  hint?: string;
}

export class KubeError extends Error {
  override readonly name = 'KubeError';
  readonly httpStatus?: number;
  readonly verb?: string;
  readonly resource?: string;
  readonly namespace?: string;
  readonly hint?: string;

  constructor(
    readonly kind: KubeErrorKind,
    message: string,
    fields: KubeErrorFields = {},
  ) {
    super(fields.hint ? `${message}\n${fields.hint}` : message);
    Object.assign(this, fields);
    // A stack names only our own frames; drop it from the message-bearing part anyway.
    this.stack = `KubeError: ${this.message}`;
  }

  /** Plain data for IPC / JSON (structured-clonable, secret-free). */
  toJSON(): { kind: KubeErrorKind; message: string; httpStatus?: number; verb?: string; resource?: string; namespace?: string } {
    return { kind: this.kind, message: this.message, httpStatus: this.httpStatus, verb: this.verb, resource: this.resource, namespace: this.namespace };
  }
}

/** What a request was doing, for error messages. */
export interface RequestContext {
  verb: string;
  /** `pods`, `pods/exec`, `nodes`, `configmaps`… */
  resource: string;
  namespace?: string;
  name?: string;
  /** The API server URL. */
  server?: string;
  /** The kubeconfig context in use. */
  context?: string;
}

function where(ctx: RequestContext): string {
  return ctx.namespace ? `in namespace "${ctx.namespace}"` : 'at cluster scope';
}

function statusMessage(body: unknown): string | undefined {
  let b = body;
  if (typeof body === 'string') {
    try {
      b = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  if (b && typeof b === 'object' && typeof (b as { message?: unknown }).message === 'string') return (b as { message: string }).message;
  return undefined;
}

const NET_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed',
  ECONNABORTED: 'connection aborted',
};

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT', 'SELF_SIGNED_CERT_IN_CHAIN', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID', 'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** Finds an HTTP status in the error shapes client-node produces (ApiException, ws handshake). */
function httpStatusOf(e: unknown): { status: number; body?: unknown } | null {
  const o = e as { code?: unknown; body?: unknown; message?: unknown; error?: unknown };
  if (typeof o?.code === 'number' && o.code >= 100 && o.code < 600) return { status: o.code, body: o.body };
  const msg = typeof o?.message === 'string' ? o.message : '';
  const m = /Unexpected server response: (\d{3})/.exec(msg) ?? /HTTP-Code: (\d{3})/.exec(msg);
  if (m) return { status: Number(m[1]) };
  if (o?.error && o.error !== e) return httpStatusOf(o.error);
  return null;
}

function systemCode(e: unknown): string | undefined {
  for (let x: unknown = e, depth = 0; x && depth < 4; depth++) {
    const c = (x as { code?: unknown }).code;
    if (typeof c === 'string') return c;
    x = (x as { cause?: unknown; error?: unknown }).cause ?? (x as { error?: unknown }).error;
  }
  return undefined;
}

/** Turns anything a client-node call threw into a redacted KubeError. */
export function toKubeError(e: unknown, ctx: RequestContext, redactor: Redactor): KubeError {
  if (e instanceof KubeError) return e;
  const what = `${ctx.verb} ${ctx.resource}${ctx.name ? ` "${ctx.name}"` : ''} ${where(ctx)}`;
  const server = ctx.server ? ` at ${ctx.server}` : '';
  const http = httpStatusOf(e);
  if (http) {
    const said = statusMessage(http.body);
    const detail = said ? ` (the API server said: ${redactor.redact(said)})` : '';
    switch (http.status) {
      case 401:
        return new KubeError('unauthorized', `the Kubernetes API server${server} rejected the credentials of context "${ctx.context ?? '?'}" (HTTP 401 Unauthorized) while trying to ${what}`, {
          httpStatus: 401,
          hint: 'Your token or certificate is missing, expired or invalid: log in again (e.g. refresh your cloud CLI login) and retry.',
        });
      case 403:
        return new KubeError('forbidden', `permission denied (Kubernetes RBAC): you may not ${ctx.verb} ${ctx.resource} ${where(ctx)}${detail}`, {
          httpStatus: 403,
          verb: ctx.verb,
          resource: ctx.resource,
          namespace: ctx.namespace,
          hint: `Ask a cluster admin for a Role/ClusterRole that grants verb "${ctx.verb}" on resource "${ctx.resource}"${ctx.namespace ? ` in namespace "${ctx.namespace}"` : ''}.`,
        });
      case 404:
        return new KubeError('not-found', `not found: ${ctx.resource}${ctx.name ? ` "${ctx.name}"` : ''} ${where(ctx)}${detail}`, { httpStatus: 404 });
      case 400:
        return new KubeError('bad-request', `the API server refused to ${what}${detail || ' (HTTP 400 Bad Request)'}`, { httpStatus: 400 });
      default:
        return new KubeError('server', `the API server failed to ${what} (HTTP ${http.status})${detail}`, { httpStatus: http.status });
    }
  }
  const code = systemCode(e);
  const raw = redactor.redact(e instanceof Error ? e.message : String(e));
  if (code && NET_CODES[code]) {
    return new KubeError('unreachable', `cannot reach the Kubernetes API server${server} (${NET_CODES[code]}) while trying to ${what}`, {
      hint: 'Check that the cluster is running, that the kubeconfig points at it, and any VPN or proxy settings.',
    });
  }
  if (code && (TLS_CODES.has(code) || code.startsWith('ERR_TLS') || code.startsWith('ERR_SSL'))) {
    return new KubeError('tls', `TLS error talking to the Kubernetes API server${server}: ${raw} (${code})`, {
      hint: "The server's certificate does not match the kubeconfig's certificate-authority; check the context's cluster settings.",
    });
  }
  if ((e as { name?: string })?.name === 'AbortError') return new KubeError('cancelled', `cancelled while trying to ${what}`);
  return new KubeError('server', `failed to ${what}${server}: ${raw}`);
}
