/**
 * Feature vectors for the on-device reranker: (candidate, page, engagement history) → numbers.
 * This module is the single definition used by the browser worker, the trainer, the offline
 * evaluation and the tests, so the model always sees features computed the same way.
 *
 * Every value is finite and kept roughly within [-3, 3]. Features that need an embedding are 0
 * when the candidate or the history has none, and `has_embedding` / `history_size` tell the model
 * when that is the case (with no history the best it can do is trust the server's order).
 */
import type { Candidate } from '@/contract/api';
import type { EngagementEvent, EngagementType } from './engagement';
import { hexToRgb, type RgbTuple } from './color';
import { dotRows } from './dot-kernel';
import { decodeRawEmbeddingInto, EMBEDDING_DIM, normalized, tryDecodeEmbedding } from './embedding';

/** What the features read from a candidate: the contract's Candidate has all of it. */
export type RankingCandidate = Pick<
  Candidate,
  | 'id'
  | 'title'
  | 'category'
  | 'dominantColor'
  | 'popularity'
  | 'serverScore'
  | 'lexicalScore'
  | 'semanticScore'
  | 'embedding'
>;

export const FEATURE_NAMES = [
  /** serverScore min-max normalized within the page: 1 = the page's best, 0 = its worst. */
  'server_score',
  /** lexicalScore / the page's best lexicalScore (0 when the page has no lexical match). */
  'lexical_score',
  /** semanticScore (query–pin cosine), clamped to [-1, 1]. */
  'semantic_score',
  /** ln(1 + server rank) / ln(1 + 100): position in the server's order (rank = index in the page). */
  'log_rank',
  /** The corpus popularity prior, [0, 1]. */
  'popularity',
  /** Share of the query's words that appear in the candidate's title (0 without a query). */
  'query_title_match',
  /** TransAct-style attention over the last K positive actions: Σ softmax(cos/τ + ln w) · cos. */
  'attention_similarity',
  /** Highest cosine to any of the last K positive actions. */
  'max_similarity',
  /** Mean of the three highest cosines to the last K positive actions (fewer when there are fewer). */
  'top3_similarity',
  /** ln(1 + Σ w · exp((cos − 1) / DENSITY_WIDTH)): how much recent engagement sits close to the candidate. */
  'similarity_density',
  /** Highest cosine to a saved pin among the last K positive actions. */
  'save_similarity',
  /** Highest cosine to a positive action in the candidate's own category. */
  'category_similarity',
  /** Recency- and type-weighted share of positive actions in the candidate's category. */
  'category_affinity',
  /** ln(1 + weighted positive actions in the candidate's category). */
  'category_strength',
  /** Weighted mean over positive actions of exp(-(RGB distance / σ)²) to their dominant colour. */
  'color_affinity',
  /** Highest cosine to a hidden pin. */
  'hide_similarity',
  /** ln(1 + recency-weighted hides in the candidate's category). */
  'hide_category',
  /** 1 when the candidate itself was hidden. */
  'hidden_pin',
  /** 1 when the candidate itself is among the positive actions (already opened or saved). */
  'engaged_pin',
  /** ln(1 + positive actions + hides in the windows) / ln(1 + 2K): 0 = no history. */
  'history_size',
  /** 1 when the candidate has an embedding, so the similarity features mean something. */
  'has_embedding',
] as const;
export type FeatureName = (typeof FEATURE_NAMES)[number];
export const FEATURE_COUNT = FEATURE_NAMES.length;
export const FEATURE_INDEX = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<
  FeatureName,
  number
>;

/** K: how many recent positive actions (and hides) the history features look at. */
export const HISTORY_WINDOW = 32;
/** A three-day-old action counts half as much as one from now: tastes drift, but slowly. */
export const RECENCY_HALF_LIFE_MS = 3 * 24 * 60 * 60 * 1000;
/** Attention temperature: cosines differ by ~0.1–0.5, so sharpen them before the softmax. */
export const ATTENTION_TEMPERATURE = 0.25;
/** A save says more than an open; a dwell counts in proportion to its length up to DWELL_FULL_MS. */
export const ACTION_WEIGHTS: Record<Exclude<EngagementType, 'hide'>, number> = {
  click: 1,
  save: 2,
  dwell: 1,
};
export const DWELL_FULL_MS = 30_000;
/** RGB distance at which colour affinity falls to 1/e (the RGB cube's diagonal is ~441). */
export const COLOR_SIGMA = 100;
/** Server ranks are scaled so that rank 100 maps to 1. */
const RANK_SCALE = Math.log(101);
const HISTORY_SCALE = Math.log(1 + 2 * HISTORY_WINDOW);
const TOP_SIMILARITIES = 3;
/** Width of the similarity kernel: a cosine of 0.9 counts e^-1 of an identical pin. */
export const DENSITY_WIDTH = 0.1;
const FEATURE_LIMIT = 3;

