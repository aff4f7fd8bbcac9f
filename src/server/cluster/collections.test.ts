/**
 * waitForReplication against a fake SolrCloud node over real HTTP: one shard, a leader core and a
 * follower core that copied an automatic commit taken after the last pin and before the query
 * model's documents (what a 1M-pin publish met). The follower holds every pin and no model, so
 * the build must not count as replicated until it holds every document.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitForReplication } from './collections';
import { createSolrClient } from './solr-client';

const servers: http.Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((resolve) => s.close(resolve));
  }
});

/** Pins on each core, and the model's documents on each (the follower catches up when told). */
async function shardOfTwoCores(state: { followerHasModel: boolean }): Promise<string> {
  let base = '';
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://localhost');
    const json = (value: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };
    if (url.pathname === '/solr/admin/collections')
      return json({
        cluster: {
          live_nodes: [],
          collections: {
            c: {
              shards: {
                shard1: {
                  replicas: {
                    r1: { core: 'leader', base_url: base, leader: 'true' },
                    r2: { core: 'follower', base_url: base },
                  },
                },
              },
            },
          },
        },
      });
    const pins = 10;
    const model = url.pathname === '/solr/follower/select' && !state.followerHasModel ? 0 : 2;
    const onlyPins = (url.searchParams.get('fq') ?? '').includes('kind');
    return json({ response: { numFound: onlyPins ? pins : pins + model, docs: [] } });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/solr`;
  return base;
}

describe('waitForReplication', () => {
  it('waits while a follower holds every pin but not the query model, and returns once it does', async () => {
    const state = { followerHasModel: false };
    const url = await shardOfTwoCores(state);
    const client = createSolrClient({ urls: [url], discoverEveryMs: 0 });
    try {
      await expect(waitForReplication(client, 'c', 600)).rejects.toThrow(
        /1 replica\(s\) still behind their leader .*\(follower\)/,
      );
      setTimeout(() => (state.followerHasModel = true), 300);
      await expect(waitForReplication(client, 'c', 10_000)).resolves.toBeUndefined();
    } finally {
      client.close();
    }
  });
});
