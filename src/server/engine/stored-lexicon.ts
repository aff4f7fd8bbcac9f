/**
 * The cross-lingual lexicon in the index (built by src/server/ingest/lexicon, read by the query
 * stage through query/lexicon.ts's `Lexicon`). Per folded foreign key, its entries: (language,
 * English target, weight, the ids of the sources that gave it, the word as the source writes it).
 * Provenance: `lexicon_sources` names each source, its version and licence.
 *
 * Nothing is loaded at start: a lookup is a primary-key probe (a few µs), so opening an index
 * costs no more than before, and a query touches a handful of keys.
 */
import type { Database } from 'better-sqlite3';
import type { Lexicon, LexiconCompletion, LexiconEntry } from '@/server/query/lexicon';

export const LEXICON_TABLE = 'lexicon';
export const LEXICON_SOURCES_TABLE = 'lexicon_sources';

/**
 * One row per key, its entries packed into one text (fields split by US, entries by RS): a
 * million entries take a third of the space one row each would, and a lookup is still one probe.
 */
const LEXICON_SQL = `
CREATE TABLE ${LEXICON_TABLE} (
  key TEXT PRIMARY KEY,     -- query/lexicon.ts lexiconKey of the foreign word or phrase
  entries TEXT NOT NULL     -- per entry: lang US target US weight US source ids US word (RS between)
) WITHOUT ROWID;
CREATE TABLE ${LEXICON_SOURCES_TABLE} (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  licence TEXT NOT NULL,
  url TEXT NOT NULL,
  entries INTEGER NOT NULL  -- entries this source contributed to
);
`;
const US = '\u001f';
const RS = '\u001e';

export interface LexiconRow {
  key: string;
  lang: string;
  target: string;
  weight: number;
  word: string;
  sources: string;
}

export interface LexiconSourceInfo {
  id: number;
  name: string;
  version: string;
  licence: string;
  url: string;
  entries: number;
}

/**
 * Writes the lexicon tables (the index writer's last steps). `lang` BCP 47 base; `target` a folded
 * word of the index vocabulary, '' for a stop word of `lang`; `weight` in (0, 1]; `sources` the
 * ids of the sources that gave it, comma-separated; `word` as the source writes it.
 */
export function writeStoredLexicon(
  db: Database,
  { rows, sources }: { rows: Iterable<LexiconRow>; sources: readonly LexiconSourceInfo[] },
): number {
  db.exec(LEXICON_SQL);
  const insert = db.prepare(`INSERT INTO ${LEXICON_TABLE} (key, entries) VALUES (?, ?)`);
  const insertSource = db.prepare(
    `INSERT INTO ${LEXICON_SOURCES_TABLE} (id, name, version, licence, url, entries) VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const byKey = new Map<string, string[]>();
  let count = 0;
  for (const r of rows) {
    const word = r.word === r.key ? '' : r.word;
    const entry = [r.lang, r.target, String(Math.round(r.weight * 1000) / 1000), r.sources, word].join(US);
    const list = byKey.get(r.key);
    if (list) list.push(entry);
    else byKey.set(r.key, [entry]);
    count++;
  }
  db.transaction(() => {
    for (const [key, entries] of byKey) insert.run(key, entries.join(RS));
    for (const s of sources) insertSource.run(s.id, s.name, s.version, s.licence, s.url, s.entries);
  })();
  return count;
}

function unpack(key: string, packed: string): LexiconEntry[] {
  return packed.split(RS).map((e) => {
    const [lang = '', target = '', weight = '0', , word = ''] = e.split(US);
    return { lang, target, weight: Number(weight), word: word === '' ? key : word };
  });
}

/** Replaces the lexicon of an index (benchmarks swap in one built from held-out data). */
export function replaceStoredLexicon(
  db: Database,
  lexicon: { rows: Iterable<LexiconRow>; sources: readonly LexiconSourceInfo[] },
): number {
  db.exec(`DROP TABLE IF EXISTS ${LEXICON_TABLE}; DROP TABLE IF EXISTS ${LEXICON_SOURCES_TABLE};`);
  return writeStoredLexicon(db, lexicon);
}

const hasTable = (db: Database, name: string): boolean =>
  (db.prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(name) as number) > 0;

/** The sources the index's lexicon was built from (for /api/health and the README). */
export function readLexiconSources(db: Database): LexiconSourceInfo[] {
  if (!hasTable(db, LEXICON_SOURCES_TABLE)) return [];
  return db.prepare(`SELECT id, name, version, licence, url, entries FROM ${LEXICON_SOURCES_TABLE} ORDER BY id`).all() as LexiconSourceInfo[];
}

/** Keys looked up recently; a query's words repeat across its pages and its suggestions. */
const LOOKUP_CACHE_MAX = 4096;

/** The stored lexicon, or null when the index predates it (queries are then read as English). */
export function readStoredLexicon(db: Database): Lexicon | null {
  if (!hasTable(db, LEXICON_TABLE)) return null;
  const byKey = db.prepare<[string], string>(`SELECT entries FROM ${LEXICON_TABLE} WHERE key = ?`).pluck();
  const byPrefix = db.prepare<[string, string, number], { key: string; entries: string }>(
    `SELECT key, entries FROM ${LEXICON_TABLE} WHERE key >= ? AND key < ? ORDER BY key LIMIT ?`,
  );
  const cache = new Map<string, readonly LexiconEntry[]>();
  return {
    lookup(key) {
      let hit = cache.get(key);
      if (!hit) {
        const packed = key === '' ? undefined : byKey.get(key);
        hit = packed === undefined ? [] : unpack(key, packed);
        if (cache.size >= LOOKUP_CACHE_MAX) cache.clear();
        cache.set(key, hit);
      }
      return hit;
    },
    complete(prefix, limit) {
      if (prefix === '') return [];
      const out: LexiconCompletion[] = [];
      for (const row of byPrefix.all(prefix, `${prefix}\uffff`, limit)) {
        for (const e of unpack(row.key, row.entries)) if (e.target !== '') out.push({ ...e, key: row.key });
      }
      return out;
    },
  };
}
