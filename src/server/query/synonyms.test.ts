import { describe, expect, it } from 'vitest';
import { matchKey } from './normalize';
import { createSynonymExpander, MAX_EXPANSIONS_PER_TERM } from './synonyms';
import { frequencyByMatchKey } from './vocabulary';
import { openWordNet } from './wordnet';

/** A small corpus: expansions may only ever name these words (or their FTS5 forms). */
const VOCABULARY = new Map(
  Object.entries({
    cat: 40, kitten: 3, car: 25, auto: 2, ambulance: 1, taxi: 2, machine: 4, heart: 46, warmness: 1,
    feeling: 2, dog: 10, puppy: 3, poodle: 1, animal: 80, pool: 5, the: 100, red: 30, ruby: 2, author: 3,
    gray: 3, silver: 2, pump: 2, love: 45, emotion: 3, lion: 2, tiger: 3, leopard: 2, feline: 1, river: 2,
    color: 5, s: 9,
  }),
);

describe('createSynonymExpander', () => {
  const byKey = frequencyByMatchKey(VOCABULARY);
  const expander = createSynonymExpander({
    wordnet: openWordNet(),
    corpusFrequency: (term) => byKey.get(matchKey(term)) ?? 0,
  });
  const expand = (term: string) => expander.expand(term).map((e) => [e.term, e.weight, e.relation]);

  it('kitty → kitten (synonym) and cat (two levels up, across "domestic cat"), never "pool" (the betting sense)', () => {
    expect(expand('kitty')).toEqual([
      ['kitten', 0.6, 'synonym'],
      ['cat', 0.2, 'hypernym'],
    ]);
    expect(expand('kitties')).toEqual(expand('kitty')); // plural resolved to the lemma
  });

  it('automobile → car and auto (synonyms), taxi and ambulance (hyponyms); not "machine" (not its main sense)', () => {
    expect(expand('automobile')).toEqual([
      ['car', 0.6, 'synonym'],
      ['auto', 0.6, 'synonym'],
      ['taxi', 0.3, 'hyponym'],
      ['ambulance', 0.3, 'hyponym'],
    ]);
  });

  it('affection → warmness and feeling', () => {
    expect(expand('affection')).toEqual([
      ['warmness', 0.6, 'synonym'],
      ['feeling', 0.3, 'hypernym'],
    ]);
  });

  it('a corpus word gets narrower terms but no two-level bridge (dog ↛ animal)', () => {
    expect(expand('dog')).toEqual([
      ['puppy', 0.3, 'hyponym'],
      ['poodle', 0.3, 'hyponym'],
    ]);
  });

  it('skips proper-name senses of a lowercase word (grey ↛ author, red ↛ river)', () => {
    expect(expand('grey')).toEqual([
      ['gray', 0.6, 'synonym'],
      ['silver', 0.3, 'hyponym'],
      ['color', 0.2, 'hypernym'],
    ]);
    expect(expand('red')).toEqual([['color', 0.2, 'hypernym']]);
  });

  it('adds nothing the corpus lacks, nothing for stopwords, numbers or non-words', () => {
    expect(expand('heart')).toEqual([]); // its synonyms "nerve", "ticker"… are not in this corpus
    expect(expand('the')).toEqual([]);
    expect(expand('2024')).toEqual([]);
    expect(expand('buterfly')).toEqual([]);
  });

  it('caps the expansions of a term', () => {
    const wide = new Map(
      ['car', 'auto', 'ambulance', 'taxi', 'jeep', 'limousine', 'minivan', 'convertible', 'coupe', 'hatchback'].map((w) => [w, 1]),
    );
    const keys = frequencyByMatchKey(wide);
    const capped = createSynonymExpander({ wordnet: openWordNet(), corpusFrequency: (t) => keys.get(matchKey(t)) ?? 0 });
    expect(capped.expand('automobile')).toHaveLength(MAX_EXPANSIONS_PER_TERM);
  });

  it('resolves inflected words to a WordNet entry, nouns first', () => {
    expect(expander.resolve('kitties')?.lemma).toBe('kitty');
    expect(expander.resolve('running')).toMatchObject({ lemma: 'running', pos: 'noun' });
    expect(expander.resolve('happiest')).toMatchObject({ lemma: 'happy', pos: 'adj' });
    expect(expander.resolve('buterfly')).toBeNull();
  });

  it('finds corpus siblings (co-hyponyms) of the main sense', () => {
    expect(expander.siblings('lion', 4)).toEqual(['tiger', 'leopard']);
    expect(expander.siblings('grey', 4)).toEqual([]); // untagged senses: no main sense to trust
  });
});
