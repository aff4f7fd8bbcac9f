/**
 * The first run's swap, over HTTP: the server answers from a partial index, then the complete one
 * is swapped in (src/server/main.ts wires it the same way) and every route answers from it at
 * once: totals, items, refinement chips, pools and suggestions all from the new file, nothing
 * from the old one's caches; /api/health says what is served and how the build went.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponseSchema, SearchResponseSchema, SuggestResponseSchema } from '@/contract/api';
import type { IndexingStatus } from '@/contract/indexing';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { buildIndex } from '@/server/ingest/build-index';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { liveService } from '@/server/service/live-service';
import { openSearchService } from '@/server/service/search-service';
import { createSuggestService } from '@/server/suggest/suggest-service';
import { createClient, type HttpClient } from './support/http-client';

/** The partial index: the first OpenMoji inputs only. */
const PARTIAL_LIMIT = 40;
const BUILD_TIMEOUT_MS = 120_000;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-swap-'));
let partialDir: string;
let completeDir: string;
let client: HttpClient;
let close: () => Promise<void>;
let swap: () => void;
let status: IndexingStatus;

beforeAll(async () => {
  completeDir = await ensureTestIndex();
  partialDir = path.join(tmp, 'partial');
  await buildIndex({ dataDir: partialDir, sources: ['openmoji'], limit: PARTIAL_LIMIT });
  const stateDir = path.join(tmp, 'state');
  const openSuggest = (dataDir: string) =>
    createSuggestService({ dataDir, stateDir, refreshMs: 0 });
  const engine = liveService(openSearchService({ dataDir: partialDir }));
  const suggest = liveService(openSuggest(partialDir));
  status = {
    state: 'building',
    sources: ['openmoji'],
    phase: 'images',
    done: 10,
    total: 40,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    error: null,
  };
  swap = () => {
    engine.swap(openSearchService({ dataDir: completeDir })).close();
    suggest.current.close();
    suggest.swap(openSuggest(completeDir));
    status = {
      ...status,
      state: 'done',
      phase: null,
      done: 40,
      finishedAt: new Date().toISOString(),
    };
  };
  const app = createServer({
    engine: engine.view,
    suggest: suggest.view,
    distDir: null,
    thumbsDir: thumbsDir(partialDir),
    rateLimit: false,
    indexing: () => status,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no port');
  client = createClient({ port: address.port });
  close = async () => {
    client.close();
    await app.close();
    suggest.current.close();
    engine.current.close();
  };
}, BUILD_TIMEOUT_MS);

afterAll(async () => {
  await close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function search(q: string) {
  const response = await client.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
  expect(response.status).toBe(200);
  return SearchResponseSchema.parse(response.json());
}

async function health() {
  const response = await client.get('/api/health');
  expect(response.status).toBe(200);
  return HealthResponseSchema.parse(response.json());
}

describe('swapping the complete index in while serving', () => {
  it('answers every route from the new index at once, with no answer kept from the old one', async () => {
    const before = await health();
    expect(before.corpus.pins).toBeLessThanOrEqual(PARTIAL_LIMIT);
    expect(before.indexing).toMatchObject({ state: 'building', done: 10, total: 40 });

    // A broad query, asked twice so the partial index's result cache holds it.
    const query = 'face';
    const partial = await search(query);
    expect(await search(query)).toEqual({ ...partial, tookMs: expect.any(Number) as number });
    expect(partial.total).toBeLessThanOrEqual(PARTIAL_LIMIT);
    const partialSuggest = SuggestResponseSchema.parse(
      (await client.get('/api/v1/suggest?q=ca')).json(),
    );

    swap();

    const after = await health();
    expect(after.corpus.pins).toBeGreaterThan(PARTIAL_LIMIT * 10);
    expect(after.index.builtAt).not.toBe(before.index.builtAt);
    expect(after.indexing).toMatchObject({ state: 'done', phase: null, done: 40 });

    const complete = await search(query);
    expect(complete.total).toBeGreaterThan(partial.total);
    // Counts agree with the answer they come with: the chips were mined from the new index.
    for (const chip of complete.refinements) expect(chip.count).toBeLessThanOrEqual(complete.total);
    if (complete.pool)
      expect(complete.pool.candidates.length).toBeGreaterThan(partial.pool?.candidates.length ?? 0);
    // Paging goes on in the new index: the second page follows the new first page.
    expect(complete.nextCursor).not.toBeNull();
    const next = await client.get(
      `/api/v1/search?q=${query}&cursor=${encodeURIComponent(complete.nextCursor!)}`,
    );
    const page2 = SearchResponseSchema.parse(next.json());
    expect(page2.total).toBe(complete.total);
    const shown = new Set(complete.items.map((p) => p.id));
    expect(page2.items.filter((p) => shown.has(p.id))).toEqual([]);

    const completeSuggest = SuggestResponseSchema.parse(
      (await client.get('/api/v1/suggest?q=ca')).json(),
    );
    expect(completeSuggest.suggestions.length).toBeGreaterThanOrEqual(
      partialSuggest.suggestions.length,
    );
    expect(completeSuggest).not.toEqual(partialSuggest);
  });
});
