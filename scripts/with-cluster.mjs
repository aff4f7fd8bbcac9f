#!/usr/bin/env node
/**
 * Runs a command with a SolrCloud cluster available, for the tests that need one (the contract
 * suite's cluster half, the e2e smoke on the cluster engine):
 *
 *   node scripts/with-cluster.mjs "<command>"
 *
 * When a cluster already answers at INSPO_SOLR_URL (default http://127.0.0.1:8983/solr, what
 * `npm run cluster` and .ci/run start), the command uses it. Otherwise this starts one
 * (scripts/cluster.mjs: Java 17 and Maven needed), waits until it is healthy, runs the command
 * and stops the cluster afterwards, whatever the command's outcome. Exits with the command's code.
 * Plain Node ESM so it runs before anything is compiled.
 */
import { spawn } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv.slice(2).join(' ');
if (!command) {
  console.error('usage: node scripts/with-cluster.mjs "<command>"');
  process.exit(2);
}
const seed = (process.env.INSPO_SOLR_URL || 'http://127.0.0.1:8983/solr')
  .split(',')[0]
  .trim()
  .replace(/\/+$/, '');
const START_TIMEOUT_MS = 300_000;

async function clusterAnswers() {
  try {
    const response = await fetch(`${seed}/admin/collections?action=CLUSTERSTATUS&wt=json`, {
      signal: AbortSignal.timeout(3_000),
    });
    return response.ok;
  } catch {
    return false;
  }
}

function run(cmd) {
  return new Promise((resolvePromise) => {
    const child = spawn(cmd, { cwd: root, stdio: 'inherit', shell: true });
    child.on('exit', (code, signal) => resolvePromise(code ?? (signal ? 1 : 0)));
  });
}

let cluster = null;
if (await clusterAnswers()) {
  console.log(`[with-cluster] using the cluster at ${seed}`);
} else {
  console.log(`[with-cluster] no cluster at ${seed}: starting one (npm run cluster)`);
  cluster = spawn(process.execPath, [join(root, 'scripts', 'cluster.mjs')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const ready = await new Promise((resolvePromise) => {
    const timer = setTimeout(() => resolvePromise(false), START_TIMEOUT_MS);
    let output = '';
    cluster.stdout.on('data', (chunk) => {
      process.stdout.write(chunk);
      output += chunk.toString();
      if (output.includes('inspo-cluster: ready')) {
        clearTimeout(timer);
        resolvePromise(true);
      }
    });
    cluster.on('exit', () => {
      clearTimeout(timer);
      resolvePromise(false);
    });
  });
  if (!ready) {
    console.error('[with-cluster] the cluster did not become healthy; see its output above.');
    cluster.kill('SIGTERM');
    process.exit(1);
  }
}

const stop = () =>
  new Promise((resolvePromise) => {
    if (!cluster || cluster.exitCode !== null) return resolvePromise();
    cluster.on('exit', () => resolvePromise());
    cluster.kill('SIGTERM');
  });
for (const signal of ['SIGINT', 'SIGTERM'])
  process.on(signal, () => void stop().then(() => process.exit(1)));
const code = await run(command);
await stop();
process.exit(code);
