/**
 * A typed tab lists what its words find: a Videos or Products tab (`type=`) keeps the
 * pins the query's words match, and the semantic leg only tops a short list up to a page, with
 * pins at least as close in meaning as the least close word match. The corpus is a small set of
 * weather clips, like the demo's Meteocons icons: their texts share most words, so in the
 * embedding learned from them every clip is close to every weather word ("rain" listed every
 * clip before), which is what made the default index's "rain" Videos tab list 187 of its 201 clips.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchResponseSchema, type SearchResponse } from '@/contract/api';
import { TYPED_TOP_UP } from '@/server/engine/typed-semantic';
import { buildIndex } from '@/server/ingest/build-index';
import { defaultOpenmojiDir } from '@/server/ingest/sources/openmoji';
import { makeTestClip } from '@/server/ingest/test-clip';
import { testEngines } from './support/test-cluster';
import { startEngineTestServer, type TestServer } from './support/test-server';

/** Clips per weather word: "rain" finds a few by its word, "cloud" more than a page. */
const CLIPS: Record<string, number> = { rain: 3, cloud: 31 };
const RAIN_IDS = Array.from({ length: CLIPS.rain! }, (_, i) => `rain-${i}`);

let tmp: string;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-typed-tabs-'));
  const dir = path.join(tmp, 'manifest');
  fs.mkdirSync(dir, { recursive: true });
  makeTestClip(path.join(dir, 'clip.webm'));
  const image = path.join(defaultOpenmojiDir(), 'color', 'svg', '1F327.svg');
  const lines = Object.entries(CLIPS).flatMap(([word, count]) =>
    Array.from({ length: count }, (_, i) => ({
      id: `${word}-${i}`,
      title: `Animated ${word} weather icon ${i + 1}`,
      description: `A looping weather animation: ${word}.`,
      tags: [word, 'weather', 'animated', 'icon'],
      category: 'Weather',
      image,
      video: { file: 'clip.webm' },
      source: { name: 'inspo-tests', attribution: 'Made with ffmpeg testsrc', url: null },
      license: { name: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
    })),
  );
  const manifest = path.join(dir, 'pins.jsonl');
  fs.writeFileSync(manifest, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  await buildIndex({
    dataDir: path.join(tmp, 'data'),
    sources: ['manifest'],
    manifestPath: manifest,
  });
}, 180_000);
afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe.each(testEngines())('on the %s engine', (engine) => {
  let server: TestServer<unknown>;
  beforeAll(async () => {
    server = await startEngineTestServer(engine, {
      dataDir: path.join(tmp, 'data'),
      clusterAlias: 'inspo-test-typed-tabs',
    });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
  });

  const search = async (query: string): Promise<SearchResponse> => {
    const response = await server.client.get(`/api/v1/search?${query}&limit=100`);
    expect(response.status, response.text).toBe(200);
    return SearchResponseSchema.parse(response.json());
  };

  it('the Videos tab of a word with a few clips lists them first, topped up to a page at most with clips as close', async () => {
    const all = await search('q=rain');
    // The All tab is unchanged: the semantic leg brings every other weather clip there.
    expect(all.total).toBe(CLIPS.rain! + CLIPS.cloud!);

    const videos = await search('q=rain&type=video');
    expect(
      videos.items
        .slice(0, RAIN_IDS.length)
        .map((p) => p.id)
        .sort(),
    ).toEqual(RAIN_IDS);
    expect(videos.total).toBeLessThanOrEqual(TYPED_TOP_UP);
    expect(videos.items).toHaveLength(videos.total);
    const rainCosines = videos.items.slice(0, RAIN_IDS.length).map((p) => p.semanticScore);
    for (const pin of videos.items.slice(RAIN_IDS.length))
      expect(pin.semanticScore, pin.id).toBeGreaterThanOrEqual(Math.min(...rainCosines));
  });

  it('the Videos tab of a word with a page of clips or more lists its word matches only', async () => {
    for (const query of ['q=cloud&type=video', 'q=weather&type=video&refine=cloud']) {
      const videos = await search(query);
      expect(videos.total, query).toBeGreaterThanOrEqual(CLIPS.cloud!);
      expect(videos.items, query).toHaveLength(videos.total);
      const ids = videos.items.map((p) => p.id);
      for (let i = 0; i < CLIPS.cloud!; i++) expect(ids, query).toContain(`cloud-${i}`);
      // Nothing the semantic leg alone found (the rain clips are close in meaning, not in words).
      for (const pin of videos.items)
        expect(pin.lexicalScore, `${query}: ${pin.id}`).toBeGreaterThan(0);
    }
  });
});
