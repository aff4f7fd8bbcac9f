import { describe, expect, it } from 'vitest';
import type { Candidate } from '@/contract/api';
import type { SearchEngine } from '@/server/engine/types';
import {
  checkPoolSize,
  createCandidatePools,
  DEFAULT_POOL_SIZE,
  MAX_POOL_SIZE,
  MIN_POOL_SIZE,
  poolSizeFromEnv,
  POOL_DISPLAY_COUNT,
  toPoolCandidate,
} from './candidate-pool';

const candidate = (id: string): Candidate => ({
  id,
  title: `title ${id}`,
  description: 'a description',
  tags: ['t'],
  category: 'c',
  imageUrl: `/thumbs/${id}-236.webp`,
  imageUrl2x: `/thumbs/${id}-472.webp`,
  width: 236,
  height: 200,
  dominantColor: '#aabbcc',
  palette: ['#aabbcc'],
  source: { name: 'openmoji', attribution: 'OpenMoji', url: null },
  license: { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  popularity: 0.5,
  serverScore: 2,
  lexicalScore: 3,
  semanticScore: 0.25,
  embedding: 'AAAA',
});

describe('pool size configuration', () => {
  it.each([
    [undefined, DEFAULT_POOL_SIZE],
    ['', DEFAULT_POOL_SIZE],
    [' 500 ', 500],
    [String(MIN_POOL_SIZE), MIN_POOL_SIZE],
    [String(MAX_POOL_SIZE), MAX_POOL_SIZE],
  ])('INSPO_POOL_SIZE=%j → %i', (value, size) => {
    expect(poolSizeFromEnv({ INSPO_POOL_SIZE: value })).toBe(size);
  });

  it.each(['abc', '-1', '3.5', '1e3', String(MIN_POOL_SIZE - 1), String(MAX_POOL_SIZE + 1)])(
    'INSPO_POOL_SIZE=%j is refused with a message that says what it takes',
    (value) => {
      expect(() => poolSizeFromEnv({ INSPO_POOL_SIZE: value })).toThrow(
        /INSPO_POOL_SIZE|from 100 to 1000/,
      );
    },
  );

  it('checkPoolSize refuses what is not a whole number in range', () => {
    expect(checkPoolSize(300)).toBe(300);
    expect(() => checkPoolSize(Number.NaN)).toThrow(RangeError);
    expect(() => checkPoolSize(300.5)).toThrow(RangeError);
  });
});

describe('createCandidatePools', () => {
  /** An engine over `n` ranked candidates that counts how often it is asked. */
  function fakeEngine(n: number) {
    const calls: string[] = [];
    const all = Array.from({ length: n }, (_, i) => candidate(`p${i}`));
    const engine: SearchEngine = {
      search: ({ q, offset, limit }) => {
        calls.push(`search ${q} ${offset} ${limit}`);
        return {
          items: all.slice(offset, offset + limit),
          total: n,
          query: { raw: q, normalized: q, corrections: [], expansions: [] },
          refinements: [],
          relatedSearches: [],
        };
      },
      related: ({ id, offset, limit }) => {
        calls.push(`related ${id} ${offset} ${limit}`);
        return id === 'unknown' ? null : { items: all.slice(offset, offset + limit), total: n };
      },
      getPin: () => null,
      info: () => ({ pins: n, sources: {}, version: 1, builtAt: '', buildMs: 0 }),
      close: () => undefined,
    };
    return { engine, calls };
  }

  it('asks the engine once for the top N and keeps only the reranker’s fields', () => {
    const { engine, calls } = fakeEngine(500);
    const pools = createCandidatePools(engine, { size: 450 });
    const pool = pools.search({ q: 'cat', refine: [] });
    expect(pool.total).toBe(500);
    expect(pool.candidates.map((c) => c.id)).toEqual(
      Array.from({ length: 450 }, (_, i) => `p${i}`),
    );
    // The first POOL_DISPLAY_COUNT with what a card draws, the rest with the reranker's fields only.
    expect(pool.candidates[0]).toEqual(toPoolCandidate(candidate('p0'), true));
    expect(pool.candidates[0]!.display).toEqual({
      imageUrl: candidate('p0').imageUrl,
      imageUrl2x: candidate('p0').imageUrl2x,
      width: candidate('p0').width,
      height: candidate('p0').height,
    });
    expect(pool.candidates.filter((c) => c.display).length).toBe(POOL_DISPLAY_COUNT);
    expect(pool.candidates[POOL_DISPLAY_COUNT]).toEqual(
      toPoolCandidate(candidate(`p${POOL_DISPLAY_COUNT}`)),
    );
    expect(Object.keys(pool.candidates[0]!)).not.toContain('imageUrl');
    expect(Object.keys(pool.candidates[POOL_DISPLAY_COUNT]!)).not.toContain('display');
    expect(pools.search({ q: 'cat', refine: [] })).toBe(pool);
    expect(pools.search({ q: 'cat', refine: [], exact: true })).not.toBe(pool);
    expect(calls).toEqual(['search cat 0 450', 'search cat 0 450']);
  });

  it('sends every candidate’s tags, the first 16 of them, display or not', () => {
    const tags = Array.from({ length: 20 }, (_, i) => `tag ${i}`);
    const many = { ...candidate('p0'), tags };
    expect(toPoolCandidate(many, true).tags).toEqual(tags.slice(0, 16));
    expect(toPoolCandidate(many).tags).toEqual(tags.slice(0, 16));
    // A copy: the engine's candidate (cached by its result cache) is never shared.
    const one = candidate('p1');
    expect(toPoolCandidate(one).tags).toEqual(['t']);
    expect(toPoolCandidate(one).tags).not.toBe(one.tags);
    // A pin without tags still sends the key: a pool answer always has it.
    expect(toPoolCandidate({ ...candidate('p2'), tags: [] })).toHaveProperty('tags', []);
    const { engine } = fakeEngine(400);
    const pool = createCandidatePools(engine, { size: 400 }).search({ q: 'cat', refine: [] });
    expect(pool.candidates.every((c) => c.tags?.length === 1 && c.tags[0] === 't')).toBe(true);
  });

  it('sends how many pins carry each of those tags, aligned with them, when it has the counts', () => {
    const tags = Array.from({ length: 18 }, (_, i) => `tag ${i}`);
    const counts = new Map(tags.map((t, i) => [t, i + 1]));
    const many = { ...candidate('p0'), tags: ['Tag 0', ...tags.slice(1)] };
    const pooled = toPoolCandidate(many, false, counts);
    // The same cut as the tags (the first 16), the same order; compared in lower case.
    expect(pooled.tags).toHaveLength(16);
    expect(pooled.tagPins).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
    // A tag the counts do not know counts 0 (the index's own pins' tags are all counted).
    expect(
      toPoolCandidate({ ...candidate('p1'), tags: ['t', 'tag 2'] }, true, counts),
    ).toMatchObject({ tags: ['t', 'tag 2'], tagPins: [0, 3] });
    expect(toPoolCandidate({ ...candidate('p2'), tags: [] }, false, counts).tagPins).toEqual([]);
    // Without counts (an engine that cannot count), no key at all.
    expect(toPoolCandidate(many)).not.toHaveProperty('tagPins');
    expect(toPoolCandidate(many, true, null)).not.toHaveProperty('tagPins');

    const { engine } = fakeEngine(400);
    const pool = createCandidatePools(engine, {
      size: 400,
      tagPins: () => new Map([['t', 7]]),
    }).search({ q: 'cat', refine: [] });
    expect(pool.candidates.every((c) => c.tagPins?.length === 1 && c.tagPins[0] === 7)).toBe(true);
    const related = createCandidatePools(engine, { size: 100, tagPins: () => new Map([['t', 2]]) });
    expect(related.related('p1')!.candidates.every((c) => c.tagPins?.[0] === 2)).toBe(true);
    const without = createCandidatePools(engine, { size: 100 }).search({ q: 'cat', refine: [] });
    expect(without.candidates.some((c) => 'tagPins' in c)).toBe(false);
  });

  it('reads the counts when it computes a pool, with the generation its key carries', async () => {
    // A cluster's build change: the new generation's pools get the new build's counts.
    let generation = 'a';
    const { engine } = fakeEngine(10);
    const asyncEngine = {
      ...engine,
      search: (p: Parameters<SearchEngine['search']>[0]) => Promise.resolve(engine.search(p)),
      related: (p: Parameters<SearchEngine['related']>[0]) => Promise.resolve(engine.related(p)),
      getPin: () => Promise.resolve(null),
      generation: () => generation,
      readiness: () => ({ engine: 'fake', ready: true, detail: '' }),
      close: () => Promise.resolve(),
    };
    const byGeneration: Record<string, Map<string, number> | null> = {
      a: new Map([['t', 1]]),
      b: new Map([['t', 5]]),
      c: null,
    };
    const pools = createCandidatePools(asyncEngine, {
      size: 100,
      tagPins: () => byGeneration[generation]!,
    });
    const first = pools.search({ q: 'cat', refine: [] });
    // Counts read before the engine answers: a generation moving meanwhile does not mix them.
    generation = 'b';
    expect((await first).candidates[0]!.tagPins).toEqual([1]);
    expect((await pools.search({ q: 'cat', refine: [] })).candidates[0]!.tagPins).toEqual([5]);
    generation = 'c';
    expect((await pools.search({ q: 'cat', refine: [] })).candidates[0]).not.toHaveProperty(
      'tagPins',
    );
  });

  it('answers null for an unknown pin and does not keep it', () => {
    const { engine, calls } = fakeEngine(10);
    const pools = createCandidatePools(engine, { size: 100 });
    expect(pools.related('unknown')).toBeNull();
    expect(pools.related('unknown')).toBeNull();
    expect(pools.related('p1')!.candidates).toHaveLength(10);
    expect(pools.related('p1')!.candidates).toHaveLength(10);
    expect(calls).toEqual(['related unknown 0 100', 'related unknown 0 100', 'related p1 0 100']);
  });

  it('computes every time without a cache', () => {
    const { engine, calls } = fakeEngine(10);
    const pools = createCandidatePools(engine, { size: 100, cacheEntries: false });
    pools.search({ q: 'a', refine: [] });
    pools.search({ q: 'a', refine: [] });
    expect(calls).toHaveLength(2);
  });
});
