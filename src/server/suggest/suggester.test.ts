import { describe, expect, it } from 'vitest';
import { isMiningStopword } from '@/server/query/stopwords';
import { PrefixIndex } from './prefix-index';
import { QueryLog } from './query-log';
import {
  maxTypoDistance,
  MIN_QUERY_COUNT_TO_SUGGEST,
  QUERY_COUNT_WEIGHT,
  Suggester,
} from './suggester';
import { mineCompletions } from './mine-completions';

const vocabulary = new PrefixIndex(
  [
    { text: 'kitchen', kind: 'tag', weight: 12 },
    { text: 'kitchen knife', kind: 'query', weight: 3 },
    { text: 'kite', kind: 'tag', weight: 8 },
    { text: 'flower', kind: 'tag', weight: 20 },
    { text: 'red flower', kind: 'query', weight: 6 },
    { text: 'food & drink', kind: 'category', weight: 40 },
    { text: 'cat', kind: 'tag', weight: 9 },
    { text: 'cat face', kind: 'query', weight: 4 },
    { text: 'black cat', kind: 'query', weight: 5 },
  ],
  { isStopword: isMiningStopword },
);

const show = (s: Suggester, q: string, limit = 8) =>
  s.suggest({ q, limit }).map(({ text, kind, score, matches }) => [text, kind, score, matches]);

describe('Suggester', () => {
  const suggester = new Suggester({ vocabulary });

  it('completes a prefix by popularity, with the matched characters', () => {
    expect(show(suggester, 'Ca')).toEqual([
      ['cat', 'tag', 9, [[0, 2]]],
      ['cat face', 'query', 4, [[0, 2]]],
      ['black cat', 'query', 2.5, [[6, 8]]],
    ]);
    // One exact completion is too few: "kitchen" is two edits (" k") away.
    expect(show(suggester, 'kitchen k')).toEqual([
      [
        'kitchen knife',
        'query',
        3,
        [
          [0, 7],
          [8, 9],
        ],
      ],
      ['kitchen', 'tag', 12, [[0, 7]]],
    ]);
  });

  it('tolerates typos when the exact prefix finds too little, ranking exact matches first', () => {
    expect(show(suggester, 'kitchn')).toEqual([
      ['kitchen', 'tag', 12, [[0, 7]]],
      ['kitchen knife', 'query', 3, [[0, 7]]],
    ]);
    expect(show(suggester, 'flwoer')).toEqual([
      ['flower', 'tag', 20, [[0, 6]]],
      ['red flower', 'query', 3, [[4, 10]]],
    ]);
    // "kit" has exact completions, then "kite"'s neighbours within one edit.
    expect(show(suggester, 'kit', 2)).toEqual([
      ['kitchen', 'tag', 12, [[0, 3]]],
      ['kite', 'tag', 8, [[0, 3]]],
    ]);
    expect(show(suggester, 'kit', 4)).toEqual([
      ['kitchen', 'tag', 12, [[0, 3]]],
      ['kite', 'tag', 8, [[0, 3]]],
      ['kitchen knife', 'query', 3, [[0, 3]]],
    ]);
  });

  it('does not guess typos in very short prefixes', () => {
    expect(show(suggester, 'kx')).toEqual([]);
    expect([0, 1, 2, 3, 4, 5, 9].map(maxTypoDistance)).toEqual([0, 0, 0, 1, 1, 2, 2]);
  });

  it('gives the most popular completions for an empty box, without matches', () => {
    expect(show(suggester, '  ', 3)).toEqual([
      ['food & drink', 'category', 40, []],
      ['flower', 'tag', 20, []],
      ['kitchen', 'tag', 12, []],
    ]);
  });

  it('clamps the limit', () => {
    expect(suggester.suggest({ q: '', limit: 0 })).toEqual([]);
    expect(suggester.suggest({ q: '', limit: 1000 })).toHaveLength(9);
  });
});

