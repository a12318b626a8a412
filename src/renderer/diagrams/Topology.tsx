// The topology schematic: per node, pods (eth0) ↔ tunN ↔ VPP ↔ tap0 ↔ host, and VPP ↔ phy ↔ the
// underlay. Layout from core/diagram; React draws; d3 zooms. Elements carry data-kind / data-name,
// the packet's path data-on-path, and where the packet is at the current hop data-current.
import { useEffect, useMemo, useRef, useState } from 'react';
import { bestColumns, layoutSchematic, type HopPlace, type LaidOutElement, type SchematicModel } from '../../core/diagram';
import { useZoom } from './use-zoom';
import { HoverCard } from './HoverCard';
import { Element, Link, Network, NodeFrame, type ElementHandlers } from './TopologyParts';

export interface TopologyProps {
  model: SchematicModel;
  /** The Kubernetes node the selected packet is on, with its path and where it is now. */
  packet: { node: string; path: HopPlace[]; current: HopPlace | null; currentNode: string | null; verdict: string } | null;
  selected: string | null;
  onSelect(key: string | null): void;
  label: string;
  compact?: boolean;
}

function matches(e: LaidOutElement, p: HopPlace): boolean {
  return e.kind === p.kind && e.name === p.name;
}

/** The box's size, followed as it changes. */
function useBoxSize(ref: React.RefObject<Element | null>): { width: number; height: number } {
  const [size, setSize] = useState({ width: 1000, height: 600 });
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => setSize((s) => (Math.abs(s.width - el.clientWidth) > 40 || Math.abs(s.height - el.clientHeight) > 40 ? { width: el.clientWidth, height: el.clientHeight } : s));
    const ro = new ResizeObserver(update);
    ro.observe(el);
    update();
    return () => ro.disconnect();
  }, [ref]);
  return size;
}

export function Topology({ model, packet, selected, onSelect, label, compact }: TopologyProps) {
  const svgRef = useRef<SVGSVGElement>(null);
  const box = useBoxSize(svgRef);
  // Cards side by side or stacked: whichever shows the drawing largest in this box.
  const columns = useMemo(() => (compact ? 1 : bestColumns(model, box.width, box.height)), [model, box.width, box.height, compact]);
  const layout = useMemo(() => layoutSchematic(model, { columns }), [model, columns]);
  // Compact drawings (the Journey view) fit the packet's node; the full view fits everything.
  const focus = useMemo(() => {
    if (!compact || !packet) return null;
    const frame = layout.elements.find((e) => e.kind === 'node' && e.name === packet.node);
    if (!frame) return null;
    const net = layout.network;
    const right = net && net.x1 === net.x2 ? net.x1 + 12 : frame.x + frame.w + 8;
    return { x: frame.x - 8, y: frame.y - 8, width: right - frame.x + 8, height: frame.h + 16 };
  }, [compact, packet?.node, layout]);
  const { transform, fit, zoomBy } = useZoom(svgRef, layout, focus);
  const [hover, setHover] = useState<{ el: LaidOutElement; x: number; y: number } | null>(null);
  const byKey = useMemo(() => new Map(layout.elements.map((e) => [e.key, e])), [layout]);
  const nodesByName = useMemo(() => new Map(model.nodes.map((n) => [n.name, n])), [model]);

  const onPath = (e: LaidOutElement) => !!packet && e.node === packet.node && e.kind !== 'node' && packet.path.some((p) => matches(e, p));
  const isCurrent = (e: LaidOutElement) => !!packet?.current && e.node === packet.node && matches(e, packet.current);
  const pathLeavesNode = !!packet && packet.path.some((p) => p.kind === 'phy');
  // Stable handlers, so the memoised parts re-render only when their own highlight changes.
  const selectRef = useRef(onSelect);
  selectRef.current = onSelect;
  const handlers = useMemo<ElementHandlers>(
    () => ({
      onSelect: (key) => selectRef.current(key),
      onHover: (el, x, y) => setHover(el ? { el, x, y } : null),
    }),
    [],
  );

  return (
    <div className="topology">
      <div className="topo-tools">
        <button className="btn small" onClick={() => zoomBy(1.3)} aria-label="Zoom in">
          +
        </button>
        <button className="btn small" onClick={() => zoomBy(1 / 1.3)} aria-label="Zoom out">
          −
        </button>
        <button className="btn small" onClick={fit}>
          Fit
        </button>
      </div>
      <svg ref={svgRef} role="img" aria-label={label} data-testid="topology" onClick={(e) => e.target === svgRef.current && onSelect(null)}>
        <g transform={transform.toString()} data-layer="content">
          {layout.elements
            .filter((e) => e.kind === 'node')
            .map((e) => {
              const findings = nodesByName.get(e.node)?.findings ?? [];
              const worst = findings.some((f) => f.severity === 'error') ? 'error' : findings.some((f) => f.severity === 'warning') ? 'warning' : null;
              return <NodeFrame key={e.key} e={e} selected={selected === e.key} findings={findings.length} worst={worst} h={handlers} />;
            })}
          {layout.links.map((l) => {
            const a = byKey.get(l.from);
            const b = byKey.get(l.to);
            const on = !!packet && ((l.to === 'network' && a?.node === packet.node && pathLeavesNode && onPath(a)) || (!!a && !!b && onPath(a) && onPath(b)));
            return <Link key={l.key} l={l} from={a} onPath={on} />;
          })}
          {layout.network && <Network network={layout.network} onPath={pathLeavesNode} />}
          {layout.elements
            .filter((e) => e.kind !== 'node')
            .map((e) => {
              const cur = isCurrent(e);
              return (
                <Element
                  key={e.key}
                  e={e}
                  onPath={onPath(e)}
                  current={cur}
                  currentNode={cur && e.kind === 'vpp' ? (packet?.currentNode ?? null) : null}
                  selected={selected === e.key}
                  flagged={!!nodesByName.get(e.node)?.findings.some((f) => f.element === e.name)}
                  h={handlers}
                />
              );
            })}
        </g>
      </svg>
      {!compact && (
        <div className="topo-legend" aria-hidden="true">
          <span>
            <i style={{ background: 'var(--path)' }} />
            packet path
          </span>
          <span>
            <i style={{ background: 'var(--current)' }} />
            current hop
          </span>
          {model.inferred && <span>inferred from the trace</span>}
        </div>
      )}
      {hover && <HoverCard el={hover.el} x={hover.x} y={hover.y} model={model} container={svgRef.current} currentNode={packet?.currentNode ?? null} />}
    </div>
  );
}
