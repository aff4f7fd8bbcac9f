import { describe, expect, it } from 'vitest';
import { hexToRgb } from '@/ranking/color';
import {
  colorDistance,
  computePalette,
  rgbToHex,
  sampleNearest,
  visibleShare,
  type Rgb,
} from './palette';

type Px = [number, number, number] | [number, number, number, number];

/** Interleaved pixels from [colour, count] runs. */
function pixels(runs: [Px, number][], channels: 3 | 4): Uint8Array {
  const out: number[] = [];
  for (const [px, count] of runs) {
    for (let i = 0; i < count; i++)
      out.push(...(channels === 4 ? [px[0], px[1], px[2], px[3] ?? 255] : px.slice(0, 3)));
  }
  return Uint8Array.from(out);
}

describe('rgbToHex / hexToRgb', () => {
  it.each<[Rgb, string]>([
    [{ r: 0, g: 0, b: 0 }, '#000000'],
    [{ r: 255, g: 255, b: 255 }, '#ffffff'],
    [{ r: 1, g: 2, b: 3 }, '#010203'],
    [{ r: 252, g: 234, b: 43 }, '#fcea2b'],
  ])('%j ↔ %s', (rgb, hex) => {
    expect(rgbToHex(rgb)).toBe(hex);
    expect(hexToRgb(hex)).toEqual([rgb.r, rgb.g, rgb.b]);
  });
});

describe('colorDistance', () => {
  it('is Euclidean in RGB', () => {
    expect(colorDistance({ r: 0, g: 0, b: 0 }, { r: 3, g: 4, b: 0 })).toBe(5);
    expect(colorDistance({ r: 10, g: 10, b: 10 }, { r: 10, g: 10, b: 10 })).toBe(0);
  });
});

describe('computePalette', () => {
  it('orders distinct colours by pixel count', () => {
    const px = pixels(
      [
        [[255, 255, 255], 60],
        [[255, 0, 0], 30],
        [[0, 0, 255], 10],
      ],
      3,
    );
    expect(computePalette({ pixels: px, channels: 3 })).toEqual({
      dominant: '#ffffff',
      palette: ['#ffffff', '#ff0000', '#0000ff'],
    });
  });

  it('reports the mean of the pixels in a bin, not the bin centre', () => {
    const px = pixels(
      [
        [[250, 250, 250], 50],
        [[254, 254, 254], 50],
      ],
      3,
    );
    expect(computePalette({ pixels: px, channels: 3 })).toEqual({
      dominant: '#fcfcfc',
      palette: ['#fcfcfc'],
    });
  });

  it('drops colours under the minimum share (anti-aliasing noise)', () => {
    const px = pixels(
      [
        [[0, 128, 0], 99],
        [[255, 0, 255], 1],
      ],
      3,
    );
    expect(computePalette({ pixels: px, channels: 3 }).palette).toEqual(['#008000']);
  });

  it('passes over a colour too close to one already picked', () => {
    // (200,0,0) and (230,0,0) fall in different bins but are only 30 apart.
    const px = pixels(
      [
        [[200, 0, 0], 50],
        [[230, 0, 0], 30],
        [[0, 0, 0], 20],
      ],
      3,
    );
    expect(computePalette({ pixels: px, channels: 3 }).palette).toEqual(['#c80000', '#000000']);
  });

  it('returns at most maxColors colours', () => {
    const colours: Px[] = [
      [0, 0, 0],
      [255, 255, 255],
      [255, 0, 0],
      [0, 255, 0],
      [0, 0, 255],
      [255, 255, 0],
      [0, 255, 255],
    ];
    const px = pixels(
      colours.map((c, i) => [c, 20 - i] as [Px, number]),
      3,
    );
    expect(computePalette({ pixels: px, channels: 3 }).palette).toEqual([
      '#000000',
      '#ffffff',
      '#ff0000',
      '#00ff00',
      '#0000ff',
    ]);
    expect(computePalette({ pixels: px, channels: 3, maxColors: 2 }).palette).toEqual([
      '#000000',
      '#ffffff',
    ]);
  });

  it('breaks count ties by bin order, independent of pixel order', () => {
    const a = pixels(
      [
        [[0, 0, 255], 10],
        [[255, 0, 0], 10],
      ],
      3,
    );
    const b = pixels(
      [
        [[255, 0, 0], 10],
        [[0, 0, 255], 10],
      ],
      3,
    );
    expect(computePalette({ pixels: a, channels: 3 })).toEqual(
      computePalette({ pixels: b, channels: 3 }),
    );
    expect(computePalette({ pixels: a, channels: 3 }).palette).toEqual(['#0000ff', '#ff0000']);
  });

  it('ignores transparent pixels, so an emoji is not "white"', () => {
    const px = pixels(
      [
        [[0, 0, 0, 0], 70], // transparent background
        [[252, 234, 43, 255], 25],
        [[0, 0, 0, 255], 5],
      ],
      4,
    );
    expect(computePalette({ pixels: px, channels: 4 })).toEqual({
      dominant: '#fcea2b',
      palette: ['#fcea2b', '#000000'],
    });
  });

  it('composites semi-transparent pixels onto white', () => {
    // 50 % black over white is mid grey; alpha 200/255 red → (255, 55, 55).
    const px = pixels(
      [
        [[0, 0, 0, 128], 60],
        [[255, 0, 0, 200], 40],
      ],
      4,
    );
    expect(computePalette({ pixels: px, channels: 4 }).palette).toEqual(['#7f7f7f', '#ff3737']);
  });

  it('is white when nothing is visible', () => {
    expect(computePalette({ pixels: pixels([[[9, 9, 9, 0], 10]], 4), channels: 4 })).toEqual({
      dominant: '#ffffff',
      palette: ['#ffffff'],
    });
    expect(computePalette({ pixels: new Uint8Array(0), channels: 3 })).toEqual({
      dominant: '#ffffff',
      palette: ['#ffffff'],
    });
  });
});

describe('sampleNearest', () => {
  it('picks real pixels on a regular grid', () => {
    // 4×2 single-channel image, values = index.
    const data = Uint8Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
    expect([...sampleNearest({ data, width: 4, height: 2, channels: 1, sampleWidth: 2 })]).toEqual([
      5, 7,
    ]);
    expect([...sampleNearest({ data, width: 4, height: 2, channels: 1, sampleWidth: 4 })]).toEqual([
      0, 1, 2, 3, 4, 5, 6, 7,
    ]);
  });

  it('never upsamples and keeps whole pixels', () => {
    const data = Uint8Array.from([10, 20, 30, 40, 50, 60]); // 2×1 RGB
    expect([...sampleNearest({ data, width: 2, height: 1, channels: 3, sampleWidth: 48 })]).toEqual(
      [10, 20, 30, 40, 50, 60],
    );
  });
});

describe('visibleShare', () => {
  it('counts pixels with alpha ≥ 128', () => {
    const px = pixels(
      [
        [[0, 0, 0, 0], 2],
        [[0, 0, 0, 127], 1],
        [[0, 0, 0, 128], 1],
      ],
      4,
    );
    expect(visibleShare(px)).toBe(0.25);
    expect(visibleShare(new Uint8Array(0))).toBe(0);
  });
});
