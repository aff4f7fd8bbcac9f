/**
 * The sequence-aware reranker's inputs (TransAct-style: each candidate attends over the last
 * SEQUENCE_LENGTH engagement events). Three float32 tensors, built by sequence-inputs.ts in the
 * browser worker's caller, the trainer and the evaluation alike, and read by the ONNX graph and
 * its TS twin (sequence-scorer.ts):
 *
 * - `features` [N, CANDIDATE_FEATURE_COUNT]: what the candidate is, whoever looks at it
 *   (CANDIDATE_FEATURE_NAMES).
 * - `items` [N, ITEM_WIDTH]: the candidate as the history sees it: unit embedding, category slot
 *   one-hot, colour bucket one-hot (ITEM_LAYOUT).
 * - `history` [SEQUENCE_LENGTH, EVENT_WIDTH]: the last events, newest first, each the same item
 *   columns for the event's pin followed by EVENT_META_NAMES (action type one-hot, dwell, recency,
 *   weights, valid). Rows past the last event are zero, `valid` 0.
 *
 * Category slots are per request: the history's distinct categories, newest first, get slots
 * 0 … CATEGORY_SLOTS − 1, and a candidate's category one-hot uses the same slot, so "same
 * category as that event" is an exact dot product whatever the corpus's categories are.
 */
import { EMBEDDING_DIM } from './embedding';

/**
 * Candidate features, in column order: what the candidate is, whoever looks at it, then how its
 * tags meet the history's (0 without a history, so a cold start still sees only the first ones).
 */
export const CANDIDATE_FEATURE_NAMES = [
  /** serverScore min-max normalized within the list (the pool): 1 = its best, 0 = its worst. */
  'server_score',
  /** lexicalScore / the list's best lexicalScore (0 when nothing matched lexically). */
  'lexical_score',
  /** semanticScore (query–pin cosine), clamped to [-1, 1]. */
  'semantic_score',
  /** ln(1 + server rank) / ln(101): rank 100 → 1, rank 500 → 1.35. */
  'log_rank',
  /** The corpus popularity prior, [0, 1]. */
  'popularity',
  /** Share of the query's words that are words of the title (0 without a query). */
  'query_title_match',
  /** 1 when the candidate has an embedding, so the similarities mean something. */
  'has_embedding',
  /**
   * How much of the history's positive engagement went to pins sharing a telling tag with the
   * candidate: Σ over its tags of (share of the positive weight on pins with the tag) × the tag's
   * specificity 1 / (1 + pins / TAG_SPECIFICITY_PINS) × (1 − share of the list carrying it), at
   * most TAG_FEATURE_MAX. A tag on a thousand pins, or on the whole list (the query's own), says
   * little; "mammal" among a bird search's results says a lot.
   */
  'tag_affinity',
  /** ln(1 + the same sum over the history's hides, recency-weighted, not shared). */
  'tag_hidden',
] as const;
export type CandidateFeatureName = (typeof CANDIDATE_FEATURE_NAMES)[number];
export const CANDIDATE_FEATURE_COUNT = CANDIDATE_FEATURE_NAMES.length;
export const CANDIDATE_FEATURE_INDEX = Object.fromEntries(
  CANDIDATE_FEATURE_NAMES.map((n, i) => [n, i]),
) as Record<CandidateFeatureName, number>;

/** A tag on this many of the corpus's pins counts half as much as a tag on one (tag features). */
export const TAG_SPECIFICITY_PINS = 24;
/** Cap of tag_affinity (a pin sharing many tags with a short history). */
export const TAG_FEATURE_MAX = 3;

/** K: engagement events the model attends over (≥ 50: about 25 opens with their dwells and saves). */
export const SEQUENCE_LENGTH = 64;
/** Distinct categories of the history that get a slot (the most recent ones). */
export const CATEGORY_SLOTS = 16;
/** Colour buckets: black, grey, white, then nine 40° hue sectors. */
export const COLOUR_BUCKETS = 12;

/** Column ranges of an item row (and of the first ITEM_WIDTH columns of an event row). */
export const ITEM_LAYOUT = {
  embedding: { start: 0, end: EMBEDDING_DIM },
  category: { start: EMBEDDING_DIM, end: EMBEDDING_DIM + CATEGORY_SLOTS },
  colour: {
    start: EMBEDDING_DIM + CATEGORY_SLOTS,
    end: EMBEDDING_DIM + CATEGORY_SLOTS + COLOUR_BUCKETS,
  },
} as const;
export const ITEM_WIDTH = EMBEDDING_DIM + CATEGORY_SLOTS + COLOUR_BUCKETS;

/** Per-event columns after the item columns, in order. */
export const EVENT_META_NAMES = [
  'click',
  'dwell',
  'save',
  'hide',
  /** dwellMs / DWELL_FULL_MS, capped at 1, for dwell events. */
  'dwell_fraction',
  /** 2^(−age / RECENCY_HALF_LIFE_MS). */
  'recency',
  /** exp(−age / SESSION_SCALE_MS): this visit or an earlier one. */
  'session',
  /** Action weight (click 1, save 2, dwell by length) × recency; 0 for hides. */
  'positive_weight',
  /** Recency for hides; 0 otherwise. */
  'hide_weight',
  /** 1 for an event, 0 for padding. */
  'valid',
] as const;
export type EventMetaName = (typeof EVENT_META_NAMES)[number];
export const EVENT_META_COUNT = EVENT_META_NAMES.length;
export const EVENT_META_INDEX = Object.fromEntries(
  EVENT_META_NAMES.map((n, i) => [n, i]),
) as Record<EventMetaName, number>;
export const EVENT_WIDTH = ITEM_WIDTH + EVENT_META_COUNT;

export const SESSION_SCALE_MS = 30 * 60_000;

/** Input names of the ONNX graph, in the order the worker passes them. */
export const SEQUENCE_INPUT_NAMES = ['features', 'items', 'history'] as const;
export const SEQUENCE_OUTPUT_NAME = 'scores';

/**
 * What the model card must say for this app to use a model: the candidate features and the
 * tensor layout. A model built for other inputs would score garbage without failing.
 */
export const SEQUENCE_INPUT_SIGNATURE = {
  candidateFeatures: [...CANDIDATE_FEATURE_NAMES],
  eventMeta: [...EVENT_META_NAMES],
  sequenceLength: SEQUENCE_LENGTH,
  itemWidth: ITEM_WIDTH,
  eventWidth: EVENT_WIDTH,
  embeddingDim: EMBEDDING_DIM,
  categorySlots: CATEGORY_SLOTS,
  colourBuckets: COLOUR_BUCKETS,
};
export type SequenceInputSignature = typeof SEQUENCE_INPUT_SIGNATURE;
