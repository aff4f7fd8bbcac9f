import { describe, expect, it } from 'vitest';
import { memoryIndex } from '@/server/engine/memory-index';
import { buildVocabularyIndex, mineVocabularyIndex } from './build-vocabulary-index';
import { readStoredCompletions, writeStoredCompletions } from './stored-completions';
import { Suggester } from './suggester';

/** Enough pins that several prefixes get precomputed top lists (BUCKET_MIN = 32 entries). */
const PINS = Array.from({ length: 120 }, (_, i) => ({
  title: `${['Cat', 'Car', 'Cake', 'Castle'][i % 4]} ${['face', 'art', 'sticker'][i % 3]} ${i % 7 === 0 ? 'café' : ''}`,
  tags: [`tag${String.fromCharCode(97 + (i % 26))}`, i % 2 ? 'cute' : 'vintage cat'],
  category: i % 5 === 0 ? 'Animals & nature' : 'Objects',
}));

describe('stored completions', () => {
  it('reopens the mined index as it was: same completions, entries, lists and suggestions', () => {
    const db = memoryIndex(PINS);
    expect(readStoredCompletions(db)).toBeNull();
    const mined = mineVocabularyIndex(db).index;
    expect(mined.bucketCount).toBeGreaterThan(0);
    writeStoredCompletions(db, mined);
    const { index, report } = buildVocabularyIndex(db);
    db.close();
    expect(index.completions).toEqual(mined.completions);
    expect(report).toMatchObject({
      pins: 120,
      completions: mined.completions.length,
      entries: mined.size,
      buckets: mined.bucketCount,
    });
    const a = new Suggester({ vocabulary: mined });
    const b = new Suggester({ vocabulary: index });
    for (const q of [
      '',
      'c',
      'ca',
      'cat',
      'cat ',
      'cas',
      'cafe',
      'caek',
      'vint',
      'stic',
      'o',
      'xyz',
    ]) {
      expect(b.suggest({ q, limit: 10 })).toEqual(a.suggest({ q, limit: 10 }));
    }
  });
});
