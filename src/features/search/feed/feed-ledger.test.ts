import { describe, expect, it } from 'vitest';
import type { Grid } from '@/lib/masonry/grid';
import {
  dedupeById,
  EMPTY_LEDGER,
  fetchDirection,
  layoutLedger,
  loadedSpan,
  reconcileLedger,
  type Ledger,
  type LedgerEntry,
} from './feed-ledger';

const e = (id: string, height = 100): LedgerEntry => ({ id, width: 236, height, color: '#ffffff' });
const ids = (ledger: Ledger) => ledger.entries.map((x) => x.id);
const from = (...names: string[]) =>
  reconcileLedger(
    EMPTY_LEDGER,
    names.map((n) => e(n)),
  );

describe('reconcileLedger', () => {
  it('starts from the first window', () => {
    const ledger = from('a', 'b');
    expect(ids(ledger)).toEqual(['a', 'b']);
    expect(ledger.generation).toBe(1);
    expect([...ledger.indexById]).toEqual([
      ['a', 0],
      ['b', 1],
    ]);
  });

  it('appends a next page', () => {
    const ledger = reconcileLedger(from('a', 'b'), [e('a'), e('b'), e('c'), e('d')]);
    expect(ids(ledger)).toEqual(['a', 'b', 'c', 'd']);
    expect(ledger.generation).toBe(1);
    expect(ledger.indexById.get('d')).toBe(3);
  });

  it('keeps slots when early pages are dropped, and appends after them', () => {
    const full = from('a', 'b', 'c', 'd');
    expect(reconcileLedger(full, [e('c'), e('d')])).toBe(full);
    const grown = reconcileLedger(full, [e('c'), e('d'), e('e')]);
    expect(ids(grown)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(grown.generation).toBe(1);
  });

  it('keeps slots when the last page is dropped after fetching a previous one', () => {
    const full = from('a', 'b', 'c', 'd');
    expect(reconcileLedger(full, [e('b'), e('c')])).toBe(full);
  });

  it('rebuilds when the results changed under us', () => {
    const full = from('a', 'b', 'c');
    expect(ids(reconcileLedger(full, [e('x'), e('b')]))).toEqual(['x', 'b']);
    const reordered = reconcileLedger(full, [e('a'), e('c'), e('b')]);
    expect(ids(reordered)).toEqual(['a', 'c', 'b']);
    expect(reordered.generation).toBe(2);
    // New items in the middle of the ledger cannot be placed without moving others.
    expect(ids(reconcileLedger(full, [e('a'), e('z')]))).toEqual(['a', 'z']);
  });

  it('ignores an empty window and duplicate ids', () => {
    const full = from('a', 'b');
    expect(reconcileLedger(full, [])).toBe(full);
    expect(ids(reconcileLedger(full, [e('a'), e('b'), e('b'), e('c')]))).toEqual(['a', 'b', 'c']);
    expect(dedupeById([e('a'), e('a')])).toHaveLength(1);
  });
});

const grid: Grid = {
  columnCount: 2,
  columnWidth: 236,
  gutter: 16,
  offsetLeft: 0,
  captionHeight: 48,
};

describe('layoutLedger', () => {
  it('extends the previous layout on append and reuses it when nothing changed', () => {
    const first = from('a', 'b');
    const l1 = layoutLedger(null, first, grid);
    expect(l1.state.positions).toEqual([
      { top: 0, left: 0, width: 236, height: 148 },
      { top: 0, left: 252, width: 236, height: 148 },
    ]);
    expect(layoutLedger(l1, first, grid)).toBe(l1);
    const l2 = layoutLedger(l1, reconcileLedger(first, [e('b'), e('c')]), grid);
    expect(l2.state.positions.slice(0, 2)).toEqual(l1.state.positions);
    expect(l2.state.positions[2]).toEqual({ top: 164, left: 0, width: 236, height: 148 });
  });

  it('starts over for a new grid or a new generation', () => {
    const ledger = from('a', 'b');
    const l1 = layoutLedger(null, ledger, grid);
    const wide = layoutLedger(l1, ledger, { ...grid, columnCount: 3, offsetLeft: 10 });
    expect(wide.state.positions.map((p) => p.left)).toEqual([10, 262]);
    const rebuilt = reconcileLedger(ledger, [e('z')]);
    expect(layoutLedger(l1, rebuilt, grid).state.positions).toHaveLength(1);
  });
});

describe('loadedSpan', () => {
  it('finds the loaded window inside the ledger', () => {
    const ledger = from('a', 'b', 'c', 'd');
    expect(loadedSpan(ledger, ['b', 'c'])).toEqual({ first: 1, last: 2 });
    expect(loadedSpan(ledger, ['zz'])).toBeNull();
  });
});

describe('fetchDirection', () => {
  const base = {
    visible: { start: 10, end: 20 },
    loaded: { first: 0, last: 29 },
    ledgerLength: 30,
    nearEnd: false,
    hasPreviousPage: false,
    hasNextPage: true,
  };
  it.each([
    [{}, null],
    [{ nearEnd: true }, 'next'],
    [{ nearEnd: true, hasNextPage: false }, null],
    [{ loaded: { first: 30, last: 59 }, hasPreviousPage: true }, 'previous'],
    [{ loaded: { first: 30, last: 59 }, hasPreviousPage: false }, null],
    [{ loaded: { first: 0, last: 15 } }, 'next'],
    [{ visible: null, loaded: null, ledgerLength: 0 }, 'next'],
  ] as const)('%j → %s', (overrides, expected) => {
    expect(fetchDirection({ ...base, ...overrides })).toBe(expected);
  });
});
