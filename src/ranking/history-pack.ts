/**
 * The prepared history (prepare-history.ts) packed into typed arrays for feature-matrix.ts's
 * per-candidate loop, once per PreparedHistory: packHistory remembers what it packed.
 */
import { EMBEDDING_DIM } from './embedding';
import type { PreparedAction, PreparedHistory } from './prepare-history';

/**
 * The history's unit embeddings packed into one array, so the per-candidate loop is a tight dot
 * product, with what the loop reads about each action in parallel typed arrays. Built once per
 * PreparedHistory (callers of buildFeatureMatrixPrepared may score several pages against one).
 */
export interface PackedActions {
  vectors: Float64Array;
  count: number;
  /** ln(weight) − the largest ln(weight): ≤ 0, and 0 for at least one action. */
  shiftedLogWeights: Float64Array;
  weights: Float64Array;
  saves: Uint8Array;
  /** Index into PackedHistory.categoryIds' keys: category equality as an integer compare. */
  categories: Int32Array;
}

export interface PackedHistory {
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

export function packHistory(h: PreparedHistory): PackedHistory {
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
