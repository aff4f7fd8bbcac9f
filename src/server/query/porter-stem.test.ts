import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FTS_TOKENIZER } from '@/server/engine/schema';
import { foldText } from './normalize';
import { porterStem } from './porter-stem';
import { defaultWordNetDir } from './wordnet';

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
  ])('%s → %s', (word, stem) => {
    expect(porterStem(word)).toBe(stem);
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
