/**
 * Rasterizes one image into the content-addressed thumbnail store and measures its colours.
 *
 * Thumbnails: `<data>/thumbs/<hash>-236.webp` and `-472.webp`, with hash = sha256(pipeline
 * version, crop aspect, file bytes). What rendering learned about an image (its 1x height and
 * colours, or why sharp rejected it) goes to `<data>/cache/visual/<hash>.json`, written last; so an
 * unchanged input on a later run costs the static checks, one hash and a few file checks, and
 * sharp is not called at all.
 *
 * Background: thumbnails are flattened onto white: cards look the same on any page background
 * (a black glyph on a transparent tile would vanish on a dark page), the colour stats describe
 * the pixels as shown, and WebP without alpha is smaller. Transparency carries no meaning in this
 * corpus (emoji and clip art drawn for an implied white page). The palette still skips pixels
 * that were transparent before flattening, so an emoji's dominant colour is its own, not the
 * white around it (see palette.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { THUMB_WIDTH_1X, THUMB_WIDTH_2X, thumbFileName, thumbsDir } from '@/server/engine/schema';
import { sniffImageKind, type ImageKind } from './image-sniff';
import { perceptualFromImage } from './perceptual-image';
import { computePalette, sampleNearest, visibleShare } from './palette';
import { normalizeSvgRootSize } from './svg-normalize';
import { checkSvgSafety, MAX_DECLARED_AREA_PX, MAX_DECLARED_SIDE_PX } from './svg-safety';
import type { Skip } from './types';

/**
 * Part of every content hash: bump it when rendering, cropping or colour maths change, and every
 * image is rendered again on the next run. (The static checks in prepare() run on every build
 * and need no bump.)
 */
export const PIPELINE_VERSION = 'thumbs-v1';

export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Raster inputs above this many pixels are refused before decoding (sharp enforces it too). */
export const MAX_INPUT_PIXELS = 64_000_000;
/** Height / width of a thumbnail is clamped to this range; the rest is cropped (fit: cover). */
export const MIN_ASPECT = 0.5;
export const MAX_ASPECT = 2.5;
/** An SVG that takes longer than this to render is skipped (filters can be pathological). */
export const RENDER_TIMEOUT_S = 20;
/** effort 2 is ~2× faster than the default 4 for ~3 % larger files (measured on openclipart). */
const WEBP_OPTIONS = { quality: 80, effort: 2 } as const;
/** Width of the nearest-neighbour sample the palette is computed from. */
const COLOR_SAMPLE_WIDTH = 48;
/** Below this share of visibly drawn pixels an image is blank (e.g. SVG files holding only gradient definitions). */
export const MIN_COVERAGE = 0.002;
const SVG_DPI = 72;
const MAX_SVG_DENSITY = 100_000;
const HASH_HEX_LENGTH = 32;
const BACKGROUND = '#ffffff';

export interface Visual {
  hash: string;
  width: number;
  height: number;
  dominantColor: string;
  palette: string[];
  /**
   * Perceptual features of the 1x thumbnail (perceptual-image.ts): dHash as 16 hex digits and the
   * 12×12 RGB thumbnail as base64. Optional: cache entries written before they existed get them
   * on their next build, from the thumbnail on disk, without a new render.
   */
  dhash?: string;
  thumb12?: string;
}

type CacheEntry = { visual: Visual } | { skip: Skip };

export interface ThumbnailResult {
  outcome: { visual: Visual } | Skip;
  /** Who decided: the static checks (rejected before hashing), the cache, or a fresh render. */
  via: 'checks' | 'cache' | 'render';
}

/** Global sharp settings for a batch: one libvips thread per image (the pool runs images in parallel), no op cache. */
export function configureSharpForBatch(): void {
  sharp.concurrency(1);
  sharp.cache(false);
}

export const clampAspect = (aspect: number): number =>
  Number.isFinite(aspect) && aspect > 0 ? Math.min(MAX_ASPECT, Math.max(MIN_ASPECT, aspect)) : 1;

/** 1x and 2x heights for an aspect ratio (height / width); the 2x one is exactly twice the 1x. */
export function thumbHeights(aspect: number): { height1x: number; height2x: number } {
  const height1x = Math.max(1, Math.round(THUMB_WIDTH_1X * clampAspect(aspect)));
  return { height1x, height2x: height1x * 2 };
}

