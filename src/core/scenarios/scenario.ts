// From a ScenarioSpec to a Scenario: runs the engine once (lazily, on first use) and exposes the
// rendered outputs per k8s node and the ground truth of every traced packet.
import { Simulator, type SimRecord } from './engine';
import type { Scenario, ScenarioSpec, TruthPacket } from './model';
import { headerNodes, recordsByThread, renderShowInterface, renderShowTrace } from './render';
import type { VppNode } from './topology';

interface Built {
  sim: Simulator;
  truth: TruthPacket[];
  traces: Map<string, string>;
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
    path: headerNodes(r),
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
    },
    get truth(): TruthPacket[] {
      return get().truth;
    },
    interfaces(nodeName: string): Map<number, string> {
      return new Map(node(nodeName).interfaces.map((i) => [i.swIfIndex, i.name]));
    },
  };
}
