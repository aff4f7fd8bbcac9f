import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { perceptualFromImage } from '@/server/ingest/perceptual-image';
import { nearDuplicateLeaders } from './near-duplicate-groups';
import {
  blockMeans,
  comparable,
  dhashFromGrey,
  dhashWords,
  hamming,
  inkDistance,
  isNearDuplicate,
  isSameImage,
  THUMB_BYTES,
  thumbDistance,
  thumbDistanceLowerBound,
  toComparable,
} from './perceptual';

/** A 236 px WebP of a filled circle (or square) on white, as the ingest writes 1x thumbnails. */
async function glyph({ shape = 'circle', fill = '#d33' } = {}): Promise<Buffer> {
  const body =
    shape === 'circle'
      ? `<circle cx="118" cy="118" r="80" fill="${fill}"/>`
      : `<rect x="20" y="150" width="200" height="60" fill="${fill}"/>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="236" height="236"><rect width="236" height="236" fill="#fff"/>${body}</svg>`;
  return sharp(Buffer.from(svg)).webp({ quality: 80 }).toBuffer();
}

describe('perceptual features', () => {
  it('dHash sets a bit where a pixel is brighter than its right neighbour', () => {
    const grey = new Uint8Array(72);
    for (let y = 0; y < 8; y++) grey[y * 9] = 255; // a bright first column: only bit 7 of each row
    expect(dhashFromGrey(grey)).toBe('8080808080808080');
    expect(() => dhashFromGrey(new Uint8Array(10))).toThrow(/9×8/);
  });

  it('Hamming distance and thumbnail distance measure difference', () => {
    expect(hamming(dhashWords('ffffffff00000000'), dhashWords('0000000000000000'))).toBe(32);
    expect(hamming(dhashWords('8000000000000001'), dhashWords('0000000000000000'))).toBe(2);
    expect(() => dhashWords('xyz')).toThrow(/hex/);
    expect(thumbDistance(new Uint8Array([0, 10]), new Uint8Array([10, 0]))).toBe(10);
  });

  it('the same drawing re-encoded is a near duplicate; a different drawing is not', async () => {
    const a = toComparable(await perceptualFromImage(await glyph()));
    const again = toComparable(
      await perceptualFromImage(
        await sharp(await glyph())
          .webp({ quality: 40 })
          .toBuffer(),
      ),
    );
    const other = toComparable(await perceptualFromImage(await glyph({ shape: 'bar' })));
    expect(a.thumb.length).toBe(THUMB_BYTES);
    expect(isNearDuplicate(a, again)).toBe(true);
    expect(isNearDuplicate(a, other)).toBe(false);
    expect(isSameImage(a, again)).toBe(true);
    expect(isSameImage(a, other)).toBe(false);
  });

  it('a look-alike whose dHash differs is near but not the same picture', () => {
    const t = new Uint8Array(THUMB_BYTES).fill(100);
    const a = comparable('0000000000000000', t);
    const retraced = comparable('00000000000003ff', t); // 10 bits off, the same colours
    const recoloured = comparable('0000000000000000', new Uint8Array(THUMB_BYTES).fill(103));
    expect(isNearDuplicate(a, retraced)).toBe(true);
    expect(isSameImage(a, retraced)).toBe(false);
    expect(isNearDuplicate(a, recoloured)).toBe(true);
    expect(isSameImage(a, recoloured)).toBe(false); // 3 levels apart: near, not a copy
    expect(isSameImage(a, comparable('0000000000000001', t))).toBe(true);
  });

  it('groups follow their most popular leader and do not chain', () => {
    const f = (hash: string, v: number) => comparable(hash, new Uint8Array(THUMB_BYTES).fill(v));
    // 0 ≈ 1 (thumb 3 apart), 2 is 3 from 1 but 6 from 0: it must not join 0's group through 1.
    // 3 has almost 0's pixels but a far hash: only a very close thumbnail (≤ 1.5) joins then.
    const zero = '0'.repeat(16);
    const far = 'f'.repeat(16);
    const leaders = nearDuplicateLeaders([
      f(zero, 100),
      f(zero, 103),
      f(zero, 106),
      f(far, 101),
      f(far, 150),
    ]);
    expect([...leaders]).toEqual([0, 0, 2, 0, 4]);
  });

  it('small glyphs on white are compared over their ink, not the page', () => {
    const page = () => new Uint8Array(THUMB_BYTES).fill(255);
    const a = page();
    const b = page();
    // one drawn value each (a pixel without red), in different places: under 1 % of the
    // thumbnail differs, but all of its ink does
    a[0] = 0;
    b[60] = 0;
    expect(thumbDistance(a, b)).toBeLessThan(1.5);
    expect(inkDistance(a, b)).toBeGreaterThan(100);
    const zero = '0'.repeat(16);
    expect(isNearDuplicate(comparable(zero, a), comparable(zero, b))).toBe(false);
    expect(inkDistance(page(), page())).toBe(0);
  });

  it('the block bound never exceeds the distance it bounds', () => {
    const pseudo = (seed: number) =>
      Uint8Array.from({ length: THUMB_BYTES }, (_, i) => (i * seed * 7919) % 256);
    for (const [x, y] of [
      [3, 5],
      [11, 13],
      [17, 2],
    ] as const) {
      const a = pseudo(x);
      const b = pseudo(y);
      const bound = thumbDistanceLowerBound(blockMeans(a), blockMeans(b));
      expect(bound).toBeLessThanOrEqual(thumbDistance(a, b) + 1e-9);
    }
  });
});
