import Database from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_QUERY_WORDS } from '@/server/query/normalize';
import { buildMatchExpression, MAX_TOTAL_TOKENS, quoteFtsString, tokenizeQuery } from './fts-query';
import { FTS_TOKENIZER } from './schema';

describe('tokenizeQuery', () => {
  it.each<[string, string[]]>([
    ['cat', ['cat']],
    ['Cat face', ['cat', 'face']],
    ['cat cat CAT', ['cat']],
    ['"cat" OR dog*', ['cat', 'or', 'dog']],
    ['NEAR(cat dog, 2)', ['near', 'cat', 'dog', '2']],
    ['title:cat -dog +fish ^bird', ['title', 'cat', 'dog', 'fish', 'bird']],
    ['café crème', ['café', 'crème']],
    ['e\u0301te\u0301', ['été']], // decomposed accents compose under NFKC
    ['\u0301\u0301 x', ['x']], // a lone combining mark is not a word
    ['日本 の 猫', ['日本', 'の', '猫']],
    ['हिन्दी', ['हिन्दी']], // vowel signs are marks inside the word
    ['x²', ['x2']],
    ['\u0000\u0007\ud800 \udfff', []], // control characters, lone surrogates
    ['a\ud800b', ['a', 'b']],
    ['!!! *** ()', []],
    ['', []],
  ])('%j → %j', (input, expected) => {
    expect(tokenizeQuery(input)).toEqual(expected);
  });

  it('keeps at most MAX_QUERY_WORDS distinct words', () => {
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    expect(tokenizeQuery(words.join(' '))).toEqual(words.slice(0, MAX_QUERY_WORDS));
  });
});

describe('quoteFtsString', () => {
  it.each([
    ['cat', '"cat"'],
    ['say "hi"', '"say ""hi"""'],
    ['"', '""""'],
    ['', '""'],
  ])('%j → %j', (input, expected) => {
    expect(quoteFtsString(input)).toBe(expected);
  });
});

describe('buildMatchExpression', () => {
  it.each<[string, string[], string | null]>([
    ['cat', [], '"cat"'],
    ['cat face', [], '"cat" AND "face"'],
    ['cat', ['black'], '"cat" AND "black"'],
    ['cat', ['Cat', 'black white'], '"cat" AND "black" AND "white"'],
    ['***', [], null],
    ['', ['***'], null],
    ['', ['red'], '"red"'],
    ['NOT cat', [], '"not" AND "cat"'],
  ])('q=%j refine=%j → %j', (q, refine, expected) => {
    expect(buildMatchExpression({ q, refine })).toBe(expected);
  });

  it('caps query plus refinements at MAX_TOTAL_TOKENS', () => {
    const refine = Array.from({ length: 8 }, (_, i) => Array.from({ length: 10 }, (_, j) => `r${i}x${j}`).join(' '));
    const expr = buildMatchExpression({ q: 'cat', refine })!;
    expect(expr.split(' AND ')).toHaveLength(MAX_TOTAL_TOKENS);
  });
});

describe('match expressions against a real FTS5 table', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE VIRTUAL TABLE t USING fts5(title, tags, content='', tokenize='${FTS_TOKENIZER}')`);
  const rows = ['grinning cat', 'cat face', 'NEAR or NOT', 'café crème', '日本 猫', 'dog'];
  rows.forEach((title, i) => db.prepare('INSERT INTO t (rowid, title, tags) VALUES (?, ?, ?)').run(i + 1, title, ''));
  const stmt = db.prepare<[string], { rowid: number }>('SELECT rowid FROM t WHERE t MATCH ? ORDER BY rowid');
  const search = (q: string, refine: string[] = []): number[] => {
    const expr = buildMatchExpression({ q, refine });
    return expr === null ? [] : stmt.all(expr).map((r) => r.rowid);
  };
  afterAll(() => db.close());

  it.each<[string, string[], number[]]>([
    ['cat', [], [1, 2]],
    ['cats', [], [1, 2]], // porter stemming
    ['Cat', ['face'], [2]],
    ['NOT', [], [3]], // operators are plain words
    ['near OR', [], [3]],
    ['cafe', [], [4]], // diacritics removed
    ['猫', [], [5]],
    ['ca*', [], []], // no prefix matching
    ['"cat" OR "dog"', [], []], // means: cat AND or AND dog
  ])('q=%j refine=%j finds %j', (q, refine, expected) => {
    expect(search(q, refine)).toEqual(expected);
  });

  it('never throws on hostile strings', () => {
    const hostile = [
      '"',
      '""',
      '*',
      'NEAR(',
      'NEAR(a b, -1)',
      'OR',
      'AND AND',
      'NOT',
      '^cat',
      'title:cat',
      '{title tags}: cat',
      '(cat',
      'cat)',
      '\u0000',
      '\u0001\u001f',
      '\ud800',
      '\udfff cat \ud800',
      'x'.repeat(100_000),
      'cat '.repeat(25_000),
      '"'.repeat(10_000),
    ];
    for (const q of hostile) expect(() => search(q, [q])).not.toThrow();
  });

  it('never throws on arbitrary strings (property)', () => {
    const fragment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 30 }),
      fc.constantFrom('"', '*', 'NEAR(', 'NEAR', 'OR', 'AND', 'NOT', '^', '(', ')', ':', '-', '+', '{', '}', 'cat', 'title:', '\u0000', '\ud800', 'é'),
    );
    const text = fc.array(fragment, { maxLength: 12 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 3 }), (q, refine) => {
        const ids = search(q, refine);
        expect(ids.every((id) => id >= 1 && id <= rows.length)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
