import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FTS_TOKENIZER } from '@/server/engine/schema';
import { foldText } from './normalize';
import { porterStem } from './porter-stem';
import { defaultWordNetDir } from './wordnet';

/**
 * Words covering every rule of every step (from Porter's paper), plus corpus-style words; many
 * are not dictionary words, so the WordNet check below does not reach them.
 */
const RULE_WORDS = [
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
    ['feed', 'feed'],
    ['hopping', 'hop'],
    ['filing', 'file'],
    ['conflated', 'conflat'],
    ['happy', 'happi'],
    ['relational', 'relat'],
    ['generalizations', 'gener'],
    ['butterflies', 'butterfli'],
    ['butterfly', 'butterfli'],
    ['as', 'as'], // under three bytes: unchanged
    ['naive', 'naiv'],
    ['eed', 'e'], // too short for "-eed", so "-ed" applies
    ['smiling', 'smile'],
    ['smiles', 'smile'],
    ['archaeology', 'archaeolog'],
  ])('%s → %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
  });

  it('agrees with SQLite FTS5 `porter` on every rule word', () => {
    const db = new Database(':memory:');
    db.exec(`
      CREATE VIRTUAL TABLE t USING fts5(x, tokenize='${FTS_TOKENIZER}');
      CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`);
    const insert = db.prepare('INSERT INTO t(rowid, x) VALUES (?, ?)');
    RULE_WORDS.forEach((word, i) => insert.run(i + 1, word));
    const rows = db.prepare('SELECT doc, term FROM v ORDER BY doc').all() as {
      doc: number;
      term: string;
    }[];
    db.close();
    expect(rows).toHaveLength(RULE_WORDS.length);
    expect(rows.map((r) => porterStem(RULE_WORDS[r.doc - 1]!))).toEqual(rows.map((r) => r.term));
  });

  it('agrees with SQLite FTS5 on every word of WordNet, and on folded non-ASCII words', () => {
    const words = new Set(['ñandu', 'straße', 'łodz', 'æsir', 'привет', 'ёжики']);
    for (const pos of ['noun', 'verb', 'adj', 'adv']) {
      for (const line of fs.readFileSync(path.join(defaultWordNetDir(), `index.${pos}`), 'latin1').split('\n')) {
        if (line === '' || line.startsWith(' ')) continue;
        for (const w of line.slice(0, line.indexOf(' ')).split(/[^a-z]+/u)) if (w) words.add(w);
      }
    }
    const list = [...words];
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(w, tokenize='${FTS_TOKENIZER}');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`);
    const insert = db.prepare('INSERT INTO t(rowid, w) VALUES (?, ?)');
    db.transaction(() => list.forEach((w, i) => insert.run(i + 1, w)))();
    const rows = db.prepare('SELECT doc, term FROM v').all() as { doc: number; term: string }[];
    // FTS5 folds before it stems; porterStem expects folded input.
    const disagreements = rows.filter((r) => porterStem(foldText(list[r.doc - 1]!)) !== r.term).map((r) => list[r.doc - 1]);
    db.close();
    expect(rows.length).toBeGreaterThan(60_000);
    expect(disagreements).toEqual([]);
  });
});
