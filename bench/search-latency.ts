/**
 * Search latency: a fixed, seeded list of queries drawn from each index's own vocabulary
 * (tags and title words), each run several times against the engine directly and through
 * HTTP on loopback (the real Fastify app, one request in flight at a time). Reports
 * p50/p95/p99 per corpus. Writes bench/results/search-latency.json.
 *
 * Indexes are built under data/bench/<corpus>; later runs reuse their thumbnails, so only
 * the first run pays for rasterizing. `tsx bench/search-latency.ts` (or `npm run bench`).
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { API_PREFIX, DEFAULT_PAGE_SIZE } from '@/contract/api';
import { openSearchService } from '@/server/service/search-service';
import type { SearchEngine } from '@/server/engine/types';
import { createServer } from '@/server/http/create-server';
import { buildIndex } from '@/server/ingest/build-index';
import type { SourceName } from '@/server/ingest/types';
import { drawQueries } from './lib/draw-queries';
import { writeResult } from './lib/results';
import { summarize } from './lib/stats';

const OPENCLIPART_DIR = '/usr/share/openclipart/svg';
const BENCH_DATA_ROOT = path.resolve('data', 'bench');
const QUERY_COUNT = 200;
/** Timed passes over the whole list, after one untimed warm-up pass. */
const REPEATS = 5;
const SEED = 20_250_601;

interface Corpus {
  name: string;
  sources: SourceName[];
}

const CORPORA: Corpus[] = [
  { name: 'openmoji', sources: ['openmoji'] },
  ...(existsSync(OPENCLIPART_DIR)
    ? [{ name: 'openmoji+openclipart', sources: ['openmoji', 'openclipart'] as SourceName[] }]
    : []),
];

type Timer = (q: string) => Promise<number>;

async function timeAll(queries: string[], timeOne: Timer): Promise<number[]> {
  for (const q of queries) await timeOne(q); // warm-up: JIT, SQLite page cache
  const samples: number[] = [];
  for (let pass = 0; pass < REPEATS; pass++) {
    for (const q of queries) samples.push(await timeOne(q));
  }
  return samples;
}

function engineTimer(engine: SearchEngine): Timer {
  return async (q) => {
    const started = performance.now();
    engine.search({ q, refine: [], offset: 0, limit: DEFAULT_PAGE_SIZE });
    return performance.now() - started;
  };
}

function httpTimer(baseUrl: string, bytes: number[]): Timer {
  return async (q) => {
    const url = `${baseUrl}${API_PREFIX}/search?${new URLSearchParams({ q })}`;
    const started = performance.now();
    const response = await fetch(url);
    const body = await response.arrayBuffer();
    const elapsed = performance.now() - started;
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    bytes.push(body.byteLength);
    return elapsed;
  };
}

async function benchCorpus({ name, sources }: Corpus) {
  const dataDir = path.join(BENCH_DATA_ROOT, name);
  console.log(`${name}: building the index in ${dataDir}`);
  const report = await buildIndex({ dataDir, sources });
  const queries = drawQueries(dataDir, QUERY_COUNT, SEED);

  // First-seen searches: no result cache, as before; refinement chips are mined as the API does.
  const engine = openSearchService({ dataDir, resultCache: false });
  let served: SearchEngine | null = null;
  try {
    let hits = 0;
    for (const q of queries) {
      if (engine.search({ q, refine: [], offset: 0, limit: 1 }).total > 0) hits++;
    }
    const engineSamples = await timeAll(queries, engineTimer(engine));

    // A fresh service for HTTP, so its chip cache has not seen the queries either.
    served = openSearchService({ dataDir, resultCache: false });
    const app = createServer({ engine: served, distDir: null, thumbsDir: null, rateLimit: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    const bytes: number[] = [];
    let httpSamples: number[];
    try {
      httpSamples = await timeAll(queries, httpTimer(`http://127.0.0.1:${port}`, bytes));
    } finally {
      await app.close();
    }

    const result = {
      corpus: name,
      pins: report.pins,
      queries: queries.length,
      queriesWithResults: hits,
      sampleQueries: queries.slice(0, 20),
      engineMs: summarize(engineSamples),
      httpMs: summarize(httpSamples),
      httpMeanResponseBytes: Math.round(bytes.reduce((a, b) => a + b, 0) / bytes.length),
    };
    console.log(
      `${name}: engine p50 ${result.engineMs.p50} ms p95 ${result.engineMs.p95} ms; ` +
        `http p50 ${result.httpMs.p50} ms p95 ${result.httpMs.p95} ms`,
    );
    return result;
  } finally {
    engine.close();
    served?.close();
  }
}

const corpora = [];
for (const corpus of CORPORA) corpora.push(await benchCorpus(corpus));

const file = writeResult('search-latency', {
  description:
    `First page (limit ${DEFAULT_PAGE_SIZE}) of ${QUERY_COUNT} distinct seeded queries ` +
    `(seed ${SEED}) from each index's tags and title words, ${REPEATS} timed passes after one ` +
    'warm-up pass. engine = SearchEngine.search() in process; http = GET /api/v1/search on ' +
    '127.0.0.1 through the real Fastify app (compression on, rate limit off), one request at a ' +
    'time, timed until the whole body is read.',
  notes: [
    'Measured on a shared development machine: other processes may have competed for the CPUs.',
  ],
  seed: SEED,
  repeats: REPEATS,
  corpora,
});
console.log(`wrote ${file}`);
