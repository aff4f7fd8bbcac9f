/**
 * The SolrCloud admin calls Inspo makes: configsets, collections, the alias that names the build
 * being served, and the cluster's health. Collections API v1 (`/admin/collections`), which every
 * Solr 9 node answers.
 */
import type { Configset } from './configset';
import type { SolrClient } from './solr-client';

/** Collection admin calls wait this long (creating a collection starts a core per replica). */
const ADMIN_TIMEOUT_MS = 180_000;
/** Reads of the cluster's state: slower than a search under load, never worth failing over fast. */
const STATE_TIMEOUT_MS = 30_000;
const ACTIVE_POLL_MS = 250;

interface ClusterStatus {
  cluster: {
    live_nodes?: string[];
    aliases?: Record<string, string>;
    collections?: Record<
      string,
      {
        shards: Record<
          string,
          {
            state: string;
            replicas: Record<
              string,
              { state: string; node_name: string; base_url: string; core: string; leader?: string }
            >;
          }
        >;
      }
    >;
  };
}

export async function ensureConfigset(client: SolrClient, configset: Configset): Promise<boolean> {
  const { configSets = [] } = await client.request<{ configSets?: string[] }>({
    path: '/admin/configs',
    method: 'GET',
    timeoutMs: STATE_TIMEOUT_MS,
    params: { action: 'LIST' },
  });
  if (configSets.includes(configset.name)) return false;
  await client.request({
    path: '/admin/configs',
    params: { action: 'UPLOAD', name: configset.name },
    repeatable: false,
    body: configset.zip,
    contentType: 'application/octet-stream',
    timeoutMs: ADMIN_TIMEOUT_MS,
  });
  return true;
}

export async function listCollections(client: SolrClient): Promise<string[]> {
  const { collections = [] } = await client.request<{ collections?: string[] }>({
    path: '/admin/collections',
    method: 'GET',
    timeoutMs: STATE_TIMEOUT_MS,
    params: { action: 'LIST' },
  });
  return collections;
}

export async function listAliases(client: SolrClient): Promise<Record<string, string>> {
  const { aliases = {} } = await client.request<{ aliases?: Record<string, string> }>({
    path: '/admin/collections',
    method: 'GET',
    timeoutMs: STATE_TIMEOUT_MS,
    params: { action: 'LISTALIASES' },
  });
  return aliases;
}

/** The collection an alias points at now (the first, for a multi-collection alias), or null. */
export async function resolveAlias(client: SolrClient, alias: string): Promise<string | null> {
  const target = (await listAliases(client))[alias];
  return target ? (target.split(',')[0] ?? null) : null;
}

export async function createCollection(
  client: SolrClient,
  {
    name,
    configName,
    shards,
    replicas,
  }: { name: string; configName: string; shards: number; replicas: number },
): Promise<void> {
  await client.request({
    path: '/admin/collections',
    params: {
      action: 'CREATE',
      name,
      numShards: shards,
      // TLOG replicas: the leader indexes, the others copy its segments, so every copy of a shard
      // holds the same index (the same HNSW graph: the same answers whichever copy serves) and
      // indexing costs one copy's CPU, not `replicas`; any copy can become leader.
      nrtReplicas: 0,
      tlogReplicas: replicas,
      'collection.configName': configName,
      waitForFinalState: true,
    },
    repeatable: false,
    timeoutMs: ADMIN_TIMEOUT_MS,
  });
  await waitForActive(client, name, ADMIN_TIMEOUT_MS);
}

/** Waits until every replica of every shard of `collection` is active on a live node. */
export async function waitForActive(
  client: SolrClient,
  collection: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await collectionHealth(client, collection);
    if (health.replicas > 0 && health.activeReplicas === health.replicas) return;
    if (Date.now() > deadline)
      throw new Error(
        `collection ${collection}: ${health.activeReplicas} of ${health.replicas} replicas active after ${timeoutMs / 1000} s`,
      );
    await new Promise((r) => setTimeout(r, ACTIVE_POLL_MS));
  }
}

