/**
 * Messages of the interface, on the first paint's path: `t('Showing results for {query}', …)`.
 * A message's id is its English text in ICU MessageFormat, so English needs no catalogue:
 * the few forms English messages use ({name} and {n, plural, one {…} other {…}}) are filled in
 * here. Other locales load a catalogue compiled with intl-messageformat (load-catalogue.ts, a
 * lazy chunk) before they render; a message missing from it falls back to English.
 */
import { createElement, Fragment, useSyncExternalStore, type ReactNode } from 'react';
import { directionOf, isLocale, pickLocale, type Locale } from './locales';

export type MessageValues = Record<string, ReactNode>;
/** A compiled message of a loaded catalogue. */
export type Formatter = (values?: MessageValues) => ReactNode;

const STORAGE_KEY = 'inspo:locale';
const ENGLISH_PART = /\{(\w+)(?:, plural, one \{([^{}]*)\} other \{([^{}]*)\})?\}/g;

let current: Locale = 'en';
/** The language menu's choice on this device: null when none, undefined until read. */
let chosen: Locale | null | undefined;
let catalogue: Record<string, Formatter> = {};
const listeners = new Set<() => void>();

export const currentLocale = (): Locale => current;

/** Intl's grouping for English integers (2,465), which a results page's count uses. */
const EN_GROUPS = /\B(?=(\d{3})+(?!\d))/g;

/**
 * A number as the interface's language writes it. English integers are grouped here: the first
 * Intl.NumberFormat of a page costs ~50-80 ms at a phone's CPU (its locale data is set up), and
 * the result count is drawn with the first results (bench/web-vitals.ts); the output is the same.
 */
export const formatNumber = (n: number): string =>
  current === 'en' && Number.isSafeInteger(n)
    ? String(n).replace(EN_GROUPS, ',')
    : new Intl.NumberFormat(current).format(n);

function english(message: string, values: MessageValues = {}): ReactNode[] {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of message.matchAll(ENGLISH_PART)) {
    const value = values[m[1]!];
    parts.push(
      message.slice(last, m.index),
      m[2] === undefined
        ? value
        : (value === 1 ? m[2] : m[3]!).replace('#', formatNumber(value as number)),
    );
    last = m.index + m[0].length;
  }
  parts.push(message.slice(last));
  return parts;
}

/** A message in the interface's language: a string, or a fragment when a value is an element. */
export function t(message: string, values?: Record<string, string | number>): string;
export function t(message: string, values: MessageValues): ReactNode;
export function t(message: string, values?: MessageValues): ReactNode {
  const out = catalogue[message]?.(values) ?? english(message, values);
  const parts = Array.isArray(out) ? (out as ReactNode[]) : [out];
  return parts.every((p) => typeof p !== 'object' || p === null)
    ? parts.join('')
    : createElement(Fragment, null, ...parts);
}

/**
 * Messages of lazy chunks only (the personalization panels: activity, debug, compare), in a
 * catalogue part of their own, so a locale's first paint does not wait for them.
 */
export type CataloguePart = 'panels';
const parts = new Set<CataloguePart>();

async function catalogueOf(locale: Locale): Promise<Record<string, Formatter>> {
  if (locale === 'en') return {};
  const { loadCatalogue } = await import('./load-catalogue');
  const loaded = await Promise.all([
    loadCatalogue(locale),
    ...[...parts].map((p) => loadCatalogue(locale, p)),
  ]);
  return Object.assign({}, ...loaded) as Record<string, Formatter>;
}

/**
 * A lazy chunk that uses a catalogue part, resolved once the part is in for the current locale
 * (and kept in on later switches): `lazy(() => withMessages('panels', import('./panel')))`.
 * Should the part fail to load, the chunk still resolves and shows English.
 */
export async function withMessages<T>(part: CataloguePart, chunk: Promise<T>): Promise<T> {
  let load = partLoads.get(part);
  if (!load) {
    parts.add(part);
    load = loadPart(part);
    partLoads.set(part, load);
  }
  await load;
  return chunk;
}
const partLoads = new Map<CataloguePart, Promise<void>>();

async function loadPart(part: CataloguePart): Promise<void> {
  const locale = current;
  if (locale === 'en') return;
  try {
    const more = await (await import('./load-catalogue')).loadCatalogue(locale, part);
    if (current === locale) catalogue = { ...catalogue, ...more };
  } catch {
    // English until the next switch of language (which loads the part again).
  }
}

/** Switches the interface (and <html lang dir>) to `locale` once its catalogue is in. */
export async function setLocale(locale: Locale, remember = false): Promise<void> {
  catalogue = await catalogueOf(locale);
  current = locale;
  document.documentElement.lang = locale;
  document.documentElement.dir = directionOf(locale);
  if (remember) {
    chosen = locale;
    try {
      localStorage.setItem(STORAGE_KEY, locale);
    } catch {
      // No storage (private mode, disabled): the choice lasts for this visit.
    }
  }
  for (const listener of listeners) listener();
}

function storedChoice(): Locale | null {
  if (chosen === undefined) {
    try {
      const stored = localStorage.getItem(STORAGE_KEY);
      chosen = isLocale(stored) ? stored : null;
    } catch {
      chosen = null; // storage unavailable: follow the browser
    }
  }
  return chosen;
}

/** The locale this device chose in the menu, else the first of the browser's languages we have. */
export const initialLocale = (): Locale => pickLocale(storedChoice(), navigator.languages);

/**
 * The searcher's language, sent as `hl`: the menu's choice, else the browser's own tag
 * ("de-AT"; also a language the interface lacks, e.g. "sv-SE": queries are read in many more).
 * The server builds a results page's first answer from Accept-Language, which is that tag.
 */
export const searchLanguage = (): string | null =>
  storedChoice() ?? globalThis.navigator?.language ?? null;

const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Re-renders on a language switch. */
export const useLocale = (): Locale =>
  useSyncExternalStore(subscribe, currentLocale, currentLocale);
