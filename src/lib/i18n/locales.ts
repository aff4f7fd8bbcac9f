/**
 * The interface's languages. English is the source language: its messages are the ids of the
 * catalogues (gettext-style), so the first paint carries no catalogue at all; every other
 * locale is a lazy chunk (catalogues/<code>.json). Their names are in the language menu.
 */
export const LOCALES = ['en', 'de', 'es', 'fr', 'it', 'pt', 'nl', 'pl', 'ja', 'zh', 'ar', 'he'] as const;

export type Locale = (typeof LOCALES)[number];

const RTL = new Set<string>(['ar', 'he']);

export const isLocale = (code: unknown): code is Locale =>
  LOCALES.includes(code as Locale);

export const directionOf = (locale: string): 'rtl' | 'ltr' => (RTL.has(locale) ? 'rtl' : 'ltr');

/**
 * The first of the reader's languages the interface speaks, by base language ("de-AT" → de,
 * "zh-TW" → zh), after a choice made in the language menu; English when none matches.
 */
export function pickLocale(stored: string | null, preferred: readonly string[]): Locale {
  if (isLocale(stored)) return stored;
  for (const tag of preferred) {
    const base = tag.split('-')[0]!.toLowerCase();
    if (isLocale(base)) return base;
  }
  return 'en';
}
