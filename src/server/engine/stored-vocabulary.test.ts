import { describe, expect, it } from 'vitest';
import { loadVocabulary } from '@/server/engine/load-vocabulary';
import { memoryIndex } from './memory-index';
import { readStoredVocabulary, writeStoredVocabulary } from './stored-vocabulary';

const PINS = [
  {
    title: "Cat's café",
    tags: ['kitty', 'cats', 'red apple'],
    description: 'A cat in a café',
    category: 'Animals & nature',
  },
  {
    title: 'Red apple',
    tags: ['fruit', 'apples'],
    description: 'Clip art of an apple',
    category: 'Food & drink',
  },
  {
    title: 'Grinning cat',
    tags: ['cat', 'face', 'grin'],
    description: '',
    category: 'Smileys & emotion',
  },
  { title: 'Empty', tags: [], description: '', category: '' },
  // A Japanese pin: its segmented words and English translations are words of the index too.
  { title: '赤い花', tags: [], description: '', category: '', crosslingual: '赤い 花 red flower' },
];

describe('stored vocabulary', () => {
  it('holds exactly what loadVocabulary computes, in the same order', () => {
    const db = memoryIndex(PINS);
    expect(readStoredVocabulary(db)).toBeNull();
    const computed = loadVocabulary(db);
    expect(writeStoredVocabulary(db)).toBe(computed.size);
    const stored = readStoredVocabulary(db)!;
    expect([...stored]).toEqual([...computed]);
    expect(stored.get('cat')).toBe(2);
    expect(stored.get('apple')).toBe(2);
    expect(stored.get('red')).toBe(3);
    expect(stored.get('花')).toBe(1);
    expect(stored.get('flower')).toBe(1);
    db.close();
  });
});
