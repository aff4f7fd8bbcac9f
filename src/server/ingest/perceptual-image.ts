/**
 * Computes a pin's perceptual features (src/server/visual/perceptual.ts) from its 1x thumbnail:
 * the image as the reader sees it (flattened on white, cropped to the card's aspect), so two pins
 * that look alike in the grid are near in these features whatever their source format was.
 */
import sharp from 'sharp';
import {
  DHASH_HEIGHT,
  DHASH_WIDTH,
  dhashFromGrey,
  THUMB_BYTES,
  THUMB_SIDE,
  type PerceptualFeatures,
} from '@/server/visual/perceptual';

export async function perceptualFromImage(image: Buffer): Promise<PerceptualFeatures> {
  const grey = await sharp(image)
    .resize(DHASH_WIDTH, DHASH_HEIGHT, { fit: 'fill', kernel: 'linear' })
    .greyscale()
    .raw()
    .toBuffer();
  const thumb = await sharp(image)
    .resize(THUMB_SIDE, THUMB_SIDE, { fit: 'fill', kernel: 'linear' })
    .removeAlpha()
    .toColourspace('srgb')
    .raw()
    .toBuffer();
  if (thumb.length !== THUMB_BYTES) throw new Error(`colour thumbnail of ${thumb.length} bytes`);
  return { dhash: dhashFromGrey(new Uint8Array(grey)), thumb: new Uint8Array(thumb) };
}
