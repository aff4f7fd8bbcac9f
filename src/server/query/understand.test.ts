import { describe, expect, it } from 'vitest';
import { createQueryServices } from './query-context';
import type { Lexicon } from './lexicon';
import { understandQuery, type TermGroup } from './understand';

const VOCABULARY = new Map(
  Object.entries({
    butterfly: 12,
    cat: 40,
    kitten: 3,
    car: 25,
    auto: 2,
    taxi: 2,
    heart: 46,
    color: 5,
    pencil: 4,
    smiling: 27,
    face: 80,
    the: 100,
    red: 30,
    garden: 6,
    ruler: 3,
  }),
);
const ctx = createQueryServices({ vocabulary: VOCABULARY });
const brief = (groups: TermGroup[]) =>
  groups.map((g) => [
    g.typed,
    g.term,
    g.optional,
    g.alternatives.map((a) => `${a.term}:${a.weight}:${a.source}`),
  ]);

describe('understandQuery', () => {
  it('corrects a misspelt word and says so', () => {
    const u = understandQuery('  Buterfly ', ctx);
    expect(u).toMatchObject({
      raw: 'Buterfly',
      normalized: 'butterfly',
      corrections: [{ from: 'buterfly', to: 'butterfly' }],
      expansions: [{ term: 'butterfly', weight: 1, source: 'spelling' }],
    });
    expect(brief(u.groups)).toEqual([['buterfly', 'butterfly', false, ['butterfly:1:query']]]);
  });

  it('forceOriginal searches the words as typed', () => {
    const u = understandQuery('buterfly', ctx, { forceOriginal: true });
    expect(u.normalized).toBe('buterfly');
    expect(u.corrections).toEqual([]);
    expect(brief(u.groups)).toEqual([['buterfly', 'buterfly', false, ['buterfly:1:query']]]);
  });

  it('never corrects a word FTS5 matches, in any inflection', () => {
    for (const q of ['cat', 'cats', 'hearts', 'smile', 'butterflies']) {
      expect(understandQuery(q, ctx).corrections).toEqual([]);
    }
  });

  it('expands a real word the corpus lacks instead of "correcting" it', () => {
    const u = understandQuery('automobile', ctx);
    expect(u.corrections).toEqual([]);
    expect(u.expansions).toEqual([
      { term: 'car', weight: 0.6, source: 'wordnet' },
      { term: 'auto', weight: 0.6, source: 'wordnet' },
      { term: 'taxi', weight: 0.3, source: 'wordnet' },
    ]);
    expect(brief(understandQuery('kitty', ctx).groups)).toEqual([
      ['kitty', 'kitty', false, ['kitty:1:query', 'kitten:0.6:wordnet', 'cat:0.2:wordnet']],
    ]);
  });

  it('adds the other regional spelling at full weight, without calling it a correction', () => {
    const u = understandQuery('Colour pencil', ctx);
    expect(u.normalized).toBe('colour pencil');
    expect(u.corrections).toEqual([]);
    expect(u.expansions).toEqual([{ term: 'color', weight: 1, source: 'spelling' }]);
    expect(brief(u.groups)).toEqual([
      ['colour', 'colour', false, ['colour:1:query', 'color:1:spelling']],
      ['pencil', 'pencil', false, ['pencil:1:query']],
    ]);
  });

  it('makes stopwords optional, unless the query is nothing else', () => {
    expect(brief(understandQuery('ideas for the garden', ctx).groups)).toEqual([
      ['ideas', 'ideas', false, ['ideas:1:query']],
      ['for', 'for', true, ['for:1:query']],
      ['the', 'the', true, ['the:1:query']],
      ['garden', 'garden', false, ['garden:1:query']],
    ]);
    expect(understandQuery('the', ctx).groups[0]!.optional).toBe(false);
  });

  it('leaves numbers and accented words alone', () => {
    const u = understandQuery('buterfly 2024', ctx);
    expect(u.normalized).toBe('butterfly 2024');
    expect(u.corrections).toEqual([{ from: 'buterfly', to: 'butterfly' }]);
    const accented = understandQuery('crème brûlée', ctx);
    expect(accented.normalized).toBe('crème brûlée');
    expect(accented.corrections).toEqual([]); // not "crepe ruler"
  });

  it('normalizes case, width and punctuation', () => {
    expect(understandQuery('ＲＥＤ,,, car!!', ctx).normalized).toBe('red car');
    expect(understandQuery('?!', ctx)).toEqual({
      raw: '?!',
      normalized: '',
      corrections: [],
      expansions: [],
      groups: [],
    });
  });

  it('works without WordNet (spelling only)', () => {
    const plain = createQueryServices({ vocabulary: VOCABULARY, wordnet: null });
    const u = understandQuery('automobile smilling', plain);
    expect(u.expansions).toEqual([{ term: 'smiling', weight: 1, source: 'spelling' }]);
    expect(u.corrections).toEqual([{ from: 'smilling', to: 'smiling' }]);
  });
});

describe('understandQuery over an index holding pins in other languages', () => {
  const lexicon: Lexicon = {
    lookup: (key) =>
      ({
        perro: [{ lang: 'es', target: 'dog', weight: 1, word: 'perro' }],
        花: [
          { lang: 'ja', target: 'flower', weight: 1, word: '花' },
          { lang: 'zh', target: 'flower', weight: 1, word: '花' },
        ],
      })[key] ?? [],
    complete: () => [],
  };
  // A Spanish pin says "perro", a Japanese one 花: the speller knows both, with the English words.
  const vocabulary = new Map([...VOCABULARY, ['dog', 9], ['perro', 1], ['花', 1]]);
  const foreignWords = new Map([
    ['perro', { langs: ['es'], english: false }],
    ['花', { langs: ['ja'], english: false }],
  ]);
  const held = { ...createQueryServices({ vocabulary, wordnet: null, lexicon }), foreignWords };
  const unaware = createQueryServices({ vocabulary, wordnet: null, lexicon });

  it('reads a word the index holds only in Spanish as Spanish, and searches it as typed first', () => {
    const u = understandQuery('perro', held);
    expect(u).toMatchObject({
      normalized: 'dog',
      language: 'es',
      translations: [{ from: 'perro', to: 'dog', lang: 'es' }],
    });
    expect(brief(u.groups)).toEqual([
      ['perro', 'perro', false, ['perro:1:query', 'dog:1:translation']],
    ]);
    // Without the index's languages the speller's "perro" is English: no dog but the pin's own.
    expect(understandQuery('perro', unaware)).toMatchObject({
      normalized: 'perro',
      groups: [{ term: 'perro' }],
    });
    expect(understandQuery('perro', unaware).translations).toBeUndefined();
  });

  it('breaks a tie between languages by the one the index holds the word in', () => {
    const u = understandQuery('花', held);
    expect(u.translations).toEqual([{ from: '花', to: 'flower', lang: 'ja' }]);
    expect(brief(u.groups)).toEqual([['花', '花', false, ['花:1:query', 'flower:1:translation']]]);
  });

  it('keeps a word the index also uses as English as English', () => {
    const both = { ...held, foreignWords: new Map([['perro', { langs: ['es'], english: true }]]) };
    expect(understandQuery('perro', both).translations).toBeUndefined();
  });
});
