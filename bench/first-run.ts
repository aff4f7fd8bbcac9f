/**
 * The first run of a fresh clone, timed from the end of `npm install`: how long until `npm start`
 * answers a search for "cat" with results, and until the complete default index (OpenMoji, plus
 * OpenClipart where Debian's package is installed) is built and swapped in (/api/health's
 * `indexing.state` is `done`).
 *
 * Each run clones this repository's HEAD into a temporary folder and gives it this checkout's
 * node_modules as `npm install` would leave them (hard links, without node_modules/.cache, which a
 * fresh install does not have: the build's precompression cache, Vite's cache), so nothing a
 * previous run built is reused: no dist/, no index, no thumbnail cache. Then `npm start`, exactly
 * as a new user types it.
 *
 *   npx tsx bench/first-run.ts [--runs 3]    writes bench/results/first-run.json
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { writeResult } from './lib/results';
import { median } from './lib/stats';

const ROOT = path.resolve(import.meta.dirname, '..');
const QUERY = 'cat';
const POLL_MS = 250;
/** A run that takes longer than this is reported as failed. */
const RUN_TIMEOUT_MS = 30 * 60_000;

function runsFromArgs(): number {
  const i = process.argv.indexOf('--runs');
  const runs = i === -1 ? 3 : Number(process.argv[i + 1]);
  if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs takes a positive integer');
  return runs;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

async function getJson(url: string): Promise<unknown> {
  try {
    const response = await fetch(url, { headers: { accept: 'application/json' } });
    return response.ok ? await response.json() : null;
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface RunResult {
  firstResultS: number;
  completeIndexS: number | null;
  pinsFirst: number;
  pinsComplete: number | null;
  sources: Record<string, number>;
  /** 1-minute load average when the first results came and when the complete index did. */
  loadAverage: { firstResult: number; completeIndex: number };
}

async function oneRun(run: number): Promise<RunResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'inspo-first-run-'));
  const clone = path.join(dir, 'inspo');
  try {
    const git = spawnSync('git', ['clone', '--quiet', ROOT, clone], { stdio: 'inherit' });
    if (git.status !== 0) throw new Error('git clone failed');
    // `npm install`'s result: the same packages, none of the caches a first build would write.
    const copy = spawnSync('cp', [
      '-al',
      path.join(ROOT, 'node_modules'),
      path.join(clone, 'node_modules'),
    ]);
    if (copy.status !== 0) throw new Error(`copying node_modules failed: ${copy.stderr}`);
    rmSync(path.join(clone, 'node_modules', '.cache'), { recursive: true, force: true });
    if (existsSync(path.join(clone, 'data')) || existsSync(path.join(clone, 'dist')))
      throw new Error('a fresh clone has no data/ or dist/');

    const port = await freePort();
    const origin = `http://localhost:${port}`;
    const started = performance.now();
    const child = spawn(process.execPath, ['scripts/start.mjs'], {
      cwd: clone,
      env: { ...process.env, PORT: String(port), LOG_LEVEL: 'warn', INSPO_DATA_DIR: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const seconds = () => (performance.now() - started) / 1000;
    try {
      let first: { s: number; pins: number; load: number } | null = null;
      while (!first) {
        if (seconds() * 1000 > RUN_TIMEOUT_MS || child.exitCode !== null)
          throw new Error(`no results (exit ${child.exitCode}):\n${log.slice(-2000)}`);
        const answer = (await getJson(`${origin}/api/v1/search?q=${QUERY}`)) as {
          items?: unknown[];
        } | null;
        if (answer?.items && answer.items.length > 0) {
          const health = (await getJson(`${origin}/api/health`)) as { corpus: { pins: number } };
          first = { s: seconds(), pins: health.corpus.pins, load: os.loadavg()[0]! };
        } else await sleep(POLL_MS);
      }
      console.log(
        `run ${run}: first "${QUERY}" results after ${first.s.toFixed(1)} s (${first.pins} pins)`,
      );
      let complete: {
        s: number;
        pins: number;
        sources: Record<string, number>;
        load: number;
      } | null = null;
      while (!complete) {
        if (seconds() * 1000 > RUN_TIMEOUT_MS) throw new Error('the complete index never came');
        const health = (await getJson(`${origin}/api/health`)) as {
          corpus: { pins: number; sources: Record<string, number> };
          indexing?: { state: string };
        } | null;
        if (health && (!health.indexing || health.indexing.state !== 'building')) {
          if (health.indexing?.state === 'failed')
            throw new Error(`background build failed:\n${log.slice(-2000)}`);
          complete = {
            s: seconds(),
            pins: health.corpus.pins,
            sources: health.corpus.sources,
            load: os.loadavg()[0]!,
          };
        } else await sleep(1_000);
      }
      console.log(
        `run ${run}: complete index after ${complete.s.toFixed(1)} s (${complete.pins} pins: ${JSON.stringify(complete.sources)})`,
      );
      const built = first.pins !== complete.pins;
      return {
        firstResultS: first.s,
        completeIndexS: built ? complete.s : null,
        pinsFirst: first.pins,
        pinsComplete: built ? complete.pins : null,
        sources: complete.sources,
        loadAverage: { firstResult: first.load, completeIndex: complete.load },
      };
    } finally {
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch {
        /* gone already */
      }
      await new Promise((resolve) =>
        child.exitCode !== null ? resolve(null) : child.once('exit', resolve),
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const runs = runsFromArgs();
  const loadBefore = os.loadavg()[0];
  const results: RunResult[] = [];
  for (let run = 1; run <= runs; run++) results.push(await oneRun(run));
  const complete = results.map((r) => r.completeIndexS).filter((s): s is number => s !== null);
  const headline = {
    firstResultS: Math.round(median(results.map((r) => r.firstResultS)) * 10) / 10,
    completeIndexS: complete.length > 0 ? Math.round(median(complete) * 10) / 10 : null,
    pinsFirst: results[0]!.pinsFirst,
    pinsComplete: results[0]!.pinsComplete,
  };
  const file = writeResult('first-run', {
    description:
      `A fresh clone's first \`npm start\`, timed from the end of \`npm install\` (node_modules as installed, no caches): ` +
      `seconds until GET /api/v1/search?q=${QUERY} answers with results, and until the complete default index is swapped in ` +
      `(/api/health indexing done). Medians of ${runs} runs.`,
    notes: [
      'npm start builds the SPA and the first source (OpenMoji) side by side, serves, then indexes the rest (OpenClipart, the demo shop and the demo videos, where installed) in the background.',
      'Shared 2-core machine: other work ran beside it; see loadAverage.',
    ],
    runs,
    // `nice -n 10 npx tsx bench/first-run.ts` on a shared machine: the runs get what others leave.
    niceness: os.getPriority(),
    loadAverage: { before: loadBefore, after: os.loadavg()[0] },
    headline,
    samples: results,
  });
  console.log(JSON.stringify(headline));
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
