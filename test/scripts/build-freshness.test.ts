import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SPA_BUILD_INPUTS, spaBuildState } from '../../scripts/lib/build-freshness.mjs';

/** npm start rebuilds dist/ when what it is built from changed after it (scripts/start.mjs). */
describe('spaBuildState', () => {
  let root: string;
  const write = (file: string, at: number) => {
    const full = path.join(root, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, file);
    fs.utimesSync(full, at, at);
  };
  const T = 1_800_000_000; // seconds

  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-freshness-'));
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  it('is missing without dist/index.html', () => {
    write('src/app/app.tsx', T);
    expect(spaBuildState(root)).toBe('missing');
  });

  it('is fresh when every input is older than the build, stale when one deep in a folder is newer', () => {
    write('src/app/app.tsx', T);
    write('index.html', T);
    write('dist/index.html', T + 10);
    expect(spaBuildState(root)).toBe('fresh');
    write('src/features/search/deep/card.tsx', T + 20);
    expect(spaBuildState(root)).toBe('stale');
  });

  it('reads the lockfile and the build config, and nothing outside the inputs', () => {
    write('dist/index.html', T + 10);
    write('data/index/inspo.sqlite', T + 20);
    write('test-results/x.json', T + 20);
    expect(spaBuildState(root)).toBe('fresh');
    write('package-lock.json', T + 20);
    expect(spaBuildState(root)).toBe('stale');
  });

  it('names inputs this repository has', () => {
    for (const input of SPA_BUILD_INPUTS) expect(fs.existsSync(input), input).toBe(true);
  });
});
