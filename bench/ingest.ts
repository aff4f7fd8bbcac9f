/**
 * Ingest benchmark: full builds of each corpus into a temp data dir, cold (empty thumbnail
 * cache: every image is rasterized) and warm (a second build over unchanged input, which
 * reuses the content-addressed thumbnails). Writes bench/results/ingest.json.
 *
 * `tsx bench/ingest.ts` (or `npm run bench`). Not run in CI: it takes minutes.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildIndex } from '@/server/ingest/build-index';
import type { BuildReport, SourceName } from '@/server/ingest/types';
import { writeResult } from './lib/results';
import { median } from './lib/stats';

const OPENCLIPART_DIR = '/usr/share/openclipart/svg';

interface Plan {
  corpus: SourceName;
  /** Cold runs each rasterize the whole corpus; OpenClipart's take minutes, so it gets one. */
  coldRuns: number;
  warmRuns: number;
}

const PLANS: Plan[] = [
  { corpus: 'openmoji', coldRuns: 3, warmRuns: 3 },
  ...(existsSync(OPENCLIPART_DIR)
    ? [{ corpus: 'openclipart' as const, coldRuns: 1, warmRuns: 3 }]
    : []),
];

interface Run {
  ms: number;
  pins: number;
  rendered: number;
  reused: number;
  skipped: number;
  dbBytes: number;
}

const toRun = (report: BuildReport, ms: number): Run => ({
  ms: Math.round(ms),
  pins: report.pins,
  rendered: report.rendered,
  reused: report.reused,
  skipped: report.skippedItems.length,
  dbBytes: report.dbBytes,
});

async function timedBuild(dataDir: string, corpus: SourceName): Promise<Run> {
  const started = performance.now();
  const report = await buildIndex({ dataDir, sources: [corpus] });
  return toRun(report, performance.now() - started);
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

const corpora = [];
for (const plan of PLANS) corpora.push(await benchCorpus(plan));

const file = writeResult('ingest', {
  description:
    'Full index builds per corpus into a fresh temp data dir. cold = empty thumbnail cache ' +
    '(every image rasterized to 236 and 472 px WebP); warm = rebuild over unchanged input ' +
    '(thumbnails reused). Times are wall clock of buildIndex() in one Node process.',
  notes: [
    'openclipart cold is a single run (it takes minutes); its median is that run.',
    ...(existsSync(OPENCLIPART_DIR)
      ? []
      : [`${OPENCLIPART_DIR} missing: openclipart not measured.`]),
    'Measured on a shared development machine: other processes may have competed for the CPUs.',
  ],
  corpora,
});
console.log(`wrote ${file}`);
