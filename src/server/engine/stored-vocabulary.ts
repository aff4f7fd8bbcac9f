/**
 * The query stage's corpus vocabulary (folded word → pins using it, query/vocabulary.ts),
 * computed once at build time and stored in the index, so opening a million-pin index does not
 * re-tokenize every pin (about 10 s at 1M pins) on the first search. Indexes built before this
 * table existed have none: the engine computes the vocabulary then, as before (loadVocabulary).
 */
import type { Database } from 'better-sqlite3';
import { matchTerms } from '@/server/query/normalize';
import { readPinTexts, type PinText } from './pin-texts';

export const VOCABULARY_TABLE = 'vocabulary';

/** Rows in the computed map's order (first use in rowid order), which the speller's ties follow. */
const VOCABULARY_SQL = `CREATE TABLE ${VOCABULARY_TABLE} (
  word TEXT NOT NULL,             -- folded word, as query/normalize.ts matchTerms splits it
  pins INTEGER NOT NULL           -- pins whose title, tags, description, category or cross-lingual text use it
)`;

/** Fields repeat across pins (tags, categories, descriptions): their words are memoized, bounded. */
const FIELD_CACHE_MAX = 100_000;

/**
 * The same counts as query/vocabulary.ts vocabularyFromTexts over one text per pin (title, tags,
 * description, category and cross-lingual text joined by spaces): words never span a space, so a
 * pin's words are the union of its fields' words.
 */
export function countVocabulary(pins: Iterable<PinText>): Map<string, number> {
  const cache = new Map<string, readonly string[]>();
  const termsOf = (field: string): readonly string[] => {
    let terms = cache.get(field);
    if (!terms) {
      terms = matchTerms(field);
      if (cache.size >= FIELD_CACHE_MAX) cache.clear();
      cache.set(field, terms);
    }
    return terms;
  };
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const pin of pins) {
    seen.clear();
    for (const field of [pin.title, ...pin.tags, pin.description, pin.category, pin.crosslingual]) {
      for (const term of termsOf(field)) seen.add(term);
    }
    for (const term of seen) counts.set(term, (counts.get(term) ?? 0) + 1);
  }
  return counts;
}

/** Counts the vocabulary of the pins in `db` and stores it (the index writer's last steps). */
export function writeStoredVocabulary(db: Database): number {
  const counts = countVocabulary(readPinTexts(db));
  db.exec(VOCABULARY_SQL);
  const insert = db.prepare(`INSERT INTO ${VOCABULARY_TABLE} (word, pins) VALUES (?, ?)`);
  db.transaction(() => {
    for (const [word, pins] of counts) insert.run(word, pins);
  })();
  return counts.size;
}

/** The stored vocabulary, or null when the index predates it. */
export function readStoredVocabulary(db: Database): Map<string, number> | null {
  const exists = db
    .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
    .pluck()
    .get(VOCABULARY_TABLE) as number;
  if (exists === 0) return null;
  const rows = db
    .prepare(`SELECT word, pins FROM ${VOCABULARY_TABLE} ORDER BY rowid`)
    .raw()
    .all() as [string, number][];
  return new Map(rows);
}
