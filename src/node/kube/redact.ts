// Keeps credentials out of every message that leaves the Kubernetes layer: the exact secrets this
// session knows (tokens, passwords, keys, exec-plugin output) and anything that looks like one.

const MIN_SECRET = 6;

const PATTERNS: [RegExp, string][] = [
  // Authorization headers in any dump: keep the scheme, drop the credential.
  [/(authorization["']?\s*[:=]\s*["']?)(bearer|basic)\s+[^\s"',}]+/gi, '$1$2 [REDACTED]'],
  [/\b(bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/gi, '$1 [REDACTED]'],
  // JSON Web Tokens (OIDC id-tokens, service-account tokens).
  [/\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g, '[REDACTED-JWT]'],
  // key: value / key=value pairs whose key names a secret.
  [/(["']?\b(?:token|id-token|refresh-token|access[-_]token|client-secret|client-key-data|password|secret)["']?\s*[:=]\s*["']?)([^"'\s,}&]{4,})/gi, '$1[REDACTED]'],
  [/-----BEGIN ([A-Z ]*)PRIVATE KEY-----[\s\S]*?(-----END [A-Z ]*PRIVATE KEY-----|$)/g, '[REDACTED PRIVATE KEY]'],
];

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Remembers a secret (and its base64 form) so it is removed wherever it appears. */
  add(secret: string | Uint8Array | null | undefined): void {
    if (secret === null || secret === undefined) return;
    const s = typeof secret === 'string' ? secret : Buffer.from(secret).toString('utf8');
    const t = s.trim();
    if (t.length < MIN_SECRET) return;
    this.secrets.add(t);
    this.secrets.add(Buffer.from(t).toString('base64'));
    // Multi-line secrets (PEM keys): each long line on its own too.
    for (const line of t.split(/\r?\n/)) if (line.length >= 16 && !line.startsWith('-----')) this.secrets.add(line);
  }

  redact(text: string): string {
    let out = text;
    // Longest first so a secret containing another is removed whole.
    for (const s of [...this.secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('[REDACTED]');
    for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
    // "token <opaque>" in prose (plugin errors): only values that look like credentials.
    out = out.replace(/\b(token|password|secret)(\s+)([A-Za-z0-9._~+/=-]{16,})/gi, (m, k: string, sp: string, v: string) =>
      /\d/.test(v) && /[A-Za-z]/.test(v) ? `${k}${sp}[REDACTED]` : m,
    );
    return out;
  }
}
