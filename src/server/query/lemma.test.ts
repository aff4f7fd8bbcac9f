import { describe, expect, it } from 'vitest';
import { baseForms } from './lemma';

describe('baseForms', () => {
  it.each<[string, string]>([
    ['kitties', 'kitty'],
    ['boxes', 'box'],
    ['dishes', 'dish'],
    ['leaves', 'leaf'],
    ['knives', 'knife'],
    ['women', 'woman'],
    ['children', 'child'],
    ['mice', 'mouse'],
    ['running', 'run'],
    ['smiling', 'smile'],
    ['bigger', 'big'],
    ['cats', 'cat'],
    ['happiest', 'happy'],
    ['funnier', 'funny'],
  ])('%s can be %s', (word, base) => {
    expect(baseForms(word)).toContain(base);
  });

  it('tries the word itself first, then rules in order', () => {
    expect(baseForms('kitties')).toEqual(['kitties', 'kitty', 'kittie']);
    expect(baseForms('cat')).toEqual(['cat']);
  });

  it('never returns a one-letter base', () => {
    expect(baseForms('is')).toEqual(['is']);
  });
});
