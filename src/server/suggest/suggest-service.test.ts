import os from 'node:os';
import path from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { openSearchService } from '@/server/service/search-service';
import { createSuggestService } from './suggest-service';

// Counts the query graphs built, around the real QueryRecommender (the graph itself is real).
const built = vi.hoisted(() => ({ count: 0 }));
vi.mock('./query-recommender', async (importOriginal) => {
  const real = await importOriginal<typeof import('./query-recommender')>();
  class CountedRecommender extends real.QueryRecommender {
    constructor(...args: ConstructorParameters<typeof real.QueryRecommender>) {
      super(...args);
      built.count++;
    }
  }
  return { ...real, QueryRecommender: CountedRecommender };
});

describe('suggest service start (real OpenMoji index)', async () => {
  const dataDir = await ensureTestIndex();
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'inspo-suggest-start-'));
  afterAll(() => rmSync(stateDir, { recursive: true, force: true }));
  // What the search route passes: the query and its result pins, best first.
  const engine = openSearchService({ dataDir });
  const seedsOf = (q: string) => engine.search({ q, refine: [], offset: 0, limit: 30 }).items.map((p) => p.id);
  const cat = { query: 'cat', seedIds: seedsOf('cat') };
  const dog = { query: 'dog', seedIds: seedsOf('dog') };
  engine.close();

  it('builds the related-searches graph after start, once, and answers the same either way', () => {
    built.count = 0;
    const lazy = createSuggestService({ dataDir, stateDir, flushIntervalMs: 60_000 });
    // The server calls warm() once it listens: creating the service must not pay for the graph.
    expect(built.count).toBe(0);
    const first = lazy.recommend(cat);
    expect(built.count).toBe(1);
    lazy.warm();
    lazy.recommend(dog);
    expect(built.count, 'one graph per service').toBe(1);

    const warmed = createSuggestService({ dataDir, stateDir, flushIntervalMs: 60_000 });
    warmed.warm();
    expect(built.count).toBe(2);
    expect(first).not.toBeNull();
    expect(first!.length).toBeGreaterThan(0);
    expect(warmed.recommend(cat)).toEqual(first);
    lazy.close();
    warmed.close();
  });
});
