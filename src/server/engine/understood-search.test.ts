import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { openEngine } from './open-engine';
import type { SearchEngine } from './types';

/**
 * The full OpenMoji test index, with and without query understanding. Both without the
 * semantic leg: these tests pin down the lexical ranking that fusion (with-semantic.ts) builds on.
 */
let engine: SearchEngine;
let baseline: SearchEngine;

beforeAll(async () => {
  const dataDir = await ensureTestIndex();
  engine = openEngine({ dataDir, semantic: false });
  baseline = openEngine({ dataDir, queryUnderstanding: false, semantic: false });
});
afterAll(() => {
  engine?.close();
  baseline?.close();
});

const search = (q: string, more: { limit?: number; exact?: boolean; refine?: string[] } = {}) =>
  engine.search({ q, refine: more.refine ?? [], offset: 0, limit: more.limit ?? 30, exact: more.exact ?? false });
const titles = (q: string, limit = 5) => search(q, { limit }).items.map((i) => i.title);

describe('search with query understanding', () => {
  it('corrects a misspelt word: "buterfly" finds the butterfly, and says so', () => {
    const result = search('buterfly');
    expect(result.query).toEqual({
      raw: 'buterfly',
      normalized: 'butterfly',
      corrections: [{ from: 'buterfly', to: 'butterfly' }],
      expansions: [{ term: 'butterfly', weight: 1, source: 'spelling' }],
    });
    expect(result.items[0]!.title).toBe('Butterfly');
    expect(baseline.search({ q: 'buterfly', refine: [], offset: 0, limit: 10 }).total).toBe(0);
  });

  it('exact: true searches the words as typed', () => {
    const result = search('buterfly', { exact: true });
    expect(result.query.corrections).toEqual([]);
    expect(result.total).toBe(0);
  });

  it('finds cars for "automobile" and cats for "kitty", exact matches first', () => {
    expect(titles('automobile', 3)).toEqual(['Automobile', 'Oncoming automobile', 'Sport utility vehicle']);
    expect(search('automobile').items.map((i) => i.title)).toContain('Racing car');
    expect(titles('kitty', 2)).toEqual(['Cat', 'Cat face']);
    expect(search('kitty', { limit: 100 }).items.map((i) => i.title)).toContain('Grinning cat');
  });

  it('matches British spellings to the corpus and back', () => {
    expect(titles('aeroplane', 2)).toEqual(['Small airplane', 'Airplane']);
    expect(search('colour').items.map((i) => i.title)).toContain('Artist palette');
  });

  it.each(['cat', 'face', 'heart', 'grinning cat', 'red', 'automobile', 'flag', 'tree', 'sun', 'grey'])(
    'never pushes an exact match down: the first page of %j starts with the exact results, in their order',
    (q) => {
      const exact = baseline.search({ q, refine: [], offset: 0, limit: 30 });
      const understood = search(q, { limit: 30 });
      expect(understood.items.slice(0, exact.items.length).map((i) => i.id)).toEqual(exact.items.map((i) => i.id));
      expect(understood.total).toBeGreaterThanOrEqual(exact.total);
    },
  );

  it('scores by bm25 × expansion weight × popularity prior', () => {
    for (const item of search('kitty', { limit: 30 }).items) {
      const ratio = item.serverScore / (item.lexicalScore * (1 + 0.15 * item.popularity));
      expect([1, 0.6, 0.3, 0.2].some((w) => Math.abs(ratio - w) < 1e-9)).toBe(true);
    }
  });

  it('pages through the tiers without overlap or gaps', () => {
    const all = search('automobile', { limit: 40 });
    const pages = [0, 10, 20, 30].flatMap((offset) =>
      engine.search({ q: 'automobile', refine: [], offset, limit: 10 }).items.map((i) => i.id),
    );
    expect(pages).toEqual(all.items.map((i) => i.id));
    expect(new Set(pages).size).toBe(pages.length);
  });

  it('requires refinements in every tier, unexpanded, while the query stays expanded', () => {
    const result = search('automobile', { refine: ['oncoming'] });
    expect(result.items.map((i) => i.title)).toEqual([
      'Oncoming automobile', // exact tier
      'Oncoming police car', // "car", a synonym (0.6)
      'Oncoming bus', // hyponyms (0.3)
      'Oncoming taxi',
    ]);
  });

  it('returns related searches on the first page only, never the query itself', () => {
    const first = search('cat');
    expect(first.relatedSearches.length).toBeGreaterThan(2);
    expect(first.relatedSearches.length).toBeLessThanOrEqual(6);
    expect(first.relatedSearches).not.toContain('cat');
    for (const related of first.relatedSearches) expect(search(related).total).toBeGreaterThan(0);
    expect(engine.search({ q: 'cat', refine: [], offset: 30, limit: 30 }).relatedSearches).toEqual([]);
  });
});
