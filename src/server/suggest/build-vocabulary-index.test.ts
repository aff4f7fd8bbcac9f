import { describe, expect, it } from 'vitest';
import { memoryIndex } from '@/server/engine/memory-index';
import { buildVocabularyIndex } from './build-vocabulary-index';

describe('buildVocabularyIndex', () => {
  it('mines the pins table into a prefix index and reports its size', () => {
    const db = memoryIndex([
      { title: 'Grinning face', tags: ['face', 'grin'], category: 'Smileys & emotion' },
      { title: 'Cat face', tags: ['cat', 'face'], category: 'Animals & nature' },
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
