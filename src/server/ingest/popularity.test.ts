import { describe, expect, it } from 'vitest';
import {
  engagement,
  manifestPopularity,
  openclipartPopularity,
  openmojiPopularity,
} from './popularity';

describe('openmojiPopularity', () => {
  it.each([
    [{ emojiVersion: 0.6, tagCount: 12 }, 1],
    [{ emojiVersion: 0.6, tagCount: 0 }, 0.7],
    [{ emojiVersion: 17, tagCount: 12 }, 0.3],
    [{ emojiVersion: 17, tagCount: 6 }, 0.15],
    [{ emojiVersion: null, tagCount: 3 }, 0.075],
    [{ emojiVersion: 8.8, tagCount: 24 }, 0.65],
    [{ emojiVersion: 99, tagCount: 0 }, 0],
  ])('%j → %d', (input, expected) => {
    expect(openmojiPopularity(input)).toBe(expected);
  });
});

describe('openclipartPopularity', () => {
  it.each([
    [{ tagCount: 8, hasDescription: true, hasOwnTitle: true }, 1],
    [{ tagCount: 0, hasDescription: false, hasOwnTitle: false }, 0],
    [{ tagCount: 4, hasDescription: false, hasOwnTitle: true }, 0.5],
    [{ tagCount: 20, hasDescription: false, hasOwnTitle: false }, 0.6],
  ])('%j → %d', (input, expected) => {
    expect(openclipartPopularity(input)).toBe(expected);
  });
});

describe('manifestPopularity', () => {
  it('is log engagement relative to the most engaged pin', () => {
    const max = engagement({ saves: 42, clicks: 310 });
    expect(max).toBeCloseTo(Math.log(395), 12);
    expect(manifestPopularity({ saves: 42, clicks: 310 }, max)).toBe(1);
    expect(manifestPopularity({ saves: 7, clicks: 55 }, max)).toBe(0.7106);
    expect(manifestPopularity({}, max)).toBe(0);
  });

  it('is 0 when no pin has counts', () => {
    expect(manifestPopularity({}, 0)).toBe(0);
  });
});
