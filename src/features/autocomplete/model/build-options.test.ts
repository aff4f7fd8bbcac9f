import { describe, expect, it } from 'vitest';
import type { Suggestion } from '@/contract/api';
import { buildOptions, MAX_POPULAR_SHOWN, MAX_RECENT_SHOWN, suggestText } from './build-options';

const s = (text: string, matches: [number, number][] = []): Suggestion => ({
  text,
  kind: 'tag',
  score: 1,
  matches,
});
const recent = (...texts: string[]) => texts.map((text) => ({ text }));

describe('buildOptions with an empty box', () => {
  it('lists recent searches, then popular ones that are not already recent', () => {
    const options = buildOptions({
      text: '',
      recent: recent('cat', 'Red car'),
      suggestions: { q: '', suggestions: [s('flag'), s('red car'), s('face')] },
    });
    expect(options.map((o) => [o.section, o.kind, o.text])).toEqual([
      ['recent', 'recent', 'cat'],
      ['recent', 'recent', 'Red car'],
      ['popular', 'tag', 'flag'],
      ['popular', 'tag', 'face'],
    ]);
  });

  it(`shows at most ${MAX_RECENT_SHOWN} recent and ${MAX_POPULAR_SHOWN} popular searches`, () => {
    const many = Array.from({ length: 10 }, (_, i) => `q${i}`);
    const options = buildOptions({
      text: '',
      recent: recent(...many),
      suggestions: { q: '', suggestions: many.map((t) => s(`p${t}`)) },
    });
    expect(options.filter((o) => o.section === 'recent')).toHaveLength(MAX_RECENT_SHOWN);
    expect(options.filter((o) => o.section === 'popular')).toHaveLength(MAX_POPULAR_SHOWN);
  });

  it('does not show an older prefix’s completions as popular searches', () => {
    const options = buildOptions({
      text: '',
      recent: recent('cat'),
      suggestions: { q: 'ca', suggestions: [s('car')] },
    });
    expect(options.map((o) => o.text)).toEqual(['cat']);
  });
});

describe('buildOptions while typing', () => {
  it('lists the completions with their match ranges, without duplicates', () => {
    const options = buildOptions({
      text: 'cat',
      recent: recent('cat'),
      suggestions: {
        q: 'cat',
        suggestions: [s('cat', [[0, 3]]), s('Cat'), s('cat-face', [[0, 3]])],
      },
    });
    expect(options).toEqual([
      { text: 'cat', kind: 'tag', matches: [[0, 3]], section: 'completions' },
      { text: 'cat-face', kind: 'tag', matches: [[0, 3]], section: 'completions' },
    ]);
  });

  it('keeps the previous prefix’s completions while the new ones load, but not popular ones', () => {
    const previous = { q: 'ca', suggestions: [s('car')] };
    expect(
      buildOptions({ text: 'cat', recent: [], suggestions: previous }).map((o) => o.text),
    ).toEqual(['car']);
    expect(
      buildOptions({ text: 'c', recent: [], suggestions: { q: '', suggestions: [s('flag')] } }),
    ).toEqual([]);
    expect(buildOptions({ text: 'c', recent: [], suggestions: undefined })).toEqual([]);
  });
});

describe('suggestText', () => {
  it.each([
    ['', ''],
    ['   ', ''],
    ['  Cat', 'cat'],
    ['red   CAR', 'red car'],
    ['cat ', 'cat '],
    ['cat \t ', 'cat '],
  ])('%j → %j', (draft, expected) => {
    expect(suggestText(draft, 200)).toBe(expected);
  });

  it('caps the length', () => {
    expect(suggestText('abcdef', 3)).toBe('abc');
  });
});
