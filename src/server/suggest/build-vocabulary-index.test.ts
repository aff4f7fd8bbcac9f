import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { SCHEMA_SQL } from '@/server/engine/schema';
import { buildVocabularyIndex } from './build-vocabulary-index';

function indexDb(pins: { title: string; tags: string; category: string }[]) {
  const db = new Database(':memory:');
  db.exec(SCHEMA_SQL);
  const insert = db.prepare(`
    INSERT INTO pins (id, title, description, tags, category, image_hash, width, height, dominant_color,
      dominant_r, dominant_g, dominant_b, palette, source_name, source_attribution, source_url,
      license_name, license_url, popularity)
    VALUES (@id, @title, '', @tags, @category, 'h', 236, 236, '#ffffff', 255, 255, 255, '["#ffffff"]',
      'test', 'test', NULL, 'CC0', 'https://example.org', 0.5)`);
  pins.forEach((pin, i) => insert.run({ id: `p${i}`, ...pin }));
  return db;
}

describe('buildVocabularyIndex', () => {
  it('mines the pins table into a prefix index and reports its size', () => {
    const db = indexDb([
      { title: 'Grinning face', tags: '["face","grin"]', category: 'Smileys & emotion' },
      { title: 'Cat face', tags: '["cat","face"]', category: 'Animals & nature' },
      { title: 'Broken tags', tags: 'not json', category: 'Objects' },
    ]);
    const { index, report } = buildVocabularyIndex(db);
    db.close();
    const rows = index.completions.map((c) => [c.text, c.kind, c.weight]);
    expect(rows.sort((a, b) => (a[0]! < b[0]! ? -1 : 1))).toEqual([
      ['animals & nature', 'category', 1],
      ['broken', 'query', 1],
      ['broken tags', 'query', 1],
      ['cat', 'tag', 1],
      ['cat face', 'query', 1],
      ['face', 'tag', 2],
      ['grin', 'tag', 1],
      ['grinning', 'query', 1],
      ['grinning face', 'query', 1],
      ['objects', 'category', 1],
      ['smileys & emotion', 'category', 1],
      ['tags', 'query', 1],
    ]);
    expect(report).toMatchObject({ pins: 3, completions: 12, buckets: 0 });
    // Later-word entries: "& emotion" is no word start; "emotion", "nature", "face" ×2, "tags" are.
    expect(report.entries).toBe(12 + 5);
    expect(report.buildMs).toBeGreaterThanOrEqual(0);
  });
});
