/**
 * Candidates + engagement history → the sequence reranker's three input tensors
 * (sequence-spec.ts says what each column is). The one builder used by the browser (rerank-page.ts),
 * the trainer, the offline evaluation and the benchmarks, so the model always sees inputs built the
 * same way.
 *
 * Cheap by design: the pairwise work (candidate × event similarities) happens inside the model,
 * where it is a few matrix products, not here in JavaScript. Per candidate this decodes one
 * embedding and fills three short rows.
 */
import { hexToRgb } from './color';
import { decodeRawEmbeddingInto, decodeUnitEmbeddingInto, EMBEDDING_DIM } from './embedding';
import type { EngagementEvent } from './engagement';
import { DWELL_FULL_MS, type RankingCandidate } from './feature-spec';
import { actionWeight, recencyWeight } from './prepare-history';
import { queryTitleMatch, words } from './query-title-match';
import {
  historyTagWeights,
  listTagFeatures,
  type HistoryTagWeights,
  type TaggedEvent,
} from './tag-affinity';
import {
  CANDIDATE_FEATURE_COUNT,
  CANDIDATE_FEATURE_INDEX as F,
  CATEGORY_SLOTS,
  EVENT_META_INDEX as M,
  EVENT_WIDTH,
  ITEM_LAYOUT,
  ITEM_WIDTH,
  SEQUENCE_LENGTH,
  SESSION_SCALE_MS,
} from './sequence-spec';

/** Server ranks are scaled so that rank 100 maps to 1. */
const RANK_SCALE = Math.log(101);

export interface SequenceInputs {
  /** Candidates scored (rows of `features` and `items`). */
  rows: number;
  /** rows × CANDIDATE_FEATURE_COUNT. */
  features: Float32Array;
  /** rows × ITEM_WIDTH. */
  items: Float32Array;
  /** SEQUENCE_LENGTH × EVENT_WIDTH, newest event first, zero padding after the last. */
  history: Float32Array;
  /** Events in `history` (0 = cold start: the model keeps the server order). */
  events: number;
}

export interface PreparedSequence {
  history: Float32Array;
  events: number;
  /** Category → its one-hot slot, for the history's most recent CATEGORY_SLOTS categories. */
  categorySlots: Map<string, number>;
  /** Pin ids of the events, newest first (for explanations). */
  pinIds: string[];
  /** The events' weight on each tag (tag-affinity.ts); null when no event carries tags. */
  tags: HistoryTagWeights | null;
}

const bucketCache = new Map<string, number>();

/** 0 black, 1 grey, 2 white, 3–11: hue sectors of 40° starting at red. Remembered per colour. */
export function colourBucket(hex: string): number {
  let bucket = bucketCache.get(hex);
  if (bucket === undefined) {
    bucket = computeColourBucket(hex);
    if (bucketCache.size < 4096) bucketCache.set(hex, bucket);
  }
  return bucket;
}

function computeColourBucket(hex: string): number {
  const [r, g, b] = hexToRgb(hex);
  const max = Math.max(r, g, b);
  const min = Math.min(r, g, b);
  const lightness = (max + min) / 510;
  if (max - min < 30) return lightness < 0.25 ? 0 : lightness > 0.8 ? 2 : 1;
  const chroma = max - min;
  let hue: number;
  if (max === r) hue = ((g - b) / chroma + 6) % 6;
  else if (max === g) hue = (b - r) / chroma + 2;
  else hue = (r - g) / chroma + 4;
  return 3 + Math.min(8, Math.floor((hue * 60) / 40));
}

const finite = (x: number, fallback = 0): number => (Number.isFinite(x) ? x : fallback);

/**
 * Values this small are sent as 0. A day-old event's same-session weight, exp(−48), is fine, but
 * a week-old one's underflows to a float32 denormal, and a matrix product over denormals runs
 * many times slower on x86 CPUs (onnxruntime-node and WASM alike): the model's inputs never carry
 * one. The change to any score is below 1e-20.
 */
export const TINY_INPUT = 1e-20;
const flushTiny = (x: number): number => (x < TINY_INPUT ? 0 : x);

