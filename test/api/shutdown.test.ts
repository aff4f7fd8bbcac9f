/**
 * The real server process (src/server/main.ts, as `npm run serve` runs it) on SIGTERM: it drains
 * before it stops — /api/ready says 503 "draining" so a load balancer takes it out of rotation,
 * requests are still answered (with `Connection: close`), then the listener closes and the
 * process exits 0.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ReadinessResponseSchema } from '@/contract/api';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { createClient, type HttpClient } from './support/http-client';

const DRAIN_S = 2;

let child: ChildProcess;
let client: HttpClient;
let stateDir: string;
let output = '';

beforeAll(async () => {
  const dataDir = await ensureTestIndex();
  stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-shutdown-'));
  child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      INSPO_DATA_DIR: dataDir,
      INSPO_STATE_DIR: stateDir,
      INSPO_DIST_DIR: path.join(stateDir, 'no-dist'),
      INSPO_DRAIN_S: String(DRAIN_S),
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Inspo is running at http:\/\/localhost:(\d+)/.exec(output);
      if (match) resolve(Number(match[1]));
    });
    child.on('exit', (code) => reject(new Error(`the server exited (${code}) before listening:\n${output}`)));
  });
  client = createClient({ port });
});

afterAll(() => {
  client?.close();
  if (child && child.exitCode === null) child.kill('SIGKILL');
  fs.rmSync(stateDir, { recursive: true, force: true });
});

describe('SIGTERM', () => {
  it('drains (ready 503, requests still served), then closes and exits 0', async () => {
    const before = await client.get('/api/ready');
    expect(before.status).toBe(200);
    expect(ReadinessResponseSchema.parse(before.json())).toMatchObject({ status: 'ready', engine: 'sqlite' });

    const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
      child.on('exit', (code) => resolve({ code, at: performance.now() })),
    );
    const signalled = performance.now();
    child.kill('SIGTERM');
    // The signal is handled asynchronously: wait until readiness flips.
    let ready = await client.get('/api/ready');
    while (ready.status === 200 && performance.now() - signalled < 1000) {
      await new Promise((r) => setTimeout(r, 20));
      ready = await client.get('/api/ready');
    }
    expect(ready.status).toBe(503);
    expect(ReadinessResponseSchema.parse(ready.json()).status).toBe('draining');

    // Still serving while draining: liveness and searches answer, connections are not kept.
    expect((await client.get('/api/health')).status).toBe(200);
    const search = await client.get('/api/v1/search?q=face&limit=3');
    expect(search.status).toBe(200);
    expect(search.headers.connection).toBe('close');

    const { code, at } = await exited;
    expect(code, output).toBe(0);
    expect(at - signalled).toBeGreaterThanOrEqual(DRAIN_S * 1000 - 50);
    await expect(client.get('/api/health')).rejects.toThrow();
  });
});
