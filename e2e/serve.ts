/**
 * Playwright's web server: make sure the built SPA and the openmoji-only test index exist,
 * then run the real server entry (src/server/main.ts) on PORT over that index.
 * `npm test` builds dist/ right before the e2e run; the build here only covers a bare
 * `npx playwright test` in a fresh clone.
 *
 * Mutable server state (the anonymous query log, INSPO_STATE_DIR) goes to a fresh temp dir per
 * run: under the test index it would keep every run's searches, so popular-search counts and
 * suggestion order would drift from run to run. (With `reuseExistingServer`, a server you
 * started yourself keeps its own state: this file does not run then.)
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { ensureTestCluster, TEST_ALIAS } from '../test/api/support/test-cluster';

const DIST_DIR = path.resolve(process.env.INSPO_DIST_DIR || 'dist');
const SPA_ENTRY = path.join(DIST_DIR, 'index.html');

if (!existsSync(SPA_ENTRY)) {
  console.log(`[e2e] ${DIST_DIR} has no build: building the web app`);
  const build = spawnSync('npx', ['vite', 'build', '--outDir', DIST_DIR, '--emptyOutDir'], {
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Serve a snapshot of the build: a rebuild of dist/ while the suite runs (another run, an
// editor's watcher) must not change the app under test half way through.
const snapshot = mkdtempSync(path.join(os.tmpdir(), 'inspo-e2e-dist-'));
cpSync(DIST_DIR, snapshot, { recursive: true });
process.env.INSPO_DIST_DIR = snapshot;
process.on('exit', () => rmSync(snapshot, { recursive: true, force: true }));

// Reuses data/test-index when its fingerprint matches the code and corpus; rebuilds otherwise.
process.env.INSPO_DATA_DIR = await ensureTestIndex();

// The cluster engine (playwright.cluster.config.ts): the same index, published into the running
// cluster under its test alias (or reused there). Fails, saying how to start a cluster, without one.
if (process.env.INSPO_ENGINE === 'solr') {
  await ensureTestCluster();
  process.env.INSPO_SOLR_ALIAS = TEST_ALIAS;
}

// Every run starts with an empty query log. The server flushes it synchronously before it
// exits, so removing the dir on 'exit' cannot race that last write.
const stateDir = mkdtempSync(path.join(os.tmpdir(), 'inspo-e2e-state-'));
process.env.INSPO_STATE_DIR = stateDir;
process.on('exit', () => rmSync(stateDir, { recursive: true, force: true }));
await import('@/server/main');
