/**
 * `npm run bench`: every benchmark, one after another, each in its own process so one's heap
 * and caches do not colour the next one's timings; then the README's figures table is rewritten
 * from the fresh results (write-readme-figures.ts).
 *
 * A benchmark is a script directly in bench/ that imports `writeResult` from ./lib/results, so one
 * added later runs without being listed here. RUN_FIRST orders the known ones: ingest first (the
 * slowest, and a failed build should stop the rest early); rerank-latency-node before
 * rerank-latency-web, which quotes its result; the browser ones last (they need dist/:
 * suggest-ui-latency expects `npx vite build` to have run).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const RUN_FIRST = [
  'ingest.ts',
  'search-latency.ts',
  'query-understanding.ts',
  'suggest-latency.ts',
  'refinements-eval.ts',
  'retrieval-eval.ts',
  'rerank-offline-eval.ts',
  'rerank-latency-node.ts',
  'suggest-ui-latency.ts',
  'rerank-latency-web.ts',
];
const FIGURES_SCRIPT = 'write-readme-figures.ts';
const WRITES_RESULT = /import\s*\{[^}]*\bwriteResult\b[^}]*\}\s*from\s*'\.\/lib\/results'/u;

const NOT_BENCHMARKS = new Set([path.basename(fileURLToPath(import.meta.url)), FIGURES_SCRIPT]);

const isBenchmark = (file: string): boolean =>
  file.endsWith('.ts') &&
  !NOT_BENCHMARKS.has(file) &&
  WRITES_RESULT.test(readFileSync(path.join(BENCH_DIR, file), 'utf8'));

/** Known benchmarks in RUN_FIRST order, then any others by name; missing ones are skipped. */
function listBenchmarks(files: readonly string[]): string[] {
  const present = files.filter(isBenchmark);
  const known = RUN_FIRST.filter((f) => present.includes(f));
  const others = present.filter((f) => !RUN_FIRST.includes(f)).sort();
  return [...known, ...others];
}

function run(script: string): void {
  console.log(`\n=== bench/${script}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, script)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`bench/${script} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

const benchmarks = listBenchmarks(readdirSync(BENCH_DIR));
console.log(`benchmarks: ${benchmarks.join(', ')}`);
for (const script of benchmarks) run(script);
run(FIGURES_SCRIPT);
