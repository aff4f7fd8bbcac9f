import { describe, expect, it } from 'vitest';
import { normalizeRanges, splitByRanges, type MatchRange } from './highlight-ranges';

describe('splitByRanges', () => {
  it.each<[string, MatchRange[], { text: string; matched: boolean }[]]>([
    ['cat', [], [{ text: 'cat', matched: false }]],
    ['', [], [{ text: '', matched: false }]],
    ['cat', [[0, 3]], [{ text: 'cat', matched: true }]],
    [
      'cat-face',
      [[0, 3]],
      [
        { text: 'cat', matched: true },
        { text: '-face', matched: false },
      ],
    ],
    [
      'upper case',
      [[6, 8]],
      [
        { text: 'upper ', matched: false },
        { text: 'ca', matched: true },
        { text: 'se', matched: false },
      ],
    ],
    [
      'grinning cat with cat',
      [
        [18, 21],
        [9, 12],
      ],
      [
        { text: 'grinning ', matched: false },
        { text: 'cat', matched: true },
        { text: ' with ', matched: false },
        { text: 'cat', matched: true },
      ],
    ],
  ])('%s %j', (text, ranges, expected) => {
    expect(splitByRanges(text, ranges)).toEqual(expected);
  });

  it('treats markup in the text as text', () => {
    expect(splitByRanges('<b>x</b>', [[0, 3]])).toEqual([
      { text: '<b>', matched: true },
      { text: 'x</b>', matched: false },
    ]);
  });
});

describe('normalizeRanges', () => {
  it('clamps, drops empty and inverted ranges, sorts and merges overlaps and neighbours', () => {
    expect(
      normalizeRanges('abcdefghij', [
        [8, 20],
        [2, 4],
        [3, 5],
        [5, 6],
        [7, 7],
        [9, 1],
      ]),
    ).toEqual([
      [2, 6],
      [8, 10],
    ]);
  });

  it('never cuts a surrogate pair in half', () => {
    const text = 'a😀b'; // 😀 is two UTF-16 code units at 1..3
    expect(normalizeRanges(text, [[2, 4]])).toEqual([[1, 4]]);
    expect(normalizeRanges(text, [[0, 2]])).toEqual([[0, 1]]);
  });
});
