/**
 * Ingest benchmark: full builds of each corpus into a temp data dir, cold (empty thumbnail
 * cache: every image is rasterized) and warm (a second build over unchanged input, which
 * reuses the content-addressed thumbnails). Writes bench/results/ingest.json.
 *
 * `tsx bench/ingest.ts` (or `npm run bench`). Not run in CI: it takes minutes.
 * `--corpus sweethome3d,meteocons` measures only those corpora and keeps the others' figures
 * already in the results file; `--limit N` (a dry run of the script, never written) indexes N
 * items of each.
 *
 * Sizes on disk are the build's own: the index file, the thumbnails and, for video pins, the media
 * folder the server serves and the recorded-clip cache (data/cache/clips).
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mediaDir } from '@/server/engine/pin-media';
import { thumbsDir } from '@/server/engine/schema';
import { clipCacheDir } from '@/server/ingest/animation-recorder';
import { buildIndex, meteoconsAvailable } from '@/server/ingest/build-index';
import { DEFAULT_SWEETHOME3D_DIR } from '@/server/ingest/sources/sweethome3d';
import type { BuildReport, SourceName } from '@/server/ingest/types';
import { RESULTS_DIR, writeResult } from './lib/results';
import { median } from './lib/stats';

const OPENCLIPART_DIR = '/usr/share/openclipart/svg';

interface Plan {
  corpus: SourceName;
  /** Cold runs each rasterize the whole corpus; OpenClipart's take minutes, so it gets one. */
  coldRuns: number;
  warmRuns: number;
}

const ALL_PLANS: Plan[] = [
  { corpus: 'openmoji', coldRuns: 3, warmRuns: 3 },
  ...(existsSync(OPENCLIPART_DIR)
    ? [{ corpus: 'openclipart' as const, coldRuns: 1, warmRuns: 3 }]
    : []),
  // The demo sources: the shop's icons render quickly; the videos are recorded in
  // headless Chromium, minutes cold, so one cold run.
  ...(existsSync(DEFAULT_SWEETHOME3D_DIR)
    ? [{ corpus: 'sweethome3d' as const, coldRuns: 1, warmRuns: 3 }]
    : []),
  ...(meteoconsAvailable() ? [{ corpus: 'meteocons' as const, coldRuns: 1, warmRuns: 3 }] : []),
];

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i === -1 ? undefined : process.argv[i + 1];
}
const only = argValue('--corpus')
  ?.split(',')
  .map((s) => s.trim());
const limitArg = argValue('--limit');
const limit = limitArg === undefined ? undefined : Number(limitArg);
if (limit !== undefined && !(Number.isInteger(limit) && limit > 0))
  throw new Error('--limit takes a positive integer');
const PLANS = only ? ALL_PLANS.filter((p) => only.includes(p.corpus)) : ALL_PLANS;
if (only && PLANS.length !== only.length)
  throw new Error(`--corpus: not all of ${only.join(', ')} can be measured here`);

/** Bytes of the files directly in a folder (0 when there is none). */
function folderBytes(dir: string): number {
  if (!existsSync(dir)) return 0;
  return readdirSync(dir).reduce((sum, name) => {
    const stat = statSync(path.join(dir, name));
    return stat.isFile() ? sum + stat.size : sum;
  }, 0);
}

interface Run {
  ms: number;
  pins: number;
  rendered: number;
  reused: number;
  skipped: number;
  dbBytes: number;
  thumbsBytes: number;
  /** Clips and captions the server serves (video pins). */
  mediaBytes: number;
  /** Clips recorded from animations, kept so an unchanged icon is never recorded again. */
  clipCacheBytes: number;
  recorded?: BuildReport['recorded'];
  typed?: BuildReport['typed'];
}

