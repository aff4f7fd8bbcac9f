import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { porterStem } from './porter-stem';

/** Words covering every rule of every step (from Porter's paper), plus corpus-style words. */
const WORDS = [
  'caresses',
  'ponies',
  'ties',
  'caress',
  'cats',
  'feed',
  'agreed',
  'plastered',
  'bled',
  'motoring',
  'sing',
  'conflated',
  'troubled',
  'sized',
  'hopping',
  'tanned',
  'falling',
  'hissing',
  'fizzed',
  'failing',
  'filing',
  'happy',
  'sky',
  'relational',
  'conditional',
  'rational',
  'valenci',
  'hesitanci',
  'digitizer',
  'conformabli',
  'radicalli',
  'differentli',
  'vileli',
  'analogousli',
  'vietnamization',
  'predication',
  'operator',
  'feudalism',
  'decisiveness',
  'hopefulness',
  'callousness',
  'formaliti',
  'sensitiviti',
  'sensibiliti',
  'triplicate',
  'formative',
  'formalize',
  'electriciti',
  'electrical',
  'hopeful',
  'goodness',
  'revival',
  'allowance',
  'inference',
  'airliner',
  'gyroscopic',
  'adjustable',
  'defensible',
  'irritant',
  'replacement',
  'adjustment',
  'dependent',
  'adoption',
  'homologou',
  'communism',
  'activate',
  'angulariti',
  'homologous',
  'effective',
  'bowdlerize',
  'probate',
  'rate',
  'cease',
  'controll',
  'roll',
  'generalizations',
  'oscillators',
  'archaeology',
  'smiling',
  'smile',
  'smiles',
  'grinning',
  'flags',
  'eyes',
  'eed',
  'is',
  'as',
  'news',
  'dying',
  'toy',
  'yes',
];

describe('porterStem', () => {
  it.each([
    ['caresses', 'caress'],
    ['ponies', 'poni'],
    ['cats', 'cat'],
    ['agreed', 'agre'],
    ['hopping', 'hop'],
    ['filing', 'file'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['generalizations', 'gener'],
    ['smiling', 'smile'],
    ['smiles', 'smile'],
    ['archaeology', 'archaeolog'],
    ['as', 'as'],
  ])('%s → %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('agrees with SQLite FTS5 `porter` on every test word', () => {
    const db = new Database(':memory:');
    db.exec(`
      CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61 remove_diacritics 2');
      CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`);
    const insert = db.prepare('INSERT INTO t(rowid, x) VALUES (?, ?)');
    WORDS.forEach((word, i) => insert.run(i + 1, word));
    const rows = db.prepare('SELECT doc, term FROM v ORDER BY doc').all() as {
      doc: number;
      term: string;
    }[];
    db.close();
    expect(rows).toHaveLength(WORDS.length);
    expect(rows.map((r) => porterStem(WORDS[r.doc - 1]!))).toEqual(rows.map((r) => r.term));
  });
});
