// View 4: a capture's frames, the decoded tree of the selected frame and its bytes, with linked
// highlighting (click a field → its bytes; click a byte → its innermost field).
import { useEffect, useMemo, useRef, useState } from 'react';
import { analysis, selectFrame, selectRow, setHop, showView } from '../../app/actions';
import { store, useStore } from '../../app/store';
import { useVirtualRows } from '../../components/use-virtual';
import { formatMicros } from '../../../core/diagram/waterfall';
import type { FrameRow } from '../../workers/protocol';
import { DecodeTree, innermostField } from './DecodeTree';
import { HexView } from './HexView';

const ROW_H = 24;
const PAGE = 1000;

function useFramePages(capture: number, first: FrameRow[], count: number) {
  const [pages, setPages] = useState<Map<number, FrameRow[]>>(() => new Map([[0, first]]));
  useEffect(() => setPages(new Map([[0, first]])), [capture, first]);
  const loading = useRef(new Set<number>());
  const get = (i: number): FrameRow | null => {
    const p = Math.floor(i / PAGE);
    const page = pages.get(p);
    if (page) return page[i - p * PAGE] ?? null;
    if (!loading.current.has(p) && i < count) {
      loading.current.add(p);
      void analysis.request({ type: 'frames', capture, offset: p * PAGE, limit: PAGE }).then((rows) => {
        loading.current.delete(p);
        setPages((m) => new Map(m).set(p, rows));
      });
    }
    return null;
  };
  return get;
}

/** For a dispatch record: open the journey of the packet it belongs to. */
function FollowButton({ capture, number }: { capture: number; number: number }) {
  const [row, setRow] = useState<number | null>(null);
  useEffect(() => {
    let live = true;
    void analysis.request({ type: 'row-of-frame', capture, number }).then((r) => live && setRow(r));
    return () => {
      live = false;
    };
  }, [capture, number]);
  if (row === null) return null;
  return (
    <button
      className="btn small"
      style={{ marginLeft: 'auto' }}
      onClick={() =>
        void selectRow(row).then(() => {
          const k = store.get().journey?.journey.hops.findIndex((h) => h.frame?.number === number) ?? -1;
          if (k >= 0) setHop(k);
          showView('journey');
        })
      }
    >
      Follow this packet →
    </button>
  );
}

