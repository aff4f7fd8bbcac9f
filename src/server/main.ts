/**
 * `npm run serve` / `npm start`: open the index, serve API + SPA + thumbnails on one port.
 *
 * HOST defaults to `localhost`, not 0.0.0.0: a developer's laptop should not expose the
 * server to the whole network by surprise. Fastify binds every address `localhost`
 * resolves to (127.0.0.1 and ::1), so browsers and Playwright reach it either way.
 * Containers and deployments set HOST=0.0.0.0 on purpose.
 */
import { resolve } from 'node:path';
import { ClusterUnavailableError } from '@/server/cluster/solr-engine';
import { mediaDir } from '@/server/engine/pin-media';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { createLifecycle } from '@/server/http/lifecycle';
import { rateLimitFromEnv } from '@/server/http/rate-limit';
import { resumeBackgroundBuild } from '@/server/ingest/background-build';
import { poolSizeFromEnv } from '@/server/service/candidate-pool';
import { engineConfigFromEnv } from '@/server/service/engine-config';
import { liveService } from '@/server/service/live-service';
import {
  openClusterSearchService,
  openSearchService,
  type ClusterSearchService,
  type SearchService,
} from '@/server/service/search-service';
import { createSuggestService } from '@/server/suggest/suggest-service';

const DEFAULT_PORT = 8080;
const DEFAULT_HOST = 'localhost';
/** In-flight requests get this long to finish once the listener closes, before we exit anyway. */
const SHUTDOWN_GRACE_MS = 10_000;
/**
 * After SIGTERM (an orchestrator stopping this replica), how long /api/ready answers 503
 * "draining" while requests are still served, so the load balancer takes the server out of
 * rotation before the listener closes: a few of its health-check intervals. INSPO_DRAIN_S
 * changes it; SIGINT (Ctrl-C in a terminal) closes at once.
 */
const DEFAULT_DRAIN_S = 5;
const MAX_DRAIN_S = 300;

function readDrainMs(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_DRAIN_S * 1000;
  const seconds = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value.trim()) || seconds > MAX_DRAIN_S) {
    throw new Error(`INSPO_DRAIN_S must be a number of seconds from 0 to ${MAX_DRAIN_S}, got "${value}".`);
  }
  return Math.round(seconds * 1000);
}

function readPort(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`PORT must be a whole number from 0 to 65535, got "${value}".`);
  }
  return port;
}

