/**
 * A reindex moves the cluster's alias while the server serves. Every cached answer is keyed by
 * the build, so without a warm-up every popular query would miss at the switch and reach the
 * cluster at once (the reindex drill's failures, docs/scaling.md). The server replays its most
 * asked calls against the staged build first (service/build-warmup.ts): right after the switch
 * they are answered from the cache. NEEDS A RUNNING CLUSTER (test-cluster.ts): the test index is
 * published twice under an alias of this test's own.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createSolrClient } from '@/server/cluster/solr-client';
import { publishToCluster } from '@/server/ingest/publish-cluster';
import { ensureTestIndex } from '@/server/ingest/test-index';
import {
  openClusterSearchService,
  type ClusterSearchService,
} from '@/server/service/search-service';
import { ensureTestCluster } from './support/test-cluster';

const ALIAS = 'inspo-test-switch';
const POPULAR = ['cat', 'red heart', 'tree'];
const services: ClusterSearchService[] = [];

afterAll(async () => {
  for (const service of services.splice(0)) await service.close();
});

async function until(condition: () => boolean, what: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the cluster engine when the alias moves to a new build', () => {
  it('switches to it with the most asked searches, chips and pools already cached', async () => {
    const dataDir = await ensureTestIndex();
    const cluster = { ...(await ensureTestCluster()), alias: ALIAS };
    const client = createSolrClient({ urls: cluster.urls, discoverEveryMs: 0 });
    try {
      await client.discover();
      const first = await publishToCluster({ dataDir, cluster, client });
      const service = await openClusterSearchService({ cluster, aliasCheckMs: 100 });
      services.push(service);
      expect(service.build.collection()).toBe(first.collection);

      const ask = async (q: string) => {
        const [page, pool] = await Promise.all([
          service.search({ q, refine: [], offset: 0, limit: 25 }),
          service.pools.search({ q, refine: [] }),
        ]);
        return { ids: page.items.map((i) => i.id), chips: page.refinements, pool: pool.total };
      };
      const before = new Map<string, Awaited<ReturnType<typeof ask>>>();
      for (const q of POPULAR) {
        before.set(q, await ask(q));
        await ask(q); // asked twice: popular
      }

      // While the build is staged, calls made inside the warm-up see the new build, and the
      // live calls around it still the one served.
      const seen: { inside?: string; outside?: string; staged?: string } = {};
      service.build.onBuildStaged((inBuild, collection) => {
        seen.inside = inBuild(() => service.generation?.());
        seen.outside = service.generation?.();
        seen.staged = collection;
        return Promise.resolve();
      });
      const second = await publishToCluster({ dataDir, cluster, client });
      expect(second.collection).not.toBe(first.collection);
      await until(() => service.build.collection() === second.collection, 'the server follows');

      expect(seen).toEqual({
        inside: second.collection,
        outside: first.collection,
        staged: second.collection,
      });
      expect(service.generation?.()).toBe(second.collection);

      const { hits, misses } = service.cacheStats()!;
      for (const q of POPULAR) {
        const answer = await ask(q);
        // The same pins published again; the pages may differ a little (each build's HNSW graph
        // is its own, approximate).
        expect(answer.ids.length).toBeGreaterThan(0);
        expect(answer.pool).toBeGreaterThan(0);
      }
      const after = service.cacheStats()!;
      expect(after.misses - misses).toBe(0);
      expect(after.hits - hits).toBe(POPULAR.length);
    } finally {
      client.close();
    }
  }, 180_000);
});
