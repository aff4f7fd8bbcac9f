import { describe, expect, it } from 'vitest';
import { memoryIndex } from './memory-index';
import { PIN_COLUMN_COUNT, PIN_COLUMNS, pinRowFromRaw, type PinRow } from './pin-row';

describe('pinRowFromRaw', () => {
  it('builds the same row as better-sqlite3 does from PIN_COLUMNS', () => {
    const db = memoryIndex([
      { title: 'Cat', tags: ['pet'], category: 'Animals', palette: ['#ff0000'] },
      { id: 'x', title: 'Dog', description: 'A dog', tags: [] },
    ]);
    const sql = `SELECT ${PIN_COLUMNS}, 1.5 AS extra FROM pins p ORDER BY p.rowid`;
    const objects = db.prepare(sql).all() as (PinRow & { extra: number })[];
    const raw = db.prepare(sql).raw().all() as unknown[][];
    db.close();
    expect(raw.map(pinRowFromRaw)).toEqual(objects.map(({ extra: _extra, ...row }) => row));
    expect(raw.map((r) => r[PIN_COLUMN_COUNT])).toEqual([1.5, 1.5]);
  });
});