async function main(): Promise<void> {
  const port = readPort(process.env.PORT);
  const host = process.env.HOST || DEFAULT_HOST;
  // INSPO_RATE_LIMIT_MAX / INSPO_RATE_LIMIT_WINDOW_S, read before the slow index open so a typo fails fast.
  const rateLimit = rateLimitFromEnv(process.env);
  const drainMs = readDrainMs(process.env.INSPO_DRAIN_S);
  // INSPO_POOL_SIZE: candidates in the pool a first page carries (default 300), checked early too.
  const poolSize = poolSizeFromEnv(process.env);
  // INSPO_ENGINE and the cluster's address (engine-config.ts), checked before anything opens.
  const engineConfig = engineConfigFromEnv(process.env);
  const dataDir = resolve(process.env.INSPO_DATA_DIR || 'data');
  const stateDir = process.env.INSPO_STATE_DIR ? resolve(process.env.INSPO_STATE_DIR) : undefined;
  const onFlushError = (error: unknown) => console.error('query log flush failed:', error);
  let live: {
    engine: ReturnType<typeof liveService<SearchService | ClusterSearchService>>;
    suggest: ReturnType<typeof liveService<ReturnType<typeof createSuggestService>>>;
  };
  let indexing: ReturnType<typeof resumeBackgroundBuild> = null;
  if (engineConfig.cluster) {
    // The cluster engine: pins in SolrCloud, the query model (and suggest's completions) from
    // the build the alias names; a reindex moves the alias, and suggestions follow it.
    // dataDir: the build published to the cluster, whose perceptual features fold look-alikes.
    const service = await openClusterSearchService({
      cluster: engineConfig.cluster,
      poolSize,
      dataDir,
    });
    const openSuggest = () => {
      const model = service.build.queryModel();
      return createSuggestService({
        dataDir,
        stateDir,
        onFlushError,
        ...(model.completions
          ? { completions: { snapshot: model.completions, pins: model.info.pins } }
          : {}),
      });
    };
    live = { engine: liveService(service), suggest: liveService(openSuggest()) };
    service.build.onBuildChange((collection) => {
      live.suggest.current.close();
      live.suggest.swap(openSuggest());
      setImmediate(() => live.suggest.current.warm());
      console.log(`serving build ${collection} (the alias moved)`);
    });
  } else {
    const openEngine = () => openSearchService({ dataDir, poolSize });
    const openSuggest = () => createSuggestService({ dataDir, stateDir, onFlushError });
    // Live, so the first run's complete index can replace the first source's while serving.
    const embedded = { engine: liveService(openEngine()), suggest: liveService(openSuggest()) };
    live = embedded;
    // A first run (the pending-sources marker): the rest of the default sources are indexed in the
    // background, then swapped in at once: a new engine over the new file with empty result and
    // pool caches, then the suggestions (the old query log is flushed first, the new one reads it).
    indexing = resumeBackgroundBuild({
      dataDir,
      onComplete: () => {
        void embedded.engine.swap(openEngine()).close();
        embedded.suggest.current.close();
        embedded.suggest.swap(openSuggest());
        setImmediate(() => embedded.suggest.current.warm());
      },
    });
  }
  const engine = live.engine.view;
  const suggest = live.suggest.view;
  if (suggest.queryLog.loadError) {
    console.error(`query log unreadable (set aside as .corrupt): ${suggest.queryLog.loadError}`);
  }
  const lifecycle = createLifecycle();
  const app = createServer({
    engine,
    suggest,
    // INSPO_DIST_DIR lets parallel e2e runs each serve their own build.
    distDir: resolve(process.env.INSPO_DIST_DIR || 'dist'),
    thumbsDir: thumbsDir(dataDir),
    mediaDir: mediaDir(dataDir),
    // JSON lines without pid/hostname noise; ISO time so a person can read them too.
    logger: {
      level: process.env.LOG_LEVEL || 'info',
      base: null,
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
    },
    trustProxy: process.env.INSPO_TRUST_PROXY === '1',
    indexing: indexing ? indexing.status : null,
    rateLimit,
    lifecycle,
  });
  app.log.info({ suggest: suggest.report }, 'suggestion index built');

  let shuttingDown = false;
  const close = () => {
    setTimeout(() => {
      app.log.warn('requests still open after the grace period; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    // Stops accepting, waits for the requests in flight, closes idle keep-alive connections.
    app
      .close()
      .then(async () => {
        // Popularity counts survive the restart.
        suggest.close();
        await engine.close();
        app.log.info('closed');
        process.exit(0);
      })
      .catch((error: unknown) => {
        app.log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  const shutdown = (signal: NodeJS.Signals) => {
    // A second signal (the terminal and `npm start` may both forward one) changes nothing.
    if (shuttingDown) return;
    shuttingDown = true;
    indexing?.stop();
    const drain = signal === 'SIGTERM' ? drainMs : 0;
    lifecycle.startDraining();
    app.log.info(`${signal}: ${drain > 0 ? `draining for ${drain} ms, then closing` : 'closing'}`);
    setTimeout(close, drain);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);

  await app.listen({ port, host });
  // The related-searches graph is built once the server answers (suggest-service.ts warm()).
  setImmediate(() => suggest.warm());
  const bound = app.server.address();
  // PORT=0 picks a free port: print the real one.
  const shownPort = typeof bound === 'object' && bound !== null ? bound.port : port;
  console.log(`Inspo is running at http://localhost:${shownPort}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  // A cluster that is down (or serves nothing) at start: sysexits' EX_UNAVAILABLE, so a supervisor
  // can tell "try again later" from a configuration mistake (1).
  process.exit(error instanceof ClusterUnavailableError ? ClusterUnavailableError.EXIT_CODE : 1);
});
