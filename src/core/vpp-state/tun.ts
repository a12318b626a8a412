// `show tun` / `show tap`: one block per device at `Interface: <name> (ifindex <hw_if_index>)`.
// Sources: FDio/vpp src/vnet/devices/virtio/virtio.c (virtio_show) ≤ 25.10, src/plugins/tap/cli.c ≥ 26.02.
import { diagnostic, type Diagnostic } from '../model/diagnostic';
import { detectFailure } from './failure';
import { isBlank, splitLines } from './text';
import type { Lined, Parsed } from './types';

export interface TunDevice extends Lined {
  /** VPP interface name (`tun3`, `tap0`). */
  interface: string;
  /** VPP's hw_if_index (not a Linux ifindex). */
  hwIfIndex: number;
  /** Linux interface name in the netns (`eth0` for pods, the uplink's name for the host tap). */
  linuxName: string | null;
  /** netns path (`/var/run/netns/cni-<uuid>` for Calico pods). */
  netns: string | null;
  hostMtu: number | null;
  hostMac: string | null;
  carrierUp: boolean | null;
  adminUp: boolean | null;
  rxQueues: number | null;
  txQueues: number | null;
  /** `key value` lines not mapped above, verbatim. */
  lines: string[];
  lastLine: number;
}

export interface ShowTun {
  devices: TunDevice[];
}

/** `show tun` or `show tap`. */
export function parseShowTun(text: string, input = 'show-tun'): Parsed<ShowTun> {
  const failure = detectFailure(text, { shortErrors: true });
  const data: ShowTun = { devices: [] };
  const diagnostics: Diagnostic[] = [];
  if (failure) return { input, data, failure, diagnostics };
  const lines = splitLines(text);
  let cur: TunDevice | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const ln = i + 1;
    if (isBlank(line)) continue;
    const h = /^Interface: (.+) \(ifindex (\d+)\)\s*$/.exec(line);
    if (h) {
      cur = {
        line: ln,
        interface: h[1]!,
        hwIfIndex: Number(h[2]),
        linuxName: null,
        netns: null,
        hostMtu: null,
        hostMac: null,
        carrierUp: null,
        adminUp: null,
        rxQueues: null,
        txQueues: null,
        lines: [],
        lastLine: ln,
      };
      data.devices.push(cur);
      continue;
    }
    if (!cur) {
      diagnostics.push(diagnostic(input, `line before the first 'Interface:' block: ${line.trim().slice(0, 60)}`, { line: ln }));
      continue;
    }
    cur.lines.push(line);
    cur.lastLine = ln;
    const t = line.trim();
    let m: RegExpExecArray | null;
    if ((m = /^name "(.*)"$/.exec(t))) cur.linuxName = m[1]!;
    else if ((m = /^host-ns "(.*)"$/.exec(t))) cur.netns = m[1]!;
    else if ((m = /^host-mtu-size "?(\d+)"?$/.exec(t))) cur.hostMtu = Number(m[1]);
    else if ((m = /^host-mac-addr:? ([0-9a-fA-F:]+)$/.exec(t))) cur.hostMac = m[1]!;
    else if ((m = /^host-carrier-up:? (\d)$/.exec(t))) cur.carrierUp = m[1] === '1';
    else if ((m = /^admin state:? (up|down)$/.exec(t))) cur.adminUp = m[1] === 'up';
    else if (t === 'admin-up (0)') cur.adminUp = true;
    else if ((m = /^Number of RX Virtqueue\s+(\d+)$/.exec(t))) cur.rxQueues = Number(m[1]);
    else if ((m = /^Number of TX Virtqueue\s+(\d+)$/.exec(t))) cur.txQueues = Number(m[1]);
  }
  return { input, data, failure: null, diagnostics };
}

/** The CNI netns id (`cni-<uuid>`) of a Calico pod tun, from its netns path. */
export function cniNetnsId(netns: string | null): string | null {
  if (!netns) return null;
  const m = /(cni-[0-9a-fA-F-]{8,})/.exec(netns);
  return m ? m[1]!.toLowerCase() : null;
}
