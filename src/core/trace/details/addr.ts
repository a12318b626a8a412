// Address helpers for the detail decoder: recognise IPv4 / IPv6 / MAC text, and print addresses
// from bytes the way VPP does (format_ip4_address, format_ip6_address).

export function isIp4(s: string): boolean {
  let parts = 0;
  let digits = 0;
  let v = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0 || v > 255) return false;
      parts++;
      digits = 0;
      v = 0;
    } else if (c >= 48 && c <= 57) {
      digits++;
      v = v * 10 + (c - 48);
      if (digits > 3) return false;
    } else return false;
  }
  return parts === 3 && digits > 0 && v <= 255;
}

export function isIp6(s: string): boolean {
  const n = s.length;
  if (n < 2 || n > 45) return false;
  let groups = 0;
  let digits = 0;
  let doubleColon = false;
  let i = 0;
  if (s.charCodeAt(0) === 58) {
    if (s.charCodeAt(1) !== 58) return false;
    doubleColon = true;
    i = 2;
    if (i === n) return true; // "::"
  }
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 58) {
      if (digits === 0) {
        // "::" (only once, and not ":::")
        if (doubleColon || s.charCodeAt(i - 1) !== 58) return false;
        doubleColon = true;
        continue;
      }
      groups++;
      digits = 0;
      if (i === n - 1) return false; // trailing single ':'
      if (s.charCodeAt(i + 1) === 58) {
        if (doubleColon) return false;
        doubleColon = true;
        i++;
        if (i === n - 1) return groups < 8;
      }
    } else if ((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)) {
      if (++digits > 4) return false;
    } else if (c === 46) {
      // embedded IPv4 tail: the rest must be a dotted quad
      let k = i;
      while (k > 0 && s.charCodeAt(k - 1) !== 58) k--;
      if (!isIp4(s.slice(k))) return false;
      return doubleColon ? groups + 2 < 8 : groups + 2 === 8;
    } else return false;
  }
  if (digits > 0) groups++;
  return doubleColon ? groups < 8 : groups === 8;
}

export function isIpAddress(s: string): 4 | 6 | null {
  if (isIp4(s)) return 4;
  if (isIp6(s)) return 6;
  return null;
}

/** `aa:bb:cc:dd:ee:ff` or `aabb.ccdd.eeff`. */
export function isMac(s: string): boolean {
  return /^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$/.test(s) || /^[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}$/.test(s);
}

/** Address text as VPP prints it (IPv4-mapped IPv6 addresses as hex groups). */
export { ipv4Text as ip4FromBytes, ipv6Text as ip6FromBytes, macText as macFromBytes } from '../../text/address';
