import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import {
  clampAspect,
  contentHash,
  openThumbnailStore,
  prepare,
  svgDensity,
  thumbHeights,
} from './thumbnails';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures', import.meta.url));

describe('thumbHeights', () => {
  it.each([
    [1, 236, 472],
    [1.5, 354, 708],
    [0.1, 118, 236], // clamped to 0.5
    [10, 590, 1180], // clamped to 2.5
    [Number.NaN, 236, 472],
    [0, 236, 472],
  ])('aspect %d → %d / %d', (aspect, h1, h2) => {
    expect(thumbHeights(aspect)).toEqual({ height1x: h1, height2x: h2 });
  });

  it('clampAspect keeps sane ratios', () => {
    expect(clampAspect(0.75)).toBe(0.75);
    expect(clampAspect(Number.POSITIVE_INFINITY)).toBe(1);
  });
});

describe('svgDensity', () => {
  it('renders just large enough to cover the 2x box', () => {
    expect(svgDensity({ width: 24, height: 24, height2x: 472 })).toBe(1416); // 72 × 472/24
    expect(svgDensity({ width: 944, height: 472, height2x: 236 })).toBe(36); // width-bound: 72 × 472/944
    expect(svgDensity({ width: 100, height: 1000, height2x: 1180 })).toBeCloseTo(339.84, 10); // width-bound, tall crop
    expect(svgDensity({ width: 0.001, height: 0.001, height2x: 472 })).toBe(100_000); // capped
  });
});

describe('contentHash', () => {
  it('depends on the bytes and the crop aspect', () => {
    const a = Buffer.from('abc');
    expect(contentHash(a, undefined)).toMatch(/^[0-9a-f]{32}$/u);
    expect(contentHash(a, undefined)).toBe(contentHash(Buffer.from('abc'), undefined));
    expect(contentHash(a, undefined)).not.toBe(contentHash(Buffer.from('abd'), undefined));
    expect(contentHash(a, 1.5)).not.toBe(contentHash(a, undefined));
  });
});

describe('prepare', () => {
  it('strips a DOCTYPE and rewrites physical units before sharp sees the SVG', () => {
    const bytes = fs.readFileSync(
      path.join(FIXTURES, 'openclipart/computer/icons/etiquette-theme/actions/stock-bezier.svg'),
    );
    const prepared = prepare(bytes);
    if ('skip' in prepared) throw new Error(prepared.detail);
    const text = prepared.input.toString('latin1');
    expect(prepared.kind).toBe('svg');
    expect(text).not.toContain('<!DOCTYPE');
    expect(/<svg\b[^>]*>/u.exec(text)![0]).toContain('width="30"');
  });

  it('passes raster bytes through untouched', () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'hostile/truncated.png'));
    expect(prepare(bytes)).toEqual({ kind: 'png', input: bytes });
  });
});

describe('openThumbnailStore', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-thumbs-'));
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('renders a 24pt Sodipodi icon filling its thumbnail, then answers from the cache', async () => {
    const store = await openThumbnailStore({ dataDir });
    const bytes = fs.readFileSync(
      path.join(FIXTURES, 'openclipart/computer/icons/etiquette-theme/actions/stock-bezier.svg'),
    );
    const first = await store.ensure(bytes);
    expect(first.via).toBe('render');
    if ('skip' in first.outcome) throw new Error(first.outcome.detail);
    const { hash, width, height } = first.outcome.visual;
    expect([width, height]).toEqual([236, 236]);
    // Drawn content reaches the lower right quarter (it would sit in the top-left corner if the
    // pt-sized canvas had been scaled quadratically).
    const { data, info } = await sharp(path.join(dataDir, 'thumbs', `${hash}-472.webp`))
      .raw()
      .toBuffer({ resolveWithObject: true });
    let darkInLowerRight = 0;
    for (let y = info.height / 2; y < info.height; y++) {
      for (let x = info.width / 2; x < info.width; x++) {
        const o = (y * info.width + x) * info.channels;
        if (data[o]! + data[o + 1]! + data[o + 2]! < 300) darkInLowerRight++;
      }
    }
    expect(darkInLowerRight).toBeGreaterThan(500);
    const second = await store.ensure(bytes);
    expect(second).toEqual({ outcome: first.outcome, via: 'cache' });
  });
});
