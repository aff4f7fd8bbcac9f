/**
 * The feature kernel: a page of candidates and the engagement history → the feature matrix, one
 * row per candidate, columns in FEATURE_NAMES order (feature-spec.ts says what each measures).
 */
import { hexToRgb } from './color';
import { dotRows } from './dot-kernel';
import { decodeRawEmbeddingInto, EMBEDDING_DIM } from './embedding';
import type { EngagementEvent } from './engagement';
import {
  ATTENTION_TEMPERATURE,
  COLOR_SIGMA,
  DENSITY_WIDTH,
  FEATURE_COUNT,
  FEATURE_INDEX,
  HISTORY_WINDOW,
  type RankingCandidate,
} from './feature-spec';
import { packHistory } from './history-pack';
import { memoizedDecoder, prepareHistory, type PreparedHistory } from './prepare-history';
import { queryTitleMatch, words } from './query-title-match';

/** Server ranks are scaled so that rank 100 maps to 1. */
const RANK_SCALE = Math.log(101);
const HISTORY_SCALE = Math.log(1 + 2 * HISTORY_WINDOW);
const TOP_SIMILARITIES = 3;
const FEATURE_LIMIT = 3;

/**
 * buildFeatureMatrix's decoder for history embeddings. A feed scores page after page against the
 * same history, so each engaged pin's embedding is decoded once, not once per page. The browser's
 * log holds at most a few hundred events; past the limit, new pins are simply decoded every time.
 */
const decodeHistoryEmbedding = memoizedDecoder(4096);

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
