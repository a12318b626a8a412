// From a ScenarioSpec to a Scenario: runs the engine once (lazily, on first use) and exposes the
// rendered outputs per k8s node and the ground truth of every traced packet.
import { makeCtx, renderBundle, showCommand, type BundleOptions, type Ctx, type RenderedBundle, type ShowOptions } from './bundle/index';
import { dispatchFrames, pcapTraceFrames, renderDispatchPcap, renderPcapTrace, type DispatchFrame, type DispatchOptions, type PcapTraceFrame, type PcapTraceOptions } from './captures';
import { Simulator, type SimRecord } from './engine';
import type { Scenario, ScenarioSpec, ScenarioTopology, TruthPacket } from './model';
import { headerNodes, recordsByThread, renderShowInterface, renderShowTrace } from './render';
import { podKey, type Cluster, type VppNode } from './topology';

interface Built {
  sim: Simulator;
  truth: TruthPacket[];
  traces: Map<string, string>;
  ctx?: Ctx;
}

function build(spec: ScenarioSpec): Built {
  const sim = new Simulator(spec);
  sim.run();
  const truth: TruthPacket[] = [];
  for (const node of sim.cluster.nodes) {
    recordsByThread(node, sim.records).forEach((recs, thread) => {
      recs.forEach((r, k) => truth.push(truthOf(node, r, thread, k + 1)));
    });
  }
  return { sim, truth, traces: new Map() };
}

function truthOf(node: VppNode, r: SimRecord, thread: number, packetNumber: number): TruthPacket {
  return {
    node: node.name, thread, packetNumber,
    ingress: { ...r.ingress }, egress: r.egress ? { ...r.egress } : null,
    verdict: r.verdict, dropReason: r.dropReason, nat: r.nat.map((n) => ({ ...n })),
    flow: r.flow, innerFlow: r.innerFlow, flowId: r.flowId, direction: r.direction,
    path: headerNodes(r), bufferIndex: r.bufferIndex,
  };
}

export function buildScenario(spec: ScenarioSpec): Scenario {
  let built: Built | null = null;
  const get = (): Built => (built ??= build(spec));
  const node = (name: string): VppNode => get().sim.cluster.node(name);
  return {
    name: spec.name,
    title: spec.title,
    description: spec.description,
    spec,
    nodes: spec.cluster.nodes.map((n) => n.name),
    render: {
      showTrace(nodeName: string): string {
        const b = get();
        let text = b.traces.get(nodeName);
        if (text === undefined) {
          text = renderShowTrace(node(nodeName), b.sim.records);
          b.traces.set(nodeName, text);
        }
        return text;
      },
      showInterface(nodeName: string): string {
        return renderShowInterface(node(nodeName));
      },
      dispatchPcap(nodeName: string, opts?: DispatchOptions): Uint8Array {
        return renderDispatchPcap(node(nodeName), get().sim.records, opts);
      },
      pcapTrace(nodeName: string, opts: PcapTraceOptions): Uint8Array {
        return renderPcapTrace(node(nodeName), get().sim.records, opts);
      },
      dispatchFrames(nodeName: string, opts?: DispatchOptions): DispatchFrame[] {
        return dispatchFrames(node(nodeName), get().sim.records, opts);
      },
      pcapTraceFrames(nodeName: string, opts: PcapTraceOptions): PcapTraceFrame[] {
        return pcapTraceFrames(node(nodeName), get().sim.records, opts);
      },
      show(nodeName: string, line: string, opts?: ShowOptions): string | null {
        const b = get();
        b.ctx ??= makeCtx(b.sim, []);
        return showCommand(b.ctx, node(nodeName), line, opts);
      },
      bundle(opts: BundleOptions): RenderedBundle {
        return renderBundle(get().sim, opts);
      },
    },
    get truth(): TruthPacket[] {
      return get().truth;
    },
    interfaces(nodeName: string): Map<number, string> {
      return new Map(node(nodeName).interfaces.map((i) => [i.swIfIndex, i.name]));
    },
    get topology(): ScenarioTopology {
      return topologyOf(get().sim.cluster);
    },
  };
}

/** What a bundle shows of the cluster: uplinks, taps, tun → pod, tunnels, service translations. */
function topologyOf(c: Cluster): ScenarioTopology {
  const apiServer = c.spec.nodes[0];
  const services: ScenarioTopology['services'] = [];
  if (apiServer) services.push({ vip: '10.96.0.1', port: 443, protocol: 'TCP', namespace: 'default', name: 'kubernetes', backends: [{ ip: apiServer.ip, port: 6443 }] });
  for (const s of c.spec.services) {
    const target = s.targetPort ?? s.port;
    services.push({ vip: s.clusterIP, port: s.port, protocol: s.protocol, namespace: s.namespace, name: s.name, backends: s.backends.map((b) => ({ ip: c.pod(b).ip, port: target })) });
    // NodePorts: one translation per node address, to that node's backends (externalTrafficPolicy: Local).
    if (s.nodePort !== undefined) {
      for (const n of c.nodes) {
        const local = s.backends.map((b) => c.pod(b)).filter((p) => p.node === n.name);
        services.push({ vip: n.ip, port: s.nodePort, protocol: s.protocol, namespace: s.namespace, name: s.name, backends: local.map((p) => ({ ip: p.ip, port: target })) });
      }
    }
  }
  return {
    nodes: c.nodes.map((n) => ({
      name: n.name,
      ip: n.ip,
      uplink: { interface: n.uplink.name, driver: n.spec.uplink.driver, swIfIndex: n.uplink.swIfIndex },
      tap: n.tap0.name,
      tuns: n.interfaces.filter((i) => i.kind === 'tun' && i.pod).map((i) => ({ interface: i.name, swIfIndex: i.swIfIndex, pod: { namespace: i.pod!.namespace, name: i.pod!.name, ip: i.pod!.ip } })),
      tunnels: [...n.tunnels.entries()].map(([peer, t]) => ({ kind: t.kind === 'vxlan' ? 'vxlan' as const : 'ipip' as const, interface: t.name, peer })),
    })),
    services,
  };
}

