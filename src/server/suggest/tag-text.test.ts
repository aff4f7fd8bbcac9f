import { describe, expect, it } from 'vitest';
import type { Lexicon, LexiconEntry } from '@/server/query/lexicon';
import { sharedWordNet } from '@/server/query/query-context';
import { createTagText } from './tag-text';

/** A lexicon that knows a few tag translations (the real one is built at index time). */
function fakeLexicon(entries: Record<string, LexiconEntry[]>): Lexicon {
  return { lookup: (key) => entries[key] ?? [], complete: () => [] };
}

const lexicon = fakeLexicon({
  gatto: [{ lang: 'it', target: 'cat', weight: 1, word: 'gatto' }],
  // English words a lexicon also lists in other languages stay English ("gift" is German poison).
  gift: [{ lang: 'de', target: 'poison', weight: 0.5, word: 'Gift' }],
});
const tagText = createTagText({ wordnet: sharedWordNet(), lexicon });

describe('tag text', () => {
  it('reads hyphen paths and glued words as words, keeping real hyphenated words', () => {
    expect(tagText.readable('plant-flower')).toBe('plant flower');
    expect(tagText.readable('unitedstates')).toBe('united states');
    expect(tagText.readable('fleur-de-lis')).toBe('fleur-de-lis');
    expect(tagText.readable('t-shirt')).toBe('t-shirt');
    expect(tagText.readable('sunflower workout')).toBe('sunflower workout');
  });

  it('splits a word glued from more than two', () => {
    expect(tagText.gluedParts('plantsvegetablesonion')).toEqual(['plants', 'vegetables onion']);
    expect(tagText.gluedParts('housecats')).toEqual(['house', 'cats']);
    expect(tagText.gluedParts('forgot')).toBeNull();
  });

  it('never splits a word someone wrote in a title', () => {
    expect(tagText.readable('roadsign', (w) => w === 'roadsign')).toBe('roadsign');
    expect(tagText.readable('roadsign')).toBe('road sign');
  });

  it('tells tag translations from English words, by the reader language', () => {
    expect(tagText.isForeign('gatto')).toBe(true);
    expect(tagText.isForeign('gatto', 'en-GB')).toBe(true);
    expect(tagText.isForeign('gatto', 'it')).toBe(false);
    expect(tagText.isForeign('gift')).toBe(false);
    expect(tagText.isForeign('cat')).toBe(false);
  });

  it('without WordNet every word is English and nothing is glued', () => {
    const bare = createTagText({ wordnet: null, lexicon });
    expect(bare.readable('unitedstates')).toBe('unitedstates');
    expect(bare.isForeign('gatto')).toBe(false);
  });
});
