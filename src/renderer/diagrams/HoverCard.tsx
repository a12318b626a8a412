// What hovering an element of the topology shows: a pod (namespace, name, IP), an interface
// (state, addresses, driver, counters), a node (its health-check findings), VPP.
import type { LaidOutElement, SchematicModel } from '../../core/diagram';
import { ElementDetails } from './ElementDetails';

export function HoverCard({ el, x, y, model, container, currentNode }: { el: LaidOutElement; x: number; y: number; model: SchematicModel; container: Element | null; currentNode: string | null }) {
  const box = container?.getBoundingClientRect();
  const left = box ? Math.min(x - box.left + 14, box.width - 350) : x;
  const top = box ? Math.min(y - box.top + 14, box.height - 160) : y;
  return (
    <div className="topo-card" style={{ left: Math.max(4, left), top: Math.max(4, top) }} role="tooltip">
      <ElementDetails el={el} model={model} currentNode={currentNode} brief />
    </div>
  );
}