/** Unit embeddings of engaged pins, decoded once: a feed scores page after page against one history. */
const historyVectors = new Map<string, Float32Array | null>();
const HISTORY_VECTOR_LIMIT = 8192;

function unitVector(b64: string | null): Float32Array | null {
  if (b64 === null) return null;
  let v = historyVectors.get(b64);
  if (v === undefined) {
    const out = new Float32Array(EMBEDDING_DIM);
    v = decodeUnitEmbeddingInto(b64, out) ? out : null;
    if (historyVectors.size < HISTORY_VECTOR_LIMIT) historyVectors.set(b64, v);
  }
  return v;
}

/**
 * The last SEQUENCE_LENGTH events at or before nowMs (never the future: the trainer replays
 * histories in time order), newest first, as the `history` tensor.
 */
export function prepareSequence(
  history: readonly EngagementEvent[],
  nowMs: number,
): PreparedSequence {
  const recent = history
    .filter((e) => e.at <= nowMs)
    .sort((a, b) => b.at - a.at)
    .slice(0, SEQUENCE_LENGTH);
  const out = new Float32Array(SEQUENCE_LENGTH * EVENT_WIDTH);
  const categorySlots = new Map<string, number>();
  const meta = ITEM_WIDTH;
  const tagged: TaggedEvent[] = [];
  recent.forEach((e, k) => {
    const row = k * EVENT_WIDTH;
    const v = unitVector(e.embedding);
    if (v) out.set(v, row + ITEM_LAYOUT.embedding.start);
    let slot = categorySlots.get(e.category);
    if (slot === undefined && categorySlots.size < CATEGORY_SLOTS)
      categorySlots.set(e.category, (slot = categorySlots.size));
    if (slot !== undefined) out[row + ITEM_LAYOUT.category.start + slot] = 1;
    out[row + ITEM_LAYOUT.colour.start + colourBucket(e.dominantColor)] = 1;
    const age = Math.max(0, nowMs - e.at);
    const recency = recencyWeight(e.at, nowMs);
    out[row + meta + M[e.type]] = 1;
    if (e.type === 'dwell')
      out[row + meta + M.dwell_fraction] = Math.min(1, (e.dwellMs ?? 0) / DWELL_FULL_MS);
    out[row + meta + M.recency] = recency;
    out[row + meta + M.session] = flushTiny(Math.exp(-age / SESSION_SCALE_MS));
    const hideWeight = e.type === 'hide' ? recency : 0;
    const positiveWeight = e.type === 'hide' ? 0 : actionWeight(e) * recency;
    out[row + meta + M.hide_weight] = hideWeight;
    out[row + meta + M.positive_weight] = positiveWeight;
    out[row + meta + M.valid] = 1;
    tagged.push({ tags: e.tags, positiveWeight, hideWeight });
  });
  return {
    history: out,
    events: recent.length,
    categorySlots,
    pinIds: recent.map((e) => e.pinId),
    tags: historyTagWeights(tagged),
  };
}

export interface SequenceInputOptions {
  /** In the server's order: the index is the server rank. */
  candidates: readonly RankingCandidate[];
  history: readonly EngagementEvent[];
  nowMs: number;
  /** '' or absent for lists that answer no query (related pins). */
  query?: string;
}

export function buildSequenceInputs({
  candidates,
  history,
  nowMs,
  query = '',
}: SequenceInputOptions): SequenceInputs {
  return buildSequenceInputsPrepared(candidates, prepareSequence(history, nowMs), query);
}

/**
 * The same for a prepared history. `rows`, when given, picks which candidates get rows (server
 * ranks into `candidates`, e.g. the pins a simulated page showed out of its pool); the list-level
 * normalizations (server_score, lexical_score) always use every candidate, as on the device.
 */
