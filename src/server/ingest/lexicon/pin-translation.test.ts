import { describe, expect, it } from 'vitest';
import { prepareLexicon, readLexiconInputs, type PreparedLexicon } from './build-lexicon';
import { createPinTranslator, pick } from './pin-translation';

const source = (id: number, name: string, url: string) => ({
  id,
  name,
  version: '1',
  licence: 'test',
  url,
  entries: 0,
});

/** Candidate rows as prepareLexicon writes them: [key, lang, target, weight, word, source ids]. */
const prepared = (rows: PreparedLexicon['rows']): PreparedLexicon => ({
  version: 'test',
  sources: [
    source(1, 'CLDR annotations', 'https://cldr.unicode.org/'),
    source(2, 'FreeDict spa-eng', 'https://freedict.org/'),
  ],
  languages: ['de', 'es', 'ja'],
  rows,
});

const ALIGNED = '1';
const DICTIONARY = '2';
const BOTH = '1,2';

const candidate = (target: string, weight: number, kind: 'aligned' | 'dictionary' | 'both') => ({
  target,
  weight,
  sources: kind === 'aligned' ? ALIGNED : kind === 'dictionary' ? DICTIONARY : BOTH,
  dictionary: kind !== 'aligned',
  aligned: kind !== 'dictionary',
});
const targets = (key: string, list: ReturnType<typeof candidate>[]) =>
  pick(key, list).map((c) => c.target);

describe('pick: which English words a pin’s word gets', () => {
  it('prefers what a dictionary and the emoji alignment agree on', () => {
    expect(
      targets('perro', [candidate('puppy', 0.9, 'aligned'), candidate('dog', 0.8, 'both')]),
    ).toEqual(['dog']);
  });

  it('treats spellings FTS5 matches alike as one word (cat and cats agree)', () => {
    expect(
      targets('ねこ', [
        candidate('kitten', 0.8, 'aligned'),
        candidate('cats', 0.5, 'aligned'),
        candidate('cat', 0.5, 'dictionary'),
      ]),
    ).toEqual(['cat']);
  });

  it('else takes the dictionary’s first sense over words that merely share an emoji', () => {
    expect(
      targets('playa', [
        candidate('bikini', 0.67, 'aligned'),
        candidate('beach', 0.5, 'dictionary'),
        candidate('shore', 0.5, 'dictionary'),
      ]),
    ).toEqual(['beach']);
  });

  it('but not for a word in kana alone: a reading, under which a dictionary files many words', () => {
    expect(
      targets('ばら', [
        candidate('rose', 0.72, 'aligned'),
        candidate('accordion', 0.67, 'aligned'),
        candidate('thorn', 0.5, 'dictionary'),
      ]),
    ).toEqual(['rose']);
  });

  it('takes the alignment’s best when strong enough and not tied with more than two', () => {
    expect(
      targets('mascota', [candidate('pet', 0.73, 'aligned'), candidate('hamster', 0.4, 'aligned')]),
    ).toEqual(['pet']);
    expect(
      targets('いぬ', [candidate('dogs', 0.67, 'aligned'), candidate('puppies', 0.67, 'aligned')]),
    ).toEqual(['dogs', 'puppies']);
    expect(
      targets(
        'feliz',
        ['claus', 'holiday', 'merry', 'santa'].map((t) => candidate(t, 0.6, 'aligned')),
      ),
    ).toEqual([]);
    expect(targets('un', [candidate('bouncing', 0.39, 'aligned')])).toEqual([]);
  });

  it('never maps to an English function word', () => {
    expect(
      targets('der', [candidate('the', 0.5, 'dictionary'), candidate('that', 0.5, 'dictionary')]),
    ).toEqual([]);
  });
});

