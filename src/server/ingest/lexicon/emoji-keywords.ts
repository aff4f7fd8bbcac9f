/**
 * Emoji keywords per locale from two real multilingual data sets, the raw material the
 * lexicon aligns (align.ts): words that name the same emoji in two languages name the same thing.
 *
 * - CLDR annotations (npm `cldr-annotations-full`, Unicode License v3): keywords and a
 *   text-to-speech name for every emoji in 100+ locales.
 * - emojibase-data (npm, MIT; its text is CLDR's, re-edited per locale): a label and tags per
 *   emoji in 28 locales.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** emoji → keywords (names first) of one locale and source. */
export type EmojiKeywords = Map<string, string[]>;

export interface KeywordSource {
  name: string;
  version: string;
  licence: string;
  url: string;
  /** Base language → emoji → keywords. */
  locales: Map<string, EmojiKeywords>;
}

/** Emoji are compared without variation selectors: CLDR writes "❤", others "❤️". */
export const emojiKey = (emoji: string): string => emoji.replace(/\ufe0f/gu, '');

const packageDir = (name: string): string => path.dirname(require.resolve(`${name}/package.json`));
const versionOf = (dir: string): string =>
  (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * The language a locale's data is filed under: its base language; Traditional Chinese joins
 * Chinese (a searcher of either script is served by both). Regional variants of a language
 * (es-419, fr-CA, de-CH…) are left out: their base locale covers them.
 */
function languageOf(locale: string): string | null {
  const [base, ...rest] = locale.toLowerCase().split('-');
  if (!base || base === 'und' || base === 'root') return null;
  if (rest.length === 0) return base;
  if (base === 'zh' && rest[0] === 'hant') return 'zh';
  return null;
}

function add(into: Map<string, EmojiKeywords>, lang: string, emoji: string, words: readonly string[]): void {
  let locale = into.get(lang);
  if (!locale) into.set(lang, (locale = new Map()));
  const key = emojiKey(emoji);
  const list = locale.get(key) ?? [];
  for (const w of words) if (w.trim() !== '' && !list.includes(w)) list.push(w);
  locale.set(key, list);
}

interface CldrFile {
  annotations: { annotations?: Record<string, { default?: string[]; tts?: string[] }> };
}

/** Every locale of `cldr-annotations-full`. */
export function readCldrAnnotations(): KeywordSource {
  const dir = packageDir('cldr-annotations-full');
  const locales = new Map<string, EmojiKeywords>();
  for (const locale of fs.readdirSync(path.join(dir, 'annotations')).sort()) {
    const lang = languageOf(locale);
    const file = path.join(dir, 'annotations', locale, 'annotations.json');
    if (!lang || !fs.existsSync(file)) continue;
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as CldrFile;
    for (const [emoji, a] of Object.entries(data.annotations.annotations ?? {})) {
      add(locales, lang, emoji, [...(a.tts ?? []), ...(a.default ?? [])]);
    }
  }
  return {
    name: 'CLDR annotations',
    version: versionOf(dir),
    licence: 'Unicode-3.0',
    url: 'https://cldr.unicode.org/',
    locales,
  };
}

interface EmojibaseEntry {
  emoji: string;
  label?: string;
  tags?: string[];
  skins?: unknown[];
}

/** Every locale of `emojibase-data` (label and tags; skin-tone variants are not read). */
export function readEmojibase(): KeywordSource {
  const dir = packageDir('emojibase-data');
  const locales = new Map<string, EmojiKeywords>();
  for (const locale of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, locale, 'data.json');
    const lang = languageOf(locale);
    if (!lang || !fs.existsSync(file)) continue;
    const data = JSON.parse(fs.readFileSync(file, 'utf8')) as EmojibaseEntry[];
    for (const e of data) add(locales, lang, e.emoji, [...(e.label ? [e.label] : []), ...(e.tags ?? [])]);
  }
  return {
    name: 'emojibase-data',
    version: versionOf(dir),
    licence: 'MIT',
    url: 'https://emojibase.dev/',
    locales,
  };
}
