// Which graph node to trace. The user picks a preset (phy, af_xdp, af_packet, avf, vmxnet3, virtio,
// tuntap, rdma, dpdk, memif, vcl) or names a node; `phy` takes the uplink driver from the
// calico-vpp-config ConfigMap. Each preset has candidate node names, and the running VPP is asked
// which exists (`show node NAME`) instead of trusting a fixed table: AF_XDP's node is
// `af_xdp-input` (not `af-xdp-input`), and tun/tap RX is `tap-input` from VPP 26.02 on (the tap
// plugin) but `virtio-input` before.
import { CaptureInputError, validateGraphNodeName } from './validate';

export const INTERFACE_PRESETS: Record<string, readonly string[] | null> = {
  phy: null,
  af_xdp: ['af_xdp-input', 'af-xdp-input'],
  af_packet: ['af-packet-input'],
  avf: ['avf-input'],
  vmxnet3: ['vmxnet3-input'],
  virtio: ['tap-input', 'virtio-input'],
  tuntap: ['tap-input', 'virtio-input'],
  rdma: ['rdma-input'],
  dpdk: ['dpdk-input'],
  memif: ['memif-input'],
  vcl: ['session-queue'],
};

/** Candidates for a ConfigMap `vppDriver` value (the uplink: a virtio driver here is a PCI NIC). */
export function driverCandidates(driver: string): readonly string[] | null {
  const d = driver.trim().toLowerCase().replace(/-/g, '_');
  if (d === 'virtio') return ['virtio-input'];
  if (d === 'phy') return null;
  return INTERFACE_PRESETS[d] ?? null;
}

/** The candidates for what the user gave (default: tun/tap, like calicovppctl). */
export function interfaceCandidates(choice: string | undefined, uplinkDriver: string | null): { candidates: string[]; source: string } {
  const c = (choice ?? 'tuntap').trim();
  if (c === 'phy') {
    if (!uplinkDriver) throw new CaptureInputError('--interface phy needs the uplink driver, but calico-vpp-config does not name one (uplinkInterfaces[0].vppDriver); pick the driver preset instead (af_packet, af_xdp, dpdk…)');
    const d = driverCandidates(uplinkDriver);
    if (!d) throw new CaptureInputError(`the uplink driver "${uplinkDriver}" from calico-vpp-config has no known input node; name the graph node with --interface (e.g. dpdk-input)`);
    return { candidates: [...d], source: `phy (uplink driver ${uplinkDriver} from calico-vpp-config)` };
  }
  const preset = INTERFACE_PRESETS[c];
  if (preset) return { candidates: [...preset], source: c };
  if (/-input$|^session-queue$|-rx$/.test(c)) return { candidates: [validateGraphNodeName(c)], source: 'graph node named by the user' };
  throw new CaptureInputError(`unknown interface type "${c}" (one of ${Object.keys(INTERFACE_PRESETS).join(', ')}, or a graph node name such as af_xdp-input)`);
}

/** True when `show node NAME` output describes that node. */
export function showNodeFound(output: string, name: string): boolean {
  return output.startsWith(`node ${name},`);
}

/**
 * Asks VPP (through `ask`, which runs `show node NAME`) which candidate exists; returns the first
 * found, or throws naming every name that was tried.
 */
export async function resolveInputNode(candidates: readonly string[], ask: (args: string[]) => Promise<string>, source: string): Promise<string> {
  for (const n of candidates) {
    const out = await ask(['show', 'node', n]);
    if (showNodeFound(out, n)) return n;
  }
  throw new CaptureInputError(`VPP has none of the graph nodes ${candidates.join(', ')} for ${source} (asked with "show node NAME"); this node's VPP does not run that driver`);
}
