import { describe, expect, it } from 'vitest';
import { isMiningStopword, isStopword, MINING_STOPWORDS, QUERY_STOPWORDS } from './stopwords';

describe('stopwords', () => {
  it('has 72 query stopwords and 115 mining stopwords', () => {
    expect(QUERY_STOPWORDS.size).toBe(72);
    expect(MINING_STOPWORDS.size).toBe(115);
  });

  it('mines with a superset of the query list', () => {
    expect([...QUERY_STOPWORDS].filter((w) => !MINING_STOPWORDS.has(w))).toEqual([]);
  });

  it.each<[string, boolean, boolean]>([
    ['the', true, true],
    ['with', true, true],
    ['for', true, true],
    // Meaningful in a query ("arrow up", "under the sea", "t-shirt"), useless as a chip.
    ['up', false, true],
    ['under', false, true],
    ['off', false, true],
    ['t', false, true],
    ['s', false, true],
    ['cat', false, false],
    ['The', false, false], // callers pass folded, lowercase words
  ])('%j: query %s, mining %s', (word, query, mining) => {
    expect(isStopword(word)).toBe(query);
    expect(isMiningStopword(word)).toBe(mining);
  });
});
