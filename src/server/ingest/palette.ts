/**
 * Dominant colour and palette of an image, from its raw pixels (pure: no sharp here).
 *
 * The image arrives as a tiny (≈48 px) nearest-neighbour resize. Only what is visibly drawn
 * counts: transparent pixels (where the white card shows through) are left out, semi-transparent
 * ones are composited onto white as the thumbnail shows them. Otherwise every emoji would have
 * "white" as its dominant colour. Each counted pixel falls into one of 8×8×8 coarse RGB bins;
 * bins are ranked by pixel count and each picked bin contributes the mean of its own pixels (a
 * real colour of the image, not a bin centre). A bin too close to an already-picked colour is
 * passed over, so the palette holds distinct colours; bins covering a tiny share of the image are
 * noise (anti-aliased edges) and end the palette.
 */

export interface Rgb {
  r: number;
  g: number;
  b: number;
}

/** Bits kept per channel: 3 → 8 levels → 512 bins, coarse enough that anti-aliasing merges in. */
const QUANT_BITS = 3;
const QUANT_SHIFT = 8 - QUANT_BITS;
const BIN_COUNT = 1 << (QUANT_BITS * 3);

export const PALETTE_MAX_COLORS = 5;
/** A colour covering less of the image than this is not part of its palette. */
export const PALETTE_MIN_SHARE = 0.02;
/** Minimum Euclidean RGB distance between two palette colours. */
export const PALETTE_MIN_DISTANCE = 48;

/** Pixels less opaque than this are background, not image. */
export const PALETTE_MIN_ALPHA = 128;

export const WHITE = '#ffffff';

export function rgbToHex({ r, g, b }: Rgb): string {
  return `#${((1 << 24) | (r << 16) | (g << 8) | b).toString(16).slice(1)}`;
}

export function colorDistance(a: Rgb, b: Rgb): number {
  return Math.hypot(a.r - b.r, a.g - b.g, a.b - b.b);
}

/**
 * Nearest-neighbour downsample of interleaved pixels to `sampleWidth` columns (rows in
 * proportion): picks real pixels, never blends two colours into a third that is not in the image.
 */
export function sampleNearest({
  data,
  width,
  height,
  channels,
  sampleWidth,
}: {
  data: Uint8Array;
  width: number;
  height: number;
  channels: number;
  sampleWidth: number;
}): Uint8Array {
  const w = Math.max(1, Math.min(width, sampleWidth));
  const h = Math.max(1, Math.min(height, Math.round((w * height) / width)));
  const out = new Uint8Array(w * h * channels);
  for (let y = 0; y < h; y++) {
    const sy = Math.floor(((y + 0.5) * height) / h);
    for (let x = 0; x < w; x++) {
      const sx = Math.floor(((x + 0.5) * width) / w);
      const from = (sy * width + sx) * channels;
      out.set(data.subarray(from, from + channels), (y * w + x) * channels);
    }
  }
  return out;
}

export interface PaletteOptions {
  /** Interleaved 8-bit pixels: RGB, or RGBA when channels is 4 (alpha not premultiplied). */
  pixels: Uint8Array;
  channels: 3 | 4;
  maxColors?: number;
  minShare?: number;
  minDistance?: number;
}

export interface Palette {
  /** Most common colour, `#rrggbb` lowercase (= palette[0]); white when nothing is visible. */
  dominant: string;
  /** 1..maxColors distinct colours, most common first. */
  palette: string[];
}

export function computePalette({
  pixels,
  channels,
  maxColors = PALETTE_MAX_COLORS,
  minShare = PALETTE_MIN_SHARE,
  minDistance = PALETTE_MIN_DISTANCE,
}: PaletteOptions): Palette {
  const counts = new Uint32Array(BIN_COUNT);
  const sums = new Float64Array(BIN_COUNT * 3);
  const pixelCount = Math.floor(pixels.length / channels);
  let total = 0;
  for (let i = 0; i < pixelCount; i++) {
    const o = i * channels;
    const alpha = channels === 4 ? pixels[o + 3]! : 255;
    if (alpha < PALETTE_MIN_ALPHA) continue;
    total++;
    // Composite onto white, as the thumbnail is.
    const over = (c: number) => Math.round((c * alpha + 255 * (255 - alpha)) / 255);
    const r = over(pixels[o]!);
    const g = over(pixels[o + 1]!);
    const b = over(pixels[o + 2]!);
    const bin =
      ((r >> QUANT_SHIFT) << (2 * QUANT_BITS)) |
      ((g >> QUANT_SHIFT) << QUANT_BITS) |
      (b >> QUANT_SHIFT);
    const k = bin * 3;
    counts[bin] = counts[bin]! + 1;
    sums[k] = sums[k]! + r;
    sums[k + 1] = sums[k + 1]! + g;
    sums[k + 2] = sums[k + 2]! + b;
  }
  if (total === 0) return { dominant: WHITE, palette: [WHITE] };

  // Most pixels first; equal counts in bin order so the result never depends on sort stability.
  const bins = [...counts.keys()].filter((bin) => counts[bin]! > 0);
  bins.sort((a, b) => counts[b]! - counts[a]! || a - b);

  const picked: Rgb[] = [];
  for (const bin of bins) {
    const count = counts[bin]!;
    if (picked.length > 0 && count / total < minShare) break;
    const mean: Rgb = {
      r: Math.round(sums[bin * 3]! / count),
      g: Math.round(sums[bin * 3 + 1]! / count),
      b: Math.round(sums[bin * 3 + 2]! / count),
    };
    if (picked.every((p) => colorDistance(p, mean) >= minDistance)) picked.push(mean);
    if (picked.length >= maxColors) break;
  }
  const palette = picked.map(rgbToHex);
  return { dominant: palette[0]!, palette };
}

/** Share of RGBA pixels that are visibly drawn (alpha ≥ PALETTE_MIN_ALPHA), 0..1; 0 for no pixels. */
export function visibleShare(rgba: Uint8Array): number {
  const pixelCount = Math.floor(rgba.length / 4);
  let visible = 0;
  for (let o = 3; o < pixelCount * 4; o += 4) if (rgba[o]! >= PALETTE_MIN_ALPHA) visible++;
  return pixelCount === 0 ? 0 : visible / pixelCount;
}
