/**
 * The words the index holds in other languages than English (pins with a manifest `lang`,
 * ingest/lexicon/pin-translation.ts), for the query stage (query/understand.ts):
 *
 * - a word some pin uses only in, say, Spanish is not English evidence, even though the spelling
 *   vocabulary knows it: "perro" must still be read as Spanish and find every dog, not just the
 *   pins that say perro;
 * - a word the index holds in the query's language is searched as typed first, its English words
 *   after: "perro" ranks the pin titled "Perro marrón" first rather than translating it away.
 *
 * Small (manifest pins only) and loaded whole with the vocabulary. Indexes built before it have
 * none: every word the vocabulary knows is then English, as before.
 */
import type { Database } from 'better-sqlite3';
import type { ForeignWord } from '@/server/query/understand';

export const FOREIGN_WORDS_TABLE = 'foreign_words';

const FOREIGN_WORDS_SQL = `CREATE TABLE ${FOREIGN_WORDS_TABLE} (
  word TEXT PRIMARY KEY,         -- folded as a query's word is (normalize.ts foldDiacritics, lexicon.ts lexiconKey)
  langs TEXT NOT NULL,           -- base languages the pins use it in, comma-separated
  english INTEGER NOT NULL       -- 1: other pins (or fields) use it as English too
) WITHOUT ROWID`;

export type ForeignWords = ReadonlyMap<string, ForeignWord>;

/**
 * Writes the table from each language's words and the pins using each word only as foreign,
 * against the stored vocabulary (pins using the word at all): a word is English too when more
 * pins use it than use it only as foreign.
 */
export function writeForeignWords(
  db: Database,
  {
    words,
    vocabulary,
  }: {
    /** word → language → pins using it only in that language. */
    words: ReadonlyMap<string, ReadonlyMap<string, number>>;
    vocabulary: ReadonlyMap<string, number>;
  },
): number {
  db.exec(FOREIGN_WORDS_SQL);
  const insert = db.prepare(`INSERT INTO ${FOREIGN_WORDS_TABLE} (word, langs, english) VALUES (?, ?, ?)`);
  db.transaction(() => {
    for (const [word, byLang] of words) {
      let foreignPins = 0;
      for (const n of byLang.values()) foreignPins += n;
      const english = (vocabulary.get(word) ?? 0) > foreignPins;
      insert.run(word, [...byLang.keys()].sort().join(','), english ? 1 : 0);
    }
  })();
  return words.size;
}

/** The index's foreign words, or an empty map when it has none. */
export function readForeignWords(db: Database): ForeignWords {
  const exists = db
    .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")
    .pluck()
    .get(FOREIGN_WORDS_TABLE) as number;
  if (exists === 0) return new Map();
  const rows = db.prepare(`SELECT word, langs, english FROM ${FOREIGN_WORDS_TABLE}`).raw().all() as [
    string,
    string,
    number,
  ][];
  return new Map(rows.map(([word, langs, english]) => [word, { langs: langs.split(','), english: english === 1 }]));
}
