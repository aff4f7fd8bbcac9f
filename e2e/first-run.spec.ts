/**
 * The first run, as a reader sees it: the server answers from the first source's index while the
 * complete one is built in the background (a real build, src/server/ingest/background-build.ts,
 * wired as src/server/main.ts wires it); the app says so quietly, says when it is done, and the
 * next search finds what the complete index added.
 *
 * The spec runs a server of its own: the test index (OpenMoji) as the first source's index, with
 * the pending-sources marker, and the example manifest (examples/my-pins) as the source still to
 * add. Part of the thumbnail cache is removed, so the build renders for a while, as a real first
 * run does.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import type { FastifyInstance } from 'fastify';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { resumeBackgroundBuild, type BackgroundBuild } from '@/server/ingest/background-build';
import { writePendingSources } from '@/server/ingest/pending-sources';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { liveService } from '@/server/service/live-service';
import { openSearchService } from '@/server/service/search-service';
import { createSuggestService } from '@/server/suggest/suggest-service';
import { blockingViolations } from './support/axe';
import { resultsFeed, submitSearch, waitForFeedSettled } from './support/search-page';

const MANIFEST = path.resolve('examples', 'my-pins', 'pins.jsonl');
/** Only the manifest has it ("Snowy mountain ridge"). */
const NEW_QUERY = 'ridge';
const NEW_PIN_TITLE = 'Snowy mountain ridge';
/** Images whose cached render is removed: the build renders them again, for some seconds. */
const UNCACHED_IMAGES = 300;
const BUILD_TIMEOUT_MS = 150_000;

test.setTimeout(BUILD_TIMEOUT_MS + 60_000);

let app: FastifyInstance;
let build: BackgroundBuild | null;
let close: () => void;
let tmp: string;
let origin: string;

test.beforeAll(async () => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'inspo-first-run-'));
  const dataDir = path.join(tmp, 'data');
  cpSync(await ensureTestIndex(), dataDir, { recursive: true });
  const visual = path.join(dataDir, 'cache', 'visual');
  for (const name of readdirSync(visual).slice(0, UNCACHED_IMAGES)) rmSync(path.join(visual, name));
  writePendingSources(dataDir, ['openmoji', 'manifest']);
  const distDir = path.join(tmp, 'dist');
  cpSync(path.resolve(process.env.INSPO_DIST_DIR || 'dist'), distDir, { recursive: true });

  const stateDir = path.join(tmp, 'state');
  const openEngine = () => openSearchService({ dataDir });
  const openSuggest = () => createSuggestService({ dataDir, stateDir });
  const engine = liveService(openEngine());
  const suggest = liveService(openSuggest());
  build = resumeBackgroundBuild({
    dataDir,
    env: { ...process.env, INSPO_SOURCES: 'openmoji,manifest', INSPO_MANIFEST: MANIFEST },
    log: () => {},
    onComplete: () => {
      engine.swap(openEngine()).close();
      suggest.current.close();
      suggest.swap(openSuggest());
    },
  });
  app = createServer({
    engine: engine.view,
    suggest: suggest.view,
    distDir,
    thumbsDir: thumbsDir(dataDir),
    rateLimit: false,
    indexing: build ? build.status : null,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  origin = `http://localhost:${(app.server.address() as AddressInfo).port}`;
  close = () => {
    suggest.current.close();
    engine.current.close();
  };
});

test.afterAll(async () => {
  build?.stop();
  await build?.finished;
  await app?.close();
  close?.();
  rmSync(tmp, { recursive: true, force: true });
});

test('while the complete index is built the app says so quietly, then that it is done; the next search finds the new pins', async ({
  page,
}) => {
  expect(build).not.toBeNull();
  await page.goto(`${origin}/`);
  const progress = page.getByRole('status').filter({ hasText: 'Adding more images' });
  await expect(progress).toBeVisible({ timeout: 30_000 });
  // Counts are grouped with Intl (2,468): the test index alone is over a thousand images.
  await expect(progress).toContainText(/\d[\d,.\u202f]* of \d[\d,.\u202f]* \(\d+ %\)|almost done/);
  // Quiet: it lets clicks through to the page beneath, and nothing about it fails axe.
  expect(await progress.locator('p').evaluate((p) => getComputedStyle(p).pointerEvents)).toBe(
    'none',
  );
  expect(await blockingViolations(page)).toEqual([]);

  const done = page.getByRole('status').filter({ hasText: /All [\d,]+ images are in/ });
  await expect(done).toBeVisible({ timeout: BUILD_TIMEOUT_MS });
  expect(build!.status().state).toBe('done');

  // A search made now is answered by the complete index.
  await submitSearch(page, NEW_QUERY);
  const feed = resultsFeed(page, NEW_QUERY);
  await waitForFeedSettled(feed);
  await expect(feed.getByRole('article', { name: NEW_PIN_TITLE })).toBeVisible();
});
