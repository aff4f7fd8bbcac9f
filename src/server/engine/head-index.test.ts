import { describe, expect, it } from 'vitest';
import { HEAD_FTS_TABLE, headIndexEnd, writeHeadIndex } from './head-index';
import { memoryIndex } from './memory-index';

describe('writeHeadIndex', () => {
  it('holds the head’s text as pins_fts does, a pin’s cross-lingual text included', () => {
    const db = memoryIndex([
      {
        title: '赤い花',
        tags: ['花'],
        crosslingual: '赤い 花 red flower',
        langs: { title: 'ja', tags: 'ja' },
      },
      { title: 'Red apple', tags: ['fruit'] },
      { title: 'Tulip flower', tags: ['flower'] },
    ]);
    expect(writeHeadIndex(db, 2)).toBe(2);
    expect(headIndexEnd(db)).toBe(2);
    const match = (q: string) =>
      db
        .prepare(
          `SELECT rowid FROM ${HEAD_FTS_TABLE} WHERE ${HEAD_FTS_TABLE} MATCH ? ORDER BY rowid`,
        )
        .pluck()
        .all(q);
    expect(match('"flower"')).toEqual([1]); // the tulip is past the head
    expect(match('"red"')).toEqual([1, 2]);
    expect(match('"花"')).toEqual([1]);
    db.close();
  });
});
