/**
 * Starts the real HTTP server on an ephemeral port against the real (small,
 * openmoji-only) test index, the way main.ts does, minus logging: on the embedded engine
 * (startTestServer), or on either engine of the contract suite (startEngineTestServer; the
 * cluster engine serves the same index published into a running cluster, test-cluster.ts).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { mediaDir } from '@/server/engine/pin-media';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import type { RateLimitSettings } from '@/server/http/rate-limit';
import type { ServerTimeouts } from '@/server/http/timeouts';
import { ensureTestIndex } from '@/server/ingest/test-index';
import {
  openClusterSearchService,
  openSearchService,
  type ClusterSearchService,
  type SearchService,
} from '@/server/service/search-service';
import { createSuggestService, type SuggestService } from '@/server/suggest/suggest-service';
import { createClient, type HttpClient } from './http-client';
import {
  ensureTestCluster,
  publishOwnIndex,
  TEST_ALIAS,
  type TestEngine,
} from './test-cluster';

export interface TestServer<E = SearchService> {
  app: FastifyInstance;
  engine: E;
  port: number;
  client: HttpClient;
  dataDir: string;
  suggest: SuggestService;
  close(): Promise<void>;
}

export interface TestServerOptions {
  distDir?: string | null;
  rateLimit?: RateLimitSettings | false;
  timeouts?: Partial<ServerTimeouts>;
  maxSockets?: number;
  /** Where the query log persists; default a fresh temp dir, removed on close (tests never share counts). */
  stateDir?: string;
  /** Candidates per pool (service/candidate-pool.ts); default the service's own. */
  poolSize?: number;
  /**
   * An index of the test's own (built with buildIndex); default the shared OpenMoji test index.
   * On the cluster engine it is published under `clusterAlias` (test-cluster.ts publishOwnIndex).
   */
  dataDir?: string;
  clusterAlias?: string;
}

/** The embedded engine (answers synchronously: tests may compare with it directly). */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dataDir = options.dataDir ?? (await ensureTestIndex());
  const { poolSize } = options;
  const engine = openSearchService({ dataDir, ...(poolSize === undefined ? {} : { poolSize }) });
  return serve(engine, dataDir, options);
}

/** Either engine of the contract suite; the cluster one needs a running cluster (test-cluster.ts). */
export async function startEngineTestServer(
  kind: TestEngine,
  options: TestServerOptions = {},
): Promise<TestServer<SearchService | ClusterSearchService>> {
  if (kind === 'sqlite') return startTestServer(options);
  const dataDir = options.dataDir ?? (await ensureTestIndex());
  const cluster = options.dataDir
    ? await publishOwnIndex(options.dataDir, options.clusterAlias ?? `${TEST_ALIAS}-own`)
    : await ensureTestCluster();
  const { poolSize } = options;
  const engine = await openClusterSearchService({
    cluster,
    ...(poolSize === undefined ? {} : { poolSize }),
  });
  const model = engine.build.queryModel();
  return serve(
    engine,
    dataDir,
    options,
    model.completions ? { snapshot: model.completions, pins: model.info.pins } : undefined,
  );
}

async function serve<E extends SearchService | ClusterSearchService>(
  engine: E,
  dataDir: string,
  { distDir = null, rateLimit = false, timeouts, maxSockets, stateDir }: TestServerOptions,
  completions?: Parameters<typeof createSuggestService>[0]['completions'],
): Promise<TestServer<E>> {
  const ownStateDir =
    stateDir === undefined ? fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-state-')) : null;
  // refreshMs 0: a search counts in suggestions at once, so tests need not wait.
  const suggest = createSuggestService({
    dataDir,
    stateDir: stateDir ?? ownStateDir!,
    refreshMs: 0,
    ...(completions ? { completions } : {}),
  });
  const app = createServer({
    engine,
    suggest,
    distDir,
    thumbsDir: thumbsDir(dataDir),
    mediaDir: mediaDir(dataDir),
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
      await engine.close();
      if (ownStateDir) fs.rmSync(ownStateDir, { recursive: true, force: true });
    },
  };
}
