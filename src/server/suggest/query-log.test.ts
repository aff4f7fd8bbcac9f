import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  DECAY_STEP_MS,
  HALF_LIFE_MS,
  MAX_LOGGED_QUERY_LENGTH,
  normalizeLoggedQuery,
  QueryLog,
  queryLogPath,
} from './query-log';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-query-log-'));
  file = queryLogPath(path.join(dir, 'state'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const counts = (log: QueryLog) => log.entries().map(({ text, count }) => [text, count]);

describe('normalizeLoggedQuery', () => {
  it.each([
    ['  Red CAT!! ', 'red cat'],
    ['Rescue worker’s helmet', "rescue worker's helmet"],
    ['!!!', null],
    ['', null],
    ['one two three four five six', 'one two three four five six'],
    ['one two three four five six seven', null],
    ['x'.repeat(MAX_LOGGED_QUERY_LENGTH), 'x'.repeat(MAX_LOGGED_QUERY_LENGTH)],
    ['x'.repeat(MAX_LOGGED_QUERY_LENGTH + 1), null],
  ])('%j → %j', (query, normalized) => {
    expect(normalizeLoggedQuery(query)).toBe(normalized);
  });
});

describe('QueryLog', () => {
  it('counts only queries that found something, under their normalized form', () => {
    const log = new QueryLog({ file: null });
    expect(log.record('Cat', { results: 12 })).toBe(true);
    expect(log.record('  cat ', { results: 3 })).toBe(true);
    expect(log.record('kitchn', { results: 0 })).toBe(false);
    expect(log.record('?!', { results: 5 })).toBe(false);
    expect(log.record('y'.repeat(500), { results: 5 })).toBe(false);
    expect(counts(log)).toEqual([['cat', 2]]);
    expect(log.count('CAT')).toBe(2);
    expect(log.count('dog')).toBe(0);
  });

  it('bumps the version on every change', () => {
    const log = new QueryLog({ file: null });
    const before = log.version;
    log.record('cat', { results: 1 });
    expect(log.version).toBe(before + 1);
    log.record('cat', { results: 0 });
    expect(log.version).toBe(before + 1);
  });

  it('evicts the rarest queries, least recently searched first, down to 90 % of the cap', () => {
    const log = new QueryLog({ file: null, maxQueries: 10 });
    for (let i = 0; i < 3; i++) log.record('popular', { results: 1 });
    for (const word of ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine']) {
      log.record(word, { results: 1 });
    }
    expect(log.size).toBe(10);
    log.record('two', { results: 1 }); // "two" is now count 2 and recent
    log.record('eleven', { results: 1 }); // 11 > 10 → evict 2: "one", "three" (oldest count-1)
    expect(counts(log)).toEqual([
      ['popular', 3],
      ['four', 1],
      ['five', 1],
      ['six', 1],
      ['seven', 1],
      ['eight', 1],
      ['nine', 1],
      ['two', 2],
      ['eleven', 1],
    ]);
  });

  it('halves counts every half-life and forgets what decays to nothing', () => {
    let now = 1_000_000;
    const log = new QueryLog({ file: null, now: () => now });
    for (let i = 0; i < 8; i++) log.record('cat', { results: 1 });
    log.record('dog', { results: 1 });
    now += DECAY_STEP_MS / 2; // too soon: no decay yet
    expect(counts(log)).toEqual([
      ['cat', 8],
      ['dog', 1],
    ]);
    now += HALF_LIFE_MS - DECAY_STEP_MS / 2;
    expect(counts(log)).toEqual([
      ['cat', 4],
      ['dog', 0.5],
    ]);
    now += 4 * HALF_LIFE_MS; // dog: 0.5 / 16 < 0.05
    expect(counts(log)).toEqual([['cat', 0.25]]);
  });

  it('persists counts and recency across a restart, and decays the time it was down', () => {
    let now = 5_000_000;
    const first = new QueryLog({ file, now: () => now });
    first.record('dog', { results: 1 });
    first.record('cat', { results: 1 });
    first.record('cat', { results: 1 });
    first.close();
    expect(fs.existsSync(file)).toBe(true);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      version: 1,
      decayedAt: 5_000_000,
      queries: [
        ['dog', 1],
        ['cat', 2],
      ],
    });

    const second = new QueryLog({ file, now: () => now });
    expect(second.loadError).toBeNull();
    expect(counts(second)).toEqual([
      ['dog', 1],
      ['cat', 2],
    ]);
    now += HALF_LIFE_MS;
    const third = new QueryLog({ file, now: () => now });
    expect(counts(third)).toEqual([
      ['dog', 0.5],
      ['cat', 1],
    ]);
  });

  it('writes only when something changed, through a temp file', () => {
    const log = new QueryLog({ file });
    log.flush();
    expect(fs.existsSync(file)).toBe(false);
    log.record('cat', { results: 1 });
    log.flush();
    const written = fs.statSync(file).mtimeMs;
    log.flush();
    expect(fs.statSync(file).mtimeMs).toBe(written);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['query-log.json']);
  });

  it.each([
    ['not json', '{'],
    ['wrong version', JSON.stringify({ version: 2, decayedAt: 0, queries: [] })],
    ['bad count', JSON.stringify({ version: 1, decayedAt: 0, queries: [['cat', -1]] })],
  ])('sets an unreadable file (%s) aside and starts empty', (_case, content) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
    const log = new QueryLog({ file });
    expect(log.loadError).not.toBeNull();
    expect(log.size).toBe(0);
    expect(fs.readFileSync(`${file}.corrupt`, 'utf8')).toBe(content);
  });

  it('skips stored entries that are not in normalized form', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      JSON.stringify({
        version: 1,
        decayedAt: Date.now(),
        queries: [
          ['Cat!', 3],
          ['dog', 2],
        ],
      }),
    );
    expect(counts(new QueryLog({ file }))).toEqual([['dog', 2]]);
  });

  it('flushes on a timer', async () => {
    const log = new QueryLog({ file });
    const errors: unknown[] = [];
    log.startAutoFlush({ intervalMs: 5, onError: (e) => errors.push(e) });
    log.record('cat', { results: 1 });
    await new Promise((resolve) => setTimeout(resolve, 50));
    log.stopAutoFlush();
    expect(errors).toEqual([]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).queries).toEqual([['cat', 1]]);
  });
});