export function buildSequenceInputsPrepared(
  candidates: readonly RankingCandidate[],
  prepared: PreparedSequence,
  query = '',
  rows?: readonly number[],
): SequenceInputs {
  const queryWords = [...new Set(words(query))];
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
  const tagFeatures = prepared.tags ? listTagFeatures(candidates, prepared.tags, rows) : null;
  const n = rows ? rows.length : candidates.length;
  // One buffer, [features | items | history]: packSequenceInputs hands it over without a copy.
  const packed = new Float32Array(packedInputLength(n));
  const features = packed.subarray(0, n * CANDIDATE_FEATURE_COUNT);
  const items = packed.subarray(features.length, features.length + n * ITEM_WIDTH);
  const history = packed.subarray(features.length + items.length);
  history.set(prepared.history);
  const raw = new Float64Array(EMBEDDING_DIM);
  const slots = prepared.categorySlots;
  for (let r = 0; r < n; r++) {
    const rank = rows ? (rows[r] as number) : r;
    const c = candidates[rank];
    if (!c) throw new Error(`no candidate at rank ${rank}`);
    const f = r * CANDIDATE_FEATURE_COUNT;
    features[f + F.server_score] =
      serverRange > 0 ? (finite(c.serverScore) - minServer) / serverRange : 1;
    features[f + F.lexical_score] =
      maxLexical > 0 ? Math.max(0, finite(c.lexicalScore)) / maxLexical : 0;
    features[f + F.semantic_score] = Math.max(-1, Math.min(1, finite(c.semanticScore)));
    features[f + F.log_rank] = Math.log1p(rank) / RANK_SCALE;
    features[f + F.popularity] = Math.max(0, Math.min(1, finite(c.popularity)));
    features[f + F.query_title_match] = queryTitleMatch(queryWords, c.title);
    if (tagFeatures) {
      features[f + F.tag_affinity] = tagFeatures[r * 2] as number;
      features[f + F.tag_hidden] = tagFeatures[r * 2 + 1] as number;
    }
    const i = r * ITEM_WIDTH;
    const invNorm = decodeRawEmbeddingInto(c.embedding, raw);
    if (invNorm > 0) {
      features[f + F.has_embedding] = 1;
      for (let d = 0; d < EMBEDDING_DIM; d++) items[i + d] = (raw[d] as number) * invNorm;
    }
    const slot = slots.get(c.category);
    if (slot !== undefined) items[i + ITEM_LAYOUT.category.start + slot] = 1;
    items[i + ITEM_LAYOUT.colour.start + colourBucket(c.dominantColor)] = 1;
  }
  return { rows: n, features, items, history, events: prepared.events };
}

/**
 * The three tensors in one buffer, [features | items | history], so a page crosses to the worker
 * as one transferable Float32Array (the protocol's `features`) whatever the model's inputs.
 */
export function packedInputLength(rows: number): number {
  return rows * (CANDIDATE_FEATURE_COUNT + ITEM_WIDTH) + SEQUENCE_LENGTH * EVENT_WIDTH;
}

export function packSequenceInputs(x: SequenceInputs): Float32Array {
  const { buffer } = x.features;
  if (
    x.items.buffer === buffer &&
    x.history.buffer === buffer &&
    x.features.byteOffset === 0 &&
    x.items.byteOffset === x.features.byteLength &&
    x.history.byteOffset === x.features.byteLength + x.items.byteLength &&
    buffer.byteLength === packedInputLength(x.rows) * 4
  )
    return new Float32Array(buffer);
  const out = new Float32Array(packedInputLength(x.rows));
  out.set(x.features, 0);
  out.set(x.items, x.features.length);
  out.set(x.history, x.features.length + x.items.length);
  return out;
}

/** Views (no copy) of the three tensors in a packed buffer; throws when the length is not the layout's. */
export function unpackSequenceInputs(packed: Float32Array, rows: number): SequenceInputs {
  if (!Number.isInteger(rows) || rows < 0 || packed.length !== packedInputLength(rows))
    throw new Error(
      `expected ${packedInputLength(rows)} packed input values for ${rows} rows, got ${packed.length}`,
    );
  const f = rows * CANDIDATE_FEATURE_COUNT;
  const i = rows * ITEM_WIDTH;
  const history = packed.subarray(f + i);
  let events = 0;
  for (let k = 0; k < SEQUENCE_LENGTH; k++)
    if (history[k * EVENT_WIDTH + ITEM_WIDTH + M.valid] === 1) events++;
  return {
    rows,
    features: packed.subarray(0, f),
    items: packed.subarray(f, f + i),
    history,
    events,
  };
}
