import { describe, expect, it } from 'vitest';
import { withResultCache } from './result-cache';
import type { SearchEngine, SearchParams, SearchResult } from './types';

function countingEngine() {
  const calls: string[] = [];
  const engine: SearchEngine = {
    search: (p: SearchParams): SearchResult => {
      calls.push(`search:${p.q}:${p.offset}`);
      return {
        items: [],
        total: p.q.length,
        query: { original: p.q, normalized: p.q, corrected: null, expansions: [] } as never,
        refinements: [],
        relatedSearches: [p.q],
      };
    },
    related: (p) => {
      calls.push(`related:${p.id}`);
      return p.id === 'missing' ? null : { items: [], total: 1 };
    },
    getPin: () => null,
    info: () => ({ pins: 0, sources: {}, version: 1, builtAt: '', buildMs: 0 }),
    close: () => {},
  };
  return { engine, calls };
}

const params = (q: string, offset = 0): SearchParams => ({ q, refine: [], offset, limit: 25 });

describe('withResultCache', () => {
  it('computes each distinct search once and returns the same answer after', () => {
    const { engine, calls } = countingEngine();
    const cached = withResultCache(engine);
    const first = cached.search(params('cat'));
    expect(cached.search(params('cat'))).toBe(first);
    cached.search(params('cat', 25));
    cached.search({ ...params('cat'), exact: true });
    cached.search({ ...params('cat'), refine: ['red'] });
    expect(calls).toEqual(['search:cat:0', 'search:cat:25', 'search:cat:0', 'search:cat:0']);
    expect(cached.cacheStats()).toEqual({ hits: 1, misses: 4, entries: 4 });
  });

  it('caches unknown pins (null) for related too', () => {
    const { engine, calls } = countingEngine();
    const cached = withResultCache(engine);
    expect(cached.related({ id: 'missing', offset: 0, limit: 25 })).toBeNull();
    expect(cached.related({ id: 'missing', offset: 0, limit: 25 })).toBeNull();
    expect(calls).toEqual(['related:missing']);
  });

  it('forgets the oldest answer beyond its size', () => {
    const { engine, calls } = countingEngine();
    const cached = withResultCache(engine, { maxEntries: 1 });
    cached.search(params('a'));
    cached.search(params('b'));
    cached.search(params('a'));
    expect(calls).toEqual(['search:a:0', 'search:b:0', 'search:a:0']);
  });

  it('keeps the most recently used answers: a hit counts as a use', () => {
    const { engine, calls } = countingEngine();
    const cached = withResultCache(engine, { maxEntries: 2 });
    cached.search(params('a'));
    cached.search(params('b'));
    cached.search(params('a'));
    cached.search(params('c'));
    cached.search(params('a'));
    cached.search(params('b'));
    expect(calls).toEqual(['search:a:0', 'search:b:0', 'search:c:0', 'search:b:0']);
  });

  it('rejects a size that is not a positive integer', () => {
    const { engine } = countingEngine();
    expect(() => withResultCache(engine, { maxEntries: 0 })).toThrow(/positive integer/);
    expect(() => withResultCache(engine, { maxEntries: 1.5 })).toThrow(/positive integer/);
  });
});
