// The drawn parts of the topology, each memoised: stepping through hops changes the highlight of a
// few elements, so only those re-render.
import { memo } from 'react';
import type { LaidOutElement, LaidOutLink, SchematicLayout } from '../../core/diagram';

export interface ElementHandlers {
  onSelect(key: string): void;
  onHover(el: LaidOutElement | null, x: number, y: number): void;
}

function truncate(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}

export const NodeFrame = memo(function NodeFrame({ e, selected, findings, worst, h }: { e: LaidOutElement; selected: boolean; findings: number; worst: 'error' | 'warning' | null; h: ElementHandlers }) {
  return (
    <g
      className={`el${selected ? ' selected' : ''}`}
      data-kind="node"
      data-name={e.name}
      onClick={(ev) => {
        ev.stopPropagation();
        h.onSelect(e.key);
      }}
      onMouseMove={(ev) => h.onHover(e, ev.clientX, ev.clientY)}
      onMouseLeave={() => h.onHover(null, 0, 0)}
    >
      <rect x={e.x} y={e.y} width={e.w} height={e.h} rx={10} />
      <text x={e.x + 14} y={e.y + 24}>
        {e.label}
      </text>
      {e.sublabel && (
        <text className="sub" x={e.x + 14 + e.label.length * 8 + 10} y={e.y + 24}>
          {e.sublabel}
        </text>
      )}
      {worst && (
        <g>
          <circle className={`flag ${worst}`} cx={e.x + e.w - 22} cy={e.y + 20} r={9} />
          <text className="flag-mark" x={e.x + e.w - 25.5} y={e.y + 24.5}>
            !
          </text>
          <text className="sub" x={e.x + e.w - 38} y={e.y + 24} textAnchor="end">
            {findings} finding{findings === 1 ? '' : 's'}
          </text>
        </g>
      )}
    </g>
  );
});

export const Element = memo(function Element({
  e,
  onPath,
  current,
  currentNode,
  selected,
  flagged,
  h,
}: {
  e: LaidOutElement;
  onPath: boolean;
  current: boolean;
  currentNode: string | null;
  selected: boolean;
  flagged: boolean;
  h: ElementHandlers;
}) {
  return (
    <g
      className={`el${selected ? ' selected' : ''}${flagged ? ' flagged' : ''}`}
      data-kind={e.kind}
      data-name={e.name}
      data-node={e.node}
      {...(onPath ? { 'data-on-path': '' } : {})}
      {...(current ? { 'data-current': '' } : {})}
      onClick={(ev) => {
        ev.stopPropagation();
        h.onSelect(e.key);
      }}
      onMouseMove={(ev) => h.onHover(e, ev.clientX, ev.clientY)}
      onMouseLeave={() => h.onHover(null, 0, 0)}
    >
      {current && <rect className="pulse" x={e.x - 6} y={e.y - 6} width={e.w + 12} height={e.h + 12} rx={10} />}
      <rect x={e.x} y={e.y} width={e.w} height={e.h} rx={e.kind === 'pod' || e.kind === 'host' ? 8 : 5} />
      {e.kind === 'vpp' ? (
        <>
          <text className="title" x={e.x + e.w / 2} y={e.y + 26} textAnchor="middle">
            VPP
          </text>
          <text className="sub" x={e.x + e.w / 2} y={e.y + 44} textAnchor="middle">
            graph nodes
          </text>
          {current && currentNode && (
            <text className="current-node" x={e.x + e.w / 2} y={e.y + e.h / 2 + 10} textAnchor="middle">
              {truncate(currentNode, 24)}
            </text>
          )}
        </>
      ) : (
        <>
          <text x={e.x + 8} y={e.y + (e.sublabel && e.h > 36 ? 19 : e.h / 2 + 4)}>
            {truncate(e.label, 26)}
          </text>
          {e.sublabel && e.h > 36 && (
            <text className="sub" x={e.x + 8} y={e.y + 35}>
              {truncate(e.sublabel, 30)}
            </text>
          )}
          {e.sublabel && e.h <= 36 && e.kind === 'phy' && (
            <text className="sub" x={e.x + e.w - 8} y={e.y + e.h / 2 + 4} textAnchor="end">
              {e.sublabel}
            </text>
          )}
        </>
      )}
    </g>
  );
});

export const Link = memo(function Link({ l, from, onPath }: { l: LaidOutLink; from: LaidOutElement | undefined; onPath: boolean }) {
  return (
    <g>
      <path className="link" d={l.d} {...(onPath ? { 'data-on-path': '' } : {})} />
      {l.label && from && (
        <text className="link-label" x={from.x + from.w + 4} y={from.y + from.h / 2 - 5}>
          {l.label}
        </text>
      )}
    </g>
  );
});

export const Network = memo(function Network({ network, onPath }: { network: NonNullable<SchematicLayout['network']>; onPath: boolean }) {
  const rows = network.rows ?? [{ x1: network.x1, x2: network.x2, y: network.y1 }];
  const vertical = network.x1 === network.x2;
  return (
    <g>
      {rows.map((r, i) => (
        <line key={i} className="network-line" x1={r.x1} x2={r.x2} y1={r.y} y2={network.rows ? r.y : network.y2} {...(onPath ? { 'data-on-path': '' } : {})} />
      ))}
      {network.rows && network.rows.length > 1 && <line className="network-line" x1={network.x1 - 12} x2={network.x1 - 12} y1={network.rows[0]!.y} y2={network.y1} />}
      {vertical ? (
        <text className="link-label" x={network.x1 + 8} y={network.y1 + 4} transform={`rotate(90 ${network.x1 + 8} ${network.y1 + 4})`}>
          {network.label}
        </text>
      ) : (
        <text className="link-label" x={network.x1} y={network.y1 + 18}>
          {network.label}
        </text>
      )}
    </g>
  );
});
