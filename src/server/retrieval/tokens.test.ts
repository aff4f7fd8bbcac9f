import { describe, expect, it } from 'vitest';
import { embeddingTokens, pinTokens } from './tokens';

describe('embeddingTokens', () => {
  it('folds, stems like FTS5 porter, drops stopwords, numbers, one-letter words and repeats', () => {
    expect(embeddingTokens("The Cats' 13 cat's Café — a x running RUNS 4k")).toEqual(['cat', 'cafe', 'run', '4k']);
  });
});

describe('pinTokens', () => {
  it('weights each token by the strongest field it appears in', () => {
    const tokens = pinTokens({
      title: 'Red apple',
      tags: ['fruit', 'apples'],
      category: 'Food & drink',
      description: 'Clip art of an apple by Jane',
    });
    expect(Object.fromEntries(tokens)).toEqual({
      red: 1,
      appl: 1,
      fruit: 1,
      food: 1,
      drink: 1,
      clip: 0.5,
      art: 0.5,
      jane: 0.5,
    });
  });
});
