#!/usr/bin/env node
/**
 * `npm start`: one command from a fresh clone to a running app.
 * Builds whatever is missing (the SPA into dist/, the search index into
 * <data>/index/inspo.sqlite), then runs the server in this terminal.
 * Plain Node ESM so it runs before anything is compiled.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SERVER_NODE_ARGS } from './lib/server-node-args.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dataDir = resolve(root, process.env.INSPO_DATA_DIR || 'data');
const isWindows = process.platform === 'win32';
const FORWARDED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

let current = null;
for (const signal of FORWARDED_SIGNALS) {
  // Pass it on rather than die first: the child then shuts down cleanly and we exit with it.
  // (In a terminal the child also gets Ctrl-C directly; the server ignores the duplicate.)
  process.on(signal, () => current?.kill(signal));
}

function run(label, command, args) {
  console.log(`[start] ${label}: ${command} ${args.join(' ')}`);
  return new Promise((resolvePromise) => {
    current = spawn(command, args, {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, INSPO_DATA_DIR: dataDir },
      // npm and npx are .cmd scripts on Windows, which only a shell can start.
      shell: isWindows && command !== process.execPath,
    });
    current.on('error', (error) => {
      console.error(`[start] could not run ${command}: ${error.message}`);
      resolvePromise(1);
    });
    current.on('exit', (code, signal) => {
      current = null;
      // Shell convention: killed by a signal exits 128 + its number.
      resolvePromise(code ?? 128 + (osConstants.signals[signal] ?? 0));
    });
  });
}

async function step(label, command, args) {
  const code = await run(label, command, args);
  if (code !== 0) {
    console.error(`[start] ${label} failed (exit ${code}).`);
    process.exit(code);
  }
}

if (existsSync(join(root, 'dist', 'index.html'))) {
  console.log('[start] web app already built (dist/index.html); `npm run build` rebuilds it.');
} else {
  await step('building the web app', 'npx', ['vite', 'build']);
}

const indexFile = join(dataDir, 'index', 'inspo.sqlite');
if (existsSync(indexFile)) {
  console.log(`[start] search index found (${indexFile}); \`npm run index\` rebuilds it.`);
} else {
  await step('building the search index (first run only)', 'npm', ['run', 'index']);
}

// `node --import tsx` runs the server in one process (no tsx wrapper in between), so signals
// and the exit code pass straight through.
const code = await run('starting the server', process.execPath, [
  ...SERVER_NODE_ARGS,
  '--import',
  'tsx',
  'src/server/main.ts',
]);
process.exit(code);
