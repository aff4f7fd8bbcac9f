import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openEngine } from '@/server/engine/open-engine';
import { INDEX_VERSION, indexPath, thumbsDir } from '@/server/engine/schema';
import Database from 'better-sqlite3';
import { IMAGE_ENCODER_VERSION } from '@/lib/image-model/image-model';
import { readImageEmbeddings } from '@/server/visual/image-embeddings';
import { buildIndex, defaultSources, meteoconsAvailable } from './build-index';
import { MAX_FILE_BYTES } from './thumbnails';
import type { BuildReport, SkipReason } from './types';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures', import.meta.url));
const EXAMPLE_MANIFEST = fileURLToPath(
  new URL('../../../examples/my-pins/pins.jsonl', import.meta.url),
);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-build-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const reasonsByRef = (report: BuildReport) =>
  Object.fromEntries(report.skippedItems.map((s) => [s.ref, s.reason]));

describe('hostile and broken inputs are skipped with their reason, never crash the build', () => {
  const cases: [file: string, reason: SkipReason | null][] = [
    ['hostile/ok.svg', null],
    ['hostile/external-href.svg', 'external reference'],
    ['hostile/css-url.svg', 'external reference'],
    ['hostile/css-import.svg', 'external reference'],
    ['hostile/svg-disguised.png', 'external reference'],
    ['hostile/entity.svg', 'doctype/entity'],
    ['hostile/huge-dims.svg', 'huge dimensions'],
    ['hostile/huge-dims.png', 'huge dimensions'],
    ['hostile/not-xml.svg', 'invalid image'],
    ['hostile/truncated.png', 'invalid image'],
    ['hostile/blank.svg', 'blank image'],
    ['hostile/garbage.svg', 'unsupported format'],
    ['BIG', 'file too large'],
    ['hostile/does-not-exist.png', 'missing file'],
  ];
  let report: BuildReport;
  const dataDir = path.join(tmp, 'hostile');

  beforeAll(async () => {
    const big = path.join(tmp, 'big.svg');
    fs.writeFileSync(
      big,
      `<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><!--${'x'.repeat(MAX_FILE_BYTES)}--></svg>`,
    );
    const lines = cases.map(([file], i) =>
      JSON.stringify({
        id: `case-${i}`,
        title: `Case ${file}`,
        image: file === 'BIG' ? big : path.join(FIXTURES, file),
      }),
    );
    lines.push(
      JSON.stringify({
        id: 'case-0',
        title: 'Same id again',
        image: path.join(FIXTURES, 'hostile/ok.svg'),
      }),
    );
    lines.push('{"id": "broken", ');
    const manifest = path.join(tmp, 'hostile.jsonl');
    fs.writeFileSync(manifest, lines.join('\n'));
    report = await buildIndex({ dataDir, sources: ['manifest'], manifestPath: manifest });
  });

  it('counts each reason', () => {
    expect(report.pins).toBe(1);
    expect(report.sources).toEqual({ manifest: 1 });
    expect(report.skipped).toEqual({
      'external reference': 4,
      'doctype/entity': 1,
      'huge dimensions': 2,
      'invalid image': 2,
      'blank image': 1,
      'unsupported format': 1,
      'file too large': 1,
      'missing file': 1,
      'duplicate id': 1,
      'invalid manifest line': 1,
    });
  });

  it('attributes every skip to its manifest line', () => {
    const expected: Record<string, SkipReason> = {};
    cases.forEach(([, reason], i) => {
      if (reason) expected[`hostile.jsonl:${i + 1}`] = reason;
    });
    expected[`hostile.jsonl:${cases.length + 1}`] = 'duplicate id';
    expected[`hostile.jsonl:${cases.length + 2}`] = 'invalid manifest line';
    expect(reasonsByRef(report)).toEqual(expected);
  });

  it('indexes the good file with its measured colour and clamped aspect', () => {
    const engine = openEngine({ dataDir });
    try {
      const pin = engine.getPin('case-0')!;
      expect(pin).toMatchObject({
        title: 'Case hostile/ok.svg',
        width: 236,
        height: 472,
        dominantColor: '#ff0000',
        palette: ['#ff0000'],
      });
      const hash = /\/thumbs\/([0-9a-f]{32})-236\.webp$/u.exec(pin.imageUrl)![1]!;
      expect(pin.imageUrl2x).toBe(`/thumbs/${hash}-472.webp`);
    } finally {
      engine.close();
    }
  });
});

