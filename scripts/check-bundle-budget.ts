/**
 * CI's bundle budget, run by `npm test` right after the build: the JavaScript the
 * first paint needs (index.html's entry, its modulepreloads and their static imports) must be
 * ≤ 100 KB gzipped (decimal: 100,000 bytes), and onnxruntime-web, the .onnx model and the .wasm runtime must not be on
 * that path. A size, not a timing, so it is exact on any machine.
 *
 * `tsx scripts/check-bundle-budget.ts [distDir]` (default dist/, or INSPO_DIST_DIR). Exits 1
 * with the reasons when a rule is broken.
 */
import path from 'node:path';
import {
  budgetVerdict,
  formatBytes,
  formatKb,
  INITIAL_JS_BUDGET_GZIP_BYTES,
  readInitialBundle,
} from './lib/initial-bundle';

const distDir = path.resolve(process.argv[2] ?? (process.env.INSPO_DIST_DIR || 'dist'));
const bundle = readInitialBundle(distDir);
const verdict = budgetVerdict(bundle, INITIAL_JS_BUDGET_GZIP_BYTES);

console.log(`Initial JavaScript of ${path.relative(process.cwd(), distDir) || '.'}:`);
for (const f of bundle.files) {
  const via = f.importedBy ? `${f.reason} from ${f.importedBy}` : f.reason;
  console.log(`  ${formatKb(f.gzipBytes).padStart(9)}  ${f.file}  (${via})`);
}
console.log(
  `  ${formatKb(bundle.gzipBytes).padStart(9)}  total gzipped (${formatBytes(bundle.gzipBytes)}), ` +
    `budget ${formatBytes(INITIAL_JS_BUDGET_GZIP_BYTES)} ` +
    `(${formatBytes(INITIAL_JS_BUDGET_GZIP_BYTES - bundle.gzipBytes)} left)`,
);
console.log(`onnxruntime-web chunks, all lazy: ${bundle.onnxRuntimeChunks.join(', ') || 'none'}`);

if (!verdict.ok) {
  console.error('\nBundle budget broken:');
  for (const failure of verdict.failures) console.error(`  - ${failure}`);
  process.exit(1);
}
console.log('Bundle budget: OK');
