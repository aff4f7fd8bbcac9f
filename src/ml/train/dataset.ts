/**
 * Impressions + engagement history → ranked lists of feature rows, built with src/ranking (the
 * same code the browser runs). One list per impression; labels come from what the user did.
 */
import type { EngagementEvent } from '@/ranking/engagement';
import { buildFeatureMatrixPrepared } from '@/ranking/feature-matrix';
import { DWELL_FULL_MS, FEATURE_COUNT, type RankingCandidate } from '@/ranking/feature-spec';
import { memoizedDecoder, prepareHistory } from '@/ranking/prepare-history';
import type { Corpus } from '../simulate/corpus';
import type { Impression } from '../simulate/impressions';

/**
 * Training targets: a save beats a long look beats a click beats nothing beats a hide. A click
 * earns up to CLICK_DWELL_BONUS more in proportion to its dwell (up to DWELL_FULL_MS).
 */
export const LABELS = { save: 3, click: 1, none: 0, hide: -1 } as const;
export const CLICK_DWELL_BONUS = 1;

export interface RankedList {
  user: string;
  query: string;
  size: number;
  /** size × FEATURE_COUNT, row-major, in server order. */
  features: Float32Array;
  labels: Float32Array;
  /** Simulated relevance, when known (evaluation only). */
  grades: Float32Array | null;
  /** Positive actions in the history window when the page was shown. */
  historyPositives: number;
}

export interface UserLog {
  events: EngagementEvent[];
  impressions: Impression[];
}

export function candidatesFor(impression: Impression, corpus: Corpus): RankingCandidate[] {
  return impression.items.flatMap((item) => {
    const pin = corpus.byId.get(item.id);
    if (!pin) return [];
    return [
      {
        id: pin.id,
        title: pin.title,
        category: pin.category,
        dominantColor: pin.dominantColor,
        popularity: pin.popularity,
        embedding: pin.embedding,
        serverScore: item.serverScore,
        lexicalScore: item.lexicalScore,
        semanticScore: item.semanticScore,
      },
    ];
  });
}

export function labelsFor(impression: Impression): Float32Array {
  const labels = new Float32Array(impression.items.length).fill(LABELS.none);
  for (const i of impression.hidden) labels[i] = LABELS.hide;
  impression.clicked.forEach((i, k) => {
    const dwell = impression.dwellMs?.[k] ?? 0;
    labels[i] = LABELS.click + CLICK_DWELL_BONUS * Math.min(1, dwell / DWELL_FULL_MS);
  });
  for (const i of impression.saved) labels[i] = LABELS.save;
  return labels;
}

export interface BuildListsOptions {
  /** Build every list as if the user had no history (the "no history" evaluation). */
  dropHistory?: boolean;
}

export function buildLists(
  logs: readonly UserLog[],
  corpus: Corpus,
  opts: BuildListsOptions = {},
): RankedList[] {
  const lists: RankedList[] = [];
  const decode = memoizedDecoder();
  for (const log of logs) {
    for (const imp of log.impressions) {
      const candidates = candidatesFor(imp, corpus);
      // Items no longer in the index would shift labels against rows: skip such impressions.
      if (candidates.length !== imp.items.length || candidates.length < 2) continue;
      const history = prepareHistory(opts.dropHistory ? [] : log.events, imp.at - 1, decode);
      const features = buildFeatureMatrixPrepared(candidates, history, imp.query);
      lists.push({
        user: imp.user,
        query: imp.query,
        size: candidates.length,
        features,
        labels: labelsFor(imp),
        grades: imp.grades ? Float32Array.from(imp.grades) : null,
        historyPositives: history.positives.length,
      });
    }
  }
  return lists;
}

export interface FeatureStats {
  mean: Float32Array;
  std: Float32Array;
}

/** Per-feature mean and standard deviation over all rows (std floored so constant features stay finite). */
export function featureStats(lists: readonly RankedList[]): FeatureStats {
  const mean = new Float64Array(FEATURE_COUNT);
  const sq = new Float64Array(FEATURE_COUNT);
  let n = 0;
  for (const l of lists) {
    for (let r = 0; r < l.size; r++) {
      for (let f = 0; f < FEATURE_COUNT; f++) {
        const x = l.features[r * FEATURE_COUNT + f] as number;
        mean[f] = (mean[f] as number) + x;
        sq[f] = (sq[f] as number) + x * x;
      }
      n++;
    }
  }
  const std = new Float32Array(FEATURE_COUNT);
  const m = new Float32Array(FEATURE_COUNT);
  for (let f = 0; f < FEATURE_COUNT; f++) {
    m[f] = (mean[f] as number) / Math.max(1, n);
    const variance = (sq[f] as number) / Math.max(1, n) - (m[f] as number) ** 2;
    std[f] = Math.max(Math.sqrt(Math.max(0, variance)), 0.05);
  }
  return { mean: m, std };
}