/**
 * Render DPI for an SVG whose size at 72 dpi is width × height (after normalizeSvgRootSize, the
 * rendered size is proportional to the DPI), so that it covers the 2x thumbnail box without
 * upscaling.
 */
export function svgDensity({
  width,
  height,
  height2x,
}: {
  width: number;
  height: number;
  height2x: number;
}): number {
  const dpi = SVG_DPI * Math.max(THUMB_WIDTH_2X / width, height2x / height);
  return Math.min(MAX_SVG_DENSITY, Math.max(1, dpi));
}

export function contentHash(bytes: Uint8Array, aspect: number | undefined): string {
  return createHash('sha256')
    .update(`${PIPELINE_VERSION}\0${aspect === undefined ? '' : aspect.toFixed(4)}\0`)
    .update(bytes)
    .digest('hex')
    .slice(0, HASH_HEX_LENGTH);
}

const perceptualFields = (p: { dhash: string; thumb: Uint8Array }) => ({
  dhash: p.dhash,
  thumb12: Buffer.from(p.thumb).toString('base64'),
});

async function writeAtomic(file: string, data: Buffer | string): Promise<void> {
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}

const exists = (file: string): Promise<boolean> =>
  fs.access(file).then(
    () => true,
    () => false,
  );

function classifySharpError(error: unknown): Skip {
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/iu.test(message)) return { skip: 'huge dimensions', detail: message };
  if (/timeout/iu.test(message))
    return { skip: 'render timeout', detail: `over ${RENDER_TIMEOUT_S} s` };
  return { skip: 'invalid image', detail: message.split('\n')[0]!.slice(0, 200) };
}

interface Prepared {
  kind: ImageKind;
  /** What sharp gets: the file's bytes, or for SVG the checked and normalized text. */
  input: Buffer;
}

/**
 * The static checks, run on every build (cheap, and never cached, so tightening them needs no
 * PIPELINE_VERSION bump): size cap, format from the bytes, SVG safety.
 */
export function prepare(bytes: Buffer): Prepared | Skip {
  if (bytes.length > MAX_FILE_BYTES)
    return { skip: 'file too large', detail: `${bytes.length} bytes (cap ${MAX_FILE_BYTES})` };
  const kind = sniffImageKind(bytes);
  if (kind === null)
    return {
      skip: 'unsupported format',
      detail: 'not PNG, JPEG, GIF, WebP, or SVG as UTF-8/Latin-1 text',
    };
  if (kind !== 'svg') return { kind, input: bytes };
  // latin1 round-trips every byte, and the checks only look for ASCII syntax.
  const checked = checkSvgSafety(bytes.toString('latin1'));
  if ('skip' in checked) return checked;
  return { kind, input: Buffer.from(normalizeSvgRootSize(checked.svg), 'latin1') };
}

export interface ThumbnailStore {
  /** Thumbnails + colours for these bytes, from the cache or freshly rendered. */
  ensure(bytes: Buffer, opts?: { aspect?: number }): Promise<ThumbnailResult>;
}