export function CaptureView() {
  const session = useStore((s) => s.session)!;
  const captureId = useStore((s) => s.captureId);
  const frame = useStore((s) => s.frame);
  const field = useStore((s) => s.field);
  const cap = session.captures.find((c) => c.id === captureId) ?? session.captures[0];
  const listRef = useRef<HTMLDivElement>(null);
  const { start, end, onScroll, reveal } = useVirtualRows(listRef, cap?.count ?? 0, ROW_H, 10, ROW_H);
  const get = useFramePages(cap?.id ?? 0, cap?.frames ?? [], cap?.count ?? 0);
  const t0 = useMemo(() => cap?.frames.find((f) => f.timeUs !== null)?.timeUs ?? 0, [cap]);
  useEffect(() => {
    if (cap && cap.count > 0 && (!frame || frame.capture !== cap.id)) void selectFrame(cap.id, 1);
  }, [cap, frame]);
  useEffect(() => {
    if (frame) reveal(frame.number - 1);
  }, [frame, reveal]);
  if (!cap) {
    return (
      <div className="empty">
        <div>
          <h2>No capture open</h2>
          <p>Open a pcap or pcapng file (a plain capture or a VPP dispatch capture) to see its frames, decoded fields and bytes.</p>
        </div>
      </div>
    );
  }
  const rows = [];
  for (let i = start; i < end; i++) {
    const f = get(i);
    const number = i + 1;
    rows.push(
      <div
        key={i}
        role="row"
        aria-rowindex={i + 2}
        aria-selected={frame?.number === number}
        className="grid-row"
        style={{ top: ROW_H * i, ['--cols' as string]: '64px 110px 70px minmax(0, 1fr)', height: ROW_H }}
        onClick={() => void selectFrame(cap.id, number)}
      >
        <div role="gridcell" className="mono">
          {number}
        </div>
        <div role="gridcell" className="mono">
          {f?.timeUs != null ? `+${formatMicros(f.timeUs - t0)}` : ''}
        </div>
        <div role="gridcell" className="mono">
          {f?.length ?? ''}
        </div>
        <div role="gridcell" className="mono" title={f?.summary}>
          {f ? (f.vppNode ? `[${f.vppNode}] ` : '') + f.summary : '…'}
        </div>
      </div>,
    );
  }
  return (
    <div className="capture">
      <section className="panel frames" aria-label="Frames">
        <div className="panel-head">
          <h2>{cap.name}</h2>
          <span className="muted" style={{ fontWeight: 400 }}>
            {cap.format} · {cap.linkType} · {cap.count.toLocaleString('en')} frames{cap.dispatch ? ' · dispatch records also listed as packets' : ''}
          </span>
          {session.captures.length > 1 && (
            <select aria-label="Capture" value={cap.id} onChange={(e) => store.set({ captureId: Number(e.target.value), frame: null, field: null })} style={{ marginLeft: 'auto' }}>
              {session.captures.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </select>
          )}
        </div>
        <div
          ref={listRef}
          className="grid"
          role="grid"
          aria-label="Frames"
          aria-rowcount={cap.count + 1}
          tabIndex={0}
          onScroll={onScroll}
          onKeyDown={(e) => {
            if (!frame) return;
            if (e.key === 'ArrowDown' && frame.number < cap.count) {
              e.preventDefault();
              void selectFrame(cap.id, frame.number + 1);
            }
            if (e.key === 'ArrowUp' && frame.number > 1) {
              e.preventDefault();
              void selectFrame(cap.id, frame.number - 1);
            }
          }}
        >
          <div role="rowgroup">
            <div role="row" aria-rowindex={1} className="grid-head" style={{ ['--cols' as string]: '64px 110px 70px minmax(0, 1fr)', height: ROW_H }}>
              <div role="columnheader">#</div>
              <div role="columnheader">Time</div>
              <div role="columnheader">Length</div>
              <div role="columnheader">Summary</div>
            </div>
          </div>
          <div role="rowgroup" style={{ height: ROW_H * cap.count, position: 'relative' }}>
            {rows}
          </div>
        </div>
      </section>
      <section className="panel" aria-label="Decoded fields" style={{ display: 'flex', flexDirection: 'column' }}>
        <div className="panel-head">
          <h2>Frame {frame?.number ?? ''}</h2>
          {frame && cap.dispatch && <FollowButton capture={cap.id} number={frame.number} />}
          {frame?.warnings.map((w, i) => (
            <span key={i} className="badge sev-warning">
              {w}
            </span>
          ))}
        </div>
        <div className="panel-body" style={{ flex: 1 }}>
          {frame && <DecodeTree tree={frame.tree} selected={field} onSelect={(f) => store.set({ field: f ? { start: f.start, end: f.end, name: f.name } : null })} />}
        </div>
      </section>
      <section className="panel" aria-label="Bytes" style={{ display: 'flex', flexDirection: 'column' }}>
        <div className="panel-head">
          <h2>Bytes</h2>
          {field && (
            <span className="muted" style={{ fontWeight: 400 }}>
              {field.name}: bytes {field.start}–{field.end - 1} ({field.end - field.start})
            </span>
          )}
        </div>
        <div className="panel-body" style={{ flex: 1 }} tabIndex={0}>
          {frame && (
            <HexView
              bytes={frame.bytes}
              range={field}
              onPick={(offset) => {
                const f = innermostField(frame.tree, offset);
                store.set({ field: f ? { start: f.start, end: f.end, name: f.name } : null });
              }}
            />
          )}
        </div>
      </section>
    </div>
  );
}
