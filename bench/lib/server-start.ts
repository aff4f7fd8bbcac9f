/**
 * Times a real server start: `src/server/main.ts` of a checkout, on an index it is given, from the
 * spawn until /api/health answers 200 (what a load balancer or a person waiting for the URL sees).
 * Shared by the benches that compare checkouts side by side.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const HEALTH_POLL_MS = 50;
const START_TIMEOUT_MS = 120_000;

/** Starts the server of `repoDir` on the index and times it until /api/health answers 200. */
export async function timeServerStart(repoDir: string, dataDir: string): Promise<number> {
  const stateDir = mkdtempSync(path.join(os.tmpdir(), 'inspo-bench-state-'));
  const port = 30_000 + Math.floor(Math.random() * 20_000);
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    cwd: repoDir,
    env: { ...process.env, PORT: String(port), INSPO_DATA_DIR: dataDir, INSPO_STATE_DIR: stateDir, LOG_LEVEL: 'warn' },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server in ${repoDir} exited (${child.exitCode})`);
      if (performance.now() - started > START_TIMEOUT_MS) throw new Error(`server in ${repoDir} did not start`);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`).then((r) => r.ok, () => false);
      if (ok) return performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, HEALTH_POLL_MS));
    }
  } finally {
    child.kill();
    await new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));
    rmSync(stateDir, { recursive: true, force: true });
  }
}

