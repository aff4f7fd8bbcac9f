/**
 * The real HTTP server in this process, over an index, as main.ts composes it (search service,
 * suggest, routes), for benchmarks and evaluations that ask the routes themselves (app.inject or
 * a real port). Suggest's query log goes to a temporary folder of this run unless `stateDir` is
 * given; `close` stops all three.
 */
import os from 'node:os';
import path from 'node:path';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { openSearchService } from '@/server/service/search-service';
import { createSuggestService } from '@/server/suggest/suggest-service';

export function openRouteApp(dataDir: string, { stateDir }: { stateDir?: string } = {}) {
  const engine = openSearchService({ dataDir });
  const suggest = createSuggestService({
    dataDir,
    stateDir: stateDir ?? path.join(os.tmpdir(), `inspo-bench-state-${process.pid}`),
  });
  const app = createServer({
    engine,
    suggest,
    distDir: path.resolve('dist'),
    thumbsDir: thumbsDir(dataDir),
    rateLimit: false,
  });
  return {
    engine,
    suggest,
    app,
    async close() {
      await app.close();
      suggest.close();
      engine.close();
    },
  };
}
