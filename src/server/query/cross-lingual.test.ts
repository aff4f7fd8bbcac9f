import { describe, expect, it } from 'vitest';
import { readAcrossLanguages } from './cross-lingual';
import type { Lexicon, LexiconEntry } from './lexicon';

/** A lexicon over rows shaped like the index's (key, lang, target, weight); '' target = stop word. */
function lexiconOf(rows: [string, string, string, number][]): Lexicon {
  const byKey = new Map<string, LexiconEntry[]>();
  for (const [key, lang, target, weight] of rows) {
    byKey.set(key, [...(byKey.get(key) ?? []), { lang, target, weight, word: key }]);
  }
  return { lookup: (k) => byKey.get(k) ?? [], complete: () => [] };
}

const lexicon = lexiconOf([
  ['perro', 'es', 'dog', 1],
  ['hund', 'de', 'dog', 1],
  ['hund', 'da', 'dog', 1],
  ['chat', 'fr', 'cat', 1],
  ['flor', 'es', 'flower', 0.9],
  ['flor', 'es', 'plant', 0.4],
  ['flor', 'pt', 'flower', 1],
  ['roja', 'es', 'red', 0.32],
  ['roja', 'es', 'diet', 0.29],
  ['de', 'es', '', 1],
  ['de', 'es', 'from', 0.5],
  ['cara', 'es', 'face', 0.8],
]);
const english = new Set(['chat', 'dog', 'red', 'de']);
const read = (words: string[], opts: { hint?: string; detect?: (t: string) => Record<string, number> | null } = {}) =>
  readAcrossLanguages({ words, lexicon, isEnglish: (w) => english.has(w), ...opts });

describe('readAcrossLanguages', () => {
  it('translates a word known in one language only', () => {
    expect(read(['perro'])).toEqual({
      lang: 'es',
      decidedBy: 'lexicon',
      words: [{ translate: { lang: 'es', targets: [{ term: 'dog', weight: 1 }] } }],
    });
  });

  it('keeps an English word on a tie, unless the reader’s language says otherwise', () => {
    expect(read(['chat'])).toMatchObject({ lang: 'en', decidedBy: 'english', words: [{}] });
    expect(read(['chat'], { hint: 'fr-FR' })).toMatchObject({
      lang: 'fr',
      decidedBy: 'hint',
      words: [{ translate: { lang: 'fr', targets: [{ term: 'cat', weight: 1 }] } }],
    });
  });

  it('breaks a tie between foreign languages with the hint, then the detector', () => {
    expect(read(['hund'], { hint: 'de' }).lang).toBe('de');
    expect(read(['hund'], { detect: () => ({ de: 0.9, da: 0.5 }) })).toMatchObject({ lang: 'de', decidedBy: 'detector' });
    expect(read(['hund'], { detect: () => ({ da: 0.9, de: 0.5 }) })).toMatchObject({ lang: 'da', decidedBy: 'detector' });
  });

  it('lets the other words decide, and keeps only translations within half of the best', () => {
    const r = read(['flor', 'roja']);
    expect(r.lang).toBe('es');
    expect(r.words).toEqual([
      { translate: { lang: 'es', targets: [{ term: 'flower', weight: 1 }] } },
      { translate: { lang: 'es', targets: [{ term: 'red', weight: 1 }, { term: 'diet', weight: 0.29 / 0.32 }] } },
    ]);
  });

  it('drops the query language’s stop words even where a dictionary translates them', () => {
    expect(read(['cara', 'de', 'perro']).words).toEqual([
      { translate: { lang: 'es', targets: [{ term: 'face', weight: 1 }] } },
      { drop: true },
      { translate: { lang: 'es', targets: [{ term: 'dog', weight: 1 }] } },
    ]);
  });

  it('reads a query with no foreign word as English and leaves its words alone', () => {
    expect(read(['red', 'dog'])).toEqual({ lang: 'en', decidedBy: 'lexicon', words: [{}, {}] });
    expect(read(['zzz'])).toEqual({ lang: 'en', decidedBy: 'lexicon', words: [{}] });
  });
});
