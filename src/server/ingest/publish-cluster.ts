/**
 * `npm run index` with INSPO_ENGINE=solr, after the index artifact is built: streams its pins into
 * a NEW collection of the cluster in bulk, adds the build's query model (src/server/cluster/
 * query-model.ts), commits, checks that every pin and the model are searchable, then points the
 * alias at the new collection in one atomic step. Searches keep going to the previous build until
 * that moment, and to the new one after it (each API server follows the alias within seconds), so
 * a reindex never takes search down. The previous collection is kept (servers still on it finish
 * their requests; it is the rollback) and older ones are deleted.
 *
 * A build that fails half way deletes its own collection and leaves the alias where it was.
 */
import Database from 'better-sqlite3';
import {
  createCollection,
  deleteCollection,
  ensureConfigset,
  listCollections,
  resolveAlias,
  switchAlias,
  waitForReplication,
} from '@/server/cluster/collections';
import { readConfigset } from '@/server/cluster/configset';
import {
  byIdsParams,
  PIN_FILTER,
  pinToDocument,
  type PinDocument,
} from '@/server/cluster/documents';
import { modelDocuments, readModel, type QueryModel } from '@/server/cluster/query-model';
import { createSolrClient, type SolrClient } from '@/server/cluster/solr-client';
import { ClusterUnavailableError } from '@/server/cluster/solr-engine';
import { loadVocabulary } from '@/server/engine/load-vocabulary';
import { pinColumnsFor, pinRowFromRaw } from '@/server/engine/pin-row';
import { hasPinLanguages } from '@/server/engine/pin-texts';
import { META_KEYS, indexPath } from '@/server/engine/schema';
import { readStoredVocabulary } from '@/server/engine/stored-vocabulary';
import { readTagPins } from '@/server/engine/tag-pins';
import type { EngineInfo } from '@/server/engine/types';
import { readEmbeddings } from '@/server/retrieval/store';
import type { ClusterConfig } from '@/server/service/engine-config';
import { buildVocabularyIndex } from '@/server/suggest/build-vocabulary-index';

/** Pins per update request: large enough to amortize a request, small enough to stream. */
export const PUBLISH_BATCH = 1_000;
/** Update requests in flight at once (the client spreads them over the nodes). */
export const PUBLISH_CONCURRENCY = 2;
const UPDATE_TIMEOUT_MS = 120_000;
const COMMIT_TIMEOUT_MS = 600_000;
/** Followers copy a committed build within a poll or two; a million pins take longer to copy. */
const REPLICATION_TIMEOUT_MS = 600_000;

export interface PublishProgress {
  phase: 'collection' | 'pins' | 'model' | 'commit' | 'verify' | 'alias';
  /** Pins sent so far (phase 'pins'), of `total`. */
  sent: number;
  total: number;
  elapsedMs: number;
}

export interface PublishReport {
  alias: string;
  collection: string;
  configset: string;
  shards: number;
  replicas: number;
  /** The collection the alias named before (kept), or null. */
  previous: string | null;
  /** Older builds deleted. */
  deleted: string[];
  pins: number;
  /** Whole publish, and the pins' streaming alone (pins/s = pins / pinsMs). */
  elapsedMs: number;
  pinsMs: number;
  commitMs: number;
}

/** `inspo_20261207t001500123_3fa9`: sorts by time; the alias name is its prefix. */
function newCollectionName(alias: string): string {
  const stamp = new Date()
    .toISOString()
    .replace(/[-:.Z]/g, '')
    .toLowerCase();
  const random = Math.floor(Math.random() * 0x10000)
    .toString(16)
    .padStart(4, '0');
  return `${alias}_${stamp}_${random}`;
}

