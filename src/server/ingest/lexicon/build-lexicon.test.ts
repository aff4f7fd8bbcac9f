import { describe, expect, it } from 'vitest';
import { matchKey } from '@/server/query/normalize';
import { buildLexicon, prepareLexicon, readLexiconInputs } from './build-lexicon';
import { emojiKey } from './emoji-keywords';
import { translationsOf } from './freedict';

// The index vocabulary the lexicon maps into (folded word → pins), as a small corpus would have it.
const VOCABULARY = new Map(
  ['dog', 'cat', 'butterfly', 'flower', 'red', 'face', 'heart', 'rose', 'insect', 'pet', 'pretty', 'kitten'].map((w) => [w, 5]),
);
// Real data, a few locales (aligning all 140 takes a minute on a busy machine).
const LOCALES = new Set(['en', 'es', 'de', 'fr', 'ja', 'ru']);
const all = readLexiconInputs({ freedict: false });
const inputs = {
  dictionaries: [],
  keywordSources: all.keywordSources.map((s) => ({
    ...s,
    locales: new Map([...s.locales].filter(([lang]) => LOCALES.has(lang))),
  })),
};

describe('buildLexicon (CLDR annotations + emojibase, real data)', () => {
  const built = buildLexicon({ vocabulary: VOCABULARY, prepared: prepareLexicon({ inputs }) });
  const targets = (key: string, lang: string) =>
    built.rows
      .filter((r) => r.key === key && r.lang === lang && r.target !== '')
      .sort((a, b) => b.weight - a.weight)
      .map((r) => r.target);

  it('aligns words through the emoji they name, into the vocabulary only', () => {
    expect(targets('perro', 'es')[0]).toBe('dog');
    expect(targets('hund', 'de')[0]).toBe('dog');
    expect(targets('mariposa', 'es')[0]).toBe('butterfly');
    expect(targets('chat', 'fr')[0]).toBe('cat');
    expect(targets('猫', 'ja')[0]).toBe('cat');
    expect(targets('собака', 'ru')[0]).toBe('dog');
    // Into the vocabulary as FTS5 matches it: "dogs" stands for dog.
    const keys = new Set([...VOCABULARY.keys()].map(matchKey));
    for (const r of built.rows) if (r.target !== '') expect(keys.has(matchKey(r.target))).toBe(true);
  });

  it('finds stop words from the data: frequent, and followed by no English word', () => {
    const stop = (key: string, lang: string) => built.rows.some((r) => r.key === key && r.lang === lang && r.target === '');
    expect(stop('de', 'es')).toBe(true);
    expect(stop('mit', 'de')).toBe(true);
    expect(stop('perro', 'es')).toBe(false);
  });

  it('records provenance: every row names its sources, every source its licence', () => {
    expect(built.sources.map((s) => [s.id, s.name, s.licence])).toEqual([
      [1, 'CLDR annotations', 'Unicode-3.0'],
      [2, 'emojibase-data', 'MIT'],
    ]);
    const perro = built.rows.find((r) => r.key === 'perro' && r.lang === 'es' && r.target === 'dog')!;
    expect(perro.sources).toBe('1,2');
    expect(built.languages).toBe(5);
    expect(all.keywordSources[0]!.locales.size).toBeGreaterThanOrEqual(100);
  });

  it('leaves held-out emoji out of the alignment', () => {
    const butterfly = emojiKey('🦋');
    const held = buildLexicon({
      vocabulary: VOCABULARY,
      prepared: prepareLexicon({ inputs, holdOut: (e) => e === butterfly }),
    });
    expect(held.rows.some((r) => r.key === 'mariposa' && r.lang === 'es')).toBe(false);
    expect(held.rows.some((r) => r.key === 'perro' && r.lang === 'es')).toBe(true);
  });
});

describe('translationsOf (FreeDict entries)', () => {
  it('reads the one-word translations, leading ones marked, notes and examples skipped', () => {
    const hund = 'Hund /hˈʊnt/ <masc, n, sg>\n [zool.] dog <n>, dawg <n>\n         Note: used to represent American speech\n      "einen Hund abrichten"  - train a dog\n';
    expect(translationsOf(hund)).toEqual([
      { word: 'dog', leads: true },
      { word: 'dawg', leads: false },
    ]);
    const mine = 'Hund /hˈʊnt/ <masc, n, sg>\nmine car <n>, tub <n>\n   Synonyms: {Förderwagen}\n';
    expect(translationsOf(mine)).toEqual([{ word: 'tub', leads: false }]);
    expect(translationsOf('perro /pˈero/\ndog\n')).toEqual([{ word: 'dog', leads: true }]);
  });
});
