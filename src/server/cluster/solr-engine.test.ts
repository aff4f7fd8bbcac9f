/**
 * The cluster engine against a fake SolrCloud node over real HTTP (node:http on loopback), in the
 * state a node stop leaves behind for a few seconds: a shard whose leader was on the stopped node
 * has no leader yet. Solr then answers a real-time get (/get, served by leaders only with TLOG
 * replicas) with 503 "No registered leader…" after waiting up to 4 s, while any live copy still
 * answers a search (/select). The engine must read pins and its query model by id through
 * /select, so a node stop never stalls closeups, result pages and related pins.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { modelDocuments, type QueryModel } from './query-model';
import { API_PREFIX } from '@/contract/api';
import { createServer } from '@/server/http/create-server';
import { openClusterSearchService } from '@/server/service/search-service';
import { openSolrEngine, type SolrEngine } from './solr-engine';

const COLLECTION = 'inspo_1';

const model: QueryModel = {
  info: {
    pins: 1,
    sources: { openmoji: 1 },
    version: 2,
    builtAt: '2026-01-01T00:00:00.000Z',
    buildMs: 1,
  },
  vocabulary: new Map([['cat', 1]]),
  words: new Map([['cat', new Float32Array([0.6, -0.8])]]),
  completions: null,
  crosslingual: false,
  tagPins: new Map([['cat', 1]]),
};

const pinDoc = {
  id: 'cat-1',
  kind: 'pin',
  rank: 1,
  popularity: 0.5,
  title: 'A cat',
  tags: ['cat'],
  description: 'a cat on a mat',
  category: 'animals',
  image_hash: 'abc123',
  width: 64,
  height: 64,
  dominant_color: '#336699',
  palette: ['#336699'],
  source_name: 'OpenMoji',
  source_attribution: 'OpenMoji',
  license_name: 'CC BY-SA 4.0',
  license_url: 'https://creativecommons.org/licenses/by-sa/4.0/',
};

const servers: http.Server[] = [];
const engines: SolrEngine[] = [];

afterEach(async () => {
  for (const engine of engines.splice(0)) await engine.close();
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

/**
 * One node of a cluster whose only shard lost its leader: admin calls and /select answer, /get
 * answers as Solr does then (503, no leader). Records the paths asked.
 */
async function leaderlessNode({
  searches = 'refused',
}: {
  /** Searches other than reads by id: refused (400), or never answered (a node far behind). */
  searches?: 'refused' | 'silent';
} = {}): Promise<{ url: string; asked: string[] }> {
  const asked: string[] = [];
  const docs = new Map<string, Record<string, unknown>>(
    [...modelDocuments(model), pinDoc].map((d) => [d.id, d as Record<string, unknown>]),
  );
  let nodeName = '';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const url = new URL(req.url!, 'http://localhost');
      const params = new URLSearchParams(body === '' ? url.search : body);
      asked.push(url.pathname);
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(value));
      };
      if (url.pathname === '/solr/admin/collections') {
        const action = params.get('action');
        if (action === 'LISTALIASES') return json(200, { aliases: { inspo: COLLECTION } });
        return json(200, {
          cluster: {
            live_nodes: [nodeName],
            collections: {
              [COLLECTION]: {
                shards: {
                  shard1: {
                    state: 'active',
                    replicas: {
                      core_node2: { state: 'active', node_name: nodeName, base_url: '', core: 'c' },
                    },
                  },
                },
              },
            },
          },
        });
      }
      if (url.pathname === `/solr/${COLLECTION}/get`)
        return json(503, {
          error: {
            msg: `No registered leader was found after waiting for 4000ms , collection: ${COLLECTION} slice: shard1`,
          },
        });
      if (url.pathname === `/solr/${COLLECTION}/select`) {
        const terms = /^\{!terms f=id\}(.*)$/.exec(params.get('q') ?? '');
        if (!terms) {
          if (searches === 'silent') return;
          return json(400, { error: { msg: 'this fake answers reads by id only' } });
        }
        const found = terms[1]!
          .split(',')
          .flatMap((id) => (docs.has(id) ? [docs.get(id)!] : []))
          .slice(0, Number(params.get('rows') ?? 10));
        return json(200, { response: { numFound: found.length, docs: found } });
      }
      return json(404, { error: { msg: `no ${url.pathname}` } });
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  nodeName = `127.0.0.1:${port}_solr`;
  return { url: `http://127.0.0.1:${port}/solr`, asked };
}

describe('the cluster engine while a shard elects its leader', () => {
  it('loads its query model and reads pins by id from any live copy, never from the leader alone', async () => {
    const node = await leaderlessNode();
    const engine = await openSolrEngine({ urls: [node.url], aliasCheckMs: 60_000 });
    engines.push(engine);
    expect(engine.collection()).toBe(COLLECTION);
    expect(engine.queryModel().info.pins).toBe(1);
    // The build's tag counts, for its candidate pools.
    expect(engine.tagPins()).toEqual(new Map([['cat', 1]]));

    const pin = await engine.getPin('cat-1');
    expect(pin).toMatchObject({ id: 'cat-1', title: 'A cat', tags: ['cat'] });
    expect(await engine.getPin('no-such-pin')).toBeNull();
    expect(node.asked).not.toContain(`/solr/${COLLECTION}/get`);
  }, 20_000);
});

describe('a call into the cluster engine', () => {
  it('ends within its deadline, every request to the cluster included: the server answers 503 with Retry-After before the browser gives up', async () => {
    const node = await leaderlessNode({ searches: 'silent' });
    const service = await openClusterSearchService({
      cluster: { urls: [node.url], alias: 'inspo', shards: 1, replicas: 1 },
      callDeadlineMs: 300,
    });
    const app = createServer({ engine: service, distDir: null, thumbsDir: null, rateLimit: false });
    try {
      // The browser's own limit, shortened: without the call's deadline the cluster client waits
      // 8 s for the silent node (its per-node timeout) and the reader has long gone.
      const answer = await Promise.race([
        app.inject({ method: 'GET', url: `${API_PREFIX}/search?q=cat` }),
        new Promise<null>((resolve) => setTimeout(() => resolve(null), 4_000)),
      ]);
      expect(answer).not.toBeNull();
      expect(answer!.statusCode).toBe(503);
      expect(answer!.headers['retry-after']).toBe('1');
      expect(answer!.json()).toMatchObject({ error: { code: 'internal' } });
      // The pin itself is read by id and still answers.
      const pin = await app.inject({ method: 'GET', url: `${API_PREFIX}/pins/cat-1` });
      expect(pin.statusCode).toBe(200);
    } finally {
      await app.close();
      await service.close();
    }
  }, 20_000);
});
