/**
 * The activity panel's demo-mode switch (ui-store.ts says what demo mode shows). Off, the Debug
 * panel and its compare view close. Remembered on this device like `?debug=1` / `?debug=0`.
 */
import { DEMO_STORAGE_KEY, usePersonalizationUi, type PersonalizationPanel } from './ui-store';

const DEMO_PANELS: readonly PersonalizationPanel[] = ['debug', 'compare'];

export function setDemoMode(on: boolean): void {
  try {
    if (on) localStorage.setItem(DEMO_STORAGE_KEY, '1');
    else localStorage.removeItem(DEMO_STORAGE_KEY);
  } catch {
    /* not remembered: demo mode lasts this visit */
  }
  usePersonalizationUi.setState((s) => ({
    demo: on,
    open: on ? s.open : new Set([...s.open].filter((panel) => !DEMO_PANELS.includes(panel))),
  }));
}
