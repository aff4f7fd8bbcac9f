import { describe, expect, it } from 'vitest';
import {
  activeIndex,
  CLOSED,
  isComboboxKey,
  isExpanded,
  OPENED,
  transition,
  type ComboboxKey,
  type ComboboxState,
} from './combobox-machine';

const ctx = { count: 3, hasText: true };
const at = (active: number): ComboboxState => ({ open: true, active });

/** Runs a key sequence from `start` and returns the active index after each key. */
function walk(start: ComboboxState, keys: ComboboxKey[], count = 3): number[] {
  let state = start;
  return keys.map((key) => {
    state = transition(state, key, { count, hasText: true }).state;
    return activeIndex(state, count);
  });
}

describe('arrow keys', () => {
  it('ArrowDown from the input goes to the first option, then on, wrapping to the first', () => {
    expect(walk(OPENED, ['ArrowDown', 'ArrowDown', 'ArrowDown', 'ArrowDown'])).toEqual([
      0, 1, 2, 0,
    ]);
  });

  it('ArrowUp from the input goes to the last option, then back, wrapping to the last', () => {
    expect(walk(OPENED, ['ArrowUp', 'ArrowUp', 'ArrowUp', 'ArrowUp'])).toEqual([2, 1, 0, 2]);
  });

  it('opens a closed popup on the first (ArrowDown) or last (ArrowUp) option', () => {
    expect(transition(CLOSED, 'ArrowDown', ctx)).toEqual({
      state: at(0),
      effect: { type: 'none' },
      preventDefault: true,
    });
    expect(transition(CLOSED, 'ArrowUp', ctx).state).toEqual(at(2));
  });

  it('with no options only asks for the popup', () => {
    expect(transition(CLOSED, 'ArrowDown', { count: 0, hasText: false })).toEqual({
      state: OPENED,
      effect: { type: 'none' },
      preventDefault: true,
    });
  });

  it('restarts from the ends when the active index outlived a shorter list', () => {
    expect(transition(at(7), 'ArrowDown', ctx).state).toEqual(at(0));
  });
});

describe('Enter', () => {
  it('searches the active option and closes', () => {
    expect(transition(at(1), 'Enter', ctx)).toEqual({
      state: CLOSED,
      effect: { type: 'search', index: 1 },
      preventDefault: true,
    });
  });

  it('searches the typed text when no option is active or the popup is closed', () => {
    expect(transition(OPENED, 'Enter', ctx).effect).toEqual({ type: 'search', index: null });
    expect(transition({ open: false, active: 1 }, 'Enter', ctx).effect).toEqual({
      type: 'search',
      index: null,
    });
  });
});

describe('Escape', () => {
  it('closes an open popup first, then clears the text', () => {
    const first = transition(at(1), 'Escape', ctx);
    expect(first).toEqual({ state: CLOSED, effect: { type: 'none' }, preventDefault: true });
    expect(transition(first.state, 'Escape', ctx)).toEqual({
      state: CLOSED,
      effect: { type: 'clear' },
      preventDefault: true,
    });
  });

  it('clears at once when the popup has nothing to show', () => {
    expect(transition(OPENED, 'Escape', { count: 0, hasText: true }).effect).toEqual({
      type: 'clear',
    });
  });

  it('leaves an empty closed box alone (the key may mean something to the page)', () => {
    expect(transition(CLOSED, 'Escape', { count: 3, hasText: false })).toEqual({
      state: CLOSED,
      effect: { type: 'none' },
      preventDefault: false,
    });
  });
});

describe('Tab', () => {
  it('closes without stopping focus from moving on', () => {
    expect(transition(at(2), 'Tab', ctx)).toEqual({
      state: CLOSED,
      effect: { type: 'none' },
      preventDefault: false,
    });
  });
});

describe('helpers', () => {
  it('isComboboxKey', () => {
    expect(['ArrowDown', 'ArrowUp', 'Enter', 'Escape', 'Tab'].every(isComboboxKey)).toBe(true);
    expect(['Home', 'a', 'ArrowLeft', 'Delete'].some(isComboboxKey)).toBe(false);
  });

  it('expanded only while open with options; active only inside the list', () => {
    expect(isExpanded(OPENED, 3)).toBe(true);
    expect(isExpanded(OPENED, 0)).toBe(false);
    expect(isExpanded(CLOSED, 3)).toBe(false);
    expect(activeIndex(at(2), 3)).toBe(2);
    expect(activeIndex(at(3), 3)).toBe(-1);
    expect(activeIndex({ open: false, active: 1 }, 3)).toBe(-1);
  });
});
