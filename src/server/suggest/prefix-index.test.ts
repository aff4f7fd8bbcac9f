import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BUCKET_MIN,
  INFIX_FACTOR,
  PrefixIndex,
  TOP_K,
  type CompletionInput,
  type PrefixMatch,
} from './prefix-index';
import { foldForMatch } from './suggest-text';

const STOPWORDS = new Set(['of', 'the']);
const isStopword = (word: string) => STOPWORDS.has(word);
const build = (inputs: CompletionInput[]) => new PrefixIndex(inputs, { isStopword });
const q = (text: string, weight: number): CompletionInput => ({ text, kind: 'query', weight });

const view = (index: PrefixIndex, matches: PrefixMatch[]) =>
  matches.map((m) => [
    index.completions[m.completion]!.text,
    m.offset,
    m.length,
    m.distance,
    m.score,
  ]);

describe('PrefixIndex.exact', () => {
  const index = build([
    q('kitchen', 10),
    q('kitchen knife', 4),
    q('kite', 7),
    q('black cat', 6),
    q('cat', 9),
    q('cats', 3),
    q('cup of tea', 5),
    q('Crème brûlée', 2),
  ]);

  it('ranks completions starting with the prefix by weight', () => {
    expect(view(index, index.exact('kit', 8))).toEqual([
      ['kitchen', 0, 3, 0, 10],
      ['kite', 0, 3, 0, 7],
      ['kitchen knife', 0, 3, 0, 4],
    ]);
  });

  it('also finds later words, at INFIX_FACTOR of the weight, but never after a stopword', () => {
    expect(view(index, index.exact('ca', 8))).toEqual([
      ['cat', 0, 2, 0, 9],
      ['black cat', 6, 2, 0, 6 * INFIX_FACTOR],
      ['cats', 0, 2, 0, 3],
    ]);
    expect(view(index, index.exact('tea', 8))).toEqual([['cup of tea', 7, 3, 0, 5 * INFIX_FACTOR]]);
    expect(index.exact('of', 8)).toEqual([]);
  });

  it('reads a trailing space as a finished word', () => {
    expect(view(index, index.exact('cat ', 8))).toEqual([
      ['cat', 0, 4, 0, 9],
      ['black cat', 6, 4, 0, 6 * INFIX_FACTOR],
    ]);
    expect(view(index, index.exact('kitchen ', 8))).toEqual([
      ['kitchen', 0, 8, 0, 10],
      ['kitchen knife', 0, 8, 0, 4],
    ]);
  });

  it('matches folded text: diacritics and case', () => {
    expect(view(index, index.exact(foldForMatch('creme b'), 8))).toEqual([
      ['Crème brûlée', 0, 7, 0, 2],
    ]);
  });

  it('respects the limit and answers nothing for an unknown prefix', () => {
    expect(index.exact('k', 1).map((m) => m.completion)).toEqual([index.find('kitchen')]);
    expect(index.exact('zebra', 8)).toEqual([]);
  });

  it('keeps one completion per key, the heavier spelling', () => {
    const merged = build([q('cafe', 2), q('café', 5), q('Cafe', 1)]);
    expect(merged.completions).toEqual([{ text: 'café', kind: 'query', weight: 5, key: 'cafe' }]);
  });
});

