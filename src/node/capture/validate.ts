// Validation of everything a user can type that ends up in a command sent to a node: node names,
// interface names, addresses, ports, protocols, pod references, images. Nothing user-typed reaches
// a shell (commands are argument vectors) and VPP reads each vppctl argument as CLI words, so the
// allowed characters are narrow on purpose.
import { isIP } from 'node:net';

export class CaptureInputError extends Error {
  override readonly name = 'CaptureInputError';
}

/** Kubernetes node names are DNS subdomains (RFC 1123): lower-case alphanumerics, '-' and '.'. */
export function validateNodeName(name: string): string {
  if (name.length === 0 || name.length > 253 || !/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?$/.test(name) || name.includes('..')) {
    throw new CaptureInputError(`invalid node name ${JSON.stringify(name)}: Kubernetes node names are lower-case letters, digits, '-' and '.' (at most 253)`);
  }
  return name;
}

/** Pod and namespace names: RFC 1123 labels / subdomains. */
export function validatePodRef(ref: string): { namespace: string; name: string } {
  const m = /^(?:([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)\/)?([a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?)$/.exec(ref);
  if (!m) throw new CaptureInputError(`invalid pod ${JSON.stringify(ref)}: give NAMESPACE/NAME (lower-case letters, digits, '-' and '.')`);
  return { namespace: m[1] ?? 'default', name: m[3]! };
}

/** VPP interface names as `show interface` prints them: host-eth0, tun3, GigabitEthernet0/8/0, ipip0, vxlan_tunnel0, avf-0/0/6/0, eth0.100. */
export function validateInterfaceName(name: string): string {
  if (!/^[A-Za-z][A-Za-z0-9_./:-]{0,63}$/.test(name) || name.includes('..')) {
    throw new CaptureInputError(`invalid interface name ${JSON.stringify(name)}: VPP interface names are letters, digits and _ . / : - (e.g. host-eth0, tun3, GigabitEthernet0/8/0)`);
  }
  return name;
}

/** A graph node name (e.g. af_xdp-input, session-queue). */
export function validateGraphNodeName(name: string): string {
  if (!/^[a-z0-9][a-z0-9_-]{0,62}$/.test(name)) throw new CaptureInputError(`invalid graph node name ${JSON.stringify(name)}`);
  return name;
}

export function validateIp(ip: string, what: string): string {
  if (isIP(ip) === 0) throw new CaptureInputError(`${what}: ${JSON.stringify(ip)} is not an IPv4 or IPv6 address`);
  return ip;
}

export function validatePort(v: string | number, what: string): number {
  const s = String(v);
  if (!/^\d{1,5}$/.test(s) || Number(s) < 1 || Number(s) > 65535) throw new CaptureInputError(`${what}: ${JSON.stringify(s)} is not a port number (1–65535)`);
  return Number(s);
}

export const PROTOCOLS = ['tcp', 'udp', 'icmp'] as const;
export type FilterProtocol = (typeof PROTOCOLS)[number];

export function validateProtocol(p: string): FilterProtocol {
  const l = p.toLowerCase();
  if (!(PROTOCOLS as readonly string[]).includes(l)) throw new CaptureInputError(`protocol: ${JSON.stringify(p)} is not one of ${PROTOCOLS.join(', ')}`);
  return l as FilterProtocol;
}

/** Container image references (registry/name:tag or @sha256:…), for debug containers. */
export function validateImage(image: string): string {
  if (!/^[a-z0-9]([a-z0-9._\-/:@]{0,254})$/i.test(image) || /\s/.test(image)) throw new CaptureInputError(`invalid image reference ${JSON.stringify(image)}`);
  return image;
}
