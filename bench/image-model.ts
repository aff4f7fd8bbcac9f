/**
 * The image model's figures (src/server/visual/image-model, ingest/image-embedding.ts,
 * visual/tag-head.ts): writes bench/results/image-model.json.
 *
 * - file: bytes of the exported ONNX file (and gzipped, what a compressing server sends);
 * - node: embedding time per image with onnxruntime-node (decode + resize + run + normalise), the
 *   median over REPEATS runs of each of WARM_IMAGES images, with 1 intra-op thread (what the
 *   ingest uses, two images at a time) and with 2;
 * - ingest: the cost side by side, in one process on the same images, of what a cold build already
 *   does per image (render to thumbnails + colours + perceptual features: thumbnails.ts) and of
 *   what embedding adds; with the build's count of images this extrapolates a cold build;
 * - int8: how much direction the stored int8 code keeps (cosine with the float embedding);
 * - tagHead: the predicted-tag head's figures as the build recorded them (meta `tagHead`) for each
 *   index named with `--index <data dir>` (repeatable).
 *
 * `tsx bench/image-model.ts [--images 120] [--index /tmp/x-default --index data/test-index]`.
 * Load average before and after is recorded: the machine is shared.
 */
import { gzipSync } from 'node:zlib';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import { thumbFileName, thumbsDir, indexPath } from '@/server/engine/schema';
import { configureSharpForBatch, openThumbnailStore } from '@/server/ingest/thumbnails';
import {
  imageEmbeddingCode,
  readImageEmbeddings,
  unitFromImageCode,
} from '@/server/visual/image-embeddings';
import { ensureImageEncoder, openImageEncoder } from '@/server/visual/image-model/image-encoder';
import { writeResult } from './lib/results';
import { median, percentile } from './lib/stats';

const OPENCLIPART_DIR = '/usr/share/openclipart/svg';
const WARM_IMAGES = 30;
const REPEATS = 5;

function args(name: string): string[] {
  const out: string[] = [];
  process.argv.forEach((a, i) => {
    if (a === name && process.argv[i + 1]) out.push(process.argv[i + 1]!);
  });
  return out;
}
const imageCount = Number(args('--images')[0] ?? 120);

/** Every k-th file of a folder tree, sorted, so the sample is the same in every run. */
function sample(dir: string, count: number, ext: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs
      .readdirSync(d, { withFileTypes: true })
      .sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name.endsWith(ext)) files.push(p);
    }
  };
  if (!fs.existsSync(dir)) return [];
  walk(dir);
  const step = Math.max(1, Math.floor(files.length / count));
  return files.filter((_, i) => i % step === 0).slice(0, count);
}

const openmojiDir = path.join(
  path.dirname(createRequire(import.meta.url).resolve('openmoji/package.json')),
  'color',
  'svg',
);
const haveClipart = fs.existsSync(OPENCLIPART_DIR);
const inputs = [
  ...sample(openmojiDir, haveClipart ? imageCount / 2 : imageCount, '.svg'),
  ...(haveClipart ? sample(OPENCLIPART_DIR, imageCount / 2, '.svg') : []),
];

const loadBefore = os.loadavg();
const modelFile = ensureImageEncoder().path;
const modelBytes = fs.statSync(modelFile).size;
const modelGzip = gzipSync(fs.readFileSync(modelFile), { level: 9 }).length;

// Side by side: render (cold store) then embed, image by image, in one process.
configureSharpForBatch();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-image-model-bench-'));
const store = await openThumbnailStore({ dataDir: tmp });
const encoder = await openImageEncoder({ threads: 1 });
const renderMs: number[] = [];
const embedMs: number[] = [];
const int8Cosines: number[] = [];
const hashes: string[] = [];
for (const file of inputs) {
  const bytes = fs.readFileSync(file);
  let t = performance.now();
  const result = await store.ensure(bytes);
  const rendered = performance.now() - t;
  if ('skip' in result.outcome) continue;
  const hash = result.outcome.visual.hash;
  t = performance.now();
  const thumb = fs.readFileSync(path.join(thumbsDir(tmp), thumbFileName(hash, 1)));
  const unit = await encoder.embed(thumb);
  embedMs.push(performance.now() - t);
  renderMs.push(rendered);
  hashes.push(hash);
  if (unit) {
    const back = unitFromImageCode(imageEmbeddingCode(unit));
    int8Cosines.push(unit.reduce((s, v, i) => s + v * back[i]!, 0));
  }
}
await encoder.close();

