// Where the packet spent its time: one bar per hop (core/diagram layoutWaterfall).
import { memo, useMemo } from 'react';
import type { WaterfallBar } from '../../../core/diagram/waterfall';
import { setHop } from '../../app/actions';
import { formatMicros, layoutWaterfall } from '../../../core/diagram/waterfall';
import type { JourneyView } from '../../workers/protocol';

const LABEL_W = 190;
const ROW = 16;

const Row = memo(function Row({ b, i, current }: { b: WaterfallBar; i: number; current: boolean }) {
  return (
    <g transform={`translate(0, ${i * ROW})`}>
      <text className="lbl" x={LABEL_W - 6} y={11} textAnchor="end">
        {b.node.length > 28 ? b.node.slice(0, 27) + '…' : b.node}
      </text>
      <rect className={`bar${current ? ' current' : ''}`} x={LABEL_W + b.x} y={2} width={b.w} height={ROW - 4} rx={2} onClick={() => setHop(b.index)} />
      {b.durationUs > 0 && (
        <text x={LABEL_W + b.x + b.w + 4} y={11}>
          {formatMicros(b.durationUs)}
        </text>
      )}
    </g>
  );
});

export function Waterfall({ view, hop }: { view: JourneyView; hop: number }) {
  const width = 560;
  const wf = useMemo(() => layoutWaterfall(view.journey.hops, width - LABEL_W - 70), [view]);
  if (!wf) {
    return (
      <section className="panel waterfall" aria-label="Time per hop">
        <div className="panel-head">
          <h2>Time per hop</h2>
        </div>
        <div className="panel-body muted">This packet's hops carry no timestamps.</div>
      </section>
    );
  }
  const height = wf.bars.length * ROW + 24;
  return (
    <section className="panel waterfall" aria-label="Time per hop">
      <div className="panel-head">
        <h2>Time per hop</h2>
        <span className="muted" style={{ fontWeight: 400 }}>
          {formatMicros(wf.totalUs)} from first to last hop
        </span>
      </div>
      <div className="panel-body" style={{ maxHeight: 220 }} tabIndex={0}>
        <svg width={width} height={height} role="img" aria-label={`Waterfall of ${wf.bars.length} hops over ${formatMicros(wf.totalUs)}`}>
          {wf.bars.map((b, i) => (
            <Row key={b.index} b={b} i={i} current={b.index === hop} />
          ))}
          {wf.ticks.map((t) => (
            <text key={t.label} x={LABEL_W + t.x} y={height - 6} textAnchor="middle">
              {t.label}
            </text>
          ))}
        </svg>
      </div>
    </section>
  );
}
