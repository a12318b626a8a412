// Authentication (bearer tokens) and configurable authorization denials for the test cluster, with
// the API server's exact Forbidden message shape so clients see what a real cluster says.

export interface RbacDenial {
  /** get, list, watch, create… or '*'. */
  verb: string;
  /** `pods`, `pods/exec`, `pods/log`, `nodes`, `configmaps`, `namespaces` or '*'. */
  resource: string;
  /** Only in this namespace (omit: everywhere). */
  namespace?: string;
}

export interface TestUser {
  /** The user name the API server reports (e.g. in Forbidden messages). */
  name: string;
  /** Bearer token that authenticates as this user. */
  token: string;
  /** What this user may NOT do; everything else is allowed. */
  deny?: RbacDenial[];
}

export interface RequestAttributes {
  verb: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

export function findUserByAuthorization(users: readonly TestUser[], header: string | undefined): TestUser | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  if (!m) return undefined;
  return users.find((u) => u.token === m[1]);
}

/** The Forbidden message a real API server gives, or null when the request is allowed. */
export function forbiddenMessage(user: TestUser, a: RequestAttributes): string | null {
  const full = a.subresource ? `${a.resource}/${a.subresource}` : a.resource;
  const denied = (user.deny ?? []).some(
    (d) => (d.verb === '*' || d.verb === a.verb) && (d.resource === '*' || d.resource === full) && (d.namespace === undefined || d.namespace === a.namespace),
  );
  if (!denied) return null;
  const who = a.name ? `${a.resource} "${a.name}"` : a.resource;
  const scope = a.namespace ? `in the namespace "${a.namespace}"` : 'at the cluster scope';
  return `${who} is forbidden: User "${user.name}" cannot ${a.verb} resource "${full}" in API group "" ${scope}`;
}
