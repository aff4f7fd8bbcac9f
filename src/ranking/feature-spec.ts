/**
 * The reranker's feature spec: what the features read from a candidate, the columns of a feature
 * row in order (FEATURE_NAMES, each with what it measures), and the parameters the history
 * features share. It is the single definition used by the browser worker, the trainer, the
 * offline evaluation and the tests, so the model always sees features computed the same way:
 * prepare-history.ts weighs the engagement history, history-pack.ts packs it for the kernel, and
 * feature-matrix.ts computes the rows.
 *
 * Every value is finite and kept roughly within [-3, 3]. Features that need an embedding are 0
 * when the candidate or the history has none, and `has_embedding` / `history_size` tell the model
 * when that is the case (with no history the best it can do is trust the server's order).
 */
import type { Candidate } from '@/contract/api';
import type { EngagementType } from './engagement';

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
> & {
  /**
   * The pin's own tags (the pool carries them): the sequence model's tag features match them
   * against the history's (sequence-inputs.ts). Absent on lists built without them; such a
   * candidate shares no tag.
   */
  tags?: readonly string[];
  /**
   * How many of the corpus's pins carry each of `tags` (same order): a tag on a dozen pins says
   * more about a taste than one on a thousand. Absent when the server does not know.
   */
  tagPins?: readonly number[];
};

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
/** Width of the similarity kernel: a cosine of 0.9 counts e^-1 of an identical pin. */
export const DENSITY_WIDTH = 0.1;
