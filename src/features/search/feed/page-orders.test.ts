import { describe, expect, it } from 'vitest';
import { applyPageOrder, pageOrder, pageOrdinals } from './page-orders';

const items = (...ids: string[]) => ids.map((id) => ({ id }));

describe('applyPageOrder', () => {
  const order = pageOrder(items('c', 'a', 'd'), items('a', 'b', 'c', 'd'));

  it('shows a refetched page in the order it was first shown, hidden items still out', () => {
    expect(applyPageOrder(items('a', 'b', 'c', 'd'), order).map((i) => i.id)).toEqual([
      'c',
      'a',
      'd',
    ]);
  });

  it('appends items the page did not have back then, and skips ones that are gone', () => {
    expect(applyPageOrder(items('a', 'x', 'c', 'b'), order).map((i) => i.id)).toEqual([
      'c',
      'a',
      'x',
    ]);
  });

  it('returns the same objects', () => {
    const page = items('a', 'b', 'c', 'd');
    expect(applyPageOrder(page, order)[0]).toBe(page[2]);
  });
});

describe('pageOrdinals', () => {
  it('numbers pages from the first (null cursor)', () => {
    expect(pageOrdinals([null, 'c1', 'c2'], () => undefined)).toEqual([0, 1, 2]);
  });

  it('derives a window without the first page from a remembered neighbour', () => {
    const remembered = new Map([[1, 5]]);
    expect(pageOrdinals(['c4', 'c5', 'c6'], (i) => remembered.get(i))).toEqual([4, 5, 6]);
  });

  it('gives null where nothing is known', () => {
    expect(pageOrdinals(['c4', 'c5'], () => undefined)).toEqual([null, null]);
  });
});
