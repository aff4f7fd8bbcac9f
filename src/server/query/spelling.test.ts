import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createSpeller, editDistance, MAX_EDIT_DISTANCE } from './spelling';

describe('editDistance (optimal string alignment)', () => {
  it.each<[string, string, number]>([
    ['cat', 'cat', 0],
    ['cat', 'cart', 1], // insertion
    ['cart', 'cat', 1], // deletion
    ['cat', 'cut', 1], // substitution
    ['cat', 'act', 1], // adjacent transposition counts once
    ['buterfly', 'butterfly', 1],
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['ca', 'abc', 3], // OSA, not unrestricted Damerau (which says 2)
  ])('%j ↔ %j = %i', (a, b, d) => {
    expect(editDistance(a, b, 10)).toBe(d);
  });

  it('stops early and reports max + 1 beyond max', () => {
    expect(editDistance('kitten', 'sitting', 2)).toBe(3);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('is symmetric', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), (a, b) => {
        expect(editDistance(a, b, 20)).toBe(editDistance(b, a, 20));
      }),
    );
  });
});

const VOCABULARY = new Map<string, number>([
  ['butterfly', 12],
  ['butter', 3],
  ['cat', 40],
  ['car', 25],
  ['cart', 2],
  ['pizza', 2],
  ['pina', 2],
  ['heart', 46],
  ['hearth', 1],
  ['smiling', 27],
  ['unicorn', 2],
  ['rainbow', 5],
  ['flag', 354],
  ['flame', 9],
  ['ruler', 3],
  ['mp3', 4],
  ['x', 50],
]);

describe('createSpeller', () => {
  const speller = createSpeller(VOCABULARY);

  it.each<[string, string]>([
    ['buterfly', 'butterfly'], // omission
    ['butterfyl', 'butterfly'], // transposition
    ['bytterfly', 'butterfly'], // substitution
    ['buttterfly', 'butterfly'], // insertion
    ['btterfy', 'butterfly'], // two edits
    ['unicron', 'unicorn'],
    ['rainbw', 'rainbow'],
    ['hert', 'heart'],
    ['smilling', 'smiling'],
    ['cst', 'cat'], // short word, one edit
    ['piza', 'pizza'], // same distance and frequency as "pina": the omission wins
    ['flage', 'flag'], // "flag" (354) beats "flame" (9) at distance 1
  ])('corrects %s → %s', (typo, word) => {
    expect(speller.suggest(typo)?.term).toBe(word);
  });

  it.each([
    'butterfly', 'cat', 'car', 'heart', 'flag', // in the vocabulary
    'cats', 'butterflies', 'flags', 'smile', 'hearts', // FTS5 matches them through the porter stem
  ])('never corrects %s, which FTS5 already matches', (word) => {
    expect(speller.isKnown(word)).toBe(true);
    expect(speller.suggest(word)).toBeNull();
  });

  it.each([
    ['mp4', 'has a digit'],
    ['2024', 'is a number'],
    ['y', 'is a single letter'],
    ['cxx', 'is short and two edits away (from "cat", "car")'],
    ['zebra', 'has nothing close'],
  ])('does not correct %s: it %s', (word) => {
    expect(speller.suggest(word)).toBeNull();
  });

  it('does not correct a two-edit typo towards a word with a different first letter', () => {
    expect(speller.suggest('tulr')).toBeNull(); // distance 2 to "ruler", first letter differs
    expect(speller.suggest('rulr')?.term).toBe('ruler'); // distance 1
    expect(speller.suggest('rlr')?.term).toBeUndefined(); // short: one edit at most
    expect(speller.suggest('rlerx')).toEqual({ term: 'ruler', distance: 2, frequency: 3 }); // same first letter
  });

  it('reports distance and frequency', () => {
    expect(speller.suggest('buterfly')).toEqual({ term: 'butterfly', distance: 1, frequency: 12 });
  });

  it('corrects the unknown words of a query and leaves the rest out', () => {
    expect(speller.correctAll(['smilling', 'cat', 'buterfly', '2024', 'zebra'])).toEqual([
      { from: 'smilling', to: 'smiling' },
      { from: 'buterfly', to: 'butterfly' },
    ]);
  });

  it('finds every vocabulary word from any one-edit typo of it', () => {
    const words = [...VOCABULARY.keys()].filter((w) => w.length >= 5 && !/\d/u.test(w));
    fc.assert(
      fc.property(fc.constantFrom(...words), fc.nat(), fc.constantFrom('delete', 'insert', 'swap'), (word, at, edit) => {
        const i = at % word.length;
        const typo =
          edit === 'delete'
            ? word.slice(0, i) + word.slice(i + 1)
            : edit === 'insert'
              ? `${word.slice(0, i)}q${word.slice(i)}`
              : i + 1 < word.length
                ? word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
                : `${word}q`;
        const s = speller.suggest(typo);
        if (speller.isKnown(typo) || typo === word) return;
        expect(s).not.toBeNull();
        expect(s!.distance).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('indexes deletes of the prefix only', () => {
    expect(speller.stats.words).toBe(VOCABULARY.size - 2); // "mp3" and "x" are never suggested
    expect(MAX_EDIT_DISTANCE).toBe(2);
  });
});
