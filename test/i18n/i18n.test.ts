/**
 * The interface's messages: English filled in without a catalogue, the locale choice, and every
 * catalogue checked against the t('…') ids in src/ (complete, compiling, same placeholders).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IntlMessageFormat } from 'intl-messageformat';
import { createElement, isValidElement } from 'react';
import { describe, expect, it } from 'vitest';
import { t } from '@/lib/i18n/i18n';
import { directionOf, LOCALES, pickLocale } from '@/lib/i18n/locales';
import {
  isPanelFile,
  messageIds,
  messageIdsByPart,
  sourceFiles,
} from '../../scripts/lib/message-ids';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));
const catalogue = (locale: string, part?: 'panels'): Record<string, string> =>
  JSON.parse(
    readFileSync(
      path.join(SRC, 'lib/i18n/catalogues', ...(part ? [part] : []), `${locale}.json`),
      'utf8',
    ),
  ) as Record<string, string>;

/** The placeholders a message fills in ({query}, {count, plural, …}), sorted. */
const argumentsOf = (message: string): string[] =>
  [...message.matchAll(/\{(\w+)[,}]/g)].map((m) => m[1]!).sort();

describe('English (the ids themselves, no catalogue)', () => {
  it('fills in values and plural forms with grouped numbers', () => {
    expect(t('No results for “{query}”', { query: 'perro' })).toBe('No results for “perro”');
    const ideas = '{count, plural, one {# idea} other {# ideas}}';
    expect(t(ideas, { count: 1 })).toBe('1 idea');
    expect(t(ideas, { count: 0 })).toBe('0 ideas');
    expect(t(ideas, { count: 12345 })).toBe('12,345 ideas');
  });

  it('returns an element, not "[object Object]", when a value is one', () => {
    const out = t('Showing results for {query}', { query: createElement('strong', null, 'dog') });
    expect(isValidElement(out)).toBe(true);
  });
});

describe('locale choice', () => {
  it('takes the menu’s choice, else the first browser language it has, by base language', () => {
    expect(pickLocale('he', ['de-DE'])).toBe('he');
    expect(pickLocale(null, ['sv-SE', 'de-AT', 'fr'])).toBe('de');
    expect(pickLocale('xx', ['zh-TW'])).toBe('zh');
    expect(pickLocale(null, ['sv-SE'])).toBe('en');
  });

  it('writes Arabic and Hebrew right to left', () => {
    expect(LOCALES.filter((l) => directionOf(l) === 'rtl')).toEqual(['ar', 'he']);
  });
});

describe('catalogues', () => {
  const parts = messageIdsByPart(SRC);
  const ids = [...parts.core].sort();
  const panelIds = [...parts.panels].sort();

  it('has at least 10 locales besides English', () => {
    expect(LOCALES.length).toBeGreaterThanOrEqual(11);
  });

  for (const locale of LOCALES.filter((l) => l !== 'en')) {
    it(`${locale}: translates every message of the interface, and no other`, () => {
      expect(Object.keys(catalogue(locale)).sort()).toEqual(ids);
      // The personalization panels' own messages: a part loaded with their lazy chunks.
      expect(Object.keys(catalogue(locale, 'panels')).sort()).toEqual(panelIds);
    });

    it(`${locale}: every message compiles, keeps its placeholders and formats`, () => {
      for (const [id, text] of [
        ...Object.entries(catalogue(locale)),
        ...Object.entries(catalogue(locale, 'panels')),
      ]) {
        expect(argumentsOf(text), `${locale}: ${id}`).toEqual(argumentsOf(id));
        expect(text, `${locale} is not English: ${id}`).not.toBe('');
        const values = Object.fromEntries(argumentsOf(id).map((a) => [a, a === 'count' ? 3 : a]));
        expect(() => new IntlMessageFormat(text, locale).format(values)).not.toThrow();
      }
    });
  }

  it('has the debug and compare panels’ messages in the panels part, not on the first paint’s path', () => {
    for (const id of ['Reranker debug', 'Compare orders', 'Server order', 'Your activity', 'Close'])
      expect(messageIds(SRC).has(id), id).toBe(true);
    expect(panelIds).toEqual(
      expect.arrayContaining(['Reranker debug', 'Compare orders', 'Server order', 'Close']),
    );
    expect(ids).not.toContain('Reranker debug');
    // Also used by the dock's button (eager): in the core.
    expect(ids).toContain('Your activity');
  });

  it('loads every panel module that has messages through withMessages("panels", import(…))', () => {
    const withMessages = /withMessages\(\s*'panels',\s*import\(\s*'([^']+)'\s*\)\s*\)/g;
    const anyImport = /import\(\s*'([^']+)'\s*\)/g;
    const hasMessages = (file: string) => /\bt\(\s*'/.test(readFileSync(file, 'utf8'));
    const resolve = (from: string, spec: string) => {
      const base = path.resolve(path.dirname(from), spec);
      return ['.tsx', '.ts'].map((ext) => base + ext).find((f) => existsSync(f)) ?? base;
    };
    const loaded: string[] = [];
    for (const file of sourceFiles(SRC)) {
      const text = readFileSync(file, 'utf8');
      const wrapped = new Set([...text.matchAll(withMessages)].map((m) => m[1]));
      for (const [, spec] of text.matchAll(anyImport)) {
        if (!spec!.startsWith('.')) continue;
        const target = resolve(file, spec!);
        if (!isPanelFile(SRC, target) || !hasMessages(target)) continue;
        expect(wrapped.has(spec), `${path.relative(SRC, file)} imports ${spec}`).toBe(true);
        loaded.push(path.relative(SRC, target));
      }
    }
    expect(loaded.sort()).toEqual([
      'features/personalization/activity/activity-panel.tsx',
      'features/personalization/explain/card-explain.tsx',
      'features/personalization/explain/compare-view.tsx',
      'features/personalization/explain/debug-panel.tsx',
    ]);
  });

  it('counts with the locale’s own plural forms and digits grouping', () => {
    const ideas = '{count, plural, one {# idea} other {# ideas}}';
    const format = (locale: string, count: number) =>
      new IntlMessageFormat(catalogue(locale)[ideas]!, locale).format({ count });
    expect(format('de', 1234)).toBe('1.234 Ideen');
    expect(format('pl', 3)).toBe('3 pomysły');
    expect(format('pl', 5)).toBe('5 pomysłów');
    expect(format('ar', 2)).toBe('فكرتان');
    expect(format('he', 2)).toBe('שני רעיונות');
    const items = '{count, plural, one {# item} other {# items}}';
    const panel = (locale: string, count: number) =>
      new IntlMessageFormat(catalogue(locale, 'panels')[items]!, locale).format({ count });
    expect(panel('pl', 22)).toBe('22 elementy');
    expect(panel('pl', 25)).toBe('25 elementów');
    expect(panel('ar', 11)).toBe('11 عنصرًا');
    expect(panel('de', 1)).toBe('1 Eintrag');
  });
});
