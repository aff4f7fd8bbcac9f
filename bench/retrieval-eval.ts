/**
 * Learned retrieval (src/server/retrieval + src/server/engine/with-semantic.ts): does fusing the
 * semantic leg with BM25 find more of what a query means?
 *
 * Held-out judgments derived from the corpus (no human labels exist):
 * 1. Query tags: single-word tags on MIN_DF..MAX_DF pins (rare enough that the word picks out a
 *    set of pictures), seeded sample of up to MAX_QUERIES.
 * 2. Hiding: for each query tag, in random order, the tag is removed from a random HIDE_FRACTION
 *    of its pins; a pin loses at most one tag. A variant index is built from the modified pins
 *    with the production writer — so the embeddings are learned without the hidden tags too.
 * 3. Query = the tag; relevant = every pin that had the tag before hiding (binary gain).
 *    Pins that kept the tag are easy for BM25; hidden ones only match if the tag word is in
 *    their title or description, or if the semantic leg places them near the word.
 * Systems: BM25 (engine with `semantic: false`: FTS5 + query understanding), embeddings alone
 * (query vector → HNSW, k = 100) and the fusion (the engine as shipped). Metrics: NDCG@10,
 * recall@100, and recall@100 of the hidden pins alone.
 *
 * Precise queries (the unmodified index): title words, relevance = word in title (gain 2) or
 * tags (gain 1), as in bench/query-understanding.ts — fusion must keep exact matches on top.
 * A small sweep of fusion weights is reported next to the shipped ones.
 *
 * Corpora: the OpenMoji test index, and the full index at INSPO_DATA_DIR (default ./data) when
 * it has OpenClipart too. Writes bench/results/retrieval-eval.json. `tsx bench/retrieval-eval.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { buildEmbeddings, type EmbeddingsReport } from '@/server/retrieval/build-embeddings';
import { hnswPathFor } from '@/server/retrieval/store';
import { openSearchService } from '@/server/service/search-service';
import { DEFAULT_FUSION, RRF_K, type FusionMethod } from '@/server/engine/rank-fusion';
import { indexPath } from '@/server/engine/schema';
import { openSemanticLeg } from '@/server/engine/semantic-leg';
import type { SearchEngine } from '@/server/engine/types';
import { FUSION_DEPTH, MIN_SEMANTIC_COSINE, SEMANTIC_K } from '@/server/engine/with-semantic';
import { writeIndex } from '@/server/ingest/index-writer';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { matchKey, matchTerms } from '@/server/query/normalize';
import { isStopword } from '@/server/query/stopwords';
import {
  HIDE_FRACTION,
  holdOut,
  loadRows,
  MAX_DF,
  MAX_QUERIES,
  MIN_DF,
  NDCG_K,
  ndcgBinary,
  recall,
  shuffle,
  RECALL_K,
  toRecord,
  type HeldOutQuery,
  type Row,
} from './lib/held-out-tags';
import { writeResult } from './lib/results';
import { seededRandom } from '@/lib/random/seeded-random';

const SEED = 20_251_125;
const PRECISE_QUERIES = 200;
const FUSION_SWEEP: FusionMethod[] = [
  { kind: 'blend', alpha: 0.3 },
  { kind: 'blend', alpha: 0.4 },
  { kind: 'blend', alpha: 0.5 },
  { kind: 'blend', alpha: 0.6 },
  { kind: 'blend', alpha: 0.7 },
  { kind: 'rrf', lexical: 1, semantic: 1 },
  { kind: 'rrf', lexical: 2, semantic: 1 },
];
const BENCH_DATA = path.resolve('data', 'bench', 'retrieval-eval');

function buildVariant(rows: readonly Row[], tagsById: Map<string, string[]>, dataDir: string): EmbeddingsReport {
  let report: EmbeddingsReport | undefined;
  writeIndex({
    dataDir,
    records: rows.map((r) => toRecord(r, tagsById.get(r.id)!)),
    sources: {},
    startedAt: performance.now(),
    fingerprint: 'retrieval-eval',
    afterWrite: (db, dbPath) => {
      const pending = buildEmbeddings(db, { hnswPath: hnswPathFor(dbPath) });
      report = pending.report;
      return pending;
    },
  });
  return report!;
}

const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const r4 = (x: number) => Number(x.toFixed(4));

interface Scores {
  ndcgAt10: number;
  recallAt100: number;
  hiddenRecallAt100: number;
}

function score(rank: (q: string) => string[], queries: readonly HeldOutQuery[]): Scores {
  const n: number[] = [];
  const r: number[] = [];
  const h: number[] = [];
  for (const q of queries) {
    const ranked = rank(q.tag);
    n.push(ndcgBinary(ranked, q.relevant));
    r.push(recall(ranked, q.relevant));
    h.push(recall(ranked, q.hidden));
  }
  return { ndcgAt10: r4(mean(n)), recallAt100: r4(mean(r)), hiddenRecallAt100: r4(mean(h)) };
}

const engineRanker = (engine: SearchEngine) => (q: string) =>
  engine.search({ q, refine: [], offset: 0, limit: RECALL_K }).items.map((i) => i.id);

/** Precise queries on the unmodified index: title words, graded gains from title/tags. */
function preciseEval(rows: readonly Row[], lexical: SearchEngine, fused: SearchEngine, random: () => number) {
  const keys = rows.map((r) => ({
    id: r.id,
    title: new Set(matchTerms(r.title).map(matchKey)),
    tags: new Set(matchTerms((JSON.parse(r.tags) as string[]).join(' ')).map(matchKey)),
  }));
  const words = new Set<string>();
  for (const r of rows) for (const w of matchTerms(r.title)) if (/^[a-z]{4,}$/u.test(w) && !isStopword(w)) words.add(w);
  const queries = shuffle([...words].sort(), random).slice(0, PRECISE_QUERIES);
  const gains = (word: string) => {
    const key = matchKey(word);
    return new Map(keys.map((k) => [k.id, k.title.has(key) ? 2 : k.tags.has(key) ? 1 : 0]));
  };
  const ndcg = (ranked: string[], gain: Map<string, number>) => {
    const dcg = (gs: number[]) => gs.slice(0, NDCG_K).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
    const ideal = dcg([...gain.values()].filter((g) => g > 0).sort((a, b) => b - a));
    return ideal === 0 ? 0 : dcg(ranked.map((id) => gain.get(id) ?? 0)) / ideal;
  };
  const acc = { lexical: [] as number[], fused: [] as number[], top1Kept: 0, top1Exact: 0 };
  for (const word of queries) {
    const gain = gains(word);
    const l = engineRanker(lexical)(word).slice(0, NDCG_K);
    const f = engineRanker(fused)(word).slice(0, NDCG_K);
    acc.lexical.push(ndcg(l, gain));
    acc.fused.push(ndcg(f, gain));
    if ((gain.get(l[0] ?? '') ?? 0) > 0) {
      acc.top1Exact++;
      if ((gain.get(f[0] ?? '') ?? 0) > 0) acc.top1Kept++;
    }
  }
  return {
    queries: queries.length,
    ndcgAt10: { bm25: r4(mean(acc.lexical)), fusion: r4(mean(acc.fused)) },
    /** Of the queries whose BM25 top result contains the word, the share whose fused top result does too. */
    topResultStillExact: r4(acc.top1Kept / Math.max(1, acc.top1Exact)),
  };
}