function readInfo(db: Database.Database): EngineInfo {
  const meta = new Map(
    (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map(
      (r) => [r.key, r.value],
    ),
  );
  return {
    pins: Number(meta.get(META_KEYS.pins) ?? 0),
    sources: JSON.parse(meta.get(META_KEYS.sources) ?? '{}') as Record<string, number>,
    version: Number(meta.get(META_KEYS.version) ?? 0),
    builtAt: meta.get(META_KEYS.builtAt) ?? '',
    buildMs: Number(meta.get(META_KEYS.buildMs) ?? 0),
  };
}

/** The build's query model, as the embedded engine and suggest read it from the artifact. */
export function readQueryModel(
  db: Database.Database,
  words: ReadonlyMap<string, Float32Array>,
): QueryModel {
  return {
    info: readInfo(db),
    vocabulary: readStoredVocabulary(db) ?? loadVocabulary(db),
    words,
    completions: buildVocabularyIndex(db).index.snapshot(),
    // This code publishes the `crosslingual` field (documents.ts), whatever the index holds.
    crosslingual: true,
    tagPins: readTagPins(db),
  };
}

export async function publishToCluster({
  dataDir,
  cluster,
  batchSize = PUBLISH_BATCH,
  concurrency = PUBLISH_CONCURRENCY,
  onProgress = () => {},
  client: givenClient,
}: {
  dataDir: string;
  cluster: ClusterConfig;
  batchSize?: number;
  concurrency?: number;
  onProgress?: (p: PublishProgress) => void;
  /** A client to reuse (the fault drills); otherwise one is made and closed here. */
  client?: SolrClient;
}): Promise<PublishReport> {
  const started = performance.now();
  const elapsed = () => performance.now() - started;
  const client = givenClient ?? createSolrClient({ urls: cluster.urls, discoverEveryMs: 0 });
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  let collection: string | null = null;
  let switched = false;
  try {
    try {
      await client.discover();
    } catch (error) {
      throw new ClusterUnavailableError(
        `Cannot reach the Solr cluster at ${cluster.urls.join(', ')} (INSPO_SOLR_URL): ${error instanceof Error ? error.message : String(error)}. Start one with \`npm run cluster\`.`,
        { cause: error },
      );
    }
    const total = db.prepare('SELECT count(*) FROM pins').pluck().get() as number;
    const configset = readConfigset();
    await ensureConfigset(client, configset);
    collection = newCollectionName(cluster.alias);
    onProgress({ phase: 'collection', sent: 0, total, elapsedMs: elapsed() });
    await createCollection(client, {
      name: collection,
      configName: configset.name,
      shards: cluster.shards,
      replicas: cluster.replicas,
    });

    // Embeddings by rowid (a typed array of slots; rowids are dense, 1..n).
    const embeddings = readEmbeddings(db);
    const dim = embeddings?.dim ?? 0;
    let maxRowid = 0;
    for (const r of embeddings?.rowids ?? []) maxRowid = Math.max(maxRowid, r);
    const slots = new Int32Array(maxRowid + 1).fill(-1);
    embeddings?.rowids.forEach((r, i) => (slots[r] = i));
    const codeOf = (rowid: number): Int8Array | null => {
      const slot = rowid <= maxRowid ? slots[rowid]! : -1;
      return slot < 0 || !embeddings
        ? null
        : embeddings.codes.subarray(slot * dim, (slot + 1) * dim);
    };

    const pinsStarted = performance.now();
    const update = (docs: readonly unknown[]) =>
      client.request({ path: `/${collection}/update`, json: docs, timeoutMs: UPDATE_TIMEOUT_MS });
    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;
    let sent = 0;
    let batch: PinDocument[] = [];
    const flush = async () => {
      const docs = batch;
      batch = [];
      const request = update(docs).then(
        () => {
          sent += docs.length;
          onProgress({ phase: 'pins', sent, total, elapsedMs: elapsed() });
        },
        (error: unknown) => {
          failure ??= error;
        },
      );
      inFlight.add(request);
      void request.finally(() => inFlight.delete(request));
      if (inFlight.size >= concurrency) await Promise.race(inFlight);
      if (failure) throw failure;
    };
    // Pins in other languages carry their cross-lingual text (pin_languages; older indexes: none),
    // typed pins their offer or clip (pin_media; older indexes: none).
    const PIN_COLUMNS = pinColumnsFor(db);
    const crossSql = hasPinLanguages(db)
      ? `SELECT ${PIN_COLUMNS}, coalesce(l.crosslingual, '') FROM pins p LEFT JOIN pin_languages l ON l.pin = p.rowid ORDER BY p.rowid`
      : `SELECT ${PIN_COLUMNS}, '' FROM pins p ORDER BY p.rowid`;
    for (const raw of db.prepare(crossSql).raw().iterate()) {
      const values = raw as unknown[];
      const row = pinRowFromRaw(values);
      batch.push(pinToDocument(row, codeOf(row.rowid), values[values.length - 1] as string));
      if (batch.length >= batchSize) await flush();
    }
    if (batch.length > 0) await flush();
    await Promise.all(inFlight);
    if (failure) throw failure;
    const pinsMs = performance.now() - pinsStarted;

    onProgress({ phase: 'model', sent, total, elapsedMs: elapsed() });
    const model = readQueryModel(db, embeddings?.words ?? new Map());
    await update(modelDocuments(model));

    onProgress({ phase: 'commit', sent, total, elapsedMs: elapsed() });
    const commitStarted = performance.now();
    await client.request({
      path: `/${collection}/update`,
      params: { commit: true, waitSearcher: true, openSearcher: true },
      json: [],
      timeoutMs: COMMIT_TIMEOUT_MS,
    });
    const commitMs = performance.now() - commitStarted;

    onProgress({ phase: 'verify', sent, total, elapsedMs: elapsed() });
    await waitForReplication(client, collection, REPLICATION_TIMEOUT_MS);
    const counted = await client.request<{ response: { numFound: number } }>({
      path: `/${collection}/select`,
      params: { q: '*:*', fq: PIN_FILTER, rows: 0 },
    });
    if (counted.response.numFound !== total)
      throw new Error(
        `collection ${collection} holds ${counted.response.numFound} pins after the commit, not ${total}`,
      );
    const stored = await readModel(async (ids) => {
      const answer = await client.request<{
        response: { docs: { id: string; model_data?: string }[] };
      }>({
        path: `/${collection}/select`,
        params: byIdsParams(ids, 'id,model_data'),
      });
      return answer.response.docs;
    });
    if (!stored || stored.info.pins !== model.info.pins)
      throw new Error(`collection ${collection}: the query model does not read back`);

    onProgress({ phase: 'alias', sent, total, elapsedMs: elapsed() });
    const previous = await resolveAlias(client, cluster.alias);
    await switchAlias(client, cluster.alias, collection);
    switched = true;
    // Keep the new build and the one before it; older builds of this alias go.
    const prefix = `${cluster.alias}_`;
    const deleted: string[] = [];
    for (const name of await listCollections(client)) {
      if (!name.startsWith(prefix) || name === collection || name === previous) continue;
      await deleteCollection(client, name);
      deleted.push(name);
    }
    return {
      alias: cluster.alias,
      collection,
      configset: configset.name,
      shards: cluster.shards,
      replicas: cluster.replicas,
      previous,
      deleted,
      pins: total,
      elapsedMs: elapsed(),
      pinsMs,
      commitMs,
    };
  } catch (error) {
    // A half-built collection is never served: remove it (best effort) and keep the alias.
    if (collection && !switched) await deleteCollection(client, collection).catch(() => {});
    throw error;
  } finally {
    db.close();
    if (!givenClient) client.close();
  }
}
