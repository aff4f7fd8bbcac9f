/**
 * The engagement history as the features see it: the last HISTORY_WINDOW positive actions and the
 * last HISTORY_WINDOW hides, newest first, each with its weight (type × recency), colour and
 * decoded unit embedding, and the per-category sums the category features read.
 */
import { hexToRgb, type RgbTuple } from './color';
import { normalized, tryDecodeEmbedding } from './embedding';
import type { EngagementEvent } from './engagement';
import {
  ACTION_WEIGHTS,
  DWELL_FULL_MS,
  HISTORY_WINDOW,
  RECENCY_HALF_LIFE_MS,
} from './feature-spec';

export interface PreparedAction {
  pinId: string;
  category: string;
  rgb: RgbTuple;
  /** Unit-length embedding, or null. */
  embedding: Float32Array | null;
  /** Type weight × recency decay. */
  weight: number;
  save: boolean;
}

export interface PreparedHistory {
  positives: PreparedAction[];
  hides: PreparedAction[];
  /** Σ weight of positives, and per category. */
  positiveWeight: number;
  categoryWeight: Map<string, number>;
  hideCategoryWeight: Map<string, number>;
  positiveIds: Set<string>;
  hiddenIds: Set<string>;
}

/** Wire embedding → unit vector, or null when missing or malformed. */
export type EmbeddingDecoder = (b64: string | null) => Float32Array | null;

export const decodeUnitEmbedding: EmbeddingDecoder = (b64) => {
  const v = tryDecodeEmbedding(b64);
  return v ? normalized(v) : null;
};

/** A decoder that remembers what it decoded: the trainer sees the same pins thousands of times. */
export function memoizedDecoder(limit = 100_000): EmbeddingDecoder {
  const cache = new Map<string, Float32Array | null>();
  return (b64) => {
    if (b64 === null) return null;
    let v = cache.get(b64);
    if (v === undefined) {
      v = decodeUnitEmbedding(b64);
      if (cache.size < limit) cache.set(b64, v);
    }
    return v;
  };
}

/** 2^(-age / half-life); events "from the future" (clock skew) count as now. */
export function recencyWeight(atMs: number, nowMs: number): number {
  const age = Math.max(0, nowMs - atMs);
  return Math.pow(2, -age / RECENCY_HALF_LIFE_MS);
}

export function actionWeight(e: EngagementEvent): number {
  if (e.type === 'hide') return 0;
  if (e.type === 'dwell')
    return ACTION_WEIGHTS.dwell * Math.min(1, (e.dwellMs ?? 0) / DWELL_FULL_MS);
  return ACTION_WEIGHTS[e.type];
}

/**
 * Splits the history into the last K positive actions and the last K hides (newest first),
 * with their weights and decoded embeddings. Events after nowMs are ignored: a feature must
 * never see the future (the trainer replays histories in time order).
 */
export function prepareHistory(
  history: readonly EngagementEvent[],
  nowMs: number,
  decode: EmbeddingDecoder = decodeUnitEmbedding,
): PreparedHistory {
  const sorted = history.filter((e) => e.at <= nowMs).sort((a, b) => b.at - a.at);
  const positives: PreparedAction[] = [];
  const hides: PreparedAction[] = [];
  for (const e of sorted) {
    const isHide = e.type === 'hide';
    const list = isHide ? hides : positives;
    if (list.length >= HISTORY_WINDOW) continue;
    const recency = recencyWeight(e.at, nowMs);
    const weight = isHide ? recency : actionWeight(e) * recency;
    if (!isHide && weight <= 0) continue;
    list.push({
      pinId: e.pinId,
      category: e.category,
      rgb: hexToRgb(e.dominantColor),
      embedding: decode(e.embedding),
      weight,
      save: e.type === 'save',
    });
  }
  const categoryWeight = new Map<string, number>();
  let positiveWeight = 0;
  for (const a of positives) {
    positiveWeight += a.weight;
    categoryWeight.set(a.category, (categoryWeight.get(a.category) ?? 0) + a.weight);
  }
  const hideCategoryWeight = new Map<string, number>();
  for (const h of hides)
    hideCategoryWeight.set(h.category, (hideCategoryWeight.get(h.category) ?? 0) + h.weight);
  return {
    positives,
    hides,
    positiveWeight,
    categoryWeight,
    hideCategoryWeight,
    positiveIds: new Set(positives.map((a) => a.pinId)),
    hiddenIds: new Set(hides.map((h) => h.pinId)),
  };
}
