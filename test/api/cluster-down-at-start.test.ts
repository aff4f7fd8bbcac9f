/**
 * The real server process (src/server/main.ts) on INSPO_ENGINE=solr when the cluster is not there
 * at start-up, or is there but serves nothing: it exits with 69 (sysexits' EX_UNAVAILABLE, "try
 * again later", unlike 1 for a configuration mistake) and one message that says what to do — no
 * stack trace. Needs no cluster: a port with nothing listening, and a fake node that answers the
 * cluster-state calls with no alias.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const EX_UNAVAILABLE = 69;
const stateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-cluster-down-'));

afterAll(() => fs.rmSync(stateDir, { recursive: true, force: true }));

function startServer(solrUrl: string): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server/main.ts'], {
    env: {
      ...process.env,
      INSPO_ENGINE: 'solr',
      INSPO_SOLR_URL: solrUrl,
      PORT: '0',
      HOST: '127.0.0.1',
      INSPO_STATE_DIR: stateDir,
      INSPO_DATA_DIR: path.join(stateDir, 'data'),
      INSPO_DIST_DIR: path.join(stateDir, 'no-dist'),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  // A server that started after all would never exit: stop it so the assertion says why.
  child.stdout.on('data', (c: Buffer) => {
    if (c.toString().includes('Inspo is running')) child.kill('SIGKILL');
  });
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr })));
}

async function listen(server: http.Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

describe('a cluster that is down at start-up', () => {
  it('exits 69 with what to do, no stack trace', async () => {
    const probe = http.createServer();
    const port = await listen(probe);
    await new Promise<void>((resolve) => probe.close(() => resolve()));

    const { code, stderr } = await startServer(`http://127.0.0.1:${port}/solr`);
    expect(code).toBe(EX_UNAVAILABLE);
    expect(stderr).toMatch(/^Cannot reach the Solr cluster at http:\/\/127\.0\.0\.1:\d+\/solr/);
    expect(stderr).toMatch(/ECONNREFUSED/);
    expect(stderr).toMatch(/Start one with `npm run cluster`/);
    expect(stderr).not.toMatch(/\n\s+at /);
    // Each node's failure said once, however many rounds asked it.
    expect(stderr.match(/ECONNREFUSED/g)).toHaveLength(1);
  });

  it('exits 69 when the cluster answers but has no build behind the alias', async () => {
    const fake = http.createServer((req, res) => {
      const action = new URL(req.url ?? '/', 'http://x').searchParams.get('action');
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify(
          action === 'CLUSTERSTATUS' ? { cluster: { live_nodes: [] } } : { aliases: {} },
        ),
      );
    });
    const port = await listen(fake);
    try {
      const { code, stderr } = await startServer(`http://127.0.0.1:${port}/solr`);
      expect(code).toBe(EX_UNAVAILABLE);
      expect(stderr).toMatch(/has no alias "inspo": build the index into it first/);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      fake.closeAllConnections();
      await new Promise<void>((resolve) => fake.close(() => resolve()));
    }
  });
});
