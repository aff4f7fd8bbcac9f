/**
 * A locale's catalogue, compiled: a lazy chunk with intl-messageformat (ICU plural rules,
 * number formatting and rich values for the locale) and one chunk per locale's messages.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { ReactNode } from 'react';
import type { Formatter, MessageValues } from './i18n';
import type { Locale } from './locales';

const sources = import.meta.glob<Record<string, string>>('./catalogues/*.json', { import: 'default' });

export async function loadCatalogue(locale: Exclude<Locale, 'en'>): Promise<Record<string, Formatter>> {
  const load = sources[`./catalogues/${locale}.json`];
  if (!load) throw new Error(`No catalogue for locale "${locale}" (src/lib/i18n/catalogues/)`);
  const messages = await load();
  const compiled: Record<string, Formatter> = {};
  for (const [id, text] of Object.entries(messages)) {
    const format = new IntlMessageFormat(text, locale);
    compiled[id] = (values?: MessageValues) => format.format<ReactNode>(values as never) as ReactNode;
  }
  return compiled;
}
