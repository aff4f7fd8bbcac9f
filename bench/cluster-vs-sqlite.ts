/**
 * The cluster engine beside the embedded one, in one run on this machine, on the generated
 * corpus (docs/generated-corpus.md) at 100k and 1M pins: indexing rate, and search p50/p95 with
 * the same queries.
 *
 * NEEDS A RUNNING CLUSTER (`npm run cluster`; INSPO_SOLR_URL, and INSPO_CLUSTER_DIR when it was
 * started with another --dir). Per size:
 *   1. the SQLite artifact in data/bench/generated-<n> is built (timed: the embedded engine's
 *      indexing), or reused with --reuse when its fingerprint matches (its build time then comes
 *      from bench/results/corpus-scale.json, or is left out);
 *   2. it is published into the cluster under alias `bench-<n>` (timed: the cluster's indexing —
 *      streaming pins into a new collection of 3 shards × 2 copies, commit, replication, alias);
 *   3. the same seeded query mix as bench/corpus-scale.ts (narrow queries drawn from the index's
 *      own tags and titles, broad ones from its most frequent words and pairs) searched through
 *      both services as the HTTP server composes them (chips included), without result caches, one
 *      query at a time, each query on both engines back to back (alternating which goes first),
 *      so both see the same machine load.
 * Wall-clock latencies; this machine is shared (load averages are recorded).
 *
 *   npx tsx bench/cluster-vs-sqlite.ts [--sizes 100000,1000000] [--reuse] [--queries 200]
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import { seededRandom } from '@/lib/random/seeded-random';
import { META_KEYS, indexPath } from '@/server/engine/schema';
import { buildFingerprint, buildIndex, readOpenmojiVersion } from '@/server/ingest/build-index';
import { publishToCluster } from '@/server/ingest/publish-cluster';
import { DEFAULT_GENERATED_SEED } from '@/server/ingest/sources/generated';
import { defaultOpenmojiDir } from '@/server/ingest/sources/openmoji';
import { isStopword } from '@/server/query/stopwords';
import { engineConfigFromEnv } from '@/server/service/engine-config';
import { openClusterSearchService, openSearchService } from '@/server/service/search-service';
import { drawQueries } from './lib/draw-queries';
import { clusterCpuMs } from './lib/process-cpu';
import { RESULTS_DIR, writeResult } from './lib/results';
import { summarize } from './lib/stats';

const SIZES = [100_000, 1_000_000];
const BENCH_DATA_ROOT = path.resolve('data', 'bench');
const SEED = 20_251_125;
const PAGE = 25;
const DEFAULT_QUERIES = 200;
const BROAD_WORDS = 16;
const BROAD_PAIRS = 24;
const MAX_BROAD_SHARE = 0.5;
/** Queries run once on both engines before timing (JIT, Solr's caches of the analyzers). */
const WARMUP_QUERIES = 20;

const dataDirFor = (n: number): string => path.join(BENCH_DATA_ROOT, `generated-${n}`);
const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Bytes on disk of one copy of the collection: the smallest replica of each shard, summed. */
async function indexBytesPerCopy(url: string, collection: string): Promise<number> {
  type Status = {
    cluster: {
      collections: Record<
        string,
        { shards: Record<string, { replicas: Record<string, { core: string; base_url: string }> }> }
      >;
    };
  };
  const status = (await (
    await fetch(`${url}/admin/collections?action=CLUSTERSTATUS&collection=${collection}&wt=json`)
  ).json()) as Status;
  const smallest = new Map<string, number>();
  for (const [shard, { replicas }] of Object.entries(
    status.cluster.collections[collection]!.shards,
  )) {
    for (const { core, base_url: base } of Object.values(replicas)) {
      const cores = (await (
        await fetch(`${base}/admin/cores?action=STATUS&core=${core}&wt=json`)
      ).json()) as {
        status: Record<string, { index?: { sizeInBytes?: number } }>;
      };
      const bytes = cores.status[core]?.index?.sizeInBytes ?? 0;
      smallest.set(shard, Math.min(smallest.get(shard) ?? Number.POSITIVE_INFINITY, bytes));
    }
  }
  return [...smallest.values()].reduce((a, b) => a + b, 0);
}
const loadavg = (): number[] => os.loadavg().map((x) => Math.round(x * 100) / 100);

async function upToDate(n: number): Promise<boolean> {
  const file = indexPath(dataDirFor(n));
  if (!fs.existsSync(file)) return false;
  const expected = buildFingerprint({
    sources: ['generated'],
    openmojiVersion: await readOpenmojiVersion(defaultOpenmojiDir()),
    extra: JSON.stringify({ generated: n, seed: DEFAULT_GENERATED_SEED }),
  });
  const db = new Database(file, { readonly: true });
  const stored = db
    .prepare('SELECT value FROM meta WHERE key = ?')
    .pluck()
    .get(META_KEYS.fingerprint);
  db.close();
  return stored === expected;
}

