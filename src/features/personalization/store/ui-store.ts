/**
 * Which personalization panels are open, and whether this device is in demo mode.
 *
 * Demo mode shows the design-review tools (the Debug panel, its compare view and the per-card
 * badges); without it they are absent. `?debug=1` turns it on and opens the Debug panel (reviews
 * and tests link straight to it), `?debug=0` turns it off; either is remembered on this device
 * (localStorage), and the activity panel has the same switch (demo-mode.ts, a lazy chunk with the
 * panel). Open panels are not persisted.
 */
import { create } from 'zustand';

export const DEBUG_URL_PARAM = 'debug';
export const DEMO_STORAGE_KEY = 'inspo-demo-mode';

export type PersonalizationPanel = 'activity' | 'debug' | 'compare';

interface UiState {
  open: ReadonlySet<PersonalizationPanel>;
  demo: boolean;
  toggle(panel: PersonalizationPanel): void;
  /** Opens a panel (no change when it is open). */
  show(panel: PersonalizationPanel): void;
  close(panel: PersonalizationPanel): void;
}

/** `?debug=1` / `true` → true, `?debug=0` / `false` → false, anything else → null (no say). */
export function debugFlag(search: string): boolean | null {
  const value = new URLSearchParams(search).get(DEBUG_URL_PARAM);
  return value === '1' || value === 'true'
    ? true
    : value === '0' || value === 'false'
      ? false
      : null;
}

const flag = typeof location === 'undefined' ? null : debugFlag(location.search);
/** Demo mode at start: the URL's say (remembered on this device), else what the device remembers. */
let demo = flag === true;
// localStorage can be missing or throw (privacy settings): demo mode then lasts this visit.
try {
  if (flag === null) demo = localStorage.getItem(DEMO_STORAGE_KEY) === '1';
  else if (flag) localStorage.setItem(DEMO_STORAGE_KEY, '1');
  else localStorage.removeItem(DEMO_STORAGE_KEY);
} catch {
  /* not remembered */
}

export const usePersonalizationUi = create<UiState>()((set) => ({
  open: new Set<PersonalizationPanel>(flag ? ['debug'] : []),
  demo,
  toggle: (panel) =>
    set((s) => {
      const open = new Set(s.open);
      if (!open.delete(panel)) open.add(panel);
      return { open };
    }),
  show: (panel) => set((s) => (s.open.has(panel) ? s : { open: new Set(s.open).add(panel) })),
  close: (panel) =>
    set((s) => {
      const open = new Set(s.open);
      open.delete(panel);
      return { open };
    }),
}));

export const useIsPanelOpen = (panel: PersonalizationPanel): boolean =>
  usePersonalizationUi((s) => s.open.has(panel));

export const useDemoMode = (): boolean => usePersonalizationUi((s) => s.demo);

/** Card badges and per-card explanations are computed only while the debug panel is open. */
export const isDebugOn = (): boolean => usePersonalizationUi.getState().open.has('debug');
