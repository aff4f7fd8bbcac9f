import { useQueryClient } from '@tanstack/react-query';
import { useId } from 'react';
import { setLocale, t, useLocale } from '@/lib/i18n/i18n';
import { isLocale, type Locale } from '@/lib/i18n/locales';

/**
 * Autonyms: a reader looks for their own language by its own name, whatever the interface
 * speaks now.
 */
const NAMES: Record<Locale, string> = {
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
  fr: 'Français',
  it: 'Italiano',
  pt: 'Português',
  nl: 'Nederlands',
  pl: 'Polski',
  ja: '日本語',
  zh: '中文',
  ar: 'العربية',
  he: 'עברית',
};

/**
 * The interface's language, remembered on this device. A native select: keyboard, screen
 * readers and phones already know it. Each option names its language in that language (and
 * says so with `lang`, so a screen reader pronounces it right). Results are fetched again:
 * the searcher's language (`hl`) decides how words in several languages are read.
 * A lazy chunk (site-footer.tsx): the first paint does without it.
 */
export default function LanguageMenu() {
  const locale = useLocale();
  const client = useQueryClient();
  const id = useId();
  return (
    <p className="language-menu">
      <label htmlFor={id}>{t('Language')}</label>
      <select
        id={id}
        value={locale}
        onChange={(event) => {
          const next = event.currentTarget.value;
          // Offline, a language not loaded yet cannot come in: the menu stays as it was.
          if (isLocale(next))
            void setLocale(next, true).then(() => client.invalidateQueries(), () => undefined);
        }}
      >
        {Object.entries(NAMES).map(([code, name]) => (
          <option key={code} value={code} lang={code}>
            {name}
          </option>
        ))}
      </select>
    </p>
  );
}
