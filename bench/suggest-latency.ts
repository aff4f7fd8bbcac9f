/**
 * Suggest latency against its budget: server suggest p95 ≤ 5 ms at 500 requests/s.
 *
 * Keystrokes are simulated from a seeded list of target queries drawn from each index's own
 * vocabulary (tags and title words, as search-latency.ts draws them): every prefix of every
 * target as it is typed, plus, for words of 5+ letters, the same prefixes with two neighbouring
 * letters swapped (typo path). Two measurements per corpus:
 *   - in process: Suggester.suggest() per keystroke (µs), exact and typo prefixes apart;
 *   - HTTP: GET /api/v1/suggest against the real Fastify app in a CHILD process, driven
 *     open-loop at TARGET_RPS for DURATION_S (requests leave on schedule whether or not earlier
 *     ones have answered; latency counts from the scheduled send, so a stall is not hidden).
 * Also the time to build the completion index at server start. Writes
 * bench/results/suggest-latency.json. `tsx bench/suggest-latency.ts`.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { API_PREFIX } from '@/contract/api';
import { openSearchService } from '@/server/service/search-service';
import { indexPath } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { buildIndex } from '@/server/ingest/build-index';
import { ensureTestIndex } from '@/server/ingest/test-index';
import type { SourceName } from '@/server/ingest/types';
import { buildVocabularyIndex } from '@/server/suggest/build-vocabulary-index';
import { QueryLog } from '@/server/suggest/query-log';
import { Suggester } from '@/server/suggest/suggester';
import { drawQueries } from './lib/draw-queries';
import { writeResult } from './lib/results';
import { summarize } from './lib/stats';

const OPENCLIPART_DIR = '/usr/share/openclipart/svg';
const BENCH_DATA_ROOT = path.resolve('data', 'bench');
const SEED = 20_251_125;
const TARGET_COUNT = 200;
const TYPO_MIN_LENGTH = 5;
const IN_PROCESS_REPEATS = 5;
const BUILD_REPEATS = 3;
const TARGET_RPS = 500;
const DURATION_S = 10;
const WARMUP_S = 2;
const LIMIT = 8;
const BUDGET_P95_MS = 5;

interface Corpus {
  name: string;
  dataDir: () => Promise<string>;
}

/** The default corpus (OpenMoji) is the test index; the full one is built like search-latency's. */
const CORPORA: Corpus[] = [
  { name: 'openmoji', dataDir: () => ensureTestIndex() },
  ...(existsSync(OPENCLIPART_DIR)
    ? [
        {
          name: 'openmoji+openclipart',
          dataDir: async () => {
            const dataDir = path.join(BENCH_DATA_ROOT, 'openmoji+openclipart');
            const sources: SourceName[] = ['openmoji', 'openclipart'];
            if (!existsSync(indexPath(dataDir))) await buildIndex({ dataDir, sources });
            return dataDir;
          },
        },
      ]
    : []),
];

/** Every prefix as typed; typo prefixes swap the 2nd and 3rd letters of a long-enough word. */
function keystrokes(targets: string[]): { exact: string[]; typo: string[] } {
  const exact: string[] = [];
  const typo: string[] = [];
  for (const target of targets) {
    for (let n = 1; n <= target.length; n++) exact.push(target.slice(0, n));
    if (target.length >= TYPO_MIN_LENGTH) {
      const swapped = target[0]! + target[2]! + target[1]! + target.slice(3);
      for (let n = TYPO_MIN_LENGTH; n <= swapped.length; n++) typo.push(swapped.slice(0, n));
    }
  }
  return { exact, typo };
}

function timeInProcess(suggester: Suggester, prefixes: string[]): number[] {
  for (const q of prefixes) suggester.suggest({ q, limit: LIMIT });
  const samples: number[] = [];
  for (let pass = 0; pass < IN_PROCESS_REPEATS; pass++) {
    for (const q of prefixes) {
      const started = performance.now();
      suggester.suggest({ q, limit: LIMIT });
      samples.push((performance.now() - started) * 1000);
    }
  }
  return samples;
}

/** Child process: serve dataDir on a free port, report it, run until killed. */
async function serveChild(dataDir: string): Promise<void> {
  const { createSuggestService } = await import('@/server/suggest/suggest-service');
  const engine = openSearchService({ dataDir });
  const suggest = createSuggestService({ dataDir, stateDir: path.join(dataDir, 'bench-state') });
  const app = createServer({ engine, suggest, distDir: null, thumbsDir: null, rateLimit: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
}

async function startChild(dataDir: string): Promise<{ port: number; stop: () => void }> {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', dataDir], {
    execArgv: ['--import', 'tsx'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (m: { port: number }) => resolve(m.port));
    child.once('exit', (code) => reject(new Error(`server exited (${code})`)));
  });
  return { port, stop: () => child.kill() };
}

