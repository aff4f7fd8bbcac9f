/**
 * Playwright's web server: make sure the built SPA and the openmoji-only test index exist,
 * then run the real server entry (src/server/main.ts) on PORT over that index.
 * `npm test` builds dist/ right before the e2e run; the build here only covers a bare
 * `npx playwright test` in a fresh clone.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ensureTestIndex } from '@/server/ingest/test-index';

const SPA_ENTRY = path.resolve('dist', 'index.html');

if (!existsSync(SPA_ENTRY)) {
  console.log('[e2e] dist/ is missing: building the web app');
  const build = spawnSync('npx', ['vite', 'build'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

// Reuses data/test-index when its fingerprint matches the code and corpus; rebuilds otherwise.
process.env.INSPO_DATA_DIR = await ensureTestIndex();
await import('@/server/main');
