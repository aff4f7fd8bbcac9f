/**
 * Everything GET /api/v1/suggest needs, made at server start: the corpus completion index
 * (built from the index file through its own read-only connection, closed afterwards, or given
 * as the snapshot a cluster build carries in its query model) and the persisted query log
 * (flushed periodically and by close()).
 */
import Database from 'better-sqlite3';
import { indexPath } from '@/server/engine/schema';
import { buildVocabularyIndex, type VocabularyBuildReport } from './build-vocabulary-index';
import { PrefixIndex, type PrefixIndexSnapshot } from './prefix-index';
import { DEFAULT_FLUSH_INTERVAL_MS, defaultStateDir, QueryLog, queryLogPath } from './query-log';
import { readStoredLexicon } from '@/server/engine/stored-lexicon';
import { readStoredVocabulary } from '@/server/engine/stored-vocabulary';
import type { Lexicon } from '@/server/query/lexicon';
import { matchKey } from '@/server/query/normalize';
import { frequencyByMatchKey } from '@/server/query/vocabulary';
import { sharedWordNet } from '@/server/query/query-context';
import { QueryRecommender, type Recommendation, type RecommendInput } from './query-recommender';
import { readRecommenderPins } from './recommender-pins';
import { Suggester } from './suggester';
import { createTagText, type TagText } from './tag-text';

export interface SuggestService {
  suggester: Suggester;
  queryLog: QueryLog;
  report: VocabularyBuildReport;
  /**
   * "Related searches" from the query graph (query-recommender.ts); null when this service has
   * no pins to build it from (a cluster build's snapshot): the engine's own then stand.
   */
  recommend(input: RecommendInput): Recommendation[] | null;
  /**
   * Builds the query graph now instead of at the first related-searches request. Building it is
   * ~0.4 s of CPU on the test index (more on the default one), so the server calls this once it
   * listens rather than paying for it before it can answer anything.
   */
  warm(): void;
  /** Stops the flush timer and writes the query log (call at shutdown). */
  close(): void;
}

export interface SuggestServiceOptions {
  dataDir: string;
  /** Where the query log lives; default `<dataDir>/state`. */
  stateDir?: string;
  flushIntervalMs?: number;
  /** How long a new search waits, at most, before it counts in suggestions. */
  refreshMs?: number;
  /** Failed periodic flushes (the server keeps running). */
  onFlushError?: (error: unknown) => void;
  /**
   * The completion index of a cluster build (src/server/cluster/query-model.ts) and its pin
   * count, instead of reading the index file under dataDir.
   */
  completions?: { snapshot: PrefixIndexSnapshot; pins: number };
  /**
   * WordNet tells an English word from a glued or translated tag (tag-text.ts); `false` reads
   * every word as English (tests that need no 30 MB of dictionary).
   */
  wordnet?: boolean;
}

function fromSnapshot({ snapshot, pins }: { snapshot: PrefixIndexSnapshot; pins: number }): {
  index: PrefixIndex;
  report: VocabularyBuildReport;
} {
  const started = performance.now();
  const index = PrefixIndex.fromSnapshot(snapshot);
  return {
    index,
    report: {
      pins,
      completions: index.completions.length,
      entries: index.size,
      buckets: index.bucketCount,
      buildMs: Math.round(performance.now() - started),
    },
  };
}

export function createSuggestService({
  dataDir,
  stateDir = defaultStateDir(dataDir),
  flushIntervalMs = DEFAULT_FLUSH_INTERVAL_MS,
  refreshMs,
  onFlushError = () => {},
  completions,
  wordnet: withWordNet = true,
}: SuggestServiceOptions): SuggestService {
  let built: ReturnType<typeof buildVocabularyIndex>;
  // Kept open for the lexicon's lookups (one primary-key probe per completion); closed by close().
  let lexiconDb: Database.Database | null = null;
  let lexicon: Lexicon | null = null;
  let pinsOf: (term: string) => number = () => 0;
  let recommenderPins: ReturnType<typeof readRecommenderPins> | null = null;
  if (completions) built = fromSnapshot(completions);
  else {
    const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
    try {
      built = buildVocabularyIndex(db);
      recommenderPins = readRecommenderPins(db);
      lexicon = readStoredLexicon(db);
      const vocabulary = lexicon ? readStoredVocabulary(db) : null;
      if (lexicon && vocabulary) {
        const byKey = frequencyByMatchKey(vocabulary);
        pinsOf = (term) => byKey.get(matchKey(term)) ?? 0;
        lexiconDb = db;
      } else lexicon = null;
    } finally {
      if (!lexiconDb) db.close();
    }
  }
  const queryLog = new QueryLog({ file: queryLogPath(stateDir) });
  queryLog.startAutoFlush({ intervalMs: flushIntervalMs, onError: onFlushError });
  const tagText: TagText = createTagText({ wordnet: withWordNet ? sharedWordNet() : null, lexicon });
  // Built on first use (warm() or the first recommend()), not here: see warm().
  let recommender: QueryRecommender | null | undefined = recommenderPins ? undefined : null;
  const queryGraph = (): QueryRecommender | null => {
    if (recommender === undefined)
      recommender = new QueryRecommender({ pins: recommenderPins!, tagText, queryLog });
    return recommender;
  };
  const suggester = new Suggester({
    vocabulary: built.index,
    queryLog,
    ...(refreshMs === undefined ? {} : { refreshMs }),
    lexicon,
    pinsOf,
    tagText,
  });
  return {
    suggester,
    queryLog,
    report: built.report,
    recommend: (input) => queryGraph()?.recommend(input) ?? null,
    warm: () => void queryGraph(),
    close: () => {
      queryLog.close();
      lexiconDb?.close();
    },
  };
}
