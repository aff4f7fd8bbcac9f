import { describe, expect, it } from 'vitest';
import type { SearchResponse } from '@/contract/api';
import { firstPage } from './use-search-summary';

const page = (n: number): SearchResponse => ({
  query: { raw: 'cat', normalized: 'cat', corrections: [], expansions: [] },
  items: [],
  nextCursor: null,
  prevCursor: null,
  refinements: [{ label: `r${n}`, kind: 'term', value: `r${n}`, count: 1 }],
  total: 0,
  tookMs: n,
});

describe('firstPage', () => {
  it('is the page fetched without a cursor, wherever it sits', () => {
    const [p1, p2, p3] = [page(1), page(2), page(3)];
    expect(firstPage({ pages: [p1, p2], pageParams: [null, 'c30'] })).toBe(p1);
    // Scrolled back up: the first page was fetched again through prevCursor.
    expect(firstPage({ pages: [p3, p1], pageParams: ['c0', null] })).toBe(p1);
  });

  it('is null once maxPages dropped it (the caller keeps the last one seen)', () => {
    expect(firstPage({ pages: [page(2), page(3)], pageParams: ['c30', 'c60'] })).toBeNull();
  });
});
