#!/usr/bin/env node
/**
 * `npm start`: one command from a fresh clone to a running app.
 * Builds whatever is missing (the SPA into dist/, the search index into
 * <data>/index/inspo.sqlite), rebuilds the SPA when its sources are newer than dist/ (after a
 * `git pull`), then runs the server in this terminal.
 * Plain Node ESM so it runs before anything is compiled.
 *
 * A fresh clone is serving in about a minute: the SPA build and the index of the first source
 * (OpenMoji) run side by side, and the server starts as soon as both are done. It then indexes the
 * other sources (OpenClipart) in the background, with progress in the console, in /api/health and
 * in the app, and swaps the complete index in when it is ready (src/server/ingest/background-build.ts).
 * Stopped half way, the next `npm start` resumes from the thumbnails already rendered.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spaBuildState } from './lib/build-freshness.mjs';
import { SERVER_NODE_ARGS } from './lib/server-node-args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(root, process.env.INSPO_DATA_DIR || 'data');
const isWindows = process.platform === 'win32';
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

// Signals are passed on rather than obeyed at once: the children then shut down cleanly and we
// exit with them. (In a terminal they also get Ctrl-C directly; the server ignores the duplicate.)

const children = new Set();
for (const signal of FORWARDED_SIGNALS) {
  process.on(signal, () => {
    for (const child of children) child.kill(signal);
  });
}

function run(label, command, args, env = {}) {
  console.log(`[start] ${label}: ${command} ${args.join(' ')}`);
  return new Promise((resolvePromise) => {
    const child = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, INSPO_DATA_DIR: dataDir, ...env },
      // npm and npx are .cmd scripts on Windows, which only a shell can start.
      shell: isWindows && command !== process.execPath,
    });
    children.add(child);
    child.on('error', (error) => {
      children.delete(child);
      console.error(`[start] could not run ${command}: ${error.message}`);
      resolvePromise(1);
    });
    child.on('exit', (code, signal) => {
      children.delete(child);
      // Shell convention: killed by a signal exits 128 + its number.
      resolvePromise(code ?? 128 + (osConstants.signals[signal] ?? 0));
    });
  });
}

async function step(label, command, args, env) {
  const code = await run(label, command, args, env);
  if (code !== 0) {
    console.error(`[start] ${label} failed (exit ${code}).`);
    for (const child of children) child.kill('SIGTERM'); // the step running beside it
    process.exit(code);
  }
}

// The image encoder (src/server/visual/image-model): exported from the installed nsfwjs package
// into public/models when it is not there, before the web app build copies that folder and the
// index build embeds images with it (a fraction of a second; nothing is downloaded).
await step('checking the image encoder', process.execPath, [
  '--import',
  'tsx',
  'src/server/visual/image-model/cli.ts',
]);

const steps = [];
// A fresh build leaves precompression for later (below): it takes minutes, the first start need not wait.
let precompressLater = false;
const spaState = spaBuildState(root);
if (spaState === 'fresh') {
  console.log('[start] web app already built (dist/index.html); `npm run build` rebuilds it.');
} else {
  precompressLater = true;
  steps.push(
    step(
      spaState === 'stale'
        ? 'rebuilding the web app (its sources changed since dist/ was built)'
        : 'building the web app',
      'npx',
      ['vite', 'build'],
      { INSPO_PRECOMPRESS: 'later' },
    ),
  );
}

const indexFile = join(dataDir, 'index', 'inspo.sqlite');
if (existsSync(indexFile)) {
  console.log(`[start] search index found (${indexFile}); \`npm run index\` rebuilds it.`);
} else {
  // The first source only; the server adds the others in the background (see above).
  steps.push(
    step('indexing the first source (first run only)', 'npm', [
      'run',
      'index',
      '--',
      '--first-source',
    ]),
  );
}
await Promise.all(steps);

// `node --import tsx` runs the server in one process (no tsx wrapper in between), so signals
// and the exit code pass straight through.
const server = run('starting the server', process.execPath, [
  ...SERVER_NODE_ARGS,
  '--import',
  'tsx',
  'src/server/main.ts',
]);
if (precompressLater) {
  // Beside the running server, at a lower priority; until it is done the server compresses on the fly.
  void run('precompressing the web app in the background', process.execPath, [
    '--import',
    'tsx',
    'scripts/precompress-dist.ts',
    'dist',
  ]);
}
process.exit(await server);
