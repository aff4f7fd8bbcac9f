/**
 * Classic perceptual features of a pin's image, for near-duplicate detection and diversity
 * (issue 15): a 64-bit difference hash (dHash) and a 12×12 sRGB colour thumbnail.
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
 * Near-duplicate thresholds, calibrated on the default index (bench/near-duplicates.ts): pins in
 * the same OpenClipart series that differ only by a colour fill or a stroke weight are within
 * them; two different stars or cats are not. Both must hold: the colour thumbnail alone confuses
 * any two small glyphs on white, the hash alone ignores colour.
 */
export const NEAR_THUMB_DISTANCE = 6;
export const NEAR_DHASH_BITS = 6;

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

/** Features in the compact form the service compares. */
export interface ComparableFeatures {
  words: [number, number];
  thumb: Uint8Array;
}

export const toComparable = (f: PerceptualFeatures): ComparableFeatures => ({
  words: dhashWords(f.dhash),
  thumb: f.thumb,
});

/** Exact or near duplicate: both the hash and the colour thumbnail are close. */
export function isNearDuplicate(a: ComparableFeatures, b: ComparableFeatures): boolean {
  return (
    hamming(a.words, b.words) <= NEAR_DHASH_BITS &&
    thumbDistance(a.thumb, b.thumb) <= NEAR_THUMB_DISTANCE
  );
}

/**
 * Visual similarity in [0, 1] for diversification: 1 for the same colour thumbnail, falling
 * linearly to 0 at a mean difference of 48 (different drawings on the same white page still
 * share most of their pixels, so the scale is short).
 */
export function visualSimilarity(a: ComparableFeatures, b: ComparableFeatures): number {
  return Math.max(0, 1 - thumbDistance(a.thumb, b.thumb) / 48);
}