export interface CollectionHealth {
  liveNodes: number;
  shards: number;
  /** Shards with at least one active replica on a live node: searchable. */
  servingShards: number;
  replicas: number;
  activeReplicas: number;
}

export async function collectionHealth(
  client: SolrClient,
  collection: string,
): Promise<CollectionHealth> {
  const status = await client.request<ClusterStatus>({
    path: '/admin/collections',
    method: 'GET',
    timeoutMs: STATE_TIMEOUT_MS,
    params: { action: 'CLUSTERSTATUS', collection },
  });
  const live = new Set(status.cluster.live_nodes ?? []);
  const state = status.cluster.collections?.[collection];
  const health: CollectionHealth = {
    liveNodes: live.size,
    shards: 0,
    servingShards: 0,
    replicas: 0,
    activeReplicas: 0,
  };
  for (const shard of Object.values(state?.shards ?? {})) {
    health.shards++;
    let serving = false;
    for (const replica of Object.values(shard.replicas)) {
      health.replicas++;
      if (replica.state === 'active' && live.has(replica.node_name)) {
        health.activeReplicas++;
        serving = true;
      }
    }
    if (serving) health.servingShards++;
  }
  return health;
}

/** Points `alias` at `collection`; readers see the old or the new one, never neither. */
export async function switchAlias(
  client: SolrClient,
  alias: string,
  collection: string,
): Promise<void> {
  await client.request({
    path: '/admin/collections',
    params: { action: 'CREATEALIAS', name: alias, collections: collection },
    timeoutMs: ADMIN_TIMEOUT_MS,
  });
}

export async function deleteCollection(client: SolrClient, name: string): Promise<void> {
  await client.request({
    path: '/admin/collections',
    params: { action: 'DELETE', name },
    repeatable: false,
    timeoutMs: ADMIN_TIMEOUT_MS,
  });
}

/** Every replica core of a collection: the node that hosts it and the core's name. */
export async function replicaCores(
  client: SolrClient,
  collection: string,
): Promise<{ shard: string; baseUrl: string; core: string; leader: boolean }[]> {
  const status = await client.request<ClusterStatus>({
    path: '/admin/collections',
    method: 'GET',
    timeoutMs: STATE_TIMEOUT_MS,
    params: { action: 'CLUSTERSTATUS', collection },
  });
  const shards = status.cluster.collections?.[collection]?.shards ?? {};
  return Object.entries(shards).flatMap(([shard, { replicas }]) =>
    Object.values(replicas).map((r) => ({
      shard,
      baseUrl: r.base_url,
      core: r.core,
      leader: r.leader === 'true',
    })),
  );
}

/**
 * Waits until every replica of every shard serves the same number of documents as its leader:
 * TLOG followers copy the leader's segments after a commit, on their next poll (a few seconds), and
 * the alias must not move to a build some copies do not serve yet. Every document counts, not
 * only pins: the query model's documents are written last, and a follower that copied an
 * automatic commit taken after the last pin but before them (a 1M-pin publish streams for
 * minutes) holds every pin and no model, which the build's check then reads from it.
 */
export async function waitForReplication(
  client: SolrClient,
  collection: string,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const cores = await replicaCores(client, collection);
    const counts = await Promise.all(
      cores.map(async (c) => {
        const answer = await client.request<{ response: { numFound: number } }>({
          node: c.baseUrl,
          path: `/${c.core}/select`,
          params: { q: '*:*', rows: 0, distrib: false },
        });
        return { ...c, count: answer.response.numFound };
      }),
    );
    const leaderCount = new Map(counts.filter((c) => c.leader).map((c) => [c.shard, c.count]));
    const behind = counts.filter((c) => c.count !== leaderCount.get(c.shard));
    if (behind.length === 0 && leaderCount.size > 0) return;
    if (Date.now() > deadline)
      throw new Error(
        `collection ${collection}: ${behind.length} replica(s) still behind their leader after ${timeoutMs / 1000} s (${behind.map((b) => b.core).join(', ')})`,
      );
    await new Promise((r) => setTimeout(r, ACTIVE_POLL_MS * 2));
  }
}