describe('createPinTranslator', () => {
  const translate = createPinTranslator(
    prepared([
      ['perro', 'es', 'dog', 1, 'perro', BOTH],
      ['marron', 'es', 'brown', 1, 'marrón', BOTH],
      ['playa', 'es', 'bikini', 0.67, 'playa', ALIGNED],
      ['playa', 'es', 'beach', 0.5, 'playa', DICTIONARY],
      ['de', 'es', '', 1, 'de', ALIGNED],
      ['de', 'es', 'from', 0.5, 'de', DICTIONARY],
      ['al', 'es', 'playing', 0.54, 'al', ALIGNED],
      ['pez globo', 'es', 'blowfish', 1, 'pez globo', BOTH],
      ['pez', 'es', 'fish', 1, 'pez', BOTH],
      ['strasse', 'de', 'street', 0.5, 'straße', DICTIONARY],
      ['赤い', 'ja', 'red', 0.92, '赤い', BOTH],
      ['花', 'ja', 'flower', 1, '花', BOTH],
      ['の', 'ja', '', 1, 'の', ALIGNED],
      ['ねこ', 'ja', 'cat', 0.5, 'ねこ', DICTIONARY],
      ['ねこ', 'ja', 'kitten', 0.8, 'ネコ', ALIGNED],
    ]),
  );

  it('leaves pins in English alone', () => {
    expect(translate({ title: 'Brown dog', description: '', tags: [] })).toBeNull();
    expect(translate({ title: 'Brown dog', description: '', tags: [], langs: {} })).toBeNull();
  });

  it('maps a Spanish pin’s words to English, with their provenance; phrases whole, stop words and short words left', () => {
    const out = translate({
      title: 'Perro marrón de la playa',
      description: 'Un pez globo al sol',
      tags: ['perro'],
      langs: { title: 'es', description: 'es', tags: 'es' },
    })!;
    // FTS5 already has the Latin words as written: only the English words are added.
    expect(out.text).toBe('dog brown beach blowfish');
    expect(out.translations).toEqual([
      { field: 'title', word: 'perro', lang: 'es', target: 'dog', weight: 1, sources: BOTH },
      { field: 'title', word: 'marrón', lang: 'es', target: 'brown', weight: 1, sources: BOTH },
      {
        field: 'title',
        word: 'playa',
        lang: 'es',
        target: 'beach',
        weight: 0.5,
        sources: DICTIONARY,
      },
      {
        field: 'description',
        word: 'pez globo',
        lang: 'es',
        target: 'blowfish',
        weight: 1,
        sources: BOTH,
      },
      { field: 'tags', word: 'perro', lang: 'es', target: 'dog', weight: 1, sources: BOTH },
    ]);
    // The words it holds in Spanish: the stop word "de" is not one of them.
    expect([...out.foreignWords.get('es')!].sort()).toEqual(
      ['al', 'globo', 'la', 'marron', 'perro', 'pez', 'playa', 'sol', 'un'].sort(),
    );
  });

  it('adds the forms a query reaches a word by: segmented Japanese, ß as ss', () => {
    const ja = translate({
      title: '赤い花',
      description: '',
      tags: ['ネコ'],
      langs: { title: 'ja', tags: 'ja' },
    })!;
    expect(ja.text.split(' ')).toEqual(['赤い', '花', 'ねこ', 'red', 'flower', 'kitten']);
    expect([...ja.foreignWords.get('ja')!]).toEqual(['赤い', '花', 'ネコ', 'ねこ']);
    const de = translate({
      title: 'Straße',
      description: '',
      tags: [],
      langs: { title: 'de-AT' },
    })!;
    expect(de.text).toBe('strasse street');
  });

  it('does not count a word the pin also uses in English as foreign', () => {
    const out = translate({
      title: 'Perro',
      description: 'A perro is a dog',
      tags: [],
      langs: { title: 'es' },
    })!;
    expect(out.foreignWords.size).toBe(0);
  });
});

describe('createPinTranslator on real data (CLDR annotations + emojibase)', () => {
  const locales = new Set(['en', 'es', 'ja']);
  const all = readLexiconInputs({ freedict: false });
  const translate = createPinTranslator(
    prepareLexicon({
      inputs: {
        dictionaries: [],
        keywordSources: all.keywordSources.map((s) => ({
          ...s,
          locales: new Map([...s.locales].filter(([lang]) => locales.has(lang))),
        })),
      },
    }),
  );

  it('finds the English words of Spanish and Japanese pins', () => {
    const es = translate({
      title: 'Perro',
      description: '',
      tags: ['mariposa'],
      langs: { title: 'es', tags: 'es' },
    })!;
    expect(es.translations.map((t) => [t.word, t.target])).toEqual([
      ['perro', 'dog'],
      ['mariposa', 'butterfly'],
    ]);
    const ja = translate({ title: '赤い花', description: '', tags: [], langs: { title: 'ja' } })!;
    expect(ja.translations.map((t) => t.target)).toEqual(['red', 'flower']);
  });
});
