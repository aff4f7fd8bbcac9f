/**
 * The initial-JS budget as a figure: what `npm test` checks after the build
 * (scripts/check-bundle-budget.ts, through the same module, scripts/lib/initial-bundle.ts),
 * written to bench/results/bundle-size.json for the README. Sizes are exact, not timings: the
 * JavaScript index.html makes the browser fetch before the first paint (entry, modulepreloads,
 * their static imports), gzip -9, file by file; budget 100 KB (decimal: 100,000 bytes);
 * onnxruntime-web, the .onnx model and the .wasm runtime must be off that path.
 *
 * Needs a build: `npx vite build` (or INSPO_DIST_DIR). `tsx bench/bundle-size.ts`.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import {
  budgetVerdict,
  formatBytes,
  formatKb,
  INITIAL_JS_BUDGET_GZIP_BYTES,
  readInitialBundle,
} from '../scripts/lib/initial-bundle';
import { writeResult } from './lib/results';

const DIST_DIR = path.resolve(process.env.INSPO_DIST_DIR || 'dist');
const GZIP_LEVEL = 9;

const bundle = readInitialBundle(DIST_DIR);
const verdict = budgetVerdict(bundle);
const assets = path.join(DIST_DIR, 'assets');
const jsFiles = readdirSync(assets).filter((f) => f.endsWith('.js'));
const lazyJsGzipBytes = jsFiles
  .map((f) => `assets/${f}`)
  .filter((f) => !bundle.files.some((initial) => initial.file === f))
  .reduce(
    (n, f) => n + gzipSync(readFileSync(path.join(DIST_DIR, f)), { level: GZIP_LEVEL }).length,
    0,
  );
const stylesheetGzipBytes = bundle.stylesheets.reduce(
  (n, href) =>
    n +
    gzipSync(readFileSync(path.join(DIST_DIR, href.replace(/^\//, ''))), { level: GZIP_LEVEL })
      .length,
  0,
);
const wasmBytes = readdirSync(assets)
  .filter((f) => f.endsWith('.wasm'))
  .reduce((n, f) => n + statSync(path.join(assets, f)).size, 0);

const file = writeResult('bundle-size', {
  description:
    'JavaScript on the first paint’s path in the production build (index.html’s module script, its ' +
    'modulepreloads and their static imports, transitively), gzip level 9 per file; the same check ' +
    '`npm test` runs after the build (scripts/check-bundle-budget.ts).',
  notes: [
    'lazyJsGzipBytes: every other JS chunk (loaded on demand), for scale; wasmBytes: the WASM runtimes, uncompressed.',
    'Vite’s build printout uses gzip level 6 and reads about 1 % higher.',
  ],
  initialFiles: bundle.files,
  initialJsGzipBytes: bundle.gzipBytes,
  initialJsBytes: bundle.bytes,
  budgetGzipBytes: INITIAL_JS_BUDGET_GZIP_BYTES,
  withinBudget: bundle.gzipBytes <= INITIAL_JS_BUDGET_GZIP_BYTES,
  lazyOnlyOnInitialPath: bundle.lazyViolations,
  onnxruntimeChunks: bundle.onnxRuntimeChunks,
  budgetMet: verdict.ok,
  failures: verdict.failures,
  stylesheetGzipBytes,
  lazyJsGzipBytes,
  wasmBytes,
});
console.log(
  `initial JS ${formatKb(bundle.gzipBytes)} gzipped in ${bundle.files.length} files ` +
    `(budget ${formatBytes(INITIAL_JS_BUDGET_GZIP_BYTES)}): ${verdict.ok ? 'met' : verdict.failures.join('; ')} → ${file}`,
);
