import { describe, expect, it } from 'vitest';
import { COLOR_NAMES } from '@/contract/refine-value';
import {
  COLOR_SWATCHES,
  colorBit,
  hexToOklab,
  nearestColorName,
  paletteColorMask,
  paletteColorNames,
  pinMatchesColor,
} from './named-colors';

describe('nearestColorName', () => {
  // The OpenMoji palette's most common colours, and pure primaries.
  it.each([
    ['#fcea2b', 'yellow'],
    ['#d22f27', 'red'],
    ['#ea5a47', 'red'],
    ['#92d3f5', 'blue'],
    ['#61b2e4', 'blue'],
    ['#1e50a0', 'blue'],
    ['#a57939', 'brown'],
    ['#6a462f', 'brown'],
    ['#f4aa41', 'orange'],
    ['#e27022', 'orange'],
    ['#b1cc33', 'green'],
    ['#5c9e31', 'green'],
    ['#186648', 'green'],
    ['#8967aa', 'purple'],
    ['#b399c8', 'purple'],
    ['#ffa7c0', 'pink'],
    ['#e67a94', 'pink'],
    ['#d0cfce', 'gray'],
    ['#9b9b9a', 'gray'],
    ['#3f3f3f', 'gray'],
    ['#222222', 'black'],
    ['#010101', 'black'],
    ['#fefefe', 'white'],
    ['#FF0000', 'red'],
    ['#0000ff', 'blue'],
    ['#00ff00', 'green'],
    ['#d2b48c', 'brown'],
  ])('%s is %s', (hex, name) => {
    expect(nearestColorName(hex)).toBe(name);
  });

  it('gives every swatch its own name', () => {
    expect(COLOR_NAMES.map((name) => nearestColorName(COLOR_SWATCHES[name]))).toEqual([
      ...COLOR_NAMES,
    ]);
  });

  it.each(['', 'red', '#fff', '#12345g', '#1234567'])('rejects %j', (value) => {
    expect(nearestColorName(value)).toBeNull();
    expect(hexToOklab(value)).toBeNull();
  });

  it('converts to OKLab (white is L=1, a=b=0)', () => {
    const [l, a, b] = hexToOklab('#ffffff')!;
    expect(l).toBeCloseTo(1, 4);
    expect(a).toBeCloseTo(0, 4);
    expect(b).toBeCloseTo(0, 4);
  });
});

describe('palette helpers', () => {
  const palette = ['#fcea2b', '#010101', '#ea5a47', '#d22f27', 'junk'];

  it('lists distinct names in palette order', () => {
    expect(paletteColorNames(palette)).toEqual(['yellow', 'black', 'red']);
  });

  it('matches a colour when any palette entry has that name', () => {
    expect(pinMatchesColor(palette, 'red')).toBe(true);
    expect(pinMatchesColor(palette, 'blue')).toBe(false);
    expect(pinMatchesColor([], 'red')).toBe(false);
  });

  it('packs names into a bit mask', () => {
    expect(paletteColorMask(palette)).toBe(
      colorBit('yellow') | colorBit('black') | colorBit('red'),
    );
    expect(colorBit('red')).toBe(1);
    expect(colorBit('gray')).toBe(1 << 10);
  });
});
