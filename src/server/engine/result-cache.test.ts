import { describe, expect, it } from 'vitest';
import { withResultCache } from './result-cache';
import type { AsyncSearchEngine, SearchEngine, SearchParams, SearchResult } from './types';

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

/** An engine that answers later (as the cluster engine does): each search resolves when told. */
function laterEngine() {
  const calls: string[] = [];
  const pending: { resolve: (r: SearchResult) => void; reject: (e: Error) => void }[] = [];
  let generation = 'build-1';
  const engine: AsyncSearchEngine = {
    search: (p) => {
      calls.push(`search:${p.q}`);
      return new Promise<SearchResult>((resolve, reject) => pending.push({ resolve, reject }));
    },
    related: async () => null,
    getPin: async () => null,
    info: () => ({ pins: 0, sources: {}, version: 1, builtAt: '', buildMs: 0 }),
    readiness: () => ({ engine: 'test', ready: true, detail: '' }),
    generation: () => generation,
    close: async () => {},
  };
  const answer = (q: string): SearchResult => ({
    items: [],
    total: q.length,
    query: { raw: q, normalized: q, corrections: [], expansions: [] },
    refinements: [],
    relatedSearches: [],
  });
  return {
    engine,
    calls,
    pending,
    answer,
    moveTo: (g: string) => (generation = g),
  };
}

describe('withResultCache over an engine that answers later', () => {
  it('shares one engine call between concurrent requests for the same page', async () => {
    const { engine, calls, pending, answer } = laterEngine();
    const cached = withResultCache(engine);
    const a = cached.search(params('cat'));
    const b = cached.search(params('cat'));
    expect(calls).toEqual(['search:cat']);
    pending[0]!.resolve(answer('cat'));
    expect(await a).toBe(await b);
  });

  it('forgets a failed call, so the next request asks the engine again', async () => {
    const { engine, calls, pending, answer } = laterEngine();
    const cached = withResultCache(engine);
    const failed = cached.search(params('cat'));
    pending[0]!.reject(new Error('node down'));
    await expect(failed).rejects.toThrow('node down');
    const retried = cached.search(params('cat'));
    expect(calls).toEqual(['search:cat', 'search:cat']);
    pending[1]!.resolve(answer('cat'));
    expect((await retried).total).toBe(3);
  });

  it('keys on the engine generation: a new build is never answered from the old one', async () => {
    const { engine, calls, pending, answer, moveTo } = laterEngine();
    const cached = withResultCache(engine);
    const before = cached.search(params('cat'));
    pending[0]!.resolve(answer('cat'));
    await before;
    moveTo('build-2');
    void cached.search(params('cat'));
    expect(calls).toEqual(['search:cat', 'search:cat']);
  });
});