interface PreparedAction {
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

/**
 * buildFeatureMatrix's decoder for history embeddings. A feed scores page after page against the
 * same history, so each engaged pin's embedding is decoded once, not once per page. The browser's
 * log holds at most a few hundred events; past the limit, new pins are simply decoded every time.
 */
const decodeHistoryEmbedding = memoizedDecoder(4096);

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

const finite = (x: number, fallback = 0): number => (Number.isFinite(x) ? x : fallback);
const clampFeature = (x: number): number =>
  Math.max(-FEATURE_LIMIT, Math.min(FEATURE_LIMIT, finite(x)));
function setFeature(out: Float32Array, at: number, value: number): void {
  out[at] = clampFeature(value);
}

export interface FeatureInput {
  /** In the server's order: the index is the server rank. */
  candidates: readonly RankingCandidate[];
  /** The query the page answers ('' or absent for pages that are not a search, e.g. related pins). */
  query?: string;
  history: readonly EngagementEvent[];
  nowMs: number;
}

/** Row-major candidates.length × FEATURE_COUNT matrix, columns in FEATURE_NAMES order. */
export function buildFeatureMatrix({
  candidates,
  history,
  nowMs,
  query = '',
}: FeatureInput): Float32Array {
  return buildFeatureMatrixPrepared(
    candidates,
    prepareHistory(history, nowMs, decodeHistoryEmbedding),
    query,
  );
}

/** Lower-cased letter/digit runs: the same split for queries and titles. */
export const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);

