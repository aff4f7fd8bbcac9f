import { describe, expect, it } from 'vitest';
import { columnMeans, topContributions } from './explain-contributions';

describe('columnMeans', () => {
  it('averages each feature over the page', () => {
    const features = Float32Array.from([1, 10, 3, 20, 5, 30]);
    expect(Array.from(columnMeans(features, 3, 2))).toEqual([3, 20]);
  });
});

describe('topContributions', () => {
  it('keeps the largest by magnitude, signed, and skips zeros', () => {
    expect(topContributions([0.1, -0.5, 0, 0.3, 0.05], ['a', 'b', 'c', 'd', 'e'], 3)).toEqual([
      { feature: 'b', value: -0.5 },
      { feature: 'd', value: 0.3 },
      { feature: 'a', value: 0.1 },
    ]);
  });
});
