import { describe, expect, it } from 'vitest';
import { itemsInViewport, viewportBand, visibleRange } from './visible-range';

const rect = (top: number, height: number) => ({ top, left: 0, width: 236, height });
const positions = [rect(0, 100), rect(50, 100), rect(300, 100), rect(0, 20)];

describe('itemsInViewport', () => {
  it.each([
    { scrollTop: 120, viewportHeight: 100, overscan: 0, expected: [1] },
    { scrollTop: 120, viewportHeight: 100, overscan: 100, expected: [0, 1, 2] },
    { scrollTop: 100, viewportHeight: 200, overscan: 0, expected: [1] }, // item 0 only touches the top edge
    { scrollTop: 0, viewportHeight: 300, overscan: 0, expected: [0, 1, 3] }, // item 2 only touches the bottom edge
    { scrollTop: -500, viewportHeight: 400, overscan: 0, expected: [] }, // grid still below the fold
    { scrollTop: 1000, viewportHeight: 400, overscan: 0, expected: [] },
  ])(
    'scrollTop $scrollTop, viewport $viewportHeight, overscan $overscan → $expected',
    ({ expected, ...params }) => {
      expect(itemsInViewport(positions, params)).toEqual(expected);
    },
  );
});

describe('visibleRange', () => {
  it('returns the first and last visible index', () => {
    expect(visibleRange(positions, { scrollTop: 0, viewportHeight: 300, overscan: 0 })).toEqual({
      start: 0,
      end: 3,
    });
    expect(
      visibleRange(positions, { scrollTop: 5000, viewportHeight: 300, overscan: 0 }),
    ).toBeNull();
  });

  it('viewportBand extends by the overscan on both sides', () => {
    expect(viewportBand({ scrollTop: 200, viewportHeight: 800, overscan: 300 })).toEqual({
      top: -100,
      bottom: 1300,
    });
  });
});
