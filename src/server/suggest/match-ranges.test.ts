import { describe, expect, it } from 'vitest';
import { matchRanges } from './match-ranges';

describe('matchRanges', () => {
  it.each([
    // key, offset, length, completeLastWord, ranges
    ['kitchen knife', 0, 3, false, [[0, 3]]],
    [
      'kitchen knife',
      0,
      10,
      false,
      [
        [0, 7],
        [8, 10],
      ],
    ],
    ['kitchen knife', 0, 8, false, [[0, 7]]],
    ['black cat', 6, 3, false, [[6, 9]]],
    ['kitchen knife', 0, 6, true, [[0, 7]]],
    [
      'fleur de lis',
      0,
      8,
      false,
      [
        [0, 5],
        [6, 8],
      ],
    ],
    ['cat', 0, 4, false, [[0, 3]]],
    ['cat', 0, 0, false, []],
  ] as const)(
    '%j from %d for %d (complete: %s)',
    (key, offset, length, completeLastWord, ranges) => {
      expect(matchRanges({ key, offset, length, completeLastWord })).toEqual(ranges);
    },
  );
});