/** Open loop: request i leaves at start + i/rps; latency runs from that scheduled time. */
async function openLoop(
  port: number,
  prefixes: string[],
  seconds: number,
): Promise<{ latencies: number[]; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const total = Math.round(TARGET_RPS * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const scheduled = start + (i * 1000) / TARGET_RPS;
    const wait = scheduled - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const q = prefixes[i % prefixes.length]!;
    pending.push(
      new Promise<void>((resolve) => {
        const req = http.get(
          {
            host: '127.0.0.1',
            port,
            agent,
            path: `${API_PREFIX}/suggest?${new URLSearchParams({ q, limit: String(LIMIT) })}`,
          },
          (res) => {
            res.resume();
            res.on('end', () => {
              if (res.statusCode === 200) latencies.push(performance.now() - scheduled);
              else errors++;
              resolve();
            });
          },
        );
        req.on('error', () => {
          errors++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(pending);
  agent.destroy();
  return { latencies, errors };
}

async function benchCorpus(corpus: Corpus) {
  const dataDir = await corpus.dataDir();
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const builds = Array.from({ length: BUILD_REPEATS }, () => buildVocabularyIndex(db));
  db.close();
  const { index, report } = builds[builds.length - 1]!;
  const suggester = new Suggester({ vocabulary: index, queryLog: new QueryLog({ file: null }) });

  const targets = drawQueries(dataDir, TARGET_COUNT, SEED);
  const { exact, typo } = keystrokes(targets);
  const exactUs = summarize(timeInProcess(suggester, exact));
  const typoUs = summarize(timeInProcess(suggester, typo));
  const mixed = [...exact, ...typo];

  const server = await startChild(dataDir);
  let load;
  try {
    await openLoop(server.port, mixed, WARMUP_S);
    load = await openLoop(server.port, mixed, DURATION_S);
  } finally {
    server.stop();
  }
  const httpMs = summarize(load.latencies);
  const result = {
    corpus: corpus.name,
    pins: report.pins,
    completions: report.completions,
    entries: report.entries,
    buildMs: builds.map((b) => b.report.buildMs),
    targets: targets.length,
    sampleTargets: targets.slice(0, 10),
    keystrokes: { exact: exact.length, typo: typo.length },
    inProcessUs: { exact: exactUs, typo: typoUs },
    http: {
      rps: TARGET_RPS,
      seconds: DURATION_S,
      requests: load.latencies.length + load.errors,
      errors: load.errors,
      latencyMs: httpMs,
    },
    withinBudget: httpMs.p95 <= BUDGET_P95_MS,
  };
  console.log(
    `${corpus.name}: build ${result.buildMs.join('/')} ms; in-process p50/p95 exact ${exactUs.p50}/${exactUs.p95} µs, ` +
      `typo ${typoUs.p50}/${typoUs.p95} µs; HTTP @${TARGET_RPS} rps p50 ${httpMs.p50} ms p95 ${httpMs.p95} ms p99 ${httpMs.p99} ms`,
  );
  return result;
}

if (process.argv[2] === '--serve') {
  await serveChild(process.argv[3]!);
} else {
  const corpora = [];
  for (const corpus of CORPORA) corpora.push(await benchCorpus(corpus));
  const file = writeResult('suggest-latency', {
    description:
      `Keystrokes: every prefix of ${TARGET_COUNT} seeded target queries (seed ${SEED}) from each index's tags and ` +
      `title words, plus typo prefixes (2nd/3rd letters swapped, words of ${TYPO_MIN_LENGTH}+ letters). ` +
      `inProcessUs: Suggester.suggest(limit ${LIMIT}) per keystroke in µs, ${IN_PROCESS_REPEATS} passes after a warm-up. ` +
      `http: GET /api/v1/suggest on 127.0.0.1 against the real Fastify app in a child process, open loop at ` +
      `${TARGET_RPS} requests/s for ${DURATION_S} s after ${WARMUP_S} s of warm-up, latency from each request's ` +
      `scheduled send to the end of its body. buildMs: completion index build at server start (${BUILD_REPEATS} runs). ` +
      `Budget: p95 ≤ ${BUDGET_P95_MS} ms.`,
    notes: [
      'Load generator and server share the machine (2 cores here): client work inflates the HTTP figures.',
      'Measured on a shared development machine: other processes may have competed for the CPUs.',
    ],
    seed: SEED,
    corpora,
  });
  console.log(`wrote ${file}`);
}
