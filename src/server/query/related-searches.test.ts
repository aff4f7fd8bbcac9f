import { describe, expect, it } from 'vitest';
import { relatedSearches, type RelatedSearchInput } from './related-searches';

const DF: Record<string, number> = { cat: 20, face: 300, grinning: 40, emoji: 2000, animal: 150, mammal: 60, tabby: 2, dog: 30 };

const input = (over: Partial<RelatedSearchInput> = {}): RelatedSearchInput => ({
  terms: ['cat'],
  candidates: [
    { title: 'Grinning cat', tags: ['cat', 'face', 'emoji', 'animal'] },
    { title: 'Cat face', tags: ['cat', 'face', 'emoji', 'mammal'] },
    { title: 'Grinning cat with smiling eyes', tags: ['emoji', 'face', 'tabby'] },
    { title: 'Cat', tags: ['cat', 'emoji', 'animal', 'mammal'] },
  ],
  documentFrequency: (t) => DF[t] ?? 1,
  corpusSize: 2500,
  siblings: (t) => (t === 'cat' ? ['dog', 'lion', 'Cats', 'ox'] : []),
  ...over,
});

describe('relatedSearches', () => {
  it('interleaves narrower queries (co-occurring words by count × IDF) with sideways ones (siblings)', () => {
    // face: 3 pins, emoji: 4 but in nearly every pin (low IDF), grinning/animal/mammal: 2 each; tabby, smiling, eyes: 1.
    expect(relatedSearches(input())).toEqual(['cat grinning', 'dog', 'cat mammal', 'lion', 'cat face', 'cat animal']);
  });

  it('never suggests the query itself or a form of it, words under three letters, or one-pin words', () => {
    const out = relatedSearches(input({ max: 20 }));
    expect(out).not.toContain('cat');
    expect(out).not.toContain('cats'); // sibling that is a form of the query
    expect(out).not.toContain('ox');
    expect(out).not.toContain('cat tabby'); // only one result has it
    expect(new Set(out).size).toBe(out.length);
  });

  it('swaps the last content word for a sibling and keeps the rest', () => {
    const out = relatedSearches(input({ terms: ['grinning', 'cat'], candidates: [] }));
    expect(out).toEqual(['grinning dog', 'grinning lion']);
  });

  it('returns nothing for an empty or all-stopword query, or max 0', () => {
    expect(relatedSearches(input({ terms: [] }))).toEqual([]);
    expect(relatedSearches(input({ terms: ['the', 'of'] }))).toEqual([]);
    expect(relatedSearches(input({ max: 0 }))).toEqual([]);
  });

  it('caps the list', () => {
    expect(relatedSearches(input({ max: 2 }))).toEqual(['cat grinning', 'dog']);
  });
});
