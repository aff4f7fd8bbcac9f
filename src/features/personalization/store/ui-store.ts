/**
 * Which personalization panels are open. Not persisted: `?debug=1` on the
 * first URL opens the debug panel (reviews and tests link straight to it).
 */
import { create } from 'zustand';

export const DEBUG_URL_PARAM = 'debug';

export type PersonalizationPanel = 'activity' | 'debug' | 'compare';

interface UiState {
  open: ReadonlySet<PersonalizationPanel>;
  toggle(panel: PersonalizationPanel): void;
  /** Opens a panel (no change when it is open). */
  show(panel: PersonalizationPanel): void;
  close(panel: PersonalizationPanel): void;
}

export function debugFlag(search: string): boolean {
  const value = new URLSearchParams(search).get(DEBUG_URL_PARAM);
  return value === '1' || value === 'true';
}

const initial = new Set<PersonalizationPanel>(
  typeof location !== 'undefined' && debugFlag(location.search) ? ['debug'] : [],
);

export const usePersonalizationUi = create<UiState>()((set) => ({
  open: initial,
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

/** Card badges and per-card explanations are computed only while the debug panel is open. */
export const isDebugOn = (): boolean => usePersonalizationUi.getState().open.has('debug');
