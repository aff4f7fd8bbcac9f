/**
 * Language tags of pin text (docs/manifest.md `lang`): BCP 47, checked and canonicalized.
 *
 * Being well-formed is not enough: "english" is a well-formed tag (a 5–8 letter language
 * subtag), and "jp" (the country code, not Japanese) is one too. A tag is accepted when
 * `Intl.getCanonicalLocales` parses it and ICU knows its language by name (CLDR's language
 * display names, which cover every ISO 639 language with any written use); "und" is refused.
 */
const LANGUAGE_NAMES = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** Base language of a BCP 47 tag ("pt-BR" → "pt", "zh-Hant" → "zh"). */
export const baseLanguageOf = (tag: string): string => tag.toLowerCase().split(/[-_]/u)[0] ?? tag;

/** The canonical form of a language tag ("iw" → "he", "EN" → "en"), or null when it is not one. */
export function canonicalLanguageTag(tag: string): string | null {
  let canonical: string | undefined;
  try {
    [canonical] = Intl.getCanonicalLocales(tag.trim());
  } catch {
    return null;
  }
  if (!canonical) return null;
  const base = baseLanguageOf(canonical);
  if (base === 'und' || LANGUAGE_NAMES.of(base) === undefined) return null;
  return canonical;
}

/** Why a tag was refused, for a manifest line's error. */
export const LANGUAGE_TAG_HINT = 'not a BCP 47 language tag (e.g. "es", "pt-BR", "zh-Hant", "ja")';

/** Whether a tag means English: its fields need no translation. */
export const isEnglishTag = (tag: string): boolean => baseLanguageOf(tag) === 'en';
