// Address text as tshark and VPP print it.
import type { ByteView } from '../../bytes/view';
import { ipv4Text, ipv6Text, macText } from '../../text/address';

export { macText as macAt, ipv4Text as ipv4At } from '../../text/address';

/** tshark's notation (IPv4-mapped addresses end in a dotted quad). */
export function ipv6At(b: Uint8Array, p: number): string {
  return ipv6Text(b, p, { mappedV4: true });
}

export function mac(v: ByteView, off: number): string {
  v.slice(off, 6);
  return macText(v.bytes, off);
}
export function ipv4(v: ByteView, off: number): string {
  v.slice(off, 4);
  return ipv4Text(v.bytes, off);
}
export function ipv6(v: ByteView, off: number): string {
  v.slice(off, 16);
  return ipv6At(v.bytes, off);
}
