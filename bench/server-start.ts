/**
 * Server start, checkout against checkout: the real server (src/server/main.ts) of each checkout
 * started on the same test index until /api/health answers, round-robin (the order rotates each
 * round, so no checkout always gets the warmest page cache), --rounds times; medians and each
 * checkout's ratio to the first one. Answers "which change made the start slower" with git
 * worktrees of the commits around it (`git worktree add --detach <dir> <commit>`, its
 * node_modules linked).
 *
 *   npx tsx bench/server-start.ts --checkouts <dir>[,<dir>…] [--labels a,b,…] [--rounds 7]
 * The current checkout is added last. Writes bench/results/server-start.json.
 */
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { spawnSync } from 'node:child_process';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { writeResult } from './lib/results';
import { timeServerStart } from './lib/server-start';
import { median } from './lib/stats';

const { values } = parseArgs({
  options: { checkouts: { type: 'string' }, labels: { type: 'string' }, rounds: { type: 'string', default: '7' } },
});
const rounds = Number(values.rounds);
if (!Number.isInteger(rounds) || rounds < 1) throw new Error('--rounds takes a positive integer');
const dirs = [...(values.checkouts ?? '').split(',').filter(Boolean).map((d) => path.resolve(d)), process.cwd()];
const labels = values.labels?.split(',') ?? [];
const commitOf = (dir: string) =>
  spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim();

const dataDir = await ensureTestIndex();
const loadBefore = os.loadavg();
const ms: number[][] = dirs.map(() => []);
for (let round = 0; round < rounds; round++) {
  for (let k = 0; k < dirs.length; k++) {
    const i = (k + round) % dirs.length;
    // A start that fails (a port taken meanwhile) is tried once more.
    const t = await timeServerStart(dirs[i]!, dataDir).catch(() => timeServerStart(dirs[i]!, dataDir));
    ms[i]!.push(Math.round(t));
  }
  console.log(`round ${round + 1}/${rounds}: ${dirs.map((d, i) => `${commitOf(d)} ${ms[i]!.at(-1)} ms`).join(', ')}`);
}
const first = median(ms[0]!);
const checkouts = dirs.map((dir, i) => ({
  label: labels[i] ?? (i === dirs.length - 1 ? 'this checkout' : path.basename(dir)),
  commit: commitOf(dir),
  startMs: ms[i],
  medianMs: median(ms[i]!),
  ratioToFirst: Number((median(ms[i]!) / first).toFixed(3)),
}));
const file = writeResult('server-start', {
  description:
    'Server start (spawn of src/server/main.ts until /api/health answers 200) of several checkouts on the same OpenMoji test index, round-robin with rotating order; medians and the ratio to the first checkout.',
  loadAverage: { before: loadBefore.map((x) => Number(x.toFixed(2))), after: os.loadavg().map((x) => Number(x.toFixed(2))) },
  rounds,
  checkouts,
});
console.log(JSON.stringify(checkouts.map(({ label, commit, medianMs, ratioToFirst }) => ({ label, commit, medianMs, ratioToFirst }))));
console.log(`wrote ${file}`);
