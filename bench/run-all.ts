/**
 * `npm run bench`: every benchmark, one after another, each in its own process so one's heap
 * and caches do not colour the next one's timings.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
const BENCHMARKS = ['ingest.ts', 'search-latency.ts', 'query-understanding.ts', 'suggest-latency.ts', 'refinements-eval.ts', 'retrieval-eval.ts'];

for (const script of BENCHMARKS) {
  console.log(`\n=== bench/${script}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(BENCH_DIR, script)], {
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    console.error(`bench/${script} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}
