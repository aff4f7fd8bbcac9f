/**
 * A real, small index for tests that need a running engine (API tests, e2e): all of OpenMoji,
 * built once into data/test-index and reused afterwards. The first build takes about a minute
 * on two cores; later calls return at once when the index matches the current code and corpus
 * (same fingerprint), and rebuild in seconds otherwise thanks to the thumbnail cache.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { META_KEYS, indexPath } from '@/server/engine/schema';
import { buildFingerprint, buildIndex, readOpenmojiVersion } from './build-index';
import { defaultOpenmojiDir } from './sources/openmoji';
import type { SourceName } from './types';

const REPO_ROOT = fileURLToPath(new URL('../../..', import.meta.url));
export const TEST_DATA_DIR = path.join(REPO_ROOT, 'data', 'test-index');
const TEST_SOURCES: SourceName[] = ['openmoji'];

function storedFingerprint(dataDir: string): string | null {
  const file = indexPath(dataDir);
  if (!fs.existsSync(file)) return null;
  try {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(META_KEYS.fingerprint) as
        { value: string } | undefined;
      return row?.value ?? null;
    } finally {
      db.close();
    }
  } catch {
    return null; // unreadable or from an older schema: rebuild
  }
}

let pending: Promise<string> | null = null;

/** Builds (or reuses) the OpenMoji test index and returns its data dir, for openEngine({ dataDir }). */
export function ensureTestIndex({
  dataDir = TEST_DATA_DIR,
}: { dataDir?: string } = {}): Promise<string> {
  if (dataDir === TEST_DATA_DIR && pending) return pending;
  const run = (async () => {
    const expected = buildFingerprint({
      sources: TEST_SOURCES,
      openmojiVersion: await readOpenmojiVersion(defaultOpenmojiDir()),
    });
    if (storedFingerprint(dataDir) !== expected)
      await buildIndex({ dataDir, sources: TEST_SOURCES });
    return dataDir;
  })();
  if (dataDir === TEST_DATA_DIR) {
    pending = run;
    run.catch(() => {
      pending = null;
    });
  }
  return run;
}
