/**
 * A small manifest with typed pins, written into a folder of the test's own: a product,
 * two video pins (one with captions and no image: its poster frame is its image), a plain pin, and
 * two video lines that must be skipped. The clip is made here with Debian's ffmpeg (its `testsrc`
 * pattern: src/server/ingest/test-clip.ts), the images are OpenMoji's (installed with the
 * dependencies, CC BY-SA 4.0).
 *
 * Queries: "chair" finds the product, the plain pin and the clip with an image of a chair;
 * "pattern" the captioned clip.
 */
import fs from 'node:fs';
import path from 'node:path';
import { defaultOpenmojiDir } from '@/server/ingest/sources/openmoji';
import { CLIP, makeTestClip } from '@/server/ingest/test-clip';

export { CLIP };

export const CAPTION_TEXT = 'A spinning test pattern';

export const MEDIA_PINS = {
  product: 'oak-chair',
  plain: 'wooden-chair',
  captionedVideo: 'test-pattern',
  videoWithImage: 'chair-assembly',
} as const;

export const PRODUCT_LINE = {
  price: 129,
  currency: 'EUR',
  merchant: 'Example Furniture',
  availability: 'in_stock',
  link: 'https://shop.example/oak-chair',
} as const;

/** The manifest's path; its files lie beside it in `dir`. */
export function writeMediaManifest(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  makeTestClip(path.join(dir, 'clip.webm'));
  fs.writeFileSync(
    path.join(dir, 'clip.vtt'),
    `WEBVTT\n\n00:00.000 --> 00:03.000\n${CAPTION_TEXT}\n`,
  );
  const svg = path.join(defaultOpenmojiDir(), 'color', 'svg');
  const openmoji = {
    source: { name: 'openmoji', attribution: 'OpenMoji', url: 'https://openmoji.org' },
    license: { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  };
  const lines = [
    {
      id: MEDIA_PINS.product,
      title: 'Oak reading chair',
      description: 'A sturdy oak chair for a reading corner.',
      tags: ['chair', 'furniture', 'oak'],
      category: 'Furniture',
      image: path.join(svg, '1FA91.svg'),
      product: PRODUCT_LINE,
      saves: 30,
      ...openmoji,
    },
    {
      id: MEDIA_PINS.plain,
      title: 'Wooden chair',
      tags: ['chair', 'furniture'],
      category: 'Furniture',
      image: path.join(svg, '1FA91.svg'),
      saves: 10,
      ...openmoji,
    },
    {
      id: MEDIA_PINS.videoWithImage,
      title: 'Chair assembly clip',
      tags: ['chair', 'video'],
      category: 'Furniture',
      image: path.join(svg, '1F3AC.svg'),
      video: { file: 'clip.webm', duration: CLIP.seconds },
      saves: 5,
      ...openmoji,
    },
    {
      id: MEDIA_PINS.captionedVideo,
      title: 'Spinning test pattern',
      description: 'Colour bars and a moving counter, made with ffmpeg.',
      tags: ['pattern', 'video', 'colour'],
      category: 'Video',
      video: {
        file: 'clip.webm',
        captions: 'clip.vtt',
        posterAt: 1.5,
        width: CLIP.width,
        height: CLIP.height,
      },
      saves: 20,
      source: { name: 'inspo-tests', attribution: 'Made with ffmpeg testsrc', url: null },
      license: { name: 'CC0 1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
    },
    // Skipped: the clip is not there; the manifest's size disagrees with the clip's.
    { id: 'missing-clip', title: 'Missing clip', video: { file: 'nowhere.webm' } },
    { id: 'wrong-size', title: 'Wrong size', video: { file: 'clip.webm', width: 1920 } },
  ];
  const manifest = path.join(dir, 'pins.jsonl');
  fs.writeFileSync(manifest, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  return manifest;
}
