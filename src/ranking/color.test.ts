import { describe, expect, it } from 'vitest';
import { hexToRgb, parseHexColor } from './color';

describe('hexToRgb', () => {
  it.each<[string, [number, number, number]]>([
    ['#000000', [0, 0, 0]],
    ['#ffffff', [255, 255, 255]],
    ['#010203', [1, 2, 3]],
    ['#fcea2b', [252, 234, 43]],
    ['#FCEA2B', [252, 234, 43]],
    ['#ff8000', [255, 128, 0]],
  ])('%s → %j', (hex, rgb) => {
    expect(hexToRgb(hex)).toEqual(rgb);
    expect(parseHexColor(hex)).toEqual(rgb);
  });

  it.each([
    '',
    '#',
    'fcea2b',
    '#fff',
    '#fcea2',
    '#fcea2b80',
    '#fcea2g',
    '#12zzzz',
    ' #fcea2b',
    '#-12345',
  ])('%j is black, never a partial parse (parseHexColor: null)', (hex) => {
    expect(hexToRgb(hex)).toEqual([0, 0, 0]);
    expect(parseHexColor(hex)).toBeNull();
  });
});
