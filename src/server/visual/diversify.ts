/**
 * Near-duplicate collapse and MMR diversification of one ranked list (issue 15), pure: the
 * service (service/with-diversity.ts) applies it to the engine's top window of every query, so
 * pages and the device's candidate pool see the same order.
 *
 * 1. Collapse: walking in engine order, a candidate is folded into the first kept card of its
 *    near-duplicate group (the index's groups, visual-index.ts) or that it is a near duplicate of
 *    (perceptual.ts, checked pairwise: a member of one group can be near another group's leader).
 * 2. MMR over the first `mmrDepth` kept cards only: maximal marginal relevance
 *    λ·relevance − (1 − λ)·max similarity to the cards already placed, with relevance the
 *    engine's score over the window's best and similarity the mean of visual (colour thumbnail)
 *    and text (pin embedding cosine) similarity. Cards below mmrDepth keep their engine order, so
 *    diversification reorders the first screens and never promotes a weak match from far down.
 */
import type { Candidate } from '@/contract/api';
import { cosine, tryDecodeEmbedding } from '@/ranking/embedding';
import { isNearDuplicate, visualSimilarity, type ComparableFeatures } from './perceptual';
import type { VisualIndex } from './visual-index';

export interface DiversifyOptions {
  /** Relevance weight of MMR; 1 turns reordering off (collapse still applies). */
  lambda: number;
  /** Kept cards MMR may reorder (the first screens). */
  mmrDepth: number;
}

/**
 * λ and depth measured on the existing evaluations (bench/near-duplicates.ts reports NDCG@10 with
 * and without): strong enough to break up a row of look-alikes, weak enough that a clearly better
 * match stays ahead of a slightly worse, different one.
 */
export const DEFAULT_DIVERSIFY: DiversifyOptions = { lambda: 0.8, mmrDepth: 60 };

export interface Diversified<T> {
  items: T[];
  /** For each kept item's id, the ids folded into it, in engine order (absent when none). */
  folded: Map<string, string[]>;
  /** Candidates folded away. */
  collapsed: number;
}

export function collapseNearDuplicates<T extends Pick<Candidate, 'id'>>(
  items: readonly T[],
  visual: VisualIndex,
): Diversified<T> {
  const kept: T[] = [];
  const keptFeatures: (ComparableFeatures | undefined)[] = [];
  const byGroup = new Map<string, string>();
  const folded = new Map<string, string[]>();
  let collapsed = 0;
  for (const item of items) {
    const group = visual.groupOf(item.id);
    let into = byGroup.get(group);
    const f = visual.features(item.id);
    if (into === undefined && f) {
      const k = keptFeatures.findIndex((g) => g !== undefined && isNearDuplicate(f, g));
      if (k >= 0) into = kept[k]!.id;
    }
    if (into !== undefined) {
      const list = folded.get(into) ?? [];
      list.push(item.id);
      folded.set(into, list);
      collapsed++;
      continue;
    }
    byGroup.set(group, item.id);
    kept.push(item);
    keptFeatures.push(f);
  }
  return { items: kept, folded, collapsed };
}

export function mmrReorder<T extends Pick<Candidate, 'id' | 'serverScore' | 'embedding'>>(
  items: readonly T[],
  visual: VisualIndex,
  { lambda, mmrDepth }: DiversifyOptions,
): T[] {
  const depth = Math.min(mmrDepth, items.length);
  if (lambda >= 1 || depth < 3) return [...items];
  const head = items.slice(0, depth);
  const best = Math.max(...head.map((c) => c.serverScore));
  const relevance = head.map((c) => (best > 0 ? c.serverScore / best : 0));
  const feats = head.map((c) => visual.features(c.id));
  const vecs = head.map((c) => tryDecodeEmbedding(c.embedding));
  const similarity = (i: number, j: number): number => {
    const fi = feats[i];
    const fj = feats[j];
    const vi = vecs[i];
    const vj = vecs[j];
    const v = fi && fj ? visualSimilarity(fi, fj) : 0;
    const t = vi && vj ? Math.max(0, cosine(vi, vj)) : 0;
    return (v + t) / 2;
  };
  // maxSim[i]: similarity of candidate i to its most similar placed card, updated as cards are placed.
  const maxSim = new Float64Array(depth);
  const placed = new Uint8Array(depth);
  const order: number[] = [];
  for (let step = 0; step < depth; step++) {
    let pick = -1;
    let pickScore = -Infinity;
    for (let i = 0; i < depth; i++) {
      if (placed[i]) continue;
      const score = lambda * relevance[i]! - (1 - lambda) * maxSim[i]!;
      if (score > pickScore) {
        pick = i;
        pickScore = score;
      }
    }
    placed[pick] = 1;
    order.push(pick);
    for (let i = 0; i < depth; i++)
      if (!placed[i]) maxSim[i] = Math.max(maxSim[i]!, similarity(i, pick));
  }
  return [...order.map((i) => head[i]!), ...items.slice(depth)];
}
