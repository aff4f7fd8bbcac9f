/**
 * The typed-pins manifest (media-manifest.ts) with one more product and one more clip of a chair:
 * "chair" then finds two products and two clips, the least a Shop or Watch module shows
 * (src/server/modules). For the modules' API suite and e2e.
 */
import fs from 'node:fs';
import { MEDIA_PINS, PRODUCT_LINE, writeMediaManifest } from './media-manifest';

export const MODULE_PINS = {
  products: [MEDIA_PINS.product, 'pine-chair'],
  videos: [MEDIA_PINS.videoWithImage, 'chair-spin'],
} as const;

/** The manifest's path; its files lie beside it in `dir`. */
export function writeModulesManifest(dir: string): string {
  const manifest = writeMediaManifest(dir);
  const base = JSON.parse(fs.readFileSync(manifest, 'utf8').split('\n')[0]!) as Record<
    string,
    unknown
  >;
  const extra = [
    {
      ...base,
      id: 'pine-chair',
      title: 'Pine kitchen chair',
      product: { ...PRODUCT_LINE, price: 59, link: 'https://shop.example/pine-chair' },
    },
    {
      ...base,
      id: 'chair-spin',
      title: 'Chair turning around',
      tags: ['chair', 'video'],
      product: undefined,
      video: { file: 'clip.webm' },
    },
  ];
  fs.appendFileSync(manifest, extra.map((line) => `${JSON.stringify(line)}\n`).join(''));
  return manifest;
}