describe('Suggester with the query log', () => {
  it('blends search counts into the ranking', () => {
    const log = new QueryLog({ file: null });
    const suggester = new Suggester({ vocabulary, queryLog: log, refreshMs: 0 });
    expect(show(suggester, 'ca').map((s) => s[0])).toEqual(['cat', 'cat face', 'black cat']);
    log.record('cat face', { results: 4 });
    // cat face: 4 pins + 1 search × QUERY_COUNT_WEIGHT.
    expect(show(suggester, 'ca')).toEqual([
      ['cat face', 'query', 4 + QUERY_COUNT_WEIGHT, [[0, 2]]],
      ['cat', 'tag', 9, [[0, 2]]],
      ['black cat', 'query', 2.5, [[6, 8]]],
    ]);
  });

  it(`suggests a query outside the corpus vocabulary only after ${MIN_QUERY_COUNT_TO_SUGGEST} searches`, () => {
    const log = new QueryLog({ file: null });
    const suggester = new Suggester({ vocabulary, queryLog: log, refreshMs: 0 });
    for (let i = 1; i < MIN_QUERY_COUNT_TO_SUGGEST; i++) log.record('Cat Toys', { results: 2 });
    // Only typo matches of the corpus so far.
    const typoMatches = [
      [
        'cat face',
        'query',
        4,
        [
          [0, 3],
          [4, 8],
        ],
      ],
      ['cat', 'tag', 9, [[0, 3]]],
      ['black cat', 'query', 2.5, [[6, 9]]],
    ];
    expect(show(suggester, 'cat t')).toEqual(typoMatches);
    log.record('cat toys', { results: 2 });
    expect(show(suggester, 'cat t')).toEqual([
      [
        'cat toys',
        'query',
        MIN_QUERY_COUNT_TO_SUGGEST * QUERY_COUNT_WEIGHT,
        [
          [0, 3],
          [4, 5],
        ],
      ],
      ...typoMatches,
    ]);
    // Popular searches lead the empty box.
    expect(show(suggester, '', 1)).toEqual([['food & drink', 'category', 40, []]]);
    for (let i = 0; i < 2; i++) log.record('cat toys', { results: 2 });
    expect(show(suggester, '', 1)).toEqual([['cat toys', 'query', 50, []]]);
  });

  it('follows the log at most every refreshMs', () => {
    let now = 0;
    const log = new QueryLog({ file: null });
    const suggester = new Suggester({ vocabulary, queryLog: log, refreshMs: 1000, now: () => now });
    log.record('kite', { results: 1 });
    expect(show(suggester, 'kite')[0]).toEqual(['kite', 'tag', 8, [[0, 4]]]);
    now += 1000;
    expect(show(suggester, 'kite')[0]).toEqual(['kite', 'tag', 8 + QUERY_COUNT_WEIGHT, [[0, 4]]]);
  });
});

describe('Suggester on mined vocabulary', () => {
  it('suggests phrases, tags and categories of the corpus', () => {
    const pins = [
      { title: 'Kitchen knife', tags: ['kitchen', 'knife', 'cooking'], category: 'Objects' },
      { title: 'Kitchen sink', tags: ['kitchen', 'sink'], category: 'Objects' },
      { title: 'Sunflower', tags: ['flower', 'plant'], category: 'Animals & nature' },
      { title: 'Red flower', tags: ['flower', 'rose'], category: 'Animals & nature' },
    ];
    const index = new PrefixIndex(
      mineCompletions(pins).map((c) => ({ text: c.text, kind: c.kind, weight: c.pins })),
      { isStopword: isMiningStopword },
    );
    const suggester = new Suggester({ vocabulary: index });
    expect(show(suggester, 'kitchn')).toEqual([
      ['kitchen', 'tag', 2, [[0, 7]]],
      ['kitchen knife', 'query', 1, [[0, 7]]],
      ['kitchen sink', 'query', 1, [[0, 7]]],
    ]);
    expect(show(suggester, 'flwoer')).toEqual([
      ['flower', 'tag', 2, [[0, 6]]],
      ['red flower', 'query', 0.5, [[4, 10]]],
    ]);
    expect(show(suggester, 'anim')).toEqual([['animals & nature', 'category', 2, [[0, 4]]]]);
  });
});
