import { useSyncExternalStore } from 'react';

/**
 * Window scroll quantized to steps, so the grid re-renders every SCROLL_STEP_PX
 * of scrolling rather than on every scroll event; the overscan (≥ one viewport)
 * hides the rounding.
 */
export const SCROLL_STEP_PX = 50;

function subscribe(listener: () => void): () => void {
  window.addEventListener('scroll', listener, { passive: true });
  window.addEventListener('resize', listener);
  return () => {
    window.removeEventListener('scroll', listener);
    window.removeEventListener('resize', listener);
  };
}

const getScrollStep = () => Math.round(window.scrollY / SCROLL_STEP_PX);
const getViewportHeight = () => window.innerHeight;

export function useWindowViewport(): { scrollY: number; height: number } {
  const step = useSyncExternalStore(subscribe, getScrollStep);
  const height = useSyncExternalStore(subscribe, getViewportHeight);
  return { scrollY: step * SCROLL_STEP_PX, height };
}
