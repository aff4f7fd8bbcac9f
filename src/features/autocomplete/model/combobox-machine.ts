/**
 * The search combobox's keyboard behaviour (WAI-ARIA 1.2 combobox with a listbox popup) as a
 * pure transition function. DOM focus stays in the input; `active` is the option shown as
 * focused through aria-activedescendant (-1: none).
 */

export interface ComboboxState {
  /** The person wants the popup (focus or typing); it shows only when there are options. */
  open: boolean;
  active: number;
}

export const CLOSED: ComboboxState = { open: false, active: -1 };
export const OPENED: ComboboxState = { open: true, active: -1 };

const KEYS = ['ArrowDown', 'ArrowUp', 'Enter', 'Escape', 'Tab'] as const;
export type ComboboxKey = (typeof KEYS)[number];

export const isComboboxKey = (key: string): key is ComboboxKey =>
  (KEYS as readonly string[]).includes(key);

export type ComboboxEffect =
  | { type: 'none' }
  /** Search an option (by index) or, with `index: null`, the typed text. */
  | { type: 'search'; index: number | null }
  | { type: 'clear' };

export interface Transition {
  state: ComboboxState;
  effect: ComboboxEffect;
  /** Whether the key's default action (caret move, form submit, native clear) must be stopped. */
  preventDefault: boolean;
}

export interface KeyContext {
  /** Options in the popup now. */
  count: number;
  /** Whether the box holds any text (Escape on a closed popup clears it). */
  hasText: boolean;
}

const NONE: ComboboxEffect = { type: 'none' };

/** The option shown as active, or -1 when the popup is hidden or the index is stale. */
export function activeIndex(state: ComboboxState, count: number): number {
  return state.open && state.active >= 0 && state.active < count ? state.active : -1;
}

export function isExpanded(state: ComboboxState, count: number): boolean {
  return state.open && count > 0;
}

export function transition(
  state: ComboboxState,
  key: ComboboxKey,
  { count, hasText }: KeyContext,
): Transition {
  const expanded = isExpanded(state, count);
  const active = activeIndex(state, count);
  switch (key) {
    case 'ArrowDown':
    case 'ArrowUp': {
      if (count === 0) return { state: OPENED, effect: NONE, preventDefault: true };
      const down = key === 'ArrowDown';
      let next: number;
      if (!expanded || active === -1) next = down ? 0 : count - 1;
      else next = (active + (down ? 1 : count - 1)) % count; // wraps both ways
      return { state: { open: true, active: next }, effect: NONE, preventDefault: true };
    }
    case 'Enter':
      return {
        state: CLOSED,
        effect: { type: 'search', index: active === -1 ? null : active },
        preventDefault: true,
      };
    case 'Escape':
      if (expanded) return { state: CLOSED, effect: NONE, preventDefault: true };
      if (hasText) return { state: CLOSED, effect: { type: 'clear' }, preventDefault: true };
      return { state: CLOSED, effect: NONE, preventDefault: false };
    case 'Tab':
      return { state: CLOSED, effect: NONE, preventDefault: false };
  }
}
