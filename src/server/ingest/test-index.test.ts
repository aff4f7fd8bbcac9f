import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '@/server/engine/open-engine';
import { indexPath } from '@/server/engine/schema';
import { scanOpenmoji } from './sources/openmoji';
import { ensureTestIndex, TEST_DATA_DIR } from './test-index';

describe('ensureTestIndex', () => {
  let dataDir: string;
  beforeAll(async () => {
    dataDir = await ensureTestIndex();
  });

  it('builds all of OpenMoji into data/test-index', () => {
    expect(dataDir).toBe(TEST_DATA_DIR);
    expect(path.relative(process.cwd(), dataDir)).toBe(path.join('data', 'test-index'));
    const engine = openEngine({ dataDir });
    try {
      const expected = scanOpenmoji({}).items.length;
      expect(engine.info()).toMatchObject({ pins: expected, sources: { openmoji: expected } });
      expect(engine.search({ q: 'cat', refine: [], offset: 0, limit: 5 }).items[0]!.tags).toContain(
        'cat',
      );
    } finally {
      engine.close();
    }
  });

  it('reuses a current index instead of rebuilding it', async () => {
    const before = fs.statSync(indexPath(dataDir)).mtimeMs;
    expect(await ensureTestIndex()).toBe(dataDir);
    expect(fs.statSync(indexPath(dataDir)).mtimeMs).toBe(before);
  });
});
