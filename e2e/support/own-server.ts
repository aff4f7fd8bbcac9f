/**
 * A spec's own server over an index the spec built (the shared test index has no typed pins):
 * this build's dist copied beside it, the real engine, suggest service and HTTP server, the
 * index's thumbnails and media folder; on a free port of localhost.
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { mediaDir } from '@/server/engine/pin-media';
import { thumbsDir } from '@/server/engine/schema';
import { createServer } from '@/server/http/create-server';
import { buildIndex } from '@/server/ingest/build-index';
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

/**
 * A spec's own index from a manifest (`write` lays it out in the folder it is given and returns
 * the manifest's path), built by the real pipeline in a temporary folder and served by its own
 * server; closing the server removes the folder.
 */
export async function serveManifest(
  name: string,
  write: (dir: string) => string,
): Promise<OwnServer> {
  const workDir = mkdtempSync(path.join(os.tmpdir(), `inspo-${name}-e2e-`));
  const remove = () => rmSync(workDir, { recursive: true, force: true });
  try {
    const manifestPath = write(path.join(workDir, 'manifest'));
    const dataDir = path.join(workDir, 'data');
    await buildIndex({ dataDir, sources: ['manifest'], manifestPath });
    const server = await startOwnServer({ dataDir, workDir });
    return {
      origin: server.origin,
      async close() {
        await server.close();
        remove();
      },
    };
  } catch (error) {
    remove();
    throw error;
  }
}
