/**
 * Which engine serves (INSPO_ENGINE) and, for the cluster, where it is: read once by main.ts,
 * `npm run index` and the benchmarks, so every entry point agrees and a typo fails at start with
 * a message naming the variable.
 *
 *   INSPO_ENGINE          sqlite (default: the embedded index) | solr (a SolrCloud cluster)
 *   INSPO_SOLR_URL        node URLs, comma-separated (default http://127.0.0.1:8983/solr, what
 *                         `npm run cluster` starts); one is enough, the others are discovered
 *   INSPO_SOLR_ALIAS      the alias naming the build being served (default inspo)
 *   INSPO_SOLR_SHARDS     shards of a new build's collection (default 3)
 *   INSPO_SOLR_REPLICAS   copies of each shard (default 2: a leader and 1 replica, so any one
 *                         node can stop without a shard going dark)
 */
import { parseSolrUrls } from '@/server/cluster/solr-client';
import { DEFAULT_ALIAS } from '@/server/cluster/solr-engine';

export type EngineKind = 'sqlite' | 'solr';

export interface ClusterConfig {
  urls: string[];
  alias: string;
  shards: number;
  replicas: number;
}

export interface EngineConfig {
  kind: EngineKind;
  /** Set when kind is 'solr'. */
  cluster: ClusterConfig | null;
}

export const DEFAULT_SOLR_URL = 'http://127.0.0.1:8983/solr';
export const DEFAULT_SHARDS = 3;
export const DEFAULT_REPLICAS = 2;

function wholeNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || value < 1 || value > max)
    throw new Error(`${name} must be a whole number from 1 to ${max}, got "${raw}".`);
  return value;
}

export function engineConfigFromEnv(env: NodeJS.ProcessEnv): EngineConfig {
  const kind = (env.INSPO_ENGINE ?? '').trim().toLowerCase() || 'sqlite';
  if (kind === 'sqlite') return { kind, cluster: null };
  if (kind === 'opensearch')
    throw new Error(
      'INSPO_ENGINE=opensearch is not implemented: the cluster engine is SolrCloud (docs/scaling.md says why). Use INSPO_ENGINE=solr.',
    );
  if (kind !== 'solr')
    throw new Error(
      `INSPO_ENGINE must be "sqlite" (default) or "solr", got "${env.INSPO_ENGINE}".`,
    );
  const alias = (env.INSPO_SOLR_ALIAS ?? '').trim() || DEFAULT_ALIAS;
  if (!/^[a-z][a-z0-9-]{0,40}$/.test(alias))
    throw new Error(
      `INSPO_SOLR_ALIAS must be lowercase letters, digits and hyphens, starting with a letter, got "${alias}".`,
    );
  return {
    kind,
    cluster: {
      urls: parseSolrUrls(env.INSPO_SOLR_URL?.trim() || DEFAULT_SOLR_URL),
      alias,
      shards: wholeNumber(env, 'INSPO_SOLR_SHARDS', DEFAULT_SHARDS, 64),
      replicas: wholeNumber(env, 'INSPO_SOLR_REPLICAS', DEFAULT_REPLICAS, 8),
    },
  };
}
