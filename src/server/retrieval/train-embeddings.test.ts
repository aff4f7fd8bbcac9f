import { describe, expect, it } from 'vitest';
import { trainEmbeddings } from './train-embeddings';
import type { PinText } from './tokens';

const pin = (title: string, tags: string[], category: string): PinText => ({ title, tags, category, description: '' });

/** Two topics that share no words: animals and vehicles, several pins each. */
const corpus: PinText[] = [
  pin('Cat', ['animal', 'pet', 'kitten'], 'Animals'),
  pin('Kitten', ['animal', 'pet', 'cat'], 'Animals'),
  pin('Dog', ['animal', 'pet', 'puppy'], 'Animals'),
  pin('Puppy', ['animal', 'pet', 'dog'], 'Animals'),
  pin('Car', ['vehicle', 'road', 'wheel'], 'Travel'),
  pin('Truck', ['vehicle', 'road', 'wheel', 'car'], 'Travel'),
  pin('Bus', ['vehicle', 'road', 'truck'], 'Travel'),
  pin('Bicycle', ['vehicle', 'wheel', 'road'], 'Travel'),
  pin('Zebra', [], 'Unseen'), // no word in two pins: no vector
];

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i]!, 0);

describe('trainEmbeddings', () => {
  const e = trainEmbeddings(corpus, { dim: 4 });
  const vec = (w: string) => {
    const i = e.words.indexOf(w);
    expect(i).toBeGreaterThanOrEqual(0);
    return e.wordVectors.subarray(i * e.dim, (i + 1) * e.dim);
  };
  const pinVec = (i: number) => e.pinVectors.subarray(i * e.dim, (i + 1) * e.dim);

  it('learns vectors for words seen in at least two pins, unit length', () => {
    expect(e.words).toContain('cat');
    expect(e.words).not.toContain('zebra');
    expect(e.words).not.toContain('bicycl');
    for (let i = 0; i < e.words.length; i++) expect(Math.hypot(...e.wordVectors.subarray(i * 4, i * 4 + 4))).toBeCloseTo(1, 5);
  });

  it('puts words of one topic closer together than words of the other', () => {
    expect(dot(vec('cat'), vec('dog'))).toBeGreaterThan(dot(vec('cat'), vec('truck')) + 0.5);
    expect(dot(vec('road'), vec('wheel'))).toBeGreaterThan(dot(vec('road'), vec('pet')) + 0.5);
  });

  it('gives each pin the unit mean of its words, and no vector to a pin without known words', () => {
    expect(e.pinHasVector).toEqual([true, true, true, true, true, true, true, true, false]);
    expect(Math.hypot(...pinVec(0))).toBeCloseTo(1, 5);
    expect(Array.from(pinVec(8))).toEqual([0, 0, 0, 0]);
    expect(dot(pinVec(0), pinVec(3))).toBeGreaterThan(dot(pinVec(0), pinVec(5)) + 0.5); // cat ~ puppy, not truck
  });

  it('is reproducible', () => {
    expect(Array.from(trainEmbeddings(corpus, { dim: 4 }).pinVectors)).toEqual(Array.from(e.pinVectors));
  });

  it('pads to the requested dimension when the vocabulary is smaller', () => {
    const tiny = trainEmbeddings([pin('Sun', ['sky'], 'Sky'), pin('Sky', ['sun'], 'Sky')], { dim: 8 });
    expect(tiny.dim).toBe(8);
    expect(tiny.pinVectors).toHaveLength(16);
  });
});