// Warm per-image time, 1 and 2 intra-op threads.
async function perImage(threads: number): Promise<{ medianMs: number; p90Ms: number }> {
  const enc = await openImageEncoder({ threads });
  const perImageMedians: number[] = [];
  const thumbs = hashes
    .slice(0, WARM_IMAGES)
    .map((h) => fs.readFileSync(path.join(thumbsDir(tmp), thumbFileName(h, 1))));
  await enc.embed(thumbs[0]!); // first run: arena, kernels
  for (const thumb of thumbs) {
    const runs: number[] = [];
    for (let r = 0; r < REPEATS; r++) {
      const t = performance.now();
      await enc.embed(thumb);
      runs.push(performance.now() - t);
    }
    perImageMedians.push(median(runs));
  }
  await enc.close();
  return { medianMs: median(perImageMedians), p90Ms: percentile(perImageMedians, 90) };
}
const oneThread = await perImage(1);
const twoThreads = await perImage(2);
fs.rmSync(tmp, { recursive: true, force: true });

const tagHeads = args('--index').map((dataDir) => {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  try {
    const meta = (key: string) =>
      db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined;
    const embeddings = readImageEmbeddings(db);
    const suggested = db.prepare('SELECT count(*) FROM pin_suggested_tags').pluck().get() as number;
    const untagged = db
      .prepare("SELECT count(*) FROM pins WHERE tags = '[]'")
      .pluck()
      .get() as number;
    const sources = Object.keys(JSON.parse(meta('sources') ?? '{}') as Record<string, number>).sort();
    return {
      dataDir,
      corpus: sources.join('+') === 'openmoji' ? 'openmoji (test index)' : sources.join('+'),
      pins: Number(meta('pins')),
      pinsWithImageEmbedding: embeddings?.ids.length ?? 0,
      pinsWithSuggestedTags: suggested,
      pinsWithoutTags: untagged,
      buildMs: Number(meta('buildMs')),
      tagHead: meta('tagHead') ? (JSON.parse(meta('tagHead')!) as unknown) : null,
    };
  } finally {
    db.close();
  }
});

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const result = {
  file: { path: path.relative(process.cwd(), modelFile), bytes: modelBytes, gzipBytes: modelGzip },
  node: {
    runtime: 'onnxruntime-node 1.30.0, CPU EP',
    images: Math.min(WARM_IMAGES, hashes.length),
    repeats: REPEATS,
    oneThread,
    twoThreads,
  },
  ingest: {
    images: renderMs.length,
    sources: haveClipart
      ? 'OpenMoji + OpenClipart SVGs, every k-th file'
      : 'OpenMoji SVGs, every k-th file',
    renderMsMedian: median(renderMs),
    embedMsMedian: median(embedMs),
    renderMsTotal: Math.round(sum(renderMs)),
    embedMsTotal: Math.round(sum(embedMs)),
    /** What embedding adds to a cold build's per-image work. */
    embedShareOfRender: sum(embedMs) / sum(renderMs),
  },
  int8: {
    images: int8Cosines.length,
    cosineMedian: median(int8Cosines),
    cosineMin: Math.min(...int8Cosines),
  },
  tagHeads,
  /** 1-minute load average at the start and the end (the machine is shared). */
  loadAverage: { before: +loadBefore[0]!.toFixed(2), after: +os.loadavg()[0]!.toFixed(2) },
};
console.log(JSON.stringify(result, null, 2));
console.log(`wrote ${writeResult('image-model', result)}`);