export async function openThumbnailStore({
  dataDir,
}: {
  dataDir: string;
}): Promise<ThumbnailStore> {
  const outDir = thumbsDir(dataDir);
  const cacheDir = path.join(dataDir, 'cache', 'visual');
  await fs.mkdir(outDir, { recursive: true });
  await fs.mkdir(cacheDir, { recursive: true });
  const cacheFile = (hash: string) => path.join(cacheDir, `${hash}.json`);

  async function readCache(hash: string): Promise<CacheEntry | null> {
    let entry: CacheEntry;
    try {
      entry = JSON.parse(await fs.readFile(cacheFile(hash), 'utf8')) as CacheEntry;
    } catch {
      return null;
    }
    if ('skip' in entry) return entry;
    const files = [thumbFileName(hash, 1), thumbFileName(hash, 2)].map((f) => path.join(outDir, f));
    return (await Promise.all(files.map(exists))).every(Boolean) ? entry : null;
  }

  async function render(
    prepared: Prepared,
    hash: string,
    aspectOverride: number | undefined,
  ): Promise<CacheEntry> {
    const { kind, input } = prepared;
    const inputOptions = { limitInputPixels: MAX_INPUT_PIXELS, autoOrient: true } as const;
    let width: number;
    let height: number;
    try {
      // Reading an SVG's size rasterizes nothing, and its render is scaled down to thumbnail size:
      // the pixel limit applies to that render, declared sizes are checked just below.
      const meta = await sharp(
        input,
        kind === 'svg' ? { ...inputOptions, limitInputPixels: false } : inputOptions,
      ).metadata();
      width = meta.autoOrient.width;
      height = meta.autoOrient.height;
    } catch (error) {
      return { skip: classifySharpError(error) };
    }
    if (!(width > 0 && height > 0))
      return { skip: { skip: 'invalid image', detail: 'no intrinsic size' } };
    const tooBig =
      kind === 'svg'
        ? width > MAX_DECLARED_SIDE_PX ||
          height > MAX_DECLARED_SIDE_PX ||
          width * height > MAX_DECLARED_AREA_PX
        : width * height > MAX_INPUT_PIXELS;
    if (tooBig) return { skip: { skip: 'huge dimensions', detail: `${width}×${height} px` } };

    const { height1x, height2x } = thumbHeights(aspectOverride ?? height / width);
    // Vector input is rendered straight at the size we need (enough to cover the crop box).
    const density = kind === 'svg' ? svgDensity({ width, height, height2x }) : undefined;
    try {
      const { data, info } = await sharp(input, {
        ...inputOptions,
        ...(density ? { density } : {}),
      })
        .timeout({ seconds: RENDER_TIMEOUT_S })
        .resize(THUMB_WIDTH_2X, height2x, { fit: 'cover' })
        .toColourspace('srgb')
        .ensureAlpha()
        .raw()
        .toBuffer({ resolveWithObject: true });
      if (info.channels !== 4) throw new Error(`unexpected ${info.channels}-channel render`);
      // RGBA, so the palette can tell drawn pixels from transparent ones.
      const raw = { raw: { width: info.width, height: info.height, channels: 4 } } as const;
      const coverage = visibleShare(data);
      if (coverage < MIN_COVERAGE) {
        return {
          skip: {
            skip: 'blank image',
            detail: `${(coverage * 100).toFixed(2)} % of the image is drawn`,
          },
        };
      }
      const sample = sampleNearest({
        data,
        width: info.width,
        height: info.height,
        channels: 4,
        sampleWidth: COLOR_SAMPLE_WIDTH,
      });
      const { dominant, palette } = computePalette({ pixels: sample, channels: 4 });
      const webp2x = await sharp(data, raw)
        .flatten({ background: BACKGROUND })
        .webp(WEBP_OPTIONS)
        .toBuffer();
      // An exact 2:1 reduction: the linear kernel averages neighbours without lanczos's cost.
      const webp1x = await sharp(data, raw)
        .resize(THUMB_WIDTH_1X, height1x, { fit: 'fill', kernel: 'linear' })
        .flatten({ background: BACKGROUND })
        .webp(WEBP_OPTIONS)
        .toBuffer();
      const perceptual = await perceptualFromImage(webp1x);
      await writeAtomic(path.join(outDir, thumbFileName(hash, 2)), webp2x);
      await writeAtomic(path.join(outDir, thumbFileName(hash, 1)), webp1x);
      return {
        visual: {
          hash,
          width: THUMB_WIDTH_1X,
          height: height1x,
          dominantColor: dominant,
          palette,
          ...perceptualFields(perceptual),
        },
      };
    } catch (error) {
      return { skip: classifySharpError(error) };
    }
  }

  return {
    async ensure(bytes, opts = {}) {
      const prepared = prepare(bytes);
      if ('skip' in prepared) return { outcome: prepared, via: 'checks' };
      const hash = contentHash(bytes, opts.aspect);
      const cached = await readCache(hash);
      if (cached && 'visual' in cached && cached.visual.dhash === undefined) {
        // An entry from before perceptual features: computed once from the 1x thumbnail (a
        // small WebP decode, no render) and written back, so the next build reads them.
        const thumb = await fs.readFile(path.join(outDir, thumbFileName(hash, 1)));
        const visual = { ...cached.visual, ...perceptualFields(await perceptualFromImage(thumb)) };
        await writeAtomic(cacheFile(hash), JSON.stringify({ visual }));
        return { outcome: { visual }, via: 'cache' };
      }
      if (cached) return { outcome: 'skip' in cached ? cached.skip : cached, via: 'cache' };
      const entry = await render(prepared, hash, opts.aspect);
      await writeAtomic(cacheFile(hash), JSON.stringify(entry));
      return { outcome: 'skip' in entry ? entry.skip : entry, via: 'render' };
    },
  };
}
