import { describe, expect, it } from 'vitest';
import { baseLanguageOf, canonicalLanguageTag, isEnglishTag } from './language-tag';

describe('canonicalLanguageTag', () => {
  it.each([
    ['es', 'es'],
    ['es-MX', 'es-MX'],
    ['pt-br', 'pt-BR'],
    ['zh-Hant', 'zh-Hant'],
    ['EN', 'en'],
    ['iw', 'he'], // deprecated code, canonicalized
    ['gsw', 'gsw'],
  ])('accepts %s as %s', (tag, canonical) => {
    expect(canonicalLanguageTag(tag)).toBe(canonical);
  });

  it.each([
    'english', // well-formed (a 5–8 letter subtag) but no language
    'jp', // the country, not Japanese (ja)
    'xx',
    'und',
    'en_US',
    'x-klingon',
    '',
    'es--MX',
  ])('refuses %j', (tag) => {
    expect(canonicalLanguageTag(tag)).toBeNull();
  });

  it('reads the base language and English', () => {
    expect(baseLanguageOf('zh-Hant-TW')).toBe('zh');
    expect(isEnglishTag('en-GB')).toBe(true);
    expect(isEnglishTag('es')).toBe(false);
  });
});