function previousSqliteBuildMs(n: number): number | null {
  try {
    const previous = JSON.parse(
      fs.readFileSync(path.join(RESULTS_DIR, 'corpus-scale.json'), 'utf8'),
    ) as {
      sizes?: { pins: number; build: { wallMs: number } | null }[];
    };
    return previous.sizes?.find((s) => s.pins === n)?.build?.wallMs ?? null;
  } catch {
    return null;
  }
}

/** The index's most frequent words (not boilerplate) and pairs of them, as corpus-scale.ts. */
function broadQueries(dataDir: string): string[] {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const pins = db.prepare('SELECT count(*) FROM pins').pluck().get() as number;
  const words = (
    db.prepare('SELECT word, pins FROM vocabulary ORDER BY pins DESC, word').raw().all() as [
      string,
      number,
    ][]
  )
    .filter(
      ([word, count]) => count <= MAX_BROAD_SHARE * pins && word.length >= 3 && !isStopword(word),
    )
    .slice(0, BROAD_WORDS)
    .map(([word]) => word);
  db.close();
  const random = seededRandom(SEED);
  const pairs = new Set<string>();
  for (let attempt = 0; pairs.size < BROAD_PAIRS && attempt < BROAD_PAIRS * 20; attempt++) {
    const a = words[Math.floor(random() * words.length)]!;
    const b = words[Math.floor(random() * words.length)]!;
    if (a !== b) pairs.add(`${a} ${b}`);
  }
  return [...words, ...pairs];
}