describe('real openclipart files and the example manifest', () => {
  const dataDir = path.join(tmp, 'mixed');
  let report: BuildReport;
  const progress: string[] = [];

  beforeAll(async () => {
    report = await buildIndex({
      dataDir,
      sources: ['manifest', 'openclipart'],
      openclipartDir: path.join(FIXTURES, 'openclipart'),
      manifestPath: EXAMPLE_MANIFEST,
      onProgress: (p) => progress.push(p.phase),
    });
  });

  it('reports pins per source and skips', () => {
    expect(report.sources).toEqual({ openclipart: 6, manifest: 3 });
    expect(report.pins).toBe(9);
    expect(reasonsByRef(report)).toEqual({
      'electronics/navigation_display_panel_01.svg': 'no title',
      'animals/bugs/ant.svg': 'external reference',
    });
    // Inputs rejected by the static checks (ant.svg) never reach the renderer or its cache.
    expect(report.rendered + report.reused).toBe(9);
    expect(progress[0]).toBe('scan');
    expect(progress.at(-1)).toBe('write');
  });

  it('writes thumbnails of the recorded size', async () => {
    const engine = openEngine({ dataDir });
    try {
      for (const id of ['my-sunset', 'my-mountains', 'my-leaf']) {
        const pin = engine.getPin(id)!;
        const file1x = path.join(thumbsDir(dataDir), path.basename(pin.imageUrl));
        const file2x = path.join(thumbsDir(dataDir), path.basename(pin.imageUrl2x));
        const [m1, m2] = await Promise.all([sharp(file1x).metadata(), sharp(file2x).metadata()]);
        expect([m1.format, m1.width, m1.height]).toEqual(['webp', 236, pin.height]);
        expect([m2.format, m2.width, m2.height]).toEqual(['webp', 472, pin.height * 2]);
      }
      // 400×600 → 354; 600×400 → 157; leaf declared 400×600 in the manifest → cropped to 354.
      expect(
        ['my-sunset', 'my-mountains', 'my-leaf'].map((id) => engine.getPin(id)!.height),
      ).toEqual([354, 157, 354]);
      expect(engine.getPin('my-leaf')!.dominantColor).toBe('#f4f1e8');
      expect(engine.info()).toMatchObject({
        pins: 9,
        sources: { openclipart: 6, manifest: 3 },
        version: INDEX_VERSION,
      });
    } finally {
      engine.close();
    }
  });

  it('embeds each image once from pixels: a rebuild reads every embedding from the cache', async () => {
    const first = report.imageEmbeddings!;
    expect(first).toMatchObject({ version: IMAGE_ENCODER_VERSION, pins: 9, failed: 0 });
    expect(first.embedded).toBeGreaterThan(0);
    expect(first.embedded + first.cached).toBe(9);
    const again = await buildIndex({
      dataDir,
      sources: ['manifest', 'openclipart'],
      openclipartDir: path.join(FIXTURES, 'openclipart'),
      manifestPath: EXAMPLE_MANIFEST,
    });
    expect(again.imageEmbeddings).toMatchObject({ pins: 9, embedded: 0, cached: 9 });
    const db = new Database(indexPath(dataDir), { readonly: true });
    try {
      const stored = readImageEmbeddings(db)!;
      expect(stored.version).toBe(IMAGE_ENCODER_VERSION);
      expect(new Set(stored.ids)).toEqual(new Set(db.prepare('SELECT id FROM pins').pluck().all()));
    } finally {
      db.close();
    }
  });

  it('replaces the index atomically and leaves no temp files', () => {
    expect(fs.readdirSync(path.dirname(indexPath(dataDir))).sort()).toEqual([
      'inspo.sqlite',
      'pins-visual.usearch',
      'pins.usearch',
    ]);
    expect(fs.readdirSync(thumbsDir(dataDir)).filter((f) => f.includes('.tmp-'))).toEqual([]);
  });
});

