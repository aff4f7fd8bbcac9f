import { useLayoutEffect, useRef, useState, type RefObject } from 'react';

export interface ContainerGeometry {
  /** Content width of the container in CSS px (0 until measured). */
  width: number;
  /** Distance from the top of the document to the container, for window-scroll virtualization. */
  top: number;
}

const UNMEASURED: ContainerGeometry = { width: 0, top: 0 };

/**
 * Measures an element's width and document offset before paint, and again
 * whenever it or the page around it resizes (a banner above it appearing moves
 * it down).
 */
export function useContainerGeometry<T extends HTMLElement>(): [
  RefObject<T | null>,
  ContainerGeometry,
] {
  const ref = useRef<T>(null);
  const [geometry, setGeometry] = useState<ContainerGeometry>(UNMEASURED);

  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const rect = element.getBoundingClientRect();
      const next = { width: Math.floor(rect.width), top: Math.round(rect.top + window.scrollY) };
      setGeometry((prev) => (prev.width === next.width && prev.top === next.top ? prev : next));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    observer.observe(document.body);
    return () => observer.disconnect();
  }, []);

  return [ref, geometry];
}
