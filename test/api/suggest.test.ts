import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DEFAULT_SUGGEST_LIMIT,
  ErrorResponseSchema,
  MAX_SUGGEST_LIMIT,
  SuggestResponseSchema,
  type Suggestion,
} from '@/contract/api';
import { QUERY_COUNT_WEIGHT } from '@/server/suggest/suggester';
import { startEngineTestServer, type TestServer } from './support/test-server';
import { testEngines } from './support/test-cluster';

describe.each(testEngines())('on the %s engine', (engine) => {
  let server: Awaited<ReturnType<typeof startEngineTestServer>>;

  beforeAll(async () => {
    server = await startEngineTestServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  async function suggest(
    target: { client: TestServer['client'] },
    query: string,
  ): Promise<Suggestion[]> {
    const response = await target.client.get(`/api/v1/suggest?${query}`);
    expect(response.status, response.text).toBe(200);
    expect(response.headers['cache-control']).toBe('public, max-age=60');
    return SuggestResponseSchema.parse(response.json()).suggestions;
  }

  async function suggestError(query: string) {
    const response = await server.client.get(`/api/v1/suggest?${query}`);
    return { status: response.status, ...ErrorResponseSchema.parse(response.json()).error };
  }

  async function search(target: { client: TestServer['client'] }, q: string) {
    const response = await target.client.get(`/api/v1/search?q=${encodeURIComponent(q)}`);
    expect(response.status, response.text).toBe(200);
    return response.json() as { total: number };
  }

  const texts = (suggestions: Suggestion[]) => suggestions.map((s) => s.text);
  const bolded = (s: Suggestion) => s.matches.map(([start, end]) => s.text.slice(start, end));

  describe('GET /api/v1/suggest', () => {
    it('completes a prefix with corpus completions, best first, with matched ranges', async () => {
      const suggestions = await suggest(server, 'q=Ca');
      expect(suggestions).toHaveLength(DEFAULT_SUGGEST_LIMIT);
      // Scores never rise down the list of exact matches.
      const scores = suggestions.map((s) => s.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      for (const s of suggestions) {
        expect(['query', 'tag', 'category']).toContain(s.kind);
        // Every range is inside the text and spells what was typed.
        expect(bolded(s)).toEqual(['ca']);
      }
      expect(texts(suggestions)).toContain('cat');
    });

    it('bolds each typed word of a multi-word prefix', async () => {
      const [first] = await suggest(server, 'q=grinning%20fa');
      expect(first).toMatchObject({
        text: 'grinning face',
        matches: [
          [0, 8],
          [9, 11],
        ],
      });
    });

    it.each([
      ['kitchn', 'kitchen'],
      ['flwoer', 'flower'],
    ])('tolerates the typo %s → %s, bolding the intended word', async (typed, intended) => {
      const [first] = await suggest(server, `q=${typed}`);
      expect(first).toMatchObject({ text: intended, matches: [[0, intended.length]] });
    });

    it('ranks exact-prefix completions above typo matches', async () => {
      const suggestions = await suggest(server, `q=hea&limit=${MAX_SUGGEST_LIMIT}`);
      const exact = suggestions.filter((s) => s.text.includes('hea'));
      expect(exact.length).toBeGreaterThan(0);
      expect(suggestions.slice(0, exact.length)).toEqual(exact);
    });

    it('gives popular completions for an empty box', async () => {
      for (const query of ['', 'q=', 'q=%20%20']) {
        const suggestions = await suggest(server, query);
        expect(suggestions).toHaveLength(DEFAULT_SUGGEST_LIMIT);
        expect(suggestions.every((s) => s.matches.length === 0)).toBe(true);
      }
    });

    it('respects limit and answers [] for nothing close', async () => {
      expect(await suggest(server, 'q=s&limit=3')).toHaveLength(3);
      expect(await suggest(server, `q=s&limit=${MAX_SUGGEST_LIMIT}`)).toHaveLength(
        MAX_SUGGEST_LIMIT,
      );
      expect(await suggest(server, 'q=qqxqzj')).toEqual([]);
    });

    it('treats markup as text', async () => {
      const suggestions = await suggest(server, `q=${encodeURIComponent('<b>ca')}`);
      expect(suggestions).toEqual([]);
    });

    it.each([
      [`q=${'a'.repeat(201)}`, 'q: the query is longer than 200 characters'],
      ['q=ca&q=cat', 'q: was given more than once; pass it once'],
      ['q=ca&limit=0', 'limit: must be at least 1'],
      [`q=ca&limit=${MAX_SUGGEST_LIMIT + 1}`, `limit: must be at most ${MAX_SUGGEST_LIMIT}`],
    ])('rejects %s', async (query, message) => {
      expect(await suggestError(query)).toEqual({ status: 400, code: 'bad_request', message });
    });
  });

  describe('query popularity', () => {
    it('counts successful searches, as corrected, into the ranking', async () => {
      // A title that is a completion found by one pin: low in the list before anyone searches it.
      const target = 'grinning squinting face';
      const before = await suggest(server, `q=grinning&limit=${MAX_SUGGEST_LIMIT}`);
      const baseline = before.find((s) => s.text === target)!.score;
      expect(before[0]!.text).not.toBe(target);
      for (let i = 0; i < 3; i++) expect((await search(server, target)).total).toBeGreaterThan(0);
      const [first] = await suggest(server, 'q=grinning');
      expect(first).toMatchObject({ text: target, score: baseline + 3 * QUERY_COUNT_WEIGHT });

      // A misspelt search counts for the word it was corrected to.
      const kitchen = (await suggest(server, 'q=kitch')).find((s) => s.text === 'kitchen')!.score;
      await search(server, 'kitchn');
      expect((await suggest(server, 'q=kitch')).find((s) => s.text === 'kitchen')!.score).toBe(
        kitchen + QUERY_COUNT_WEIGHT,
      );
      expect(server.suggest.queryLog.count('kitchn')).toBe(0);
    });

    it('never counts a search that found nothing', async () => {
      const junk = 'qqxqzj vvkwpx';
      for (let i = 0; i < 4; i++) expect((await search(server, junk)).total).toBe(0);
      expect(server.suggest.queryLog.count(junk)).toBe(0);
      expect(await suggest(server, 'q=qqxq')).toEqual([]);
    });

    it('survives a restart', async () => {
      const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-restart-'));
      try {
        const first = await startEngineTestServer(engine, { stateDir });
        for (let i = 0; i < 2; i++) await search(first, 'winking face');
        const before = await suggest(first, 'q=winking');
        await first.close();
        expect(fs.existsSync(path.join(stateDir, 'query-log.json'))).toBe(true);

        const second = await startEngineTestServer(engine, { stateDir });
        try {
          expect(second.suggest.queryLog.count('winking face')).toBe(2);
          expect(await suggest(second, 'q=winking')).toEqual(before);
          expect(before.find((s) => s.text === 'winking face')!.score).toBeGreaterThanOrEqual(
            2 * QUERY_COUNT_WEIGHT,
          );
        } finally {
          await second.close();
        }
      } finally {
        fs.rmSync(stateDir, { recursive: true, force: true });
      }
    });
  });
});
