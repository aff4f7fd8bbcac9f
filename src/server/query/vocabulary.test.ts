import { describe, expect, it } from 'vitest';
import { memoryIndex } from '@/server/engine/memory-index';
import { loadVocabulary } from '@/server/engine/load-vocabulary';
import { frequencyByMatchKey, vocabularyFromTexts } from './vocabulary';

describe('vocabularyFromTexts', () => {
  it('counts each folded word once per text', () => {
    const vocabulary = vocabularyFromTexts(['Grinning cat, cat face', 'Café CAT', "Valentine's café"]);
    expect(Object.fromEntries(vocabulary)).toEqual({ grinning: 1, cat: 2, face: 1, cafe: 2, valentine: 1 });
  });
});

describe('frequencyByMatchKey', () => {
  it('sums the forms FTS5 matches as one', () => {
    const byKey = frequencyByMatchKey(new Map([['cat', 3], ['cats', 2], ['dog', 1]]));
    expect(Object.fromEntries(byKey)).toEqual({ cat: 5, dog: 1 });
  });
});

describe('loadVocabulary', () => {
  it('reads title, tags, description and category of every pin', () => {
    const db = memoryIndex([
      {
        title: 'Grinning cat',
        description: 'Animal emoji',
        tags: ['cat', 'kitty-cat', 'Crème'],
        category: 'Animals & nature',
      },
      { title: 'Red heart', description: 'Symbol emoji', tags: ['love'], category: 'Symbols' },
    ]);
    const vocabulary = loadVocabulary(db);
    db.close();
    expect(Object.fromEntries([...vocabulary].sort(([a], [b]) => (a < b ? -1 : 1)))).toEqual({
      animal: 1,
      animals: 1,
      cat: 1,
      creme: 1,
      emoji: 2,
      grinning: 1,
      heart: 1,
      kitty: 1,
      love: 1,
      nature: 1,
      red: 1,
      symbol: 1,
      symbols: 1,
    });
  });
});
