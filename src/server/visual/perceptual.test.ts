import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { perceptualFromImage } from '@/server/ingest/perceptual-image';
import { nearDuplicateLeaders } from './near-duplicate-groups';
import {
  dhashFromGrey,
  dhashWords,
  hamming,
  isNearDuplicate,
  THUMB_BYTES,
  thumbDistance,
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
  });

  it('groups follow their most popular leader and do not chain', () => {
    const f = (hash: string, v: number) => ({
      words: dhashWords(hash),
      thumb: new Uint8Array(THUMB_BYTES).fill(v),
    });
    // 0 ≈ 1 (thumb 5 apart), 2 is 5 from 1 but 10 from 0: it must not join 0's group through 1.
    const leaders = nearDuplicateLeaders([
      f('0'.repeat(16), 100),
      f('0'.repeat(16), 105),
      f('0'.repeat(16), 110),
      f('f'.repeat(16), 100),
    ]);
    expect([...leaders]).toEqual([0, 0, 2, 3]);
  });
});
