import { describe, expect, it } from 'vitest';
import { EMPTY_LEDGER, reconcileLedger, type Ledger } from './feed-ledger';
import { NO_PAGE_STARTS, recordPageStarts, seekTarget, type PageStarts } from './page-seek';

/** A ledger of `pages` pages of 3 items: ids p<page>-<n>. */
function ledgerOf(pages: number): Ledger {
  const entries = Array.from({ length: pages * 3 }, (_, i) => ({
    id: `p${Math.floor(i / 3)}-${i % 3}`,
    width: 1,
    height: 1,
    color: '#000000',
  }));
  return reconcileLedger(EMPTY_LEDGER, entries);
}
const page = (n: number, order = [0, 1, 2]) => ({
  items: order.map((k) => ({ id: `p${n}-${k}` })),
});
const cursor = (n: number) => (n === 0 ? null : `c${n}`);

describe('recordPageStarts', () => {
  const ledger = ledgerOf(4);

  it('remembers where each page starts with its param, the lowest index of a reordered page', () => {
    const starts = recordPageStarts(
      NO_PAGE_STARTS,
      ledger,
      [page(0), page(1, [2, 0, 1])],
      [cursor(0), cursor(1)],
    );
    expect(starts.generation).toBe(ledger.generation);
    expect([...starts.starts]).toEqual([
      [0, null],
      [3, 'c1'],
    ]);
  });

  it('keeps what it knew and returns the same object when nothing is new', () => {
    const first = recordPageStarts(NO_PAGE_STARTS, ledger, [page(0), page(1)], [null, 'c1']);
    const more = recordPageStarts(first, ledger, [page(2), page(3)], ['c2', 'c3']);
    expect([...more.starts.keys()]).toEqual([0, 3, 6, 9]);
    expect(recordPageStarts(more, ledger, [page(2)], ['c2'])).toBe(more);
  });

  it('starts afresh for a rebuilt ledger, and skips pages it cannot place', () => {
    const old: PageStarts = { generation: ledger.generation - 1, starts: new Map([[0, 'stale']]) };
    const starts = recordPageStarts(
      old,
      ledger,
      [{ items: [{ id: 'elsewhere' }] }, page(2)],
      ['cx', 'c2'],
    );
    expect([...starts.starts]).toEqual([[6, 'c2']]);
  });
});

describe('seekTarget', () => {
  // 10 pages of 30 slots, all seen before.
  const pageStarts: PageStarts = {
    generation: 1,
    starts: new Map(Array.from({ length: 10 }, (_, p) => [p * 30, cursor(p)])),
  };
  const at = (start: number, end: number) => ({ start, end });

  it.each([
    ['the top, far above the loaded window', at(0, 20), { first: 240, last: 299 }, null],
    ['the middle, far above', at(100, 130), { first: 240, last: 299 }, 'c3'],
    ['far below (pages loaded earlier)', at(250, 270), { first: 0, last: 59 }, 'c8'],
  ])('jumps to the page on screen: %s', (_name, visible, loaded, expected) => {
    expect(seekTarget({ visible, loaded, pageStarts })).toEqual({ pageParam: expected });
  });

  it.each([
    ['inside the loaded window', at(250, 270), { first: 240, last: 299 }],
    ['overlapping its start', at(230, 250), { first: 240, last: 299 }],
    ['within the page just before it', at(215, 235), { first: 240, last: 299 }],
    ['within the page just after it', at(60, 80), { first: 0, last: 59 }],
    ['after the end of what was ever seen', at(320, 340), { first: 240, last: 299 }],
  ])('leaves it to the next/previous fetch: %s', (_name, visible, loaded) => {
    expect(seekTarget({ visible, loaded, pageStarts })).toBeNull();
  });

  it('does nothing without a visible range, a loaded window, or a known page', () => {
    expect(seekTarget({ visible: null, loaded: { first: 0, last: 29 }, pageStarts })).toBeNull();
    expect(seekTarget({ visible: at(0, 5), loaded: null, pageStarts })).toBeNull();
    expect(
      seekTarget({
        visible: at(0, 5),
        loaded: { first: 240, last: 299 },
        pageStarts: NO_PAGE_STARTS,
      }),
    ).toBeNull();
  });
});
