import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FTS_TOKENIZER } from '@/server/engine/schema';
import { ftsStems, ftsTokens, ftsWords } from './fts-tokens';

/** Titles and tags in the corpus' style, with the punctuation and accents it carries. */
const TEXTS = [
  'Grinning face with smiling eyes',
  "chef cook man toque chef's hat person-role",
  'Woman’s boot',
  'Crème brûlée café',
  'cafe\u0301 e\u0301te\u0301', // decomposed accents
  'Flag: Côte d’Ivoire',
  'Straße Łódź ÆSIR',
  'ǅ ﬁsh', // compatibility forms
  'α\u0301β', // a loose mark on a non-Latin letter
  'butterflies 3d mp3 2024',
  'running runs ran',
];

describe('ftsTokens', () => {
  it('splits, folds and stems each word as the index does', () => {
    expect(ftsTokens("Chef's Crème-brûlée")).toEqual([
      { surface: 'chef', folded: 'chef', stem: 'chef' },
      { surface: 's', folded: 's', stem: 's' },
      { surface: 'crème', folded: 'creme', stem: 'creme' },
      { surface: 'brûlée', folded: 'brulee', stem: 'brule' },
    ]);
  });

  it('returns the same (cached) tokens for a repeated field', () => {
    expect(ftsTokens('smiling face')).toBe(ftsTokens('smiling face'));
  });

  it('agrees with SQLite FTS5 on the words and stems of corpus-style text', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE plain USING fts5(x, tokenize='unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE plain_v USING fts5vocab(plain, 'instance');
             CREATE VIRTUAL TABLE stemmed USING fts5(x, tokenize='${FTS_TOKENIZER}');
             CREATE VIRTUAL TABLE stemmed_v USING fts5vocab(stemmed, 'instance');`);
    TEXTS.forEach((text, i) => {
      db.prepare('INSERT INTO plain(rowid, x) VALUES (?, ?)').run(i + 1, text);
      db.prepare('INSERT INTO stemmed(rowid, x) VALUES (?, ?)').run(i + 1, text);
    });
    const terms = (table: string) =>
      TEXTS.map((_, i) =>
        (
          db.prepare(`SELECT term FROM ${table} WHERE doc = ? ORDER BY offset`).all(i + 1) as {
            term: string;
          }[]
        ).map((r) => r.term),
      );
    const words = terms('plain_v');
    const stems = terms('stemmed_v');
    db.close();
    // FTS5 keeps compatibility forms ("ǆ", "ﬁsh") as stored; mining NFKC-folds them to what a
    // typed (NFKC-normalized) refinement becomes, so those two are the expected difference.
    const expectedWords = words.map((w, i) => (i === 7 ? ['dz', 'fish'] : w));
    const expectedStems = stems.map((s, i) => (i === 7 ? ['dz', 'fish'] : s));
    expect(TEXTS.map(ftsWords)).toEqual(expectedWords);
    expect(TEXTS.map(ftsStems)).toEqual(expectedStems);
  });
});