/** Brute force: every completion's best entry whose key starts with `prefix`. */
function bruteExact(inputs: CompletionInput[], prefix: string, limit: number) {
  const index = build(inputs);
  const rows: [string, number, number][] = [];
  for (const c of index.completions) {
    let best: [string, number, number] | null = null;
    const starts = [0, ...[...c.key.matchAll(/ /gu)].map((m) => m.index + 1)];
    for (const start of starts) {
      const rest = c.key.slice(start);
      const word = rest.split(' ')[0]!;
      if (start > 0 && (!/^[\p{L}\p{N}]/u.test(word) || isStopword(word))) continue;
      const matches =
        rest.startsWith(prefix) || (prefix.endsWith(' ') && rest === prefix.trimEnd());
      if (!matches) continue;
      const score = start === 0 ? c.weight : c.weight * INFIX_FACTOR;
      if (!best || score > best[2]) best = [c.text, start, score];
    }
    if (best) rows.push(best);
  }
  rows.sort((a, b) => b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
  return rows.slice(0, limit);
}

/** Optimal string alignment distance. */
function osa(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Brute force fuzzy: min distance of `typed` to any prefix of any entry starting with typed[0]. */
function bruteFuzzy(inputs: CompletionInput[], typed: string, maxDistance: number, limit: number) {
  const index = build(inputs);
  const exact = new Set(bruteExact(inputs, typed, Infinity).map((r) => r[0]));
  const rows: [string, number, number][] = [];
  for (const c of index.completions) {
    if (exact.has(c.text)) continue;
    let best: [string, number, number] | null = null;
    const starts = [0, ...[...c.key.matchAll(/ /gu)].map((m) => m.index + 1)];
    for (const start of starts) {
      const rest = c.key.slice(start);
      const word = rest.split(' ')[0]!;
      if (start > 0 && (!/^[\p{L}\p{N}]/u.test(word) || isStopword(word))) continue;
      if (rest[0] !== typed[0]) continue;
      let distance = Infinity;
      for (let length = 1; length <= rest.length; length++)
        distance = Math.min(distance, osa(typed, rest.slice(0, length)));
      if (distance > maxDistance) continue;
      const score = start === 0 ? c.weight : c.weight * INFIX_FACTOR;
      if (!best || distance < best[1] || (distance === best[1] && score > best[2]))
        best = [c.text, distance, score];
    }
    if (best) rows.push(best);
  }
  rows.sort((a, b) => a[1] - b[1] || b[2] - a[2] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return rows.slice(0, limit);
}

/** Completions over a tiny alphabet, so prefixes collide a lot and big ranges (buckets) exist. */
const completionsArb = fc.array(
  fc.record({
    text: fc
      .array(fc.oneof(fc.stringMatching(/^[abc]{1,4}$/u), fc.constant('of')), {
        minLength: 1,
        maxLength: 3,
      })
      .map((words) => words.join(' ')),
    kind: fc.constant('query' as const),
    weight: fc.integer({ min: 1, max: 50 }),
  }),
  { minLength: 1, maxLength: 300 },
);
const prefixArb = fc.stringMatching(/^[abc ]{0,5}$/u);

describe('PrefixIndex against brute force', () => {
  it('exact() equals a scan of all completions (with precomputed buckets in play)', () => {
    fc.assert(
      fc.property(
        completionsArb,
        prefixArb,
        fc.integer({ min: 1, max: TOP_K }),
        (inputs, prefix, limit) => {
          const index = build(inputs);
          const got = index
            .exact(prefix, limit)
            .map((m) => [index.completions[m.completion]!.text, m.offset, m.score]);
          expect(got).toEqual(bruteExact(inputs, prefix, limit));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('has buckets for big ranges', () => {
    const inputs = Array.from({ length: BUCKET_MIN * 3 }, (_, i) => q(`a${i.toString(36)}`, i + 1));
    const index = build(inputs);
    expect(index.bucketCount).toBeGreaterThan(0);
    expect(index.exact('a', 3).map((m) => index.completions[m.completion]!.weight)).toEqual([
      96, 95, 94,
    ]);
  });

  it('fuzzy() equals the best typo match over all entries', () => {
    fc.assert(
      fc.property(
        completionsArb,
        fc.stringMatching(/^[abc][abc ]{2,5}$/u),
        fc.integer({ min: 1, max: 2 }),
        fc.integer({ min: 1, max: 12 }),
        (inputs, typed, maxDistance, limit) => {
          const index = build(inputs);
          const exclude = new Set(index.exact(typed, Infinity).map((m) => m.completion));
          const got = index
            .fuzzy(typed, { maxDistance, limit, exclude })
            .map((m) => [index.completions[m.completion]!.text, m.distance, m.score]);
          expect(got).toEqual(bruteFuzzy(inputs, typed, maxDistance, limit));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('PrefixIndex.fuzzy', () => {
  const index = build([
    q('kitchen', 3),
    q('kitchen knife', 2),
    q('kite', 9),
    q('flower', 5),
    q('red flower', 8),
  ]);

  it('finds a misspelt prefix, nearest first, aligned at the shallowest closest point', () => {
    // "kitchn" is one edit from "kitch" (and from "kitche"); "kite" is three edits away.
    expect(view(index, index.fuzzy('kitchn', { maxDistance: 2, limit: 8 }))).toEqual([
      ['kitchen', 0, 5, 1, 3],
      ['kitchen knife', 0, 5, 1, 2],
    ]);
    expect(view(index, index.fuzzy('kitxe', { maxDistance: 2, limit: 8 }))).toEqual([
      ['kite', 0, 4, 1, 9],
      // Two edits from "kit", the shallowest node that close.
      ['kitchen', 0, 3, 2, 3],
      ['kitchen knife', 0, 3, 2, 2],
    ]);
  });

  it('counts a swap of neighbours as one edit, and finds later words', () => {
    expect(view(index, index.fuzzy('flwoer', { maxDistance: 1, limit: 8 }))).toEqual([
      ['flower', 0, 6, 1, 5],
      ['red flower', 4, 6, 1, 8 * INFIX_FACTOR],
    ]);
  });

  it('needs the first letter right, and excludes what it is told to', () => {
    expect(index.fuzzy('litchen', { maxDistance: 2, limit: 8 })).toEqual([]);
    const kitchen = index.find('kitchen')!;
    expect(
      view(index, index.fuzzy('kitchn', { maxDistance: 1, limit: 8, exclude: new Set([kitchen]) })),
    ).toEqual([['kitchen knife', 0, 5, 1, 2]]);
  });
});
