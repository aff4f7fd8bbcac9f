/**
 * Copy collapse and look-alike diversification of one ranked list, pure: the service
 * (service/with-diversity.ts) applies it to the engine's top window of every query, so pages and
 * the device's candidate pool see the same order.
 *
 * 1. Collapse: walking in engine order, a candidate is folded into an earlier kept card that is
 *    the same picture (perceptual.ts isSameImage) under the same title: a re-upload ("Sleeping
 *    cat" twice, "Gatto Cat" four times). A copy titled differently is kept: it is a different pin
 *    to the person searching (and in the judgments a differently labelled relevant pin), so it is
 *    spread out by step 2 instead of hidden.
 * 2. MMR over the first `mmrDepth` kept cards, the first `keepTop` of them left where they are:
 *    λ·relevance − (1 − λ)·[a near duplicate (isNearDuplicate) of a card already placed], with
 *    relevance the engine's score over the window's best. Similarity is visual near-duplication
 *    only: text similarity is high between every good match of a query, so weighting it pushed
 *    relevant pins down (bench/near-duplicates.ts measured the branch's visual + text blend at
 *    −2.3 % / −5.4 % NDCG@10). Cards below mmrDepth keep their engine order, so a weak match is
 *    never promoted from far down.
 */
import type { Candidate } from '@/contract/api';
import { isNearDuplicate, isSameImage, type ComparableFeatures } from './perceptual';
import type { VisualIndex } from './visual-index';

export interface DiversifyOptions {
  /** Relevance weight of MMR; 1 turns reordering off (collapse still applies). */
  lambda: number;
  /** Kept cards MMR may reorder (the first screens). */
  mmrDepth: number;
  /** Leading kept cards MMR never moves: the best matches stay first, look-alikes or not. */
  keepTop: number;
}

/**
 * Measured on the existing evaluations (bench/near-duplicates.ts; bench/diversity-evals.ts runs
 * the evaluations themselves with and without). At λ 0.95 a look-alike falls below a different
 * card only when that card scores less than 0.05 / 0.95 ≈ 5 % of the window's best score below
 * it: enough to break up a series of near-equal scores ("star"'s outline series), while a clearly
 * better look-alike keeps its place. λ 0.9 (11 %) left as few near-duplicate pairs in the first
 * 30 (0.4 per broad query on the default index) but cost the personas of the reranker evaluation
 * 2 % of NDCG@10 on their first page: a persona likes pins by tag, so a series of look-alikes
 * sharing a liked tag is a row of relevant pins, and moving it below weaker different pins cost
 * relevance (λ 0.95: −1.1 %; 0.97: −0.8 % but more pairs; folding copies alone: −0.3 %). Depth
 * 150 reaches past the first 30 even for "star", whose first hundred results are mostly one
 * series; the first 5 stay in engine order (keeping 10 left 1.5 pairs per query instead of 0.4).
 */
export const DEFAULT_DIVERSIFY: DiversifyOptions = { lambda: 0.95, mmrDepth: 150, keepTop: 5 };

export interface Diversified<T> {
  items: T[];
  /** For each kept item's id, the ids folded into it, in engine order (absent when none). */
  folded: Map<string, string[]>;
  /** Candidates folded away. */
  collapsed: number;
}

/** Titles compared for the collapse: case, accents' composition, spacing and punctuation aside. */
export function titleKey(title: string): string {
  return title
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function collapseCopies<T extends Pick<Candidate, 'id' | 'title'>>(
  items: readonly T[],
  visual: VisualIndex,
): Diversified<T> {
  const kept: T[] = [];
  // Kept cards with features, by title key: a copy must share the title, so only those compare.
  const byTitle = new Map<string, { id: string; f: ComparableFeatures }[]>();
  const folded = new Map<string, string[]>();
  let collapsed = 0;
  for (const item of items) {
    const f = visual.features(item.id);
    if (f) {
      const key = titleKey(item.title);
      const same = byTitle.get(key);
      const into = same?.find((k) => isSameImage(f, k.f));
      if (into) {
        const list = folded.get(into.id) ?? [];
        list.push(item.id);
        folded.set(into.id, list);
        collapsed++;
        continue;
      }
      if (same) same.push({ id: item.id, f });
      else byTitle.set(key, [{ id: item.id, f }]);
    }
    kept.push(item);
  }
  return { items: kept, folded, collapsed };
}

export function mmrReorder<T extends Pick<Candidate, 'id' | 'serverScore'>>(
  items: readonly T[],
  visual: VisualIndex,
  { lambda, mmrDepth, keepTop }: DiversifyOptions,
): T[] {
  const depth = Math.min(mmrDepth, items.length);
  if (lambda >= 1 || depth - keepTop < 2) return [...items];
  const head = items.slice(0, depth);
  const best = Math.max(...head.map((c) => c.serverScore));
  const relevance = head.map((c) => (best > 0 ? c.serverScore / best : 0));
  const feats = head.map((c) => visual.features(c.id));
  // nearPlaced[i]: candidate i is a near duplicate of a card already placed (the MMR maximum,
  // with a 0/1 similarity); once set it stays, so each pair is compared at most once.
  const nearPlaced = new Uint8Array(depth);
  const placed = new Uint8Array(depth);
  const order: number[] = [];
  const place = (p: number) => {
    placed[p] = 1;
    order.push(p);
    const fp = feats[p];
    if (!fp) return;
    for (let i = 0; i < depth; i++) {
      if (placed[i] || nearPlaced[i]) continue;
      const fi = feats[i];
      if (fi && isNearDuplicate(fi, fp)) nearPlaced[i] = 1;
    }
  };
  for (let i = 0; i < Math.min(keepTop, depth); i++) place(i);
  while (order.length < depth) {
    let pick = -1;
    let pickScore = -Infinity;
    for (let i = 0; i < depth; i++) {
      if (placed[i]) continue;
      const score = lambda * relevance[i]! - (1 - lambda) * nearPlaced[i]!;
      if (score > pickScore) {
        pick = i;
        pickScore = score;
      }
    }
    place(pick);
  }
  return [...order.map((i) => head[i]!), ...items.slice(depth)];
}
