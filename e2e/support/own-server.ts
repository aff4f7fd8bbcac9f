/**
 * A spec's own server over an index the spec built (the shared test index has no typed pins):
 * this build's dist copied beside it, the real engine, suggest service and HTTP server, the
 * index's thumbnails and media folder; on a free port of localhost.
 */
import { cpSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { mediaDir } from '@/server/engine/pin-media';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { openSearchService } from '@/server/service/search-service';
import { createSuggestService } from '@/server/suggest/suggest-service';

export interface OwnServer {
  origin: string;
  close(): Promise<void>;
}

/** Serves `dataDir`'s index; `workDir` (the spec's temporary folder) gets the dist copy and state. */
export async function startOwnServer({
  dataDir,
  workDir,
}: {
  dataDir: string;
  workDir: string;
}): Promise<OwnServer> {
  const distDir = path.join(workDir, 'dist');
  cpSync(path.resolve(process.env.INSPO_DIST_DIR || 'dist'), distDir, { recursive: true });
  const engine = openSearchService({ dataDir });
  const suggest = createSuggestService({ dataDir, stateDir: path.join(workDir, 'state') });
  const app = createServer({
    engine,
    suggest,
    distDir,
    thumbsDir: thumbsDir(dataDir),
    mediaDir: mediaDir(dataDir),
    rateLimit: false,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  return {
    origin: `http://localhost:${(app.server.address() as AddressInfo).port}`,
    async close() {
      await app.close();
      suggest.close();
      engine.close();
    },
  };
}