describe('the generated source', () => {
  const dataDir = path.join(tmp, 'generated');
  let report: BuildReport;

  beforeAll(async () => {
    // A manifest pin that took a generated id: the generated one is skipped, counted.
    const manifest = path.join(tmp, 'gen.jsonl');
    fs.writeFileSync(
      manifest,
      JSON.stringify({ id: 'gen-3-5', title: 'Mine', image: path.join(FIXTURES, 'hostile/ok.svg') }),
    );
    report = await buildIndex({
      dataDir,
      sources: ['manifest', 'generated'],
      manifestPath: manifest,
      generated: { count: 300, seed: 3 },
    });
  });

  it('streams exactly the pins asked for, minus ids already taken', () => {
    expect(report.sources).toEqual({ manifest: 1, generated: 299 });
    expect(report.pins).toBe(300);
    expect(reasonsByRef(report)).toEqual({ 'gen-3-5': 'duplicate id' });
    // 60 shared placeholders plus the manifest's image, never one image per pin.
    expect(report.rendered + report.reused).toBe(61);
    expect(fs.readdirSync(thumbsDir(dataDir)).filter((f) => f.endsWith('.webp'))).toHaveLength(122);
    // Placeholders say nothing about a pin: only the manifest pin's own image is embedded.
    expect(report.imageEmbeddings).toMatchObject({ pins: 1 });
  });

  it('indexes pins labelled as generated, searchable, with a placeholder thumbnail', () => {
    const engine = openEngine({ dataDir });
    try {
      expect(engine.getPin('gen-3-5')!.title).toBe('Mine');
      const pin = engine.getPin('gen-3-0')!;
      expect(pin.source.name).toBe('generated');
      expect(pin.source.attribution).toBe("Generated by Inspo's seeded corpus generator (seed 3)");
      expect(pin.license.name).toBe('CC0 1.0 (synthetic data)');
      expect(pin.imageUrl).toMatch(/^\/thumbs\/[0-9a-f]{32}-236\.webp$/u);
      expect(engine.search({ q: 'art', refine: [], offset: 0, limit: 5 }).total).toBeGreaterThan(50);
      expect(engine.info().sources).toEqual({ manifest: 1, generated: 299 });
    } finally {
      engine.close();
    }
  });

  it('needs a pin count', async () => {
    await expect(buildIndex({ dataDir, sources: ['generated'] })).rejects.toThrow('needs a pin count');
  });
});

describe('defaultSources', () => {
  it.each<[Record<string, string>, string, string[]]>([
    [{}, '/nonexistent', ['openmoji']],
    [{}, FIXTURES, ['openmoji', 'openclipart']],
    [{ INSPO_SOURCES: 'openclipart' }, FIXTURES, ['openclipart']],
    [{ INSPO_MANIFEST: 'x.jsonl' }, '/nonexistent', ['openmoji', 'manifest']],
    [{ INSPO_GENERATED: '1000' }, '/nonexistent', ['openmoji', 'generated']],
    [{ INSPO_SOURCES: 'generated', INSPO_GENERATED: '10' }, FIXTURES, ['generated']],
    [
      { INSPO_SOURCES: ' manifest , openmoji ', INSPO_MANIFEST: 'x.jsonl' },
      '/nonexistent',
      ['manifest', 'openmoji'],
    ],
  ])('%j with openclipart at %s → %j', (env, dir, expected) => {
    // The demo sources are absent here (their own cases below).
    expect(defaultSources(env, dir, { sweethome3dDir: '/nonexistent', meteocons: false })).toEqual(
      expected,
    );
  });

  it('adds the demo shop and the demo videos after the first source, where they can be built', () => {
    // Debian's sweethome3d-furniture installed; Meteocons recordable (package, Chromium, ffmpeg).
    expect(defaultSources({}, FIXTURES, { sweethome3dDir: FIXTURES, meteocons: true })).toEqual([
      'openmoji',
      'openclipart',
      'sweethome3d',
      'meteocons',
    ]);
    expect(
      defaultSources({}, '/nonexistent', { sweethome3dDir: '/nonexistent', meteocons: true }),
    ).toEqual(['openmoji', 'meteocons']);
    // A fresh clone serves the first source first; these stay in the background build.
    expect(
      defaultSources({}, '/nonexistent', { sweethome3dDir: FIXTURES, meteocons: false })[0],
    ).toBe('openmoji');
    expect(
      defaultSources({ INSPO_SOURCES: 'meteocons' }, FIXTURES, {
        sweethome3dDir: FIXTURES,
        meteocons: true,
      }),
    ).toEqual(['meteocons']);
  });

  it('knows whether Meteocons can be recorded: it needs a Chromium and ffmpeg', () => {
    expect(meteoconsAvailable({ ...process.env, INSPO_CHROMIUM: '/nonexistent/chromium' })).toBe(
      false,
    );
    expect(meteoconsAvailable({ ...process.env, INSPO_FFMPEG: '/nonexistent/ffmpeg' })).toBe(false);
    // This machine and CI have both (.ci/run installs chromium and ffmpeg).
    expect(meteoconsAvailable(process.env)).toBe(true);
  });

  it('rejects unknown source names', () => {
    expect(() => defaultSources({ INSPO_SOURCES: 'openmoji,flickr' })).toThrow(
      'Unknown source "flickr"',
    );
  });
});
