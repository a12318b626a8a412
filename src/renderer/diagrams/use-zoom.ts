// d3-zoom on an SVG: d3 only listens (wheel, drag, pinch) and reports the transform; React applies
// it to one <g>. Fit-to-view on first layout and on demand.
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3-zoom';
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

export interface ZoomControls {
  transform: ZoomTransform;
  fit(): void;
  zoomBy(k: number): void;
}

/** A box of the drawing to fit in view (the whole drawing when absent). */
export interface FitBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function useZoom(svgRef: RefObject<SVGSVGElement | null>, content: { width: number; height: number }, focus: FitBox | null = null): ZoomControls {
  const [transform, setTransform] = useState<ZoomTransform>(zoomIdentity);
  const behavior = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.15, 6])
      .on('zoom', (e: { transform: ZoomTransform }) => setTransform(e.transform));
    behavior.current = z;
    select(svg).call(z).on('dblclick.zoom', null);
    return () => void select(svg).on('.zoom', null);
  }, [svgRef]);

  const fit = useCallback(() => {
    const svg = svgRef.current;
    const z = behavior.current;
    if (!svg || !z || content.width === 0) return;
    const box = focus ?? { x: 0, y: 0, width: content.width, height: content.height };
    const w = svg.clientWidth || 800;
    const h = svg.clientHeight || 500;
    const k = Math.min(w / box.width, h / box.height, 1.6) * 0.96;
    const t = zoomIdentity.translate((w - box.width * k) / 2 - box.x * k, (h - box.height * k) / 2 - box.y * k).scale(k);
    select(svg).call(z.transform, t);
  }, [svgRef, content.width, content.height, focus?.x, focus?.y, focus?.width, focus?.height]);

  const zoomBy = useCallback(
    (k: number) => {
      const svg = svgRef.current;
      if (svg && behavior.current) select(svg).call(behavior.current.scaleBy, k);
    },
    [svgRef],
  );

  // Fit when the drawing or the box changes size.
  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    fit();
    const ro = new ResizeObserver(() => fit());
    ro.observe(svg);
    return () => ro.disconnect();
  }, [svgRef, fit]);

  return { transform, fit, zoomBy };
}
