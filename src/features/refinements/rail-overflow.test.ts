import { describe, expect, it } from 'vitest';
import { railEdges, scrollStep } from './rail-overflow';

describe('railEdges', () => {
  it.each([
    [{ scrollLeft: 0, scrollWidth: 500, clientWidth: 500 }, false, false],
    [{ scrollLeft: 0, scrollWidth: 900, clientWidth: 500 }, false, true],
    [{ scrollLeft: 200, scrollWidth: 900, clientWidth: 500 }, true, true],
    [{ scrollLeft: 399.5, scrollWidth: 900, clientWidth: 500 }, true, false],
    [{ scrollLeft: 0.5, scrollWidth: 900, clientWidth: 500 }, false, true],
  ])('%j → left %s, right %s', (metrics, left, right) => {
    expect(railEdges(metrics)).toEqual({ canScrollLeft: left, canScrollRight: right });
  });

  it('scrolls by 80% of the visible width', () => {
    expect(scrollStep(500)).toBe(400);
    expect(scrollStep(0)).toBe(1);
  });
});

describe('railEdges right to left', () => {
  it('reads the negative scrollLeft of an RTL rail (start at the right end)', () => {
    const rail = { scrollWidth: 1000, clientWidth: 400 };
    expect(railEdges({ ...rail, scrollLeft: 0 }, true)).toEqual({ canScrollLeft: true, canScrollRight: false });
    expect(railEdges({ ...rail, scrollLeft: -300 }, true)).toEqual({ canScrollLeft: true, canScrollRight: true });
    expect(railEdges({ ...rail, scrollLeft: -600 }, true)).toEqual({ canScrollLeft: false, canScrollRight: true });
  });
});
