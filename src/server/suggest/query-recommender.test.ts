import { describe, expect, it } from 'vitest';
import type { Lexicon } from '@/server/query/lexicon';
import { matchKey, matchTerms } from '@/server/query/normalize';
import { sharedWordNet } from '@/server/query/query-context';
import { QueryLog } from './query-log';
import { MAX_NARROWER, QueryRecommender, type RecommenderPin } from './query-recommender';
import { createTagText } from './tag-text';

const pin = (id: string, title: string, tags: string[]): RecommenderPin => ({
  id,
  title,
  description: 'Clip art',
  tags: [...tags, 'icons'],
  category: 'Art',
});

const pins = [
  pin('c1', 'Grinning cat', ['cat', 'face', 'cat-face', 'gatto', 'housecats']),
  pin('c2', 'Sleeping cat, gatto', ['cat', 'kitten', 'sleep', 'gatto']),
  pin('c3', 'Cat with yarn', ['cats', 'kitten', 'yarn', 'pet']),
  pin('c4', 'Lion', ['lion', 'cat', 'mammal', 'big cats']),
  pin('c5', 'Tiger', ['tiger', 'cat', 'mammal', 'big cats', 'unitedstates']),
  pin('d1', 'Dog', ['dog', 'pet', 'mammal', 'puppy']),
  pin('d2', 'Puppy', ['dog', 'puppy', 'pet']),
  pin('d3', 'Wolf', ['wolf', 'mammal', 'dog']),
  pin('f1', 'Flower', ['flower', 'plant-flower', 'bloom', 'rose']),
  pin('f2', 'Flowers', ['flowers', 'plant-flower', 'rose', 'pink']),
  pin('f3', 'Rose', ['rose', 'flowers', 'red']),
  pin('u1', 'United States', ['flag', 'united states']),
];
/** The index's lexicon knows "gatto" as Italian for cat. */
const lexicon: Lexicon = {
  lookup: (key) => (key === 'gatto' ? [{ lang: 'it', target: 'cat', weight: 1, word: 'gatto' }] : []),
  complete: () => [],
};
const tagText = createTagText({ wordnet: sharedWordNet(), lexicon });
const recommender = (queryLog: QueryLog | null = null) =>
  new QueryRecommender({ pins, tagText, queryLog, maxShare: 0.5, refreshMs: 0 });

/** What the engine's all-words tier finds: pins with every word's stem in their text. */
const finds = (text: string): string[] =>
  pins
    .filter((p) => {
      const stems = new Set(matchTerms(`${p.title} ${p.tags.join(' ')} ${p.description} ${p.category}`).map(matchKey));
      return matchTerms(text).every((w) => stems.has(matchKey(w)));
    })
    .map((p) => p.id);
const stemKey = (text: string) => matchTerms(text).map(matchKey).sort().join(' ');
const seedsOf = (query: string) => finds(query);

describe('QueryRecommender', () => {
  const cats = recommender().recommend({ query: 'cat', seedIds: seedsOf('cat') });
  const texts = cats.map((r) => r.text);

  it('recommends other queries, each finding pins, with a cover among them', () => {
    expect(cats.length).toBeGreaterThan(2);
    for (const r of cats) {
      const found = finds(r.text);
      expect(found.length, r.text).toBe(r.pins);
      expect(found).toContain(r.coverId);
    }
  });

  it('never repeats the query or a stem of another recommendation', () => {
    const keys = cats.map((r) => stemKey(r.text));
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).not.toContain(stemKey('cat'));
  });

  it('leaves out tag artefacts: hyphen paths, glued words, translations, hubs', () => {
    for (const t of texts) {
      expect(t).not.toMatch(/-/u);
      expect(t).not.toMatch(/housecats|unitedstates|gatto|icons/u);
    }
    expect(texts).toContain('kitten');
  });

  it('walks sideways to queries the results do not carry', () => {
    // "dog" and "puppy" pins share "pet" and "mammal" with cats; none is a cat.
    const wide = recommender().recommend({ query: 'cat', seedIds: seedsOf('cat'), max: 12 });
    expect(wide.map((r) => r.text).filter((t) => ['dog', 'puppy', 'wolf'].includes(t)).length).toBeGreaterThan(0);
  });

  it('adds words to the query at most MAX_NARROWER times', () => {
    const narrower = texts.filter((t) => matchTerms(t).map(matchKey).includes('cat'));
    expect(narrower.length).toBeLessThanOrEqual(MAX_NARROWER);
  });

  it('merges plurals into one query in its most common spelling', () => {
    const roses = recommender().recommend({ query: 'rose', seedIds: seedsOf('rose') }).map((r) => r.text);
    expect(roses.filter((t) => stemKey(t) === 'flower')).toEqual(['flowers']);
  });

  it('keeps tag translations for a reader of their language', () => {
    const italian = recommender()
      .recommend({ query: 'kitten', seedIds: seedsOf('kitten'), hl: 'it', max: 12 })
      .map((r) => r.text);
    expect(italian).toContain('gatto');
    const english = recommender()
      .recommend({ query: 'kitten', seedIds: seedsOf('kitten'), max: 12 })
      .map((r) => r.text);
    expect(english).not.toContain('gatto');
  });

  it('counts the query log: searched queries become nodes and rank higher', () => {
    const log = new QueryLog({ file: null });
    const before = recommender(log).recommend({ query: 'cat', seedIds: seedsOf('cat'), max: 12 });
    expect(before.map((r) => r.text)).not.toContain('sleeping kitten');
    for (let i = 0; i < 20; i++) log.record('sleeping kitten', { results: 1 });
    const after = recommender(log).recommend({ query: 'cat', seedIds: seedsOf('cat'), max: 12 });
    expect(after[0]?.text).toBe('sleeping kitten');
    expect(finds('sleeping kitten')).toEqual(['c2']);
  });

  it('recommends nothing without result pins or query words', () => {
    expect(recommender().recommend({ query: 'cat', seedIds: [] })).toEqual([]);
    expect(recommender().recommend({ query: 'the', seedIds: seedsOf('cat') })).toEqual([]);
    expect(recommender().recommend({ query: 'cat', seedIds: ['nope'] })).toEqual([]);
  });
});
