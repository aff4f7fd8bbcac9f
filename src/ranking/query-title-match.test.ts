import { describe, expect, it } from 'vitest';
import { queryTitleMatch, words } from './query-title-match';

describe('queryTitleMatch', () => {
  it('matches query words against whole title words', () => {
    expect(queryTitleMatch(['red', 'apples'], 'Red apple')).toBe(0.5);
    expect(queryTitleMatch(['cat'], 'Cat face')).toBe(1);
    expect(queryTitleMatch(['cat'], 'Black cat')).toBe(1);
    expect(queryTitleMatch(['cat'], 'Catalogue, cats & a cat-flap')).toBe(1);
    expect(queryTitleMatch(['apple'], 'Pineapple')).toBe(0);
    expect(queryTitleMatch(['apple'], 'apples')).toBe(0);
    expect(queryTitleMatch([], 'Cat')).toBe(0);
    // Non-ASCII titles take the Unicode path: letters with accents are word characters.
    expect(queryTitleMatch(['café', 'crème'], 'Café Crème brûlée')).toBe(1);
    expect(queryTitleMatch(['caf'], 'Café')).toBe(0);
  });
});

describe('words', () => {
  it('splits on anything but letters and digits, lower-cased', () => {
    expect(words('Café Crème-brûlée, 2 ways!')).toEqual(['café', 'crème', 'brûlée', '2', 'ways']);
    expect(words('  ')).toEqual([]);
  });
});
