// The selected packet as the topology draws it: its node, path and where it is at the current hop.
import { useMemo } from 'react';
import { useStore } from '../../app/store';
import type { TopologyProps } from '../../diagrams/Topology';

export function usePacketOverlay(): TopologyProps['packet'] {
  const journey = useStore((s) => s.journey);
  const hop = useStore((s) => s.hop);
  return useMemo(() => {
    if (!journey) return null;
    return {
      node: journey.node,
      path: journey.path,
      current: journey.places[hop] ?? null,
      currentNode: journey.journey.hops[hop]?.node ?? null,
      verdict: journey.journey.verdict,
    };
  }, [journey, hop]);
}

export function topologyLabel(nodes: number, packet: TopologyProps['packet']): string {
  const base = `Topology of ${nodes} node${nodes === 1 ? '' : 's'}`;
  if (!packet) return base;
  const at = packet.current ? `${packet.current.kind} ${packet.current.name}` : 'unknown';
  return `${base}; the selected packet is at ${at} (${packet.currentNode ?? ''}) on ${packet.node}`;
}