const isAsciiWordChar = (code: number): boolean =>
  (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
/** Anything beyond printable ASCII sends a title down the exact (Unicode) path. */
const NON_ASCII = /[^ -~\t\n\r]/;

/** Share of the query words that are words of the title (whole words, case-insensitive). */
export function queryTitleMatch(queryWords: readonly string[], title: string): number {
  if (queryWords.length === 0) return 0;
  const lower = title.toLowerCase();
  let hits = 0;
  if (NON_ASCII.test(lower)) {
    const titleWords = new Set(words(lower));
    for (const w of queryWords) if (titleWords.has(w)) hits++;
    return hits / queryWords.length;
  }
  // ASCII titles (almost all): look for each word with indexOf and check its boundaries, no allocation.
  for (const w of queryWords) {
    let from = 0;
    for (;;) {
      const at = lower.indexOf(w, from);
      if (at < 0) break;
      const end = at + w.length;
      if (
        (at === 0 || !isAsciiWordChar(lower.charCodeAt(at - 1))) &&
        (end === lower.length || !isAsciiWordChar(lower.charCodeAt(end)))
      ) {
        hits++;
        break;
      }
      from = at + 1;
    }
  }
  return hits / queryWords.length;
}

/**
 * The history's unit embeddings packed into one array, so the per-candidate loop is a tight dot
 * product, with what the loop reads about each action in parallel typed arrays. Built once per
 * PreparedHistory (callers of buildFeatureMatrixPrepared may score several pages against one).
 */
interface PackedActions {
  vectors: Float64Array;
  count: number;
  /** ln(weight) − the largest ln(weight): ≤ 0, and 0 for at least one action. */
  shiftedLogWeights: Float64Array;
  weights: Float64Array;
  saves: Uint8Array;
  /** Index into PackedHistory.categoryIds' keys: category equality as an integer compare. */
  categories: Int32Array;
}

interface PackedHistory {
  positives: PackedActions;
  hides: PackedActions;
  /** Every positive action's colour (with or without an embedding) as r, g, b triples, and weight. */
  positiveRgb: Float64Array;
  positiveWeights: Float64Array;
  /** Category → small integer, for the categories of positive actions that have an embedding. */
  categoryIds: Map<string, number>;
}

function pack(actions: readonly PreparedAction[], categoryIds: Map<string, number>): PackedActions {
  const withVector = actions.filter(
    (a) => a.embedding !== null && a.embedding.length === EMBEDDING_DIM,
  );
  const vectors = new Float64Array(withVector.length * EMBEDDING_DIM);
  withVector.forEach((a, j) => vectors.set(a.embedding as Float32Array, j * EMBEDDING_DIM));
  const logWeights = withVector.map((a) => Math.log(a.weight));
  const maxLogWeight = Math.max(...logWeights);
  return {
    vectors,
    count: withVector.length,
    shiftedLogWeights: Float64Array.from(logWeights, (lw) => lw - maxLogWeight),
    weights: Float64Array.from(withVector, (a) => a.weight),
    saves: Uint8Array.from(withVector, (a) => (a.save ? 1 : 0)),
    categories: Int32Array.from(withVector, (a) => {
      let id = categoryIds.get(a.category);
      if (id === undefined) categoryIds.set(a.category, (id = categoryIds.size));
      return id;
    }),
  };
}

const packedHistories = new WeakMap<PreparedHistory, PackedHistory>();

function packHistory(h: PreparedHistory): PackedHistory {
  let packed = packedHistories.get(h);
  if (!packed) {
    const categoryIds = new Map<string, number>();
    packed = {
      positives: pack(h.positives, categoryIds),
      // Hide categories never meet the positives' category ids: a throwaway map.
      hides: pack(h.hides, new Map()),
      positiveRgb: Float64Array.from(h.positives.flatMap((a) => a.rgb)),
      positiveWeights: Float64Array.from(h.positives, (a) => a.weight),
      categoryIds,
    };
    packedHistories.set(h, packed);
  }
  return packed;
}

/** Column offsets, resolved once. */
const F = FEATURE_INDEX;
/** Not a category id: a candidate whose category no positive action with an embedding has. */
const NO_CATEGORY = -1;
const INV_TEMPERATURE = 1 / ATTENTION_TEMPERATURE;
const INV_DENSITY_WIDTH = 1 / DENSITY_WIDTH;

/**
 * The same, for callers that score several pages against one history.
 *
 * Speed matters here (the browser builds a page's rows while the reader waits for the page; the
 * latency bench times 500), so the similarity features take one pass over the positive actions
 * per candidate, with the dot products in dot-kernel.ts: the candidate is decoded to its raw int8
 * components and scaled once per cosine, and the attention softmax is shifted by the history's
 * largest log-weight instead of each candidate's largest logit (the same softmax: any shift
 * cancels, and this one keeps every exponent ≤ 1/τ).
 */
export function buildFeatureMatrixPrepared(
  candidates: readonly RankingCandidate[],
  h: PreparedHistory,
  query = '',
): Float32Array {
  const queryWords = [...new Set(words(query))];
  const out = new Float32Array(candidates.length * FEATURE_COUNT);
  let minServer = Infinity;
  let maxServer = -Infinity;
  let maxLexical = 0;
  for (const c of candidates) {
    const s = finite(c.serverScore);
    minServer = Math.min(minServer, s);
    maxServer = Math.max(maxServer, s);
    maxLexical = Math.max(maxLexical, finite(c.lexicalScore));
  }
  const serverRange = maxServer - minServer;
  const historySize = Math.log1p(h.positives.length + h.hides.length) / HISTORY_SCALE;
  const hasHistory = h.positiveWeight > 0;
  const { positives, hides, positiveRgb, positiveWeights, categoryIds } = packHistory(h);
  const positiveCount = positives.count;
  const pVectors = positives.vectors;
  const pShiftedLogWeights = positives.shiftedLogWeights;
  const pWeights = positives.weights;
  const pSaves = positives.saves;
  const pCategories = positives.categories;
  // Scratch space reused for every candidate: no allocation in the loop.
  const emb = new Float64Array(EMBEDDING_DIM);
  const dots = new Float64Array(Math.max(positiveCount, hides.count));
  const colourScale = 1 / (COLOR_SIGMA * COLOR_SIGMA);
  // Pages repeat dominant colours a lot: compute each colour's affinity once.
  const colourCache = new Map<string, number>();

  for (let rank = 0; rank < candidates.length; rank++) {
    const c = candidates[rank] as RankingCandidate;
    const row = rank * FEATURE_COUNT;
    setFeature(
      out,
      row + F.server_score,
      serverRange > 0 ? (finite(c.serverScore) - minServer) / serverRange : 1,
    );
    setFeature(
      out,
      row + F.lexical_score,
      maxLexical > 0 ? Math.max(0, finite(c.lexicalScore)) / maxLexical : 0,
    );
    setFeature(out, row + F.semantic_score, Math.max(-1, Math.min(1, finite(c.semanticScore))));
    setFeature(out, row + F.log_rank, Math.log1p(rank) / RANK_SCALE);
    setFeature(out, row + F.popularity, Math.max(0, Math.min(1, finite(c.popularity))));
    setFeature(out, row + F.query_title_match, queryTitleMatch(queryWords, c.title));
    setFeature(out, row + F.history_size, historySize);

    // emb holds the candidate's raw int8 components; cos = (emb · unit history vector) × invNorm.
    const invNorm = decodeRawEmbeddingInto(c.embedding, emb);
    const hasEmbedding = invNorm > 0;
    setFeature(out, row + F.has_embedding, hasEmbedding ? 1 : 0);
    if (hasEmbedding && positiveCount > 0) {
      const category = categoryIds.get(c.category) ?? NO_CATEGORY;
      let z = 0;
      let acc = 0;
      let density = 0;
      let top1 = -Infinity;
      let top2 = -Infinity;
      let top3 = -Infinity;
      let maxSaveCos = -Infinity;
      let maxCategoryCos = -Infinity;
      dotRows(emb, pVectors, positiveCount, dots);
      for (let j = 0; j < positiveCount; j++) {
        const cos = (dots[j] as number) * invNorm;
        const p = Math.exp(cos * INV_TEMPERATURE + (pShiftedLogWeights[j] as number));
        z += p;
        acc += p * cos;
        density += (pWeights[j] as number) * Math.exp((cos - 1) * INV_DENSITY_WIDTH);
        if (cos > top1) {
          top3 = top2;
          top2 = top1;
          top1 = cos;
        } else if (cos > top2) {
          top3 = top2;
          top2 = cos;
        } else if (cos > top3) top3 = cos;
        if (pSaves[j] === 1 && cos > maxSaveCos) maxSaveCos = cos;
        if (pCategories[j] === category && cos > maxCategoryCos) maxCategoryCos = cos;
      }
      setFeature(out, row + F.attention_similarity, acc / z);
      setFeature(out, row + F.similarity_density, Math.log1p(density));
      setFeature(out, row + F.max_similarity, top1);
      const n = Math.min(TOP_SIMILARITIES, positiveCount);
      setFeature(
        out,
        row + F.top3_similarity,
        (top1 + (n > 1 ? top2 : 0) + (n > 2 ? top3 : 0)) / n,
      );
      if (maxSaveCos > -Infinity) setFeature(out, row + F.save_similarity, maxSaveCos);
      if (maxCategoryCos > -Infinity) setFeature(out, row + F.category_similarity, maxCategoryCos);
    }
    if (hasEmbedding && hides.count > 0) {
      let maxHideCos = -Infinity;
      dotRows(emb, hides.vectors, hides.count, dots);
      for (let j = 0; j < hides.count; j++) {
        const cos = (dots[j] as number) * invNorm;
        if (cos > maxHideCos) maxHideCos = cos;
      }
      setFeature(out, row + F.hide_similarity, maxHideCos);
    }

    if (hasHistory) {
      const inCategory = h.categoryWeight.get(c.category) ?? 0;
      setFeature(out, row + F.category_affinity, inCategory / h.positiveWeight);
      setFeature(out, row + F.category_strength, Math.log1p(inCategory));
      let colour = colourCache.get(c.dominantColor);
      if (colour === undefined) {
        const [r, g, b] = hexToRgb(c.dominantColor);
        colour = 0;
        for (let j = 0; j < positiveWeights.length; j++) {
          const d2 =
            (r - (positiveRgb[3 * j] as number)) ** 2 +
            (g - (positiveRgb[3 * j + 1] as number)) ** 2 +
            (b - (positiveRgb[3 * j + 2] as number)) ** 2;
          colour += (positiveWeights[j] as number) * Math.exp(-d2 * colourScale);
        }
        colour /= h.positiveWeight;
        colourCache.set(c.dominantColor, colour);
      }
      setFeature(out, row + F.color_affinity, colour);
    }
    setFeature(out, row + F.hide_category, Math.log1p(h.hideCategoryWeight.get(c.category) ?? 0));
    setFeature(out, row + F.hidden_pin, h.hiddenIds.has(c.id) ? 1 : 0);
    setFeature(out, row + F.engaged_pin, h.positiveIds.has(c.id) ? 1 : 0);
  }
  return out;
}
