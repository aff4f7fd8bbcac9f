import { describe, expect, it } from 'vitest';
import { asTyped, correctedQuery, languageName } from './corrected-query';

describe('correctedQuery', () => {
  it.each([
    ['buterfly', 'butterfly', [{ from: 'buterfly', to: 'butterfly' }], 'butterfly'],
    ['Red Buterfly', 'red butterfly', [{ from: 'buterfly', to: 'butterfly' }], 'Red butterfly'],
    [
      'flwoer and buterfly',
      'flower and butterfly',
      [
        { from: 'flwoer', to: 'flower' },
        { from: 'buterfly', to: 'butterfly' },
      ],
      'flower and butterfly',
    ],
    // Whole words only: "cat" inside "catalog" stays.
    ['catalog cta', 'catalog cat', [{ from: 'cta', to: 'cat' }], 'catalog cat'],
    ['a.b c', 'a.b d', [{ from: 'c', to: 'd' }], 'a.b d'],
    // Not found as typed (folded accents): the server's text.
    ['café kiten', 'cafe kitten', [{ from: 'cafe kiten', to: 'x' }], 'cafe kitten'],
    ['dog', 'dog', [], 'dog'],
  ])('%s → %s', (raw, normalized, corrections, expected) => {
    expect(correctedQuery({ raw, normalized, corrections })).toBe(expected);
  });

  it('treats regex syntax in a correction as text', () => {
    expect(
      correctedQuery({ raw: 'a+b x', normalized: 'n', corrections: [{ from: 'a+b', to: 'ab' }] }),
    ).toBe('ab x');
  });
});

describe('languageName', () => {
  it('names a language in the interface language, and falls back to the code', () => {
    expect(languageName('de')).toBe('German');
    expect(languageName('zh')).toBe('Chinese');
    expect(languageName('de', 'fr')).toBe('allemand');
    expect(languageName('not a code')).toBe('not a code');
  });
});

describe('asTyped', () => {
  it('gives a word the server folded back as the person typed it', () => {
    expect(asTyped('Hund', 'hund')).toBe('Hund');
    expect(asTyped('Flor Roja', 'roja')).toBe('Roja');
    expect(asTyped('hundred Hund', 'hund')).toBe('Hund');
    expect(asTyped('Straße', 'strasse')).toBe('strasse');
  });
});
