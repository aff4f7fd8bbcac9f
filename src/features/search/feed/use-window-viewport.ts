import { useSyncExternalStore } from 'react';

/**
 * Window scroll quantized to steps, so the grid re-renders every SCROLL_STEP_PX
 * of scrolling rather than on every scroll event; the overscan (≥ one viewport)
 * hides the rounding.
 */
export const SCROLL_STEP_PX = 50;

interface Viewport {
  step: number;
  height: number;
}

/**
 * Read in the scroll and resize handlers, where layout is clean, and kept: React asks for the
 * snapshot again after it has changed the DOM, and reading window.scrollY there would force
 * a synchronous layout in the middle of every commit (a long task while scrolling far down).
 */
let current: Viewport | null = null;
const listeners = new Set<() => void>();

const read = (): Viewport => ({
  step: Math.round(window.scrollY / SCROLL_STEP_PX),
  height: window.innerHeight,
});

function onChange(): void {
  const next = read();
  if (current && next.step === current.step && next.height === current.height) return;
  current = next;
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  if (listeners.size === 0) {
    window.addEventListener('scroll', onChange, { passive: true });
    window.addEventListener('resize', onChange);
    current = read();
  }
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    window.removeEventListener('scroll', onChange);
    window.removeEventListener('resize', onChange);
    current = null; // unobserved: read afresh next time
  };
}

const getSnapshot = (): Viewport => (current ??= read());

export function useWindowViewport(): { scrollY: number; height: number } {
  const { step, height } = useSyncExternalStore(subscribe, getSnapshot);
  return { scrollY: step * SCROLL_STEP_PX, height };
}
