// Windowing for long lists: only the rows in (and just around) the viewport are rendered.
import { useCallback, useEffect, useState, type RefObject } from 'react';

export function useVirtualRows(ref: RefObject<HTMLElement | null>, count: number, rowHeight: number, overscan = 8, headerHeight = 0) {
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    setHeight(el.clientHeight);
    return () => ro.disconnect();
  }, [ref]);
  const onScroll = useCallback(() => setScrollTop(ref.current?.scrollTop ?? 0), [ref]);
  const start = Math.max(0, Math.floor((scrollTop - headerHeight) / rowHeight) - overscan);
  const end = Math.min(count, Math.ceil((scrollTop + height) / rowHeight) + overscan);
  /** Scrolls so that row i is visible. */
  const reveal = useCallback(
    (i: number) => {
      const el = ref.current;
      if (!el) return;
      const top = headerHeight + i * rowHeight;
      if (top < el.scrollTop + headerHeight) el.scrollTop = top - headerHeight;
      else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    },
    [ref, rowHeight, headerHeight],
  );
  return { start, end, onScroll, reveal, visibleRows: Math.max(1, Math.floor((height - headerHeight) / rowHeight)) };
}