async function measureSize(
  n: number,
  { reuse, queries: queryCount }: { reuse: boolean; queries: number },
) {
  const dataDir = dataDirFor(n);
  const loadavgBefore = loadavg();

  // 1. The embedded engine's indexing: the SQLite artifact.
  let sqliteBuildMs: number | null;
  let sqliteBuildMeasured = false;
  if (reuse && (await upToDate(n))) {
    sqliteBuildMs = previousSqliteBuildMs(n);
    console.log(`${n}: SQLite index up to date, not rebuilt`);
  } else {
    console.log(`${n}: building the SQLite index…`);
    const started = performance.now();
    await buildIndex({
      dataDir,
      sources: ['generated'],
      generated: { count: n, seed: DEFAULT_GENERATED_SEED },
    });
    sqliteBuildMs = Math.round(performance.now() - started);
    sqliteBuildMeasured = true;
  }

  // 2. The cluster's indexing: publishing that artifact into a new collection.
  const cluster = {
    ...engineConfigFromEnv({ ...process.env, INSPO_ENGINE: 'solr' }).cluster!,
    alias: `bench-${n}`,
  };
  console.log(
    `${n}: publishing into the cluster (${cluster.shards} shards × ${cluster.replicas} copies)…`,
  );
  let lastLine = 0;
  const publish = await publishToCluster({
    dataDir,
    cluster,
    onProgress: (p) => {
      if (performance.now() - lastLine > 10_000 || p.phase !== 'pins') {
        lastLine = performance.now();
        console.log(`  ${p.phase} ${p.sent}/${p.total} ${(p.elapsedMs / 1000).toFixed(0)} s`);
      }
    },
  });

  // 3. The same queries through both services, interleaved.
  const narrow = drawQueries(dataDir, queryCount, SEED);
  const broad = broadQueries(dataDir);
  const narrowSet = new Set(narrow);
  const all = [...narrow, ...broad.filter((q) => !narrowSet.has(q))];
  const random = seededRandom(SEED + 1);
  const order = all
    .map((q) => ({ q, key: random() }))
    .sort((a, b) => a.key - b.key)
    .map((x) => x.q);
  const broadSet = new Set(broad);

  const sqlite = openSearchService({ dataDir, resultCache: false });
  const solr = await openClusterSearchService({ cluster, resultCache: false });
  const engines = { sqlite, solr } as const;
  const cpu = { sqlite: { node: 0, cluster: 0 }, solr: { node: 0, cluster: 0 } };
  const search = async (engine: keyof typeof engines, q: string) => {
    const node = process.cpuUsage();
    const cluster = clusterCpuMs();
    const started = performance.now();
    const result = await engines[engine].search({ q, refine: [], offset: 0, limit: PAGE });
    const ms = performance.now() - started;
    const used = process.cpuUsage(node);
    cpu[engine].node += (used.user + used.system) / 1000;
    cpu[engine].cluster += clusterCpuMs() - cluster;
    return { ms, total: result.total, items: result.items.map((i) => i.id) };
  };
  for (const q of order.slice(0, WARMUP_QUERIES)) {
    await search('sqlite', `${q} warmup`);
    await search('solr', `${q} warmup`);
  }
  cpu.sqlite = { node: 0, cluster: 0 };
  cpu.solr = { node: 0, cluster: 0 };
  const samples = {
    sqlite: { all: [] as number[], broad: [] as number[], narrow: [] as number[] },
    solr: { all: [] as number[], broad: [] as number[], narrow: [] as number[] },
  };
  let sameTotal = 0;
  let overlapSum = 0;
  for (const [i, q] of order.entries()) {
    const first = i % 2 === 0 ? 'sqlite' : 'solr';
    const second = first === 'sqlite' ? 'solr' : 'sqlite';
    const a = await search(first, q);
    const b = await search(second, q);
    const results = { [first]: a, [second]: b } as Record<'sqlite' | 'solr', typeof a>;
    for (const engine of ['sqlite', 'solr'] as const) {
      samples[engine].all.push(results[engine].ms);
      samples[engine][broadSet.has(q) ? 'broad' : 'narrow'].push(results[engine].ms);
    }
    if (results.sqlite.total === results.solr.total) sameTotal++;
    const top = new Set(results.sqlite.items.slice(0, 10));
    const denominator = Math.min(10, top.size);
    if (denominator > 0)
      overlapSum +=
        results.solr.items.slice(0, 10).filter((id) => top.has(id)).length / denominator;
  }
  sqlite.close();
  await solr.close();

  const summary = (xs: number[]) => (xs.length ? summarize(xs) : null);
  return {
    pins: n,
    sqlite: {
      buildMs: sqliteBuildMs,
      buildMeasuredInThisRun: sqliteBuildMeasured,
      pinsPerSecond: sqliteBuildMs ? Math.round((n * 1000) / sqliteBuildMs) : null,
      search: {
        all: summary(samples.sqlite.all),
        broad: summary(samples.sqlite.broad),
        narrow: summary(samples.sqlite.narrow),
      },
      cpuMsPerSearch: round1(cpu.sqlite.node / order.length),
    },
    solr: {
      collection: publish.collection,
      shards: publish.shards,
      replicas: publish.replicas,
      publishMs: Math.round(publish.elapsedMs),
      pinsStreamMs: Math.round(publish.pinsMs),
      commitMs: Math.round(publish.commitMs),
      pinsPerSecond: Math.round((n * 1000) / publish.elapsedMs),
      streamPinsPerSecond: Math.round((n * 1000) / publish.pinsMs),
      search: {
        all: summary(samples.solr.all),
        broad: summary(samples.solr.broad),
        narrow: summary(samples.solr.narrow),
      },
      /** Inspo's server (this process) and the cluster's JVM (all 3 nodes), per search. */
      cpuMsPerSearch: {
        server: round1(cpu.solr.node / order.length),
        cluster: clusterCpuMs() < 0 ? null : round1(cpu.solr.cluster / order.length),
      },
      indexBytesPerCopy: await indexBytesPerCopy(cluster.urls[0]!, publish.collection),
    },
    queries: {
      total: order.length,
      narrow: narrow.length,
      broad: broad.length,
      sampleBroad: broad.slice(0, 6),
    },
    agreement: {
      sameTotalShare: Math.round((sameTotal / order.length) * 1000) / 1000,
      top10OverlapMean: Math.round((overlapSum / order.length) * 1000) / 1000,
    },
    loadavgBefore,
    loadavgAfter: loadavg(),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      sizes: { type: 'string' },
      reuse: { type: 'boolean', default: false },
      queries: { type: 'string' },
    },
  });
  const sizes = values.sizes ? values.sizes.split(',').map(Number) : SIZES;
  const queries = values.queries ? Number(values.queries) : DEFAULT_QUERIES;
  const results = [];
  for (const n of sizes) {
    const figures = await measureSize(n, { reuse: values.reuse, queries });
    console.log(JSON.stringify(figures, null, 2));
    results.push(figures);
  }
  // Sizes measured in earlier runs stay in the file (each carries its own load averages).
  let previous: { sizes?: { pins: number }[] } = {};
  try {
    previous = JSON.parse(
      fs.readFileSync(path.join(RESULTS_DIR, 'cluster-vs-sqlite.json'), 'utf8'),
    ) as typeof previous;
  } catch {
    // first run
  }
  const kept = (previous.sizes ?? []).filter((s) => !sizes.includes(s.pins));
  const file = writeResult('cluster-vs-sqlite', {
    command: `npx tsx bench/cluster-vs-sqlite.ts --sizes ${sizes.join(',')}`,
    cluster:
      'npm run cluster: 3 Solr 9.10.1 nodes + ZooKeeper in one JVM (-Xmx from INSPO_CLUSTER_HEAP) on this same machine',
    sizes: [...kept, ...results].sort((a, b) => a.pins - b.pins),
  });
  console.log(`wrote ${file}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
