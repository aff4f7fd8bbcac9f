import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { FTS_TOKENIZER } from '@/server/engine/schema';
import { matchTiers } from './fts-match';
import type { Alternative, TermGroup } from '@/server/query/understand';

const group = (term: string, alternatives: [string, number, Alternative['source']][] = [], optional = false): TermGroup => ({
  typed: term,
  term,
  optional,
  alternatives: [{ term, weight: 1, source: 'query' }, ...alternatives.map(([t, weight, source]) => ({ term: t, weight, source }))],
});

describe('matchTiers', () => {
  it('widens tier by tier: exact, then each weight present', () => {
    const groups = [
      group('red'),
      group('automobile', [
        ['car', 0.6, 'wordnet'],
        ['auto', 0.6, 'wordnet'],
        ['taxi', 0.3, 'wordnet'],
      ]),
    ];
    expect(matchTiers({ groups })).toEqual([
      { match: '"red" AND "automobile"', weight: 1 },
      { match: '"red" AND ("automobile" OR "car" OR "auto")', weight: 0.6 },
      { match: '"red" AND ("automobile" OR "car" OR "auto" OR "taxi")', weight: 0.3 },
    ]);
  });

  it('requires stopwords in the exact tier only, and adds regional spellings at weight 1', () => {
    const groups = [group('ideas'), group('for', [], true), group('colour', [['color', 1, 'spelling']])];
    expect(matchTiers({ groups })).toEqual([
      { match: '"ideas" AND "for" AND "colour"', weight: 1 },
      { match: '"ideas" AND ("colour" OR "color")', weight: 1 },
    ]);
  });

  it('has one tier when nothing is expanded', () => {
    expect(matchTiers({ groups: [group('cat'), group('face')] })).toEqual([{ match: '"cat" AND "face"', weight: 1 }]);
  });

  it('requires refinement words in every tier, never expanded, never twice', () => {
    const groups = [group('cat', [['kitten', 0.6, 'wordnet']])];
    expect(matchTiers({ groups, refine: ['Face', 'cat', 'grinning face'] })).toEqual([
      { match: '"cat" AND "face" AND "grinning"', weight: 1 },
      { match: '("cat" OR "kitten") AND "face" AND "grinning"', weight: 0.6 },
    ]);
  });

  it('quotes every term: FTS5 syntax in a term stays literal', () => {
    const groups = [group('not'), group('a"b', [['near', 0.6, 'wordnet']])];
    expect(matchTiers({ groups })).toEqual([
      { match: '"not" AND "a""b"', weight: 1 },
      { match: '"not" AND ("a""b" OR "near")', weight: 0.6 },
    ]);
  });

  it('is empty when there is nothing to search', () => {
    expect(matchTiers({ groups: [] })).toEqual([]);
    expect(matchTiers({ groups: [], refine: ['red'] })).toEqual([{ match: '"red"', weight: 1 }]);
  });

  it('each tier is valid FTS5 and matches a superset of the one before', () => {
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(text, tokenize='${FTS_TOKENIZER}')`);
    const insert = db.prepare('INSERT INTO t(rowid, text) VALUES (?, ?)');
    ['red automobile', 'red car', 'red taxi', 'blue car', 'ideas for colour', 'ideas in color', 'a"b not'].forEach((text, i) =>
      insert.run(i + 1, text),
    );
    const ids = (match: string) =>
      (db.prepare('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid').pluck().all(match) as number[]).join(',');
    const rows = (groups: TermGroup[]) => matchTiers({ groups }).map((t) => ids(t.match));
    expect(
      rows([group('red'), group('automobile', [['car', 0.6, 'wordnet'], ['taxi', 0.3, 'wordnet']])]),
    ).toEqual(['1', '1,2', '1,2,3']);
    expect(rows([group('ideas'), group('for', [], true), group('colour', [['color', 1, 'spelling']])])).toEqual(['5', '5,6']);
    expect(rows([group('not'), group('a"b')])).toEqual(['7']);
    db.close();
  });
});
