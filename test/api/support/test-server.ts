/**
 * Starts the real HTTP server on an ephemeral port against the real (small,
 * openmoji-only) test index, the way main.ts does, minus logging.
 */
import type { FastifyInstance } from 'fastify';
import { openEngine } from '@/server/engine/open-engine';
import { thumbsDir } from '@/server/engine/schema';
import type { SearchEngine } from '@/server/engine/types';
import { createServer, type RateLimitSettings } from '@/server/http/create-server';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { createClient, type HttpClient } from './http-client';

export interface TestServer {
  app: FastifyInstance;
  engine: SearchEngine;
  port: number;
  client: HttpClient;
  dataDir: string;
  close(): Promise<void>;
}

export async function startTestServer({
  distDir = null,
  rateLimit = false,
  maxSockets,
}: {
  distDir?: string | null;
  rateLimit?: RateLimitSettings | false;
  maxSockets?: number;
} = {}): Promise<TestServer> {
  const dataDir = await ensureTestIndex();
  const engine = openEngine({ dataDir });
  const app = createServer({ engine, distDir, thumbsDir: thumbsDir(dataDir), rateLimit });
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
    close: async () => {
      client.close();
      await app.close();
      engine.close();
    },
  };
}
