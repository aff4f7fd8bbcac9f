import { describe, expect, it } from 'vitest';
import { memoryIndex } from './memory-index';
import { PIN_COLUMN_COUNT, pinColumnsFor, pinRowFromRaw, rowToPin, type PinRow } from './pin-row';

const PRODUCT = {
  price: 12.5,
  currency: 'EUR',
  merchant: 'Shop',
  availability: 'in_stock',
  url: 'https://shop.example/p/1',
  demo: false,
} as const;

describe('pinRowFromRaw', () => {
  it('builds the same row as better-sqlite3 does from pinColumns()', () => {
    const db = memoryIndex([
      { title: 'Cat', tags: ['pet'], category: 'Animals', palette: ['#ff0000'] },
      { id: 'x', title: 'Dog', description: 'A dog', tags: [], media: { product: PRODUCT } },
    ]);
    const sql = `SELECT ${pinColumnsFor(db)}, 1.5 AS extra FROM pins p ORDER BY p.rowid`;
    const objects = db.prepare(sql).all() as (PinRow & { extra: number })[];
    const raw = db.prepare(sql).raw().all() as unknown[][];
    db.close();
    expect(raw.map(pinRowFromRaw)).toEqual(objects.map(({ extra: _extra, ...row }) => row));
    expect(raw.map((r) => r[PIN_COLUMN_COUNT])).toEqual([1.5, 1.5]);
    expect(raw.map((r) => rowToPin(pinRowFromRaw(r)).product)).toEqual([undefined, PRODUCT]);
  });
});

describe('rowToPin: typed pins', () => {
  it('maps a stored clip to served URLs: the media folder for files, the 2x thumbnail for the poster', () => {
    const db = memoryIndex([
      {
        media: {
          video: {
            file: `${'a'.repeat(64)}.webm`,
            mimeType: 'video/webm',
            poster: 'posterhash',
            durationMs: 2500,
            width: 320,
            height: 240,
            captions: { file: `${'b'.repeat(64)}.vtt`, lang: 'en' },
          },
        },
      },
    ]);
    const row = db.prepare(`SELECT ${pinColumnsFor(db)} FROM pins p`).get() as PinRow;
    db.close();
    expect(rowToPin(row).video).toEqual({
      url: `/media/${'a'.repeat(64)}.webm`,
      mimeType: 'video/webm',
      poster: '/thumbs/posterhash-472.webp',
      durationMs: 2500,
      width: 320,
      height: 240,
      captions: { url: `/media/${'b'.repeat(64)}.vtt`, lang: 'en' },
    });
    expect(rowToPin(row).product).toBeUndefined();
  });

  it('reads an index built before pin_media: no typed pins, no error', () => {
    const db = memoryIndex([{ title: 'Cat' }]);
    db.exec('DROP TABLE pin_media');
    const row = db.prepare(`SELECT ${pinColumnsFor(db)} FROM pins p`).get() as PinRow;
    db.close();
    expect(row.media).toBeNull();
    expect(rowToPin(row)).not.toHaveProperty('product');
    expect(rowToPin(row)).not.toHaveProperty('video');
  });
});
