/**
 * The head index: a second FTS5 table (`pins_fts_head`) over the HEAD_PINS most popular pins
 * (rowids 1..HEAD_PINS, rowid order being the static rank, schema.ts), so a broad query is
 * ranked without reading a million-pin posting list.
 *
 * Why: FTS5's bm25() first counts every pin matching each query term, by reading the term's
 * whole posting list — 300,000 entries for "art" at 1M pins, ~10 ms, on every search, however
 * few rows are then ranked. A broad query's ranking window (understood-search.ts RANK_WINDOW, the
 * first matches in rowid order) lies within the head whenever the query matches at least
 * RANK_WINDOW of the head's pins; bm25 over the head reads at most HEAD_PINS entries a term and
 * ranks those same pins (term statistics from the head, a sample of the corpus by popularity).
 * A query too sparse for that has few matches overall (< RANK_WINDOW × corpus / HEAD_PINS), so
 * bm25 over the full table is cheap for it.
 *
 * Optional: indexes built before it (and corpora no larger than the head) have none, and the
 * engine ranks on the full table.
 */
import type { Database } from 'better-sqlite3';
import { parseTags } from './pin-texts';
import { FTS_COLUMNS, FTS_TOKENIZER } from './schema';

export const HEAD_FTS_TABLE = 'pins_fts_head';
/** Pins in the head: ~3 % of a million, 15× the ranking window. */
export const HEAD_PINS = 30_000;
/** Meta key holding the head's last rowid (absent: no head index). */
const HEAD_META_KEY = 'headPins';

const HEAD_SQL = `CREATE VIRTUAL TABLE ${HEAD_FTS_TABLE} USING fts5(
  ${FTS_COLUMNS.join(', ')},
  content='',
  tokenize='${FTS_TOKENIZER}'
)`;

/**
 * Writes the head of `db`'s pins — the same text as pins_fts holds for them (tags joined as
 * index-writer.ts joins them, the cross-lingual text from pin_languages) — when the corpus is
 * larger than the head. Returns its size.
 */
export function writeHeadIndex(db: Database, headPins = HEAD_PINS): number {
  const pins = db.prepare('SELECT count(*) FROM pins').pluck().get() as number;
  if (pins <= headPins) return 0;
  // Predicted tags (an index built before them has none).
  const predicted =
    db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pin_suggested_tags'")
      .get() !== undefined;
  const rows = db
    .prepare(
      `SELECT p.rowid, p.title, p.tags, p.description, p.category, coalesce(l.crosslingual, ''),
         ${predicted ? 's.tags' : 'NULL'}
       FROM pins p LEFT JOIN pin_languages l ON l.pin = p.rowid
         ${predicted ? 'LEFT JOIN pin_suggested_tags s ON s.pin = p.rowid' : ''}
       WHERE p.rowid <= ? ORDER BY p.rowid`,
    )
    .raw()
    .all(headPins) as [number, string, string, string, string, string, string | null][];
  db.exec(HEAD_SQL);
  const insert = db.prepare(
    `INSERT INTO ${HEAD_FTS_TABLE} (rowid, title, tags, description, category, crosslingual, suggested) VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (const [rowid, title, tags, description, category, crosslingual, suggested] of rows) {
      const predicted = suggested === null ? '' : parseTags(suggested).join(', ');
      insert.run(
        rowid,
        title,
        parseTags(tags).join(', '),
        description,
        category,
        crosslingual,
        predicted,
      );
    }
    db.prepare(`INSERT INTO ${HEAD_FTS_TABLE} (${HEAD_FTS_TABLE}) VALUES ('optimize')`).run();
    db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
      HEAD_META_KEY,
      String(rows.at(-1)?.[0] ?? 0),
    );
  })();
  return rows.length;
}

/** The largest rowid the head index holds, or 0 when the index has none. */
export function headIndexEnd(db: Database): number {
  const value = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(HEAD_META_KEY) as
    string | undefined;
  return value === undefined ? 0 : Number(value);
}
