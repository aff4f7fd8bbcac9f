import { describe, expect, it } from 'vitest';
import {
  addRecent,
  MAX_RECENT_SEARCHES,
  removeRecent,
  sanitizeRecent,
  type RecentSearch,
} from './recent-searches';

const r = (text: string, at: number): RecentSearch => ({ text, at });

describe('addRecent', () => {
  it('puts the newest first and normalizes whitespace', () => {
    expect(addRecent([r('dog', 1)], '  red   car ', 2)).toEqual([r('red car', 2), r('dog', 1)]);
  });

  it('moves a repeated query to the front, keeping the latest spelling', () => {
    expect(addRecent([r('dog', 2), r('Cat', 1)], 'cat', 3)).toEqual([r('cat', 3), r('dog', 2)]);
  });

  it(`keeps at most ${MAX_RECENT_SEARCHES}`, () => {
    let list: RecentSearch[] = [];
    for (let i = 0; i < 12; i++) list = addRecent(list, `q${i}`, i);
    expect(list.map((x) => x.text)).toEqual([
      'q11',
      'q10',
      'q9',
      'q8',
      'q7',
      'q6',
      'q5',
      'q4',
      'q3',
      'q2',
    ]);
  });

  it('ignores blank text', () => {
    expect(addRecent([r('dog', 1)], '   ', 2)).toEqual([r('dog', 1)]);
  });
});

describe('removeRecent', () => {
  it('removes case-insensitively and leaves the rest in order', () => {
    expect(removeRecent([r('a', 3), r('Dog', 2), r('b', 1)], 'dog')).toEqual([
      r('a', 3),
      r('b', 1),
    ]);
  });
});

describe('sanitizeRecent', () => {
  it('drops what is not a recent search, dedupes (newest wins) and bounds', () => {
    expect(
      sanitizeRecent([r('cat', 5), { text: 3 }, null, 'x', r('CAT', 4), { text: 'dog', at: 'x' }]),
    ).toEqual([r('cat', 5), r('dog', 0)]);
    expect(sanitizeRecent({ items: [] })).toEqual([]);
    expect(sanitizeRecent(Array.from({ length: 30 }, (_, i) => r(`q${i}`, 30 - i)))).toHaveLength(
      MAX_RECENT_SEARCHES,
    );
  });
});
