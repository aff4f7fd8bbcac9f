import { describe, expect, it } from 'vitest';
import { completionWords, foldForMatch, normalizeTypedPrefix } from './suggest-text';

describe('completionWords', () => {
  it.each([
    ['Rescue worker’s helmet', ['rescue', "worker's", 'helmet']],
    ['Fleur-de-lis', ['fleur-de-lis']],
    ['Flag: Madagascar', ['flag', 'madagascar']],
    ['  ', []],
    ['ＣＡＴ face_smiling', ['cat', 'face_smiling']],
    ['-lead trail-', ['lead', 'trail']],
  ])('%j', (text, words) => {
    expect(completionWords(text)).toEqual(words);
  });
});

describe('foldForMatch', () => {
  it('folds diacritics and separators without changing the length', () => {
    const text = "crème brûlée fleur-de-lis worker's face_smiling";
    const key = foldForMatch(text);
    expect(key).toBe("creme brulee fleur de lis worker's face smiling");
    expect(key).toHaveLength(text.length);
  });

  it('keeps characters whose fold would change the length', () => {
    expect(foldForMatch('straße')).toBe('straße');
    expect(foldForMatch('😀 x')).toBe('😀 x');
  });
});

describe('normalizeTypedPrefix', () => {
  it.each([
    ['  Kitchen   Kn', 'kitchen kn'],
    ['cat ', 'cat '],
    ['cat   ', 'cat '],
    ['Crème', 'creme'],
    ['fleur-de', 'fleur de'],
    ['\t', ''],
  ])('%j → %j', (typed, prefix) => {
    expect(normalizeTypedPrefix(typed)).toBe(prefix);
  });
});
