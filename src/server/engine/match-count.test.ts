import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createMatchCounter, EXACT_TOTAL_LIMIT } from './match-count';
import { HEAD_FTS_TABLE } from './head-index';
import { REFINE_FILTER_FUNCTION } from './refine-filter';

/**
 * A bare FTS5 table of `n` rows (rowid 1..n); `matches(rowid)` says which rows hold the word
 * "cat". `headEnd` > 0 also writes the head table over rows 1..headEnd.
 */
function ftsDb(n: number, matches: (rowid: number) => boolean, headEnd = 0) {
  const db = new Database(':memory:');
  // Only prepared statements name it; a filter that keeps even rowids.
  db.function(REFINE_FILTER_FUNCTION, (rowid: unknown, _filter: unknown) =>
    Number(rowid) % 2 === 0 ? 1 : 0,
  );
  db.exec('CREATE VIRTUAL TABLE pins_fts USING fts5(text)');
  db.exec(`CREATE VIRTUAL TABLE ${HEAD_FTS_TABLE} USING fts5(text)`);
  const insert = db.prepare('INSERT INTO pins_fts (rowid, text) VALUES (?, ?)');
  const insertHead = db.prepare(`INSERT INTO ${HEAD_FTS_TABLE} (rowid, text) VALUES (?, ?)`);
  db.transaction(() => {
    for (let rowid = 1; rowid <= n; rowid++) {
      const text = matches(rowid) ? 'cat' : 'dog';
      insert.run(rowid, text);
      if (rowid <= headEnd) insertHead.run(rowid, text);
    }
  })();
  return db;
}

const CAT = { match: 'cat', weight: 1 };
let db: Database.Database | null = null;
afterEach(() => {
  db?.close();
  db = null;
});

describe('createMatchCounter', () => {
  it('counts exactly and ranks every match when they fit in the window', () => {
    db = ftsDb(100, (r) => r % 10 === 0);
    const counter = createMatchCounter({ db, rankWindow: 20, headEnd: 0, maxRowid: 100 });
    expect(counter.probe(CAT, null, false)).toEqual({ total: 10, window: null });
  });

  it('applies the refine filter to the count', () => {
    db = ftsDb(100, (r) => r % 5 === 0);
    const counter = createMatchCounter({ db, rankWindow: 20, headEnd: 0, maxRowid: 100 });
    // Multiples of 5 that are even: 10, 20, …, 100.
    expect(counter.probe(CAT, 'even', false)).toEqual({ total: 10, window: null });
  });

  it('ranks a window of the first rankWindow matches in rowid order when there are more', () => {
    db = ftsDb(100, (r) => r % 2 === 0);
    const counter = createMatchCounter({ db, rankWindow: 5, headEnd: 0, maxRowid: 100 });
    // The 5th match in rowid order is rowid 10.
    expect(counter.probe(CAT, null, false)).toEqual({ total: 50, window: { end: 10, size: 5 } });
  });

  it('estimates a total above EXACT_TOTAL_LIMIT from the density of the first matches', () => {
    const n = 3 * (EXACT_TOTAL_LIMIT + 1);
    db = ftsDb(n, (r) => r % 3 === 0);
    const counter = createMatchCounter({ db, rankWindow: 100, headEnd: 0, maxRowid: n });
    const { total, window } = counter.probe(CAT, null, false);
    // The first 10,001 matches end at rowid 30,003 = n: the density extrapolates to 10,001.
    expect(total).toBe(EXACT_TOTAL_LIMIT + 1);
    expect(window).toEqual({ end: 300, size: 100 });
  });

  it('estimates a heavy query from the head index, scaled to the rowid range', () => {
    db = ftsDb(1_000, (r) => r % 4 === 0, 200);
    const counter = createMatchCounter({ db, rankWindow: 10, headEnd: 200, maxRowid: 1_000 });
    // 50 of the head's 200 rows match: 50 × 1000 / 200 = 250.
    expect(counter.probe(CAT, null, true)).toEqual({ total: 250, window: { end: 200, size: 50 } });
  });

  it('ranks on the head when the window reaches past it', () => {
    db = ftsDb(1_000, (r) => r > 150 && r % 2 === 0, 200);
    const counter = createMatchCounter({ db, rankWindow: 40, headEnd: 200, maxRowid: 1_000 });
    // The 40th match is rowid 230, past the head: the head's 25 matches (152…200) are ranked.
    expect(counter.probe(CAT, null, false)).toEqual({ total: 425, window: { end: 200, size: 25 } });
  });
});