async function evaluateCorpus(name: string, sourceDir: string) {
  const random = seededRandom(SEED);
  const rows = loadRows(sourceDir);
  const { queries, tagsById } = holdOut(rows, random);
  const variantDir = path.join(BENCH_DATA, name);
  fs.mkdirSync(variantDir, { recursive: true });
  const embeddings = buildVariant(rows, tagsById, variantDir);

  const lexical = openSearchService({ dataDir: variantDir, semantic: false });
  const fused = openSearchService({ dataDir: variantDir });
  const db = new Database(indexPath(variantDir), { readonly: true, fileMustExist: true });
  const leg = openSemanticLeg(db, indexPath(variantDir))!;
  const idOf = new Map(rows.map((r) => [r.rowid, r.id]));
  const embeddingsAlone = (q: string) => {
    const v = leg.encode(q);
    return v ? leg.nearest(v, RECALL_K).map((n) => idOf.get(n.rowid)!) : [];
  };

  const preciseLexical = openSearchService({ dataDir: sourceDir, semantic: false });
  const started = performance.now();
  const systems = {
    bm25: score(engineRanker(lexical), queries),
    embeddings: score(embeddingsAlone, queries),
    fusion: score(engineRanker(fused), queries),
  };
  const evalMs = performance.now() - started;
  const sweep = FUSION_SWEEP.map((fusion) => {
    const engine = openSearchService({ dataDir: variantDir, fusion });
    const result = { fusion, heldOut: score(engineRanker(engine), queries), precise: preciseEval(rows, preciseLexical, openSearchService({ dataDir: sourceDir, fusion }), seededRandom(SEED)) };
    engine.close();
    return result;
  });
  lexical.close();
  fused.close();
  db.close();

  const precise = preciseEval(rows, preciseLexical, openSearchService({ dataDir: sourceDir }), seededRandom(SEED));
  const hiddenPins = queries.reduce((s, q) => s + q.hidden.size, 0);
  console.log(
    `${name}: ${queries.length} queries, ${hiddenPins} hidden tags; NDCG@10 bm25 ${systems.bm25.ndcgAt10} ` +
      `emb ${systems.embeddings.ndcgAt10} fusion ${systems.fusion.ndcgAt10}; R@100 ${systems.bm25.recallAt100} / ` +
      `${systems.embeddings.recallAt100} / ${systems.fusion.recallAt100}; precise ${JSON.stringify(precise.ndcgAt10)}`,
  );
  return {
    corpus: name,
    pins: rows.length,
    queries: queries.length,
    hiddenTagAssignments: hiddenPins,
    meanRelevantPerQuery: r4(mean(queries.map((q) => q.relevant.size))),
    embeddings: { ...embeddings, semanticBackend: leg.backend },
    heldOutTags: systems,
    fusionBeatsBm25: systems.fusion.ndcgAt10 > systems.bm25.ndcgAt10 && systems.fusion.recallAt100 > systems.bm25.recallAt100,
    fusionSweep: sweep,
    preciseQueries: precise,
    evalMsPerQueryAllSystems: r4(evalMs / Math.max(1, queries.length)),
  };
}

