/**
 * The first run end to end, with real processes: `cli.ts --first-source` indexes the first source
 * and leaves the marker; the background build (cli.ts forked with --ipc) builds the complete index,
 * reports progress, and hands over once the file is in place; a failing build says why.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openEngine } from '@/server/engine/open-engine';
import { INDEX_DIR_NAME, indexPath } from '@/server/engine/schema';
import {
  removeStaleTemporaryFiles,
  resumeBackgroundBuild,
  startBackgroundBuild,
  type BuildMessage,
} from './background-build';
import { pendingSourcesPath, readPendingSources } from './pending-sources';

const CLI = fileURLToPath(new URL('./cli.ts', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../../../examples/my-pins/pins.jsonl', import.meta.url));
/** Inputs per source: enough to see two sources merge, quick to render. */
const LIMIT = '4';
/** tsx start-up, the OpenMoji scan and a handful of images, twice, on a busy 2-core machine. */
const BUILD_TIMEOUT_MS = 120_000;

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-background-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const sourcesEnv = {
  ...process.env,
  INSPO_SOURCES: 'openmoji,manifest',
  INSPO_MANIFEST: MANIFEST,
};

function servedSources(dataDir: string): Record<string, number> {
  const engine = openEngine({ dataDir });
  try {
    return engine.info().sources;
  } finally {
    engine.close();
  }
}

describe('first run', () => {
  const dataDir = path.join(tmp, 'first-run');

  it(
    'indexes the first source, then builds the complete index in the background and hands it over',
    async () => {
      const first = spawnSync(
        process.execPath,
        ['--import', 'tsx', CLI, '--first-source', '--limit', LIMIT],
        { env: { ...sourcesEnv, INSPO_DATA_DIR: dataDir }, encoding: 'utf8' },
      );
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('manifest will be added by the server in the background');
      expect(Object.keys(servedSources(dataDir))).toEqual(['openmoji']);
      expect(readPendingSources(dataDir)?.sources).toEqual(['openmoji', 'manifest']);

      const lines: string[] = [];
      const completed: Extract<BuildMessage, { type: 'done' }>[] = [];
      const build = startBackgroundBuild(
        {
          dataDir,
          env: sourcesEnv,
          log: (line) => lines.push(line),
          onComplete: (summary) => {
            // Called once the complete file is in place: what a swap would open.
            expect(Object.keys(servedSources(dataDir)).sort()).toEqual(['manifest', 'openmoji']);
            completed.push(summary);
          },
          script: { path: CLI, args: ['--ipc', '--limit', LIMIT] },
        },
        ['openmoji', 'manifest'],
      );
      expect(build.status()).toMatchObject({
        state: 'building',
        sources: ['openmoji', 'manifest'],
      });
      const ok = await build.finished;
      expect(ok, lines.join('\n')).toBe(true);

      expect(completed).toHaveLength(1);
      expect(completed[0]!.sources.openmoji).toBeGreaterThan(0);
      expect(completed[0]!.sources.manifest).toBeGreaterThan(0);
      const status = build.status();
      expect(status).toMatchObject({ state: 'done', phase: null, error: null });
      expect(status.total).toBeGreaterThan(0);
      expect(status.done).toBe(status.total);
      expect(status.finishedAt).not.toBeNull();
      expect(lines[0]).toContain(
        'building the complete index (openmoji, manifest) in the background',
      );
      expect(lines.some((l) => /images \d+ of \d+ \(100 %\)/.test(l))).toBe(true);
      expect(lines.at(-1)).toMatch(
        /complete index in place and serving: \d+ pins \(openmoji \d+, manifest \d+\)/,
      );
    },
    BUILD_TIMEOUT_MS,
  );

  it('has nothing to resume without the marker', () => {
    const dir = path.join(tmp, 'no-marker');
    fs.mkdirSync(path.join(dir, INDEX_DIR_NAME), { recursive: true });
    expect(resumeBackgroundBuild({ dataDir: dir, onComplete: () => {}, log: () => {} })).toBeNull();
  });
});

describe('a failing background build', () => {
  it(
    'is reported with the reason, and the served index and the marker stay',
    async () => {
      const dataDir = path.join(tmp, 'failing');
      fs.mkdirSync(path.join(dataDir, INDEX_DIR_NAME), { recursive: true });
      fs.writeFileSync(
        pendingSourcesPath(dataDir),
        JSON.stringify({ sources: ['openmoji'], since: 'x' }),
      );
      const lines: string[] = [];
      let completed = false;
      const build = resumeBackgroundBuild({
        dataDir,
        env: { ...process.env, INSPO_SOURCES: 'no-such-source' },
        log: (line) => lines.push(line),
        onComplete: () => {
          completed = true;
        },
      });
      expect(build).not.toBeNull();
      expect(await build!.finished).toBe(false);
      expect(completed).toBe(false);
      expect(build!.status()).toMatchObject({ state: 'failed' });
      expect(build!.status().error).toContain('Unknown source "no-such-source"');
      expect(lines.at(-1)).toContain('background build failed');
      expect(fs.existsSync(indexPath(dataDir))).toBe(false);
      expect(readPendingSources(dataDir)).not.toBeNull();
    },
    BUILD_TIMEOUT_MS,
  );
});

describe('removeStaleTemporaryFiles', () => {
  it('removes what a stopped build left, never a running build’s file', () => {
    const dataDir = path.join(tmp, 'stale');
    const dir = path.join(dataDir, INDEX_DIR_NAME);
    fs.mkdirSync(dir, { recursive: true });
    // A pid that is surely not running: above the kernel's pid limit.
    const dead = 'inspo.sqlite.tmp-99999999-abcd1234';
    const alive = `inspo.sqlite.tmp-${process.pid}-abcd1234`;
    for (const name of [dead, alive, 'inspo.sqlite', 'hnsw.usearch'])
      fs.writeFileSync(path.join(dir, name), '');
    expect(removeStaleTemporaryFiles(dataDir)).toEqual([dead]);
    expect(fs.readdirSync(dir).sort()).toEqual([alive, 'hnsw.usearch', 'inspo.sqlite'].sort());
  });
});
