import { useCallback, useLayoutEffect, useState } from 'react';
import { railEdges, type RailEdges } from './rail-overflow';

const NO_OVERFLOW: RailEdges = { canScrollLeft: false, canScrollRight: false };

/**
 * Tracks whether the rail overflows on either side: on scroll, on resize and when `content`
 * changes. Takes the element itself (from a callback ref), since the rail mounts only once
 * there are chips.
 */
export function useRailOverflow(el: HTMLElement | null, content: unknown): RailEdges {
  const [edges, setEdges] = useState<RailEdges>(NO_OVERFLOW);

  const measure = useCallback(() => {
    const next = el ? railEdges(el, getComputedStyle(el).direction === 'rtl') : NO_OVERFLOW;
    setEdges((prev) =>
      prev.canScrollLeft === next.canScrollLeft && prev.canScrollRight === next.canScrollRight
        ? prev
        : next,
    );
  }, [el]);

  useLayoutEffect(() => {
    if (!el) return;
    el.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => {
      el.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, [el, measure]);

  // New chips change the scroll width without resizing the rail itself.
  useLayoutEffect(measure, [measure, content]);

  return edges;
}
