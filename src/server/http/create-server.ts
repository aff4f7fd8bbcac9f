/**
 * The one HTTP process: API under /api, the built SPA, and thumbnails, on one port.
 * Returns the Fastify instance unstarted, so main.ts listens on PORT and tests
 * listen on port 0 against a real engine.
 */
import { constants as zlibConstants } from 'node:zlib';
import fastifyCompress from '@fastify/compress';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { IndexingStatus } from '@/contract/indexing';
import type { SearchBackend } from '@/server/engine/types';
import { ApiError } from '@/server/http/api-error';
import { handleClientError, handleError, handleFrameworkError } from '@/server/http/error-handling';
import { skipGoneClients } from '@/server/http/gone-clients';
import type { Lifecycle } from '@/server/http/lifecycle';
import { parseQueryString } from '@/server/http/query-string';
import {
  DEFAULT_RATE_LIMIT,
  rateLimitedMessage,
  type RateLimitSettings,
} from '@/server/http/rate-limit';
import { BODY_LIMIT_BYTES, MAX_PARAM_LENGTH, rejectLongUrls } from '@/server/http/request-limits';
import { ConciseLogController } from '@/server/http/request-log';
import { registerHealthRoute } from '@/server/http/routes/health';
import { registerOpenApiRoute } from '@/server/http/routes/openapi';
import { registerPinRoute } from '@/server/http/routes/pin';
import { registerPinsRoute } from '@/server/http/routes/pins';
import { registerRelatedRoute } from '@/server/http/routes/related';
import { registerSearchRoute } from '@/server/http/routes/search';
import { registerSuggestRoute } from '@/server/http/routes/suggest';
import { registerVisualSearchRoute } from '@/server/http/routes/visual-search';
import { HELMET_OPTIONS } from '@/server/http/security-headers';
import { registerStaticFiles } from '@/server/http/static-files';
import {
  DEFAULT_TIMEOUTS,
  fastifyTimeoutOptions,
  type ServerTimeouts,
} from '@/server/http/timeouts';
import type { CandidatePoolsBackend } from '@/server/service/candidate-pool';
import type { SuggestService } from '@/server/suggest/suggest-service';
import type { VisualSearch } from '@/server/visual/visual-search';

/** Compressing JSON on every request: quality 4 is ~10x faster than brotli's default 11 for a few % size. */
const BROTLI_QUALITY = 4;
const COMPRESSION_THRESHOLD_BYTES = 1024;

export interface CreateServerOptions {
  /**
   * The composed search service (service/search-service.ts): search answers carry refinement
   * chips, and first pages the candidate pool (`pools`). A bare engine answers without pools.
   */
  engine: SearchBackend & {
    pools?: CandidatePoolsBackend;
    /** Nearest pins by image embedding (service/search-service.ts); null or absent: 409 on /visual-search. */
    visual?: VisualSearch | null;
  };
  /** Built SPA (Vite's dist/); null or a folder without index.html means API-only mode. */
  distDir: string | null;
  /** `<data>/thumbs`; null or missing means /thumbs answers 404. */
  thumbsDir: string | null;
  /** `<data>/media` (video pins' clips and captions, engine/pin-media.ts); null or missing: /media answers 404. */
  mediaDir?: string | null;
  /** Pino options, or false (the default) for silence. */
  logger?: FastifyServerOptions['logger'];
  /** Default DEFAULT_RATE_LIMIT (rate-limit.ts); false turns it off (fuzzing, most tests). */
  rateLimit?: RateLimitSettings | false;
  /** Default DEFAULT_TIMEOUTS (timeouts.ts); tests shorten them to watch a slow client cut off. */
  timeouts?: Partial<ServerTimeouts>;
  /** Behind a reverse proxy, trust X-Forwarded-For so rate limits apply per real client. */
  trustProxy?: FastifyServerOptions['trustProxy'];
  /** Autocomplete and its query log (src/server/suggest); without it there is no /suggest route. */
  suggest?: SuggestService | null;
  /** A first run's background build, reported by /api/health (src/server/ingest/background-build.ts). */
  indexing?: (() => IndexingStatus) | null;
  /** Draining on SIGTERM (lifecycle.ts): /api/ready answers 503 and connections are not kept alive. */
  lifecycle?: Lifecycle | null;
}

export function createServer({
  engine,
  distDir,
  thumbsDir,
  mediaDir = null,
  logger = false,
  rateLimit = DEFAULT_RATE_LIMIT,
  timeouts = {},
  trustProxy = false,
  suggest = null,
  indexing = null,
  lifecycle = null,
}: CreateServerOptions): FastifyInstance {
  const app = Fastify({
    logger,
    logController: new ConciseLogController(),
    trustProxy,
    bodyLimit: BODY_LIMIT_BYTES,
    ...fastifyTimeoutOptions({ ...DEFAULT_TIMEOUTS, ...timeouts }),
    routerOptions: {
      querystringParser: parseQueryString,
      maxParamLength: MAX_PARAM_LENGTH,
      ignoreTrailingSlash: true,
    },
    frameworkErrors: handleFrameworkError,
    clientErrorHandler: handleClientError,
  });

  app.setErrorHandler(handleError);
  app.addHook('onRequest', (request, reply, done) => {
    // Lets a user's report be matched with the server's log line.
    reply.header('x-request-id', request.id);
    // Draining: the client's next request opens a new connection, which the load balancer
    // sends to another server.
    if (lifecycle?.draining) reply.header('connection', 'close');
    done();
  });
  void app.register(fastifyHelmet, HELMET_OPTIONS);
  // Once helmet's hook is in place, so a refused long URL carries the security headers too.
  void app.after(() => {
    app.addHook('onRequest', rejectLongUrls);
  });
  void app.register(fastifyCompress, {
    global: true,
    encodings: ['br', 'gzip'],
    threshold: COMPRESSION_THRESHOLD_BYTES,
    brotliOptions: { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY } },
  });

  // The API lives in its own encapsulated scope so the rate limit applies to it and not to static files.
  void app.register(async (api) => {
    // Before anything else: a request whose client has gone costs nothing more (gone-clients.ts).
    api.addHook('onRequest', skipGoneClients);
    if (rateLimit !== false) {
      await api.register(fastifyRateLimit, {
        max: rateLimit.max,
        timeWindow: rateLimit.timeWindowMs,
        errorResponseBuilder: (_request, context) =>
          new ApiError({
            statusCode: context.statusCode,
            code: 'rate_limited',
            message: rateLimitedMessage(context.ttl),
          }),
      });
    }
    const pools = engine.pools ?? null;
    registerSearchRoute(api, {
      engine,
      pools,
      queryLog: suggest?.queryLog ?? null,
      recommender: suggest,
    });
    if (suggest) registerSuggestRoute(api, { suggester: suggest.suggester });
    registerPinsRoute(api, { engine });
    registerPinRoute(api, { engine });
    registerRelatedRoute(api, { engine, pools });
    registerVisualSearchRoute(api, { engine, visual: () => engine.visual ?? null });
    registerHealthRoute(api, { engine, indexing, lifecycle });
    registerOpenApiRoute(api);
  });

  registerStaticFiles(app, { distDir, thumbsDir, mediaDir });
  return app;
}
