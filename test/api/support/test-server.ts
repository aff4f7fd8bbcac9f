/**
 * Starts the real HTTP server on an ephemeral port against the real (small,
 * openmoji-only) test index, the way main.ts does, minus logging.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import type { RateLimitSettings } from '@/server/http/rate-limit';
import type { ServerTimeouts } from '@/server/http/timeouts';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { openSearchService, type SearchService } from '@/server/service/search-service';
import { createSuggestService, type SuggestService } from '@/server/suggest/suggest-service';
import { createClient, type HttpClient } from './http-client';

export interface TestServer {
  app: FastifyInstance;
  engine: SearchService;
  port: number;
  client: HttpClient;
  dataDir: string;
  suggest: SuggestService;
  close(): Promise<void>;
}

export async function startTestServer({
  distDir = null,
  rateLimit = false,
  timeouts,
  maxSockets,
  stateDir,
  poolSize,
}: {
  distDir?: string | null;
  rateLimit?: RateLimitSettings | false;
  timeouts?: Partial<ServerTimeouts>;
  maxSockets?: number;
  /** Where the query log persists; default a fresh temp dir, removed on close (tests never share counts). */
  stateDir?: string;
  /** Candidates per pool (service/candidate-pool.ts); default the service's own. */
  poolSize?: number;
} = {}): Promise<TestServer> {
  const dataDir = await ensureTestIndex();
  const engine = openSearchService({ dataDir, ...(poolSize === undefined ? {} : { poolSize }) });
  const ownStateDir =
    stateDir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-state-')) : null;
  // refreshMs 0: a search counts in suggestions at once, so tests need not wait.
  const suggest = createSuggestService({
    dataDir,
    stateDir: stateDir ?? ownStateDir!,
    refreshMs: 0,
  });
  const app = createServer({
    engine,
    suggest,
    distDir,
    thumbsDir: thumbsDir(dataDir),
    rateLimit,
    ...(timeouts ? { timeouts } : {}),
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('server has no port');
  const client = createClient({ port: address.port, ...(maxSockets ? { maxSockets } : {}) });
  return {
    app,
    engine,
    port: address.port,
    client,
    dataDir,
    suggest,
    close: async () => {
      client.close();
      await app.close();
      suggest.close();
      engine.close();
      if (ownStateDir) fs.rmSync(ownStateDir, { recursive: true, force: true });
    },
  };
}
