import { describe, expect, it } from 'vitest';
import { mineCompletions, type Completion } from './mine-completions';

const byText = (completions: Completion[]) =>
  Object.fromEntries(completions.map((c) => [c.text, [c.kind, c.pins]]).sort());

describe('mineCompletions', () => {
  it('mines categories, tags, short titles, words and repeated phrases with pin counts', () => {
    const completions = mineCompletions([
      {
        title: 'Grinning face',
        tags: ['face', 'happy face', 'face-smiling'],
        category: 'Smileys & emotion',
      },
      {
        title: 'Grinning face with big eyes',
        tags: ['face', 'big'],
        category: 'Smileys & emotion',
      },
      { title: 'Cat face', tags: ['cat', 'face smiling'], category: 'Animals' },
    ]);
    expect(byText(completions)).toEqual({
      // Categories keep their punctuation.
      'smileys & emotion': ['category', 2],
      animals: ['category', 1],
      // Tags: "face-smiling" and "face smiling" share a match key; the first spelling stays.
      face: ['tag', 3],
      'happy face': ['tag', 1],
      'face-smiling': ['tag', 2],
      big: ['tag', 1],
      cat: ['tag', 1],
      // Words of multi-word tags and of titles ("face-smiling" is one word: its parts are not).
      happy: ['query', 1],
      smiling: ['query', 1],
      grinning: ['query', 2],
      eyes: ['query', 1],
      // Whole titles of at most six words.
      'grinning face': ['query', 2],
      'grinning face with big eyes': ['query', 1],
      'cat face': ['query', 1],
      // Phrases occurring once ("face with big", "big eyes") are not kept.
    });
  });

  it('leaves out stopwords, numbers, one-letter words, long tags and phrases with numbers', () => {
    const completions = mineCompletions([
      { title: 'A 2 of x', tags: ['the', 'one two three four five', 'flower 01'], category: '' },
      { title: 'A 2 of x', tags: ['7'], category: '' },
    ]);
    // Only the real word of the tag "flower 01" survives.
    expect(byText(completions)).toEqual({ flower: ['query', 1] });
  });

  it('needs a phrase in two pins, and no stopword at its ends', () => {
    const completions = mineCompletions([
      { title: 'Red apple on the big table today', tags: [], category: '' },
      { title: 'Green apple on the big table', tags: [], category: '' },
    ]);
    const texts = completions.map((c) => c.text);
    expect(texts).toContain('big table');
    expect(texts).toContain('apple');
    expect(texts).not.toContain('apple on');
    expect(texts).not.toContain('the big');
    expect(texts).not.toContain('red apple');
    expect(completions.find((c) => c.text === 'big table')).toEqual({
      text: 'big table',
      kind: 'query',
      pins: 2,
    });
  });
});
