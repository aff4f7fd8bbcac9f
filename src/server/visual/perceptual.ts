/**
 * Classic perceptual features of a pin's image, for near-duplicate detection and diversity
 *: a 64-bit difference hash (dHash) and a 12×12 sRGB colour thumbnail.
 *
 * Both are pure maths over small pixel grids, shared by the ingest (which computes them from the
 * 1x thumbnail as shown) and the service (which compares them at query time), so the two can
 * never disagree about what "near" means.
 */

/** Side of the colour thumbnail: 12 × 12 × RGB = 432 bytes per pin. */
export const THUMB_SIDE = 12;
export const THUMB_BYTES = THUMB_SIDE * THUMB_SIDE * 3;
/** dHash grid: 9 × 8 greys give 8 × 8 left/right comparisons = 64 bits. */
export const DHASH_WIDTH = 9;
export const DHASH_HEIGHT = 8;

/**
 * Near-duplicate thresholds, calibrated on the default index (scripts/visual-calibration.ts
 * prints the pairs): a pair is near when its 12×12 colour thumbnails are within
 * NEAR_THUMB_CLOSE mean difference (OpenClipart's outline-star series: 0.8–2.2 apart, while thin
 * outlines make their dHashes differ by 10–25 bits, so the hash cannot be required), or within
 * NEAR_THUMB_DISTANCE with dHashes within NEAR_DHASH_BITS (re-coloured or re-stroked copies).
 * Two different cat emoji faces are 4–12 apart with close hashes: those are left to MMR.
 */
export const NEAR_INK_CLOSE = 1.5;
export const NEAR_INK_DISTANCE = 4;
/** The measure for reports: whole 12×12 thumbnails within this mean difference. */
export const NEAR_THUMB_DISTANCE = 4;
export const NEAR_DHASH_BITS = 4;

export interface PerceptualFeatures {
  /** 16 lowercase hex digits, most significant bit first. */
  dhash: string;
  /** THUMB_BYTES of RGB, row by row. */
  thumb: Uint8Array;
}

/** The dHash of a DHASH_WIDTH × DHASH_HEIGHT grey grid (one byte per pixel). */
export function dhashFromGrey(grey: Uint8Array): string {
  if (grey.length !== DHASH_WIDTH * DHASH_HEIGHT)
    throw new RangeError(
      `dHash needs ${DHASH_WIDTH}×${DHASH_HEIGHT} grey pixels, got ${grey.length}`,
    );
  let hex = '';
  for (let y = 0; y < DHASH_HEIGHT; y++) {
    let byte = 0;
    for (let x = 0; x < DHASH_WIDTH - 1; x++) {
      const left = grey[y * DHASH_WIDTH + x]!;
      const right = grey[y * DHASH_WIDTH + x + 1]!;
      byte = (byte << 1) | (left > right ? 1 : 0);
    }
    hex += byte.toString(16).padStart(2, '0');
  }
  return hex;
}

/** A dHash as two 32-bit halves, for fast Hamming distances. */
export function dhashWords(hex: string): [number, number] {
  if (!/^[0-9a-f]{16}$/u.test(hex)) throw new RangeError(`not a 64-bit hex dHash: "${hex}"`);
  return [Number.parseInt(hex.slice(0, 8), 16) >>> 0, Number.parseInt(hex.slice(8), 16) >>> 0];
}

