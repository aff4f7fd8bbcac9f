/**
 * A locale's catalogue, compiled: a lazy chunk with intl-messageformat (ICU plural rules,
 * number formatting and rich values for the locale) and one chunk per locale's messages, plus
 * one per locale and lazy part (catalogues/panels/: the personalization panels' messages).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { ReactNode } from 'react';
import type { CataloguePart, Formatter, MessageValues } from './i18n';
import type { Locale } from './locales';

const sources = import.meta.glob<Record<string, string>>(
  ['./catalogues/*.json', './catalogues/panels/*.json'],
  { import: 'default' },
);

/** The core catalogue of a locale (every first-paint message), or one of its lazy parts. */
export async function loadCatalogue(
  locale: Exclude<Locale, 'en'>,
  part?: CataloguePart,
): Promise<Record<string, Formatter>> {
  const file = part ? `./catalogues/${part}/${locale}.json` : `./catalogues/${locale}.json`;
  const load = sources[file];
  if (!load) throw new Error(`No catalogue ${file} (src/lib/i18n/)`);
  const messages = await load();
  const compiled: Record<string, Formatter> = {};
  for (const [id, text] of Object.entries(messages)) {
    const format = new IntlMessageFormat(text, locale);
    compiled[id] = (values?: MessageValues) =>
      format.format<ReactNode>(values as never) as ReactNode;
  }
  return compiled;
}