const toRun = (report: BuildReport, ms: number, dataDir: string): Run => ({
  ms: Math.round(ms),
  pins: report.pins,
  rendered: report.rendered,
  reused: report.reused,
  skipped: report.skippedItems.length,
  dbBytes: report.dbBytes,
  thumbsBytes: folderBytes(thumbsDir(dataDir)),
  mediaBytes: folderBytes(mediaDir(dataDir)),
  clipCacheBytes: folderBytes(clipCacheDir(dataDir)),
  ...(report.recorded ? { recorded: report.recorded } : {}),
  ...(report.typed ? { typed: report.typed } : {}),
});

async function timedBuild(dataDir: string, corpus: SourceName): Promise<Run> {
  const started = performance.now();
  const report = await buildIndex({ dataDir, sources: [corpus], ...(limit ? { limit } : {}) });
  return toRun(report, performance.now() - started, dataDir);
}

async function benchCorpus({ corpus, coldRuns, warmRuns }: Plan) {
  const cold: Run[] = [];
  const warm: Run[] = [];
  for (let i = 0; i < coldRuns; i++) {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), `inspo-bench-ingest-${corpus}-`));
    try {
      cold.push(await timedBuild(dataDir, corpus));
      console.log(`${corpus} cold #${i + 1}: ${cold.at(-1)?.ms} ms`);
      // Warm runs reuse the thumbnails of the last cold run.
      if (i === coldRuns - 1) {
        for (let j = 0; j < warmRuns; j++) {
          warm.push(await timedBuild(dataDir, corpus));
          console.log(`${corpus} warm #${j + 1}: ${warm.at(-1)?.ms} ms`);
        }
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }
  return {
    corpus,
    pins: cold[0]?.pins ?? 0,
    cold: { runs: cold.length, medianMs: median(cold.map((r) => r.ms)), samples: cold },
    warm: { runs: warm.length, medianMs: median(warm.map((r) => r.ms)), samples: warm },
  };
}

const loadBefore = os.loadavg()[0]!;
const measured = [];
for (const plan of PLANS) {
  const started = new Date().toISOString();
  const load = os.loadavg()[0]!;
  measured.push({
    ...(await benchCorpus(plan)),
    measuredAt: started,
    loadAverage1m: { start: load, end: os.loadavg()[0]! },
  });
}
if (limit) {
  console.log(JSON.stringify(measured, null, 2));
  console.log(`--limit ${limit}: a dry run, nothing written`);
  process.exit(0);
}

// With --corpus, the corpora not measured now keep their figures (and their dates).
const previous = (() => {
  try {
    return (
      (
        JSON.parse(readFileSync(path.join(RESULTS_DIR, 'ingest.json'), 'utf8')) as {
          corpora?: { corpus: string }[];
        }
      ).corpora ?? []
    );
  } catch {
    return [];
  }
})();
const corpora = only
  ? [...previous.filter((c) => !only.includes(c.corpus)), ...measured]
  : measured;

const file = writeResult('ingest', {
  description:
    'Full index builds per corpus into a fresh temp data dir. cold = empty thumbnail cache ' +
    '(every image rasterized to 236 and 472 px WebP); warm = rebuild over unchanged input ' +
    '(thumbnails reused). Times are wall clock of buildIndex() in one Node process.',
  notes: [
    'openclipart, sweethome3d and meteocons cold are single runs (minutes each); the median is that run.',
    'meteocons cold includes recording every clip in headless Chromium (animation-recorder.ts); warm finds them all in data/cache/clips.',
    ...(only
      ? [
          `This run measured ${only.join(', ')} (load average ${loadBefore.toFixed(1)} at its start); the other corpora's entries are from earlier runs (entries without measuredAt: the file's machine date).`,
        ]
      : []),
    ...(existsSync(OPENCLIPART_DIR)
      ? []
      : [`${OPENCLIPART_DIR} missing: openclipart not measured.`]),
    'Measured on a shared development machine: other processes may have competed for the CPUs.',
  ],
  corpora,
});
console.log(`wrote ${file}`);
