/**
 * The contract suite runs against both engines (INSPO_ENGINE=sqlite and =solr). The cluster
 * engine's runs NEED A RUNNING SOLRCLOUD CLUSTER: `npm run cluster` starts one locally
 * (INSPO_SOLR_URL, default http://127.0.0.1:8983/solr), and CI starts one before the tests
 * (.ci/run). Without it those tests fail with a message that says so; they never pass by being
 * skipped. Locally, INSPO_TEST_ENGINES=sqlite runs the embedded engine's half alone (refused
 * under CI).
 *
 * The openmoji test index is published into the cluster under its own alias (inspo-test), once:
 * later runs reuse that build while it matches the test index and the configset.
 */
import { collectionHealth, resolveAlias } from '@/server/cluster/collections';
import { readConfigset } from '@/server/cluster/configset';
import { MODEL_META_ID } from '@/server/cluster/query-model';
import { createSolrClient, type SolrClient } from '@/server/cluster/solr-client';
import { META_KEYS, indexPath } from '@/server/engine/schema';
import { publishToCluster } from '@/server/ingest/publish-cluster';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { engineConfigFromEnv, type ClusterConfig } from '@/server/service/engine-config';
import Database from 'better-sqlite3';

export type TestEngine = 'sqlite' | 'solr';
export const TEST_ALIAS = 'inspo-test';

/** The engines the contract suite runs on: both, unless INSPO_TEST_ENGINES narrows it (never in CI). */
export function testEngines(): TestEngine[] {
  const raw = process.env.INSPO_TEST_ENGINES?.trim();
  if (!raw) return ['sqlite', 'solr'];
  const engines = raw.split(',').map((e) => e.trim());
  for (const e of engines)
    if (e !== 'sqlite' && e !== 'solr')
      throw new Error(`INSPO_TEST_ENGINES: "${e}" is not an engine (sqlite, solr).`);
  if (process.env.CI && !engines.includes('solr'))
    throw new Error('CI runs the contract suite on both engines: unset INSPO_TEST_ENGINES.');
  return engines as TestEngine[];
}

function builtAtOf(dataDir: string): string {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  try {
    return (
      (db
        .prepare('SELECT value FROM meta WHERE key = ?')
        .pluck()
        .get(META_KEYS.builtAt) as string) ?? ''
    );
  } finally {
    db.close();
  }
}

/** Does the alias name a healthy build of exactly this test index and configset? */
async function publishedBuildMatches(
  client: SolrClient,
  alias: string,
  builtAt: string,
): Promise<boolean> {
  const collection = await resolveAlias(client, alias);
  if (!collection) return false;
  const status = await client.request<{
    cluster: { collections?: Record<string, { configName?: string }> };
  }>({
    path: '/admin/collections',
    method: 'GET',
    params: { action: 'CLUSTERSTATUS', collection },
  });
  if (status.cluster.collections?.[collection]?.configName !== readConfigset().name) return false;
  const health = await collectionHealth(client, collection);
  if (health.servingShards !== health.shards) return false;
  const meta = await client.request<{ doc: { model_data?: string } | null }>({
    path: `/${collection}/get`,
    params: { id: MODEL_META_ID, fl: 'model_data' },
  });
  const data = meta.doc?.model_data;
  return (
    data !== undefined &&
    (JSON.parse(data) as { info: { builtAt: string } }).info.builtAt === builtAt
  );
}

let pending: Promise<ClusterConfig> | null = null;

/** The test index, published into the cluster (or reused there); its cluster config. */
export function ensureTestCluster(): Promise<ClusterConfig> {
  pending ??= (async () => {
    const dataDir = await ensureTestIndex();
    const cluster = engineConfigFromEnv({
      ...process.env,
      INSPO_ENGINE: 'solr',
      INSPO_SOLR_ALIAS: TEST_ALIAS,
    }).cluster!;
    const client = createSolrClient({ urls: cluster.urls, discoverEveryMs: 0 });
    try {
      try {
        await client.discover();
      } catch (error) {
        throw new Error(
          `These tests run on the cluster engine and need a SolrCloud cluster at ${cluster.urls.join(', ')}, which did not answer ` +
            `(${error instanceof Error ? error.message : String(error)}). Start one with \`npm run cluster\` (CI does, in .ci/run), ` +
            'or point INSPO_SOLR_URL at yours. INSPO_TEST_ENGINES=sqlite runs only the embedded engine locally.',
          { cause: error },
        );
      }
      if (!(await publishedBuildMatches(client, TEST_ALIAS, builtAtOf(dataDir))))
        await publishToCluster({ dataDir, cluster, client });
      return cluster;
    } finally {
      client.close();
    }
  })();
  pending.catch(() => {
    pending = null;
  });
  return pending;
}

/**
 * An index of a test's own (built with buildIndex) published into the cluster under `alias`,
 * afresh each time (a small index: seconds); its cluster config.
 */
export async function publishOwnIndex(dataDir: string, alias: string): Promise<ClusterConfig> {
  const cluster = { ...(await ensureTestCluster()), alias };
  const client = createSolrClient({ urls: cluster.urls, discoverEveryMs: 0 });
  try {
    await client.discover();
    await publishToCluster({ dataDir, cluster, client });
    return cluster;
  } finally {
    client.close();
  }
}
