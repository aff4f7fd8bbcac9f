import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { displayText, foldText, hasDigit, matchKey, matchTerms, splitWords, tokenize } from './normalize';

describe('foldText', () => {
  it.each([
    ['  Crème   Brûlée ', 'creme brulee'],
    ['ＣＡＴ', 'cat'], // full-width letters (NFKC)
    ['ﬁsh', 'fish'], // ligature (NFKC)
    ['e\u0301te\u0301', 'ete'], // decomposed accents
    ['Łódź', 'łodz'], // stroke is a letter, not a diacritic
    ['Straße', 'straße'],
    ['ёж ά', 'ёж ά'], // Cyrillic and Greek accents stay, as in FTS5
    ['line\nbreak\ttab', 'line break tab'],
  ])('%j → %j', (input, expected) => {
    expect(foldText(input)).toBe(expected);
  });

  it('folds every word exactly as FTS5 unicode61 remove_diacritics 2 does', () => {
    const samples = ['café', 'naïve', 'ñandú', 'Straße', 'ÆSIR', 'øre', 'Łódź', 'Привет', 'việt', 'İstanbul', 'ÿ', 'ḿ', 'o\u0301', 'Ω', 'ſ', 'Ёж', 'ά'];
    const db = new Database(':memory:');
    db.exec(`CREATE VIRTUAL TABLE t USING fts5(w, tokenize='unicode61 remove_diacritics 2');
             CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');`);
    const insert = db.prepare('INSERT INTO t(rowid, w) VALUES (?, ?)');
    samples.forEach((w, i) => insert.run(i + 1, w));
    const rows = db.prepare('SELECT doc, term FROM v ORDER BY doc').all() as { doc: number; term: string }[];
    db.close();
    expect(rows.map((r) => foldText(samples[r.doc - 1]!))).toEqual(rows.map((r) => r.term));
  });
});

describe('displayText', () => {
  it('keeps accents for display', () => {
    expect(displayText('  Crème  BRÛLÉE ')).toBe('crème brûlée');
  });

  it.each([
    ['  Cat   Face ', 'cat face'],
    ['ＣＡＴ', 'cat'], // full-width letters fold under NFKC
    ['ﬁsh', 'fish'], // ligature
    ['line\nbreak\ttab', 'line break tab'],
    ['', ''],
    [' Food  &\tDrink ', 'food & drink'], // punctuation kept: category names stay whole
  ])('%j → %j', (input, expected) => {
    expect(displayText(input)).toBe(expected);
  });
});

describe('splitWords', () => {
  it.each<[string, string[]]>([
    ['cat face cat', ['cat', 'face', 'cat']], // repeats kept
    ["chef's t-shirt", ['chef', 's', 't', 'shirt']],
    ['\u0301\u0301 x', ['x']], // a lone combining mark is not a word
    ['हिन्दी', ['हिन्दी']], // vowel signs are marks inside the word
    ['', []],
  ])('%j → %j', (input, expected) => {
    expect(splitWords(input)).toEqual(expected);
  });
});

describe('tokenize', () => {
  it.each<[string, [string, string][]]>([
    ['Cat face', [['cat', 'cat'], ['face', 'face']]],
    ['cat, CAT & cat!', [['cat', 'cat']]],
    ['crème brûlée', [['crème', 'creme'], ['brûlée', 'brulee']]],
    ["valentine's day", [['valentine', 'valentine'], ['day', 'day']]],
    ['valentine’s day', [['valentine', 'valentine'], ['day', 'day']]], // curly apostrophe
    ["it's", [['it', 'it']]],
    ["don't", [['don', 'don'], ['t', 't']]], // as FTS5 splits it
    ['t-shirt', [['t', 't'], ['shirt', 'shirt']]],
    ['"cat" OR dog*', [['cat', 'cat'], ['or', 'or'], ['dog', 'dog']]],
    ['4k tv', [['4k', '4k'], ['tv', 'tv']]],
    ['日本 の 猫', [['日本', '日本'], ['の', 'の'], ['猫', '猫']]],
    ['', []],
    ['?!…', []],
  ])('%j', (input, expected) => {
    expect(tokenize(input).map((w) => [w.display, w.term])).toEqual(expected);
  });

  it('stops at max words', () => {
    expect(tokenize('a b c d e', 3).map((w) => w.term)).toEqual(['a', 'b', 'c']);
  });
});

describe('matchTerms', () => {
  it('keeps repeats and folds', () => {
    expect(matchTerms('Café café, CAFE')).toEqual(['cafe', 'cafe', 'cafe']);
  });
});

describe('hasDigit', () => {
  it.each([
    ['2024', true],
    ['4k', true],
    ['mp3', true],
    ['cat', false],
    ['²', true],
  ])('%s → %s', (term, expected) => {
    expect(hasDigit(term)).toBe(expected);
  });
});

describe('matchKey', () => {
  it('is the porter stem: forms FTS5 matches together share a key', () => {
    expect(matchKey('cats')).toBe(matchKey('cat'));
    expect(matchKey('butterflies')).toBe(matchKey('butterfly'));
    expect(matchKey('smiling')).toBe('smile');
    expect(matchKey('cat')).not.toBe(matchKey('car'));
  });
});
