/**
 * Impressions → lists for the sequence reranker and its evaluation. A list keeps references (the
 * query's candidate pool, the user's event log, the time) rather than tensors: the inputs are
 * built when a batch is assembled or a list is scored, by src/ranking/sequence-inputs.ts — the
 * code the browser runs — so training, evaluation and the device see identical inputs, and tens of
 * thousands of lists fit in memory.
 *
 * Every list is ranked in the context the device ranks in: list-level normalizations (server
 * score, lexical score) and server ranks come from the query's whole pool.
 */
import type { EngagementEvent } from '@/ranking/engagement';
import { buildFeatureMatrixPrepared } from '@/ranking/feature-matrix';
import { FEATURE_COUNT, type RankingCandidate } from '@/ranking/feature-spec';
import { memoizedDecoder, prepareHistory } from '@/ranking/prepare-history';
import {
  buildSequenceInputsPrepared,
  prepareSequence,
  type SequenceInputs,
} from '@/ranking/sequence-inputs';
import type { Impression } from '../simulate/impressions';
import type { PoolSource } from '../simulate/pool-source';
import { labelsFor, type RankedList } from './dataset';

export interface SeqList {
  user: string;
  query: string;
  /** What the reranker is given, in server order (the index is the server rank). */
  candidates: readonly RankingCandidate[];
  /** Server ranks of the list's rows in display order; null = every candidate in server order. */
  rows: number[] | null;
  size: number;
  /** Training labels per row (save 3 > click > nothing 0 > hide −1), when known. */
  labels: Float32Array | null;
  /** Simulated relevance per row, when known (evaluation). */
  grades: Float32Array | null;
  /** The user's whole log; only events before `at` are used. */
  events: readonly EngagementEvent[];
  /** When the list was shown. */
  at: number;
  historyEvents: number;
  historyPositives: number;
}

export interface UserEvents {
  events: EngagementEvent[];
  impressions: Impression[];
}

function historyCounts(events: readonly EngagementEvent[], at: number) {
  let all = 0;
  let positives = 0;
  for (const e of events) {
    if (e.at >= at) continue;
    all++;
    if (e.type !== 'hide') positives++;
  }
  return { all, positives };
}

/**
 * One training list per impression: the shown pins (display order) with their labels, in the
 * context of the query's pool. Impressions whose pins are not all in the pool are skipped.
 */
export function trainingLists(logs: readonly UserEvents[], pools: PoolSource): SeqList[] {
  const lists: SeqList[] = [];
  for (const log of logs) {
    for (const imp of log.impressions) {
      const pool = pools(imp.query);
      let rows: number[];
      if (imp.ranks) rows = imp.ranks;
      else {
        const rankOf = new Map(pool.candidates.map((c, i) => [c.id, i]));
        const found = imp.items.map((it) => rankOf.get(it.id));
        if (found.some((r) => r === undefined)) continue;
        rows = found as number[];
      }
      if (rows.length < 2 || rows.some((r, i) => pool.candidates[r]?.id !== imp.items[i]?.id))
        continue;
      const counts = historyCounts(log.events, imp.at);
      lists.push({
        user: imp.user,
        query: imp.query,
        candidates: pool.candidates,
        rows,
        size: rows.length,
        labels: labelsFor(imp),
        grades: imp.grades ? Float32Array.from(imp.grades) : null,
        events: log.events,
        at: imp.at,
        historyEvents: counts.all,
        historyPositives: counts.positives,
      });
    }
  }
  return lists;
}

export type EvalScope = 'pool' | 'page';
export const PAGE_SIZE = 30;

/**
 * One evaluation list per impression: the whole pool ('pool', what the device now reranks) or its
 * first page ('page', the old path), every candidate graded. Needs impressions with poolGrades.
 */
export function evalLists(
  logs: readonly UserEvents[],
  pools: PoolSource,
  scope: EvalScope,
): SeqList[] {
  const lists: SeqList[] = [];
  for (const log of logs) {
    for (const imp of log.impressions) {
      if (!imp.poolGrades) throw new Error('evaluation impressions need poolGrades');
      const pool = pools(imp.query);
      const n =
        scope === 'pool' ? pool.candidates.length : Math.min(PAGE_SIZE, pool.candidates.length);
      if (n < 2 || imp.poolGrades.length !== pool.candidates.length) continue;
      const counts = historyCounts(log.events, imp.at);
      lists.push({
        user: imp.user,
        query: imp.query,
        candidates: pool.candidates.slice(0, n),
        rows: null,
        size: n,
        labels: null,
        grades: Float32Array.from(imp.poolGrades.slice(0, n)),
        events: log.events,
        at: imp.at,
        historyEvents: counts.all,
        historyPositives: counts.positives,
      });
    }
  }
  return lists;
}

/** The sequence model's inputs for a list (history before the list was shown, or none). */
export function sequenceInputsFor(list: SeqList, dropHistory = false): SequenceInputs {
  const prepared = prepareSequence(dropHistory ? [] : list.events, list.at - 1);
  return buildSequenceInputsPrepared(list.candidates, prepared, list.query, list.rows ?? undefined);
}

const decode = memoizedDecoder();

/** The old 21-feature rows for a list (the MLP baseline), computed over the same candidates. */
export function mlpFeaturesFor(list: SeqList, dropHistory = false): Float32Array {
  const history = prepareHistory(dropHistory ? [] : list.events, list.at - 1, decode);
  const all = buildFeatureMatrixPrepared(list.candidates, history, list.query);
  if (!list.rows) return all;
  const out = new Float32Array(list.rows.length * FEATURE_COUNT);
  list.rows.forEach((r, i) =>
    out.set(all.subarray(r * FEATURE_COUNT, (r + 1) * FEATURE_COUNT), i * FEATURE_COUNT),
  );
  return out;
}

/** The same lists as the MLP trainer's RankedList (features materialized). */
export function asRankedLists(lists: readonly SeqList[], dropHistory = false): RankedList[] {
  return lists.map((l) => ({
    user: l.user,
    query: l.query,
    size: l.size,
    features: mlpFeaturesFor(l, dropHistory),
    labels: l.labels ?? new Float32Array(l.size),
    grades: l.grades,
    historyPositives: dropHistory ? 0 : l.historyPositives,
  }));
}
