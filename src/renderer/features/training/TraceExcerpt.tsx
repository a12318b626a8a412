// The packet's lines of the trace, numbered as in the file, with the lines the current step talks
// about highlighted and scrolled into view.
import { useEffect, useRef } from 'react';
import type { LineRef } from '../../../core/training';

export function TraceExcerpt({ title, lines, highlight }: { title: string; lines: LineRef[]; highlight: Set<number> }) {
  const box = useRef<HTMLDivElement>(null);
  const first = Math.min(...[...highlight].filter((n) => lines.some((l) => l.line === n)));
  useEffect(() => {
    const el = box.current?.querySelector<HTMLElement>(`[data-line="${first}"]`);
    const c = box.current;
    if (el && c) c.scrollTop = Math.max(0, c.scrollTop + el.getBoundingClientRect().top - c.getBoundingClientRect().top - c.clientHeight / 4);
  }, [first, lines]);
  if (lines.length === 0) return null;
  const w = String(lines[lines.length - 1]!.line).length + 1;
  return (
    <div className="training-excerpt" ref={box} role="region" aria-label={title} tabIndex={0}>
      <div className="head">{title}</div>
      <pre>
        {lines.map((l) => (
          <span key={l.line} className={`l${highlight.has(l.line) ? ' hl' : ''}`} data-line={l.line} {...(highlight.has(l.line) ? { 'data-highlighted': 'true' } : {})}>
            <span className="n">{String(l.line).padStart(w)}</span>
            {l.text || ' '}
          </span>
        ))}
      </pre>
    </div>
  );
}
