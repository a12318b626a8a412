// The packet's graph nodes as a lane, one list item per hop; the current one has aria-current="step".
// Chips are memoised: a step re-renders the two that change.
import { memo, useEffect, useRef } from 'react';
import { setHop } from '../../app/actions';
import { formatMicros } from '../../../core/diagram/waterfall';
import type { JourneyView } from '../../workers/protocol';

const Chip = memo(function Chip({ i, node, time, drop, nat, state }: { i: number; node: string; time: string; drop: boolean; nat: boolean; state: 'visited' | 'current' | 'ahead' }) {
  const cls = ['hop-chip', drop ? 'tag-drop' : '', nat ? 'tag-nat' : ''].join(' ');
  return (
    <li className={state === 'ahead' ? '' : 'visited'} {...(state === 'current' ? { 'aria-current': 'step' as const } : {})}>
      <button className={cls} onClick={() => setHop(i)} aria-label={`Hop ${i + 1}: ${node}`} tabIndex={state === 'current' ? 0 : -1}>
        <span className="n">{node}</span>
        <span className="t">{time}</span>
      </button>
    </li>
  );
});

export function HopLane({ view, hop }: { view: JourneyView; hop: number }) {
  const ref = useRef<HTMLOListElement>(null);
  useEffect(() => {
    const lane = ref.current;
    const li = lane?.children[hop] as HTMLElement | undefined;
    const wrap = lane?.parentElement;
    if (!li || !wrap) return;
    // Keep the current chip in view (horizontal scroll only; cheaper than scrollIntoView).
    if (li.offsetLeft < wrap.scrollLeft) wrap.scrollLeft = li.offsetLeft - 8;
    else if (li.offsetLeft + li.offsetWidth > wrap.scrollLeft + wrap.clientWidth) wrap.scrollLeft = li.offsetLeft + li.offsetWidth - wrap.clientWidth + 8;
  }, [hop]);
  return (
    <div className="lane-wrap">
      <ol className="lane" ref={ref} aria-label="Hops of the selected packet" data-testid="hop-lane">
        {view.journey.hops.map((h, i) => {
          const tags = view.info[i]?.tags ?? [];
          const time = i === 0 ? (h.timestamp ?? '') : h.deltaUs !== null ? `+${formatMicros(h.deltaUs)}` : '';
          return <Chip key={i} i={i} node={h.node} time={time} drop={tags.includes('drop')} nat={tags.includes('nat')} state={i < hop ? 'visited' : i === hop ? 'current' : 'ahead'} />;
        })}
      </ol>
    </div>
  );
}