export function popcount32(v: number): number {
  let x = v - ((v >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

export function hamming(a: readonly [number, number], b: readonly [number, number]): number {
  return popcount32((a[0] ^ b[0]) >>> 0) + popcount32((a[1] ^ b[1]) >>> 0);
}

/** Mean absolute difference per channel value (0 = identical, 255 = black vs white everywhere). */
export function thumbDistance(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError('colour thumbnails of different sizes');
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/** A channel value at or above this is page (the white the thumbnails are flattened onto). */
const PAGE_LEVEL = 240;

/**
 * Mean absolute difference over the drawn part only: values where either thumbnail is not page
 * white. The whole-thumbnail mean calls any two small glyphs on white near (a sun and a sand
 * castle are 1.5 apart); over the ink they are far apart. Two blank thumbnails are 0 apart.
 */
export function inkDistance(a: Uint8Array, b: Uint8Array): number {
  if (a.length !== b.length) throw new RangeError('colour thumbnails of different sizes');
  let sum = 0;
  let ink = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    if (x >= PAGE_LEVEL && y >= PAGE_LEVEL) continue;
    ink++;
    sum += Math.abs(x - y);
  }
  return ink === 0 ? 0 : sum / ink;
}

/** Features in the compact form the service compares. */
export interface ComparableFeatures {
  words: [number, number];
  thumb: Uint8Array;
  /** Mean of each channel in each 6×6 quadrant (blockMeans): a cheap bound on thumbDistance. */
  blocks: Float32Array;
}

/**
 * Channel means of the thumbnail's four 6×6 quadrants (12 values). Each holds 36 of the 432
 * values, so thumbDistance(a, b) ≥ Σ|blocks(a) − blocks(b)| / 12: pairs that cannot be near are
 * ruled out with 12 subtractions instead of 432 (the build compares every pin with every leader).
 */
export function blockMeans(thumb: Uint8Array): Float32Array {
  const half = THUMB_SIDE / 2;
  const out = new Float32Array(12);
  for (let y = 0; y < THUMB_SIDE; y++)
    for (let x = 0; x < THUMB_SIDE; x++) {
      const q = (y < half ? 0 : 2) + (x < half ? 0 : 1);
      for (let c = 0; c < 3; c++) out[q * 3 + c]! += thumb[(y * THUMB_SIDE + x) * 3 + c]!;
    }
  for (let i = 0; i < 12; i++) out[i]! /= half * half;
  return out;
}

export function thumbDistanceLowerBound(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / 12;
}

export const comparable = (dhash: string, thumb: Uint8Array): ComparableFeatures => ({
  words: dhashWords(dhash),
  thumb,
  blocks: blockMeans(thumb),
});

export const toComparable = (f: PerceptualFeatures): ComparableFeatures =>
  comparable(f.dhash, f.thumb);

/**
 * The same picture, not just a look-alike: dHashes within SAME_DHASH_BITS AND colour thumbnails
 * within SAME_THUMB_DISTANCE mean difference (over the whole thumbnail and, doubled, over the
 * drawn part). Re-uploads and re-encodings pass; the outline-star series, whose thumbnails are
 * close but whose dHashes differ by 10–25 bits, does not. The service folds only such copies into
 * one card (and only when their titles agree, visual/diversify.ts); look-alikes are spread out.
 */
export const SAME_DHASH_BITS = 4;
export const SAME_THUMB_DISTANCE = 2;

export function isSameImage(a: ComparableFeatures, b: ComparableFeatures): boolean {
  if (thumbDistanceLowerBound(a.blocks, b.blocks) > SAME_THUMB_DISTANCE) return false;
  if (hamming(a.words, b.words) > SAME_DHASH_BITS) return false;
  return (
    thumbDistance(a.thumb, b.thumb) <= SAME_THUMB_DISTANCE &&
    inkDistance(a.thumb, b.thumb) <= 2 * SAME_THUMB_DISTANCE
  );
}

/** Exact or near duplicate (see the thresholds above). */
export function isNearDuplicate(a: ComparableFeatures, b: ComparableFeatures): boolean {
  if (thumbDistanceLowerBound(a.blocks, b.blocks) > NEAR_INK_DISTANCE) return false;
  const limit = hamming(a.words, b.words) > NEAR_DHASH_BITS ? NEAR_INK_CLOSE : NEAR_INK_DISTANCE;
  return thumbDistance(a.thumb, b.thumb) <= limit && inkDistance(a.thumb, b.thumb) <= 2 * limit;
}