async function main(): Promise<void> {
  const corpora: { name: string; dir: string }[] = [{ name: 'openmoji', dir: await ensureTestIndex() }];
  const full = path.resolve(process.env.INSPO_DATA_DIR ?? 'data');
  if (fs.existsSync(indexPath(full))) {
    const db = new Database(indexPath(full), { readonly: true });
    const sources = JSON.parse(
      (db.prepare("SELECT value FROM meta WHERE key = 'sources'").pluck().get() as string | undefined) ?? '{}',
    ) as Record<string, number>;
    db.close();
    if ((sources.openclipart ?? 0) > 0) corpora.push({ name: 'openmoji+openclipart', dir: full });
  }
  const results = [];
  for (const c of corpora) results.push(await evaluateCorpus(c.name, c.dir));
  const file = writeResult('retrieval-eval', {
    description:
      'Held-out tag retrieval: per query tag, the tag is hidden from a seeded half of its pins (a pin loses at most one tag), ' +
      'a variant index (FTS + embeddings + HNSW) is built from the modified pins, and the tag is the query; relevant = every pin ' +
      'that had the tag. BM25 = engine with semantic: false (FTS5 BM25 + query understanding); embeddings = query vector → HNSW ' +
      'top 100; fusion = the engine as shipped (method.fusion.shipped; see src/server/engine/rank-fusion.ts). Precise queries: title words on the unmodified ' +
      'index, gain 2 title / 1 tag.',
    method: {
      seed: SEED,
      maxQueries: MAX_QUERIES,
      tagDocumentFrequency: [MIN_DF, MAX_DF],
      hideFraction: HIDE_FRACTION,
      metrics: ['NDCG@10 (binary gain)', 'recall@100', 'recall@100 of hidden pins only'],
      fusion: {
        shipped: DEFAULT_FUSION,
        rrfK: RRF_K,
        lexicalDepth: FUSION_DEPTH,
        semanticK: SEMANTIC_K,
        minSemanticCosine: MIN_SEMANTIC_COSINE,
      },
    },
    corpora: results,
  });
  console.log(`wrote ${file}`);
}

await main();
