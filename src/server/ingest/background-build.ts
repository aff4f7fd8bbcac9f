/**
 * The first run's second half: while the server already answers from the first source's index,
 * the complete default index is built in a child process (`cli.ts` forked with an IPC channel,
 * at a lower CPU priority so searches stay quick) and handed to `onComplete`, which swaps it in
 * (src/server/main.ts). Progress goes to the console every few seconds and is kept for
 * /api/health, which the app's quiet "adding more images" notice reads.
 *
 * Resuming: the thumbnail cache is content-addressed and written image by image, so a build
 * stopped half way (Ctrl-C, a crash) and started again by the next server start renders only
 * what it had not rendered yet; the pending-sources marker says that it has to start again.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IndexingStatus } from '@/contract/indexing';
import { INDEX_DIR_NAME, INDEX_FILE_NAME } from '@/server/engine/schema';
import { readPendingSources } from './pending-sources';
import type { BuildProgress, SourceName } from './types';

const CLI_PATH = fileURLToPath(new URL('./cli.ts', import.meta.url));
/** One console line at most this often (and at each phase change). */
export const LOG_EVERY_MS = 5_000;
const STDERR_TAIL_CHARS = 2_000;

/** What the child sends over the IPC channel (cli.ts --ipc). */
export type BuildMessage =
  | { type: 'progress'; progress: BuildProgress }
  | { type: 'done'; pins: number; sources: Partial<Record<SourceName, number>>; elapsedMs: number };

export interface BackgroundBuild {
  status(): IndexingStatus;
  /** Stops the child (server shutdown); the next start resumes. */
  stop(): void;
  /** Settles when the build is done and swapped in (true), or failed or stopped (false). */
  readonly finished: Promise<boolean>;
}

export interface BackgroundBuildOptions {
  dataDir: string;
  /** Gets the complete index once it is in place; throwing marks the build failed. */
  onComplete: (summary: Extract<BuildMessage, { type: 'done' }>) => void;
  log?: (line: string) => void;
  /** The child's environment (sources, manifest, …); default process.env. */
  env?: NodeJS.ProcessEnv;
  /** For tests: the script to fork (default cli.ts) and its arguments. */
  script?: { path: string; args: string[] };
}

const fmtInt = (n: number): string => n.toLocaleString('en-US');
const percent = (done: number, total: number): number =>
  total > 0 ? Math.floor((100 * done) / total) : 0;

/**
 * Temporary files a killed build left beside the index (index-writer.ts names them after the
 * writing process): removed when that process is gone.
 */
export function removeStaleTemporaryFiles(dataDir: string): string[] {
  const dir = path.join(dataDir, INDEX_DIR_NAME);
  const removed: string[] = [];
  if (!fs.existsSync(dir)) return removed;
  const pattern = new RegExp(`^${INDEX_FILE_NAME.replace('.', '\\.')}\\.tmp-(\\d+)-[0-9a-f]+`);
  for (const name of fs.readdirSync(dir)) {
    const pid = pattern.exec(name)?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    fs.rmSync(path.join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Starts the background build when the index on disk is a first-run partial one (the
 * pending-sources marker is there); null otherwise.
 */
export function resumeBackgroundBuild(
  options: Omit<BackgroundBuildOptions, 'script'>,
): BackgroundBuild | null {
  const pending = readPendingSources(options.dataDir);
  return pending ? startBackgroundBuild(options, pending.sources) : null;
}

export function startBackgroundBuild(
  { dataDir, onComplete, log = console.log, env = process.env, script }: BackgroundBuildOptions,
  sources: SourceName[],
): BackgroundBuild {
  for (const name of removeStaleTemporaryFiles(dataDir))
    log(`[index] removed ${name}, left by a stopped build`);
  const started = performance.now();
  const state: IndexingStatus = {
    state: 'building',
    sources,
    phase: null,
    done: 0,
    total: 0,
    startedAt: new Date().toISOString(),
    finishedAt: null,
    error: null,
  };
  const seconds = () => `${Math.round((performance.now() - started) / 1000)} s`;
  log(
    `[index] building the complete index (${sources.join(', ')}) in the background; searches use the current one meanwhile`,
  );

  const { path: scriptPath, args } = script ?? { path: CLI_PATH, args: ['--ipc'] };
  const child: ChildProcess = fork(scriptPath, args, {
    execArgv: ['--import', 'tsx'],
    env: { ...env, INSPO_DATA_DIR: dataDir },
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-STDERR_TAIL_CHARS);
  });

  let lastLine = 0;
  let summary: Extract<BuildMessage, { type: 'done' }> | null = null;
  let stopped = false;
  child.on('message', (message: BuildMessage) => {
    if (message.type === 'done') {
      summary = message;
      return;
    }
    const p = message.progress;
    const phaseChanged = p.phase !== state.phase;
    state.phase = p.phase;
    if (p.phase === 'images') {
      state.done = p.done;
      state.total = p.total;
    }
    const now = performance.now();
    if (
      !phaseChanged &&
      now - lastLine < LOG_EVERY_MS &&
      !(p.phase === 'images' && p.done === p.total)
    )
      return;
    lastLine = now;
    if (p.phase === 'scan')
      log(`[index ${seconds()}] scanned ${p.source}: ${fmtInt(p.items)} inputs`);
    else if (p.phase === 'write')
      log(
        `[index ${seconds()}] writing the complete index (${fmtInt(p.pins)} pins) and its embeddings`,
      );
    else
      log(
        `[index ${seconds()}] images ${fmtInt(p.done)} of ${fmtInt(p.total)} (${percent(p.done, p.total)} %): ` +
          `${fmtInt(p.rendered)} rendered, ${fmtInt(p.reused)} from the cache, ${fmtInt(p.skipped)} skipped` +
          (p.recorded ? `, clips recorded: ${fmtInt(p.recorded)}` : '') +
          (p.embedded ? `, ${fmtInt(p.embedded)} embedded` : ''),
      );
  });

  const finished = new Promise<boolean>((resolve) => {
    const fail = (error: string) => {
      state.state = 'failed';
      state.error = error;
      state.finishedAt = new Date().toISOString();
      log(
        `[index] background build failed: ${error}. The current index keeps serving; restart to try again.`,
      );
      resolve(false);
    };
    child.on('error', (error) => fail(error.message));
    child.on('close', (code, signal) => {
      if (stopped) return resolve(false);
      if (code !== 0 || !summary) {
        const reason = stderr.trim().split('\n').pop() ?? '';
        return fail(`exit ${code ?? signal}${reason ? `: ${reason}` : ''}`);
      }
      try {
        onComplete(summary);
      } catch (error) {
        return fail(error instanceof Error ? error.message : String(error));
      }
      state.state = 'done';
      state.phase = null;
      state.finishedAt = new Date().toISOString();
      const perSource = Object.entries(summary.sources)
        .map(([source, count]) => `${source} ${fmtInt(count ?? 0)}`)
        .join(', ');
      log(
        `[index ${seconds()}] complete index in place and serving: ${fmtInt(summary.pins)} pins (${perSource})`,
      );
      resolve(true);
    });
  });

  return {
    status: () => ({ ...state, sources: [...state.sources] }),
    stop: () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      stopped = true;
      child.kill('SIGTERM');
    },
    finished,
  };
}
