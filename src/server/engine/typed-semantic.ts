/**
 * What the semantic leg may add to a typed search (a Products or Videos tab, `type=`). The tab is
 * a filter the reader chose: it lists the pins the query's words find (the lexical leg, with the
 * query understanding's stems, synonyms, translations and predicted tags), and the semantic leg
 * only tops a short list up to a page, with the pins closest in meaning that are at least as close
 * as the least close word match (the query's own matches set the floor).
 *
 * Why not a cosine floor alone: the typed pins of one source sit close together in the
 * embedding. On the default index every weather clip is 0.85–0.99 from "rain", the snow, sun and
 * wind clips as close as the rain ones (median 0.853 for the clips without the word, 0.887 for
 * those with it; 0.98 against 0.99 for "thunder"), so no floor tells them apart, and the Videos
 * tab of "rain" listed 187 of the 201 clips, 34 of them with the word (README.md: before and
 * after on the default index). Untyped searches are unchanged (with-semantic.ts).
 */
import { DEFAULT_PAGE_SIZE } from '@/contract/constants';

/** A short typed list is topped up to this many pins: a page of results. */
export const TYPED_TOP_UP = DEFAULT_PAGE_SIZE;

/**
 * The semantic-only candidates a typed search keeps, best first: at most TYPED_TOP_UP − (word
 * matches), each at least as close to the query as the least close word match (any, when there
 * is none). Untyped searches keep every one and do not call this.
 */
export function semanticOnlyToKeep<T extends { cosine: number }>(
  lexicalCosines: readonly number[],
  semanticOnly: readonly T[],
): readonly T[] {
  const room = TYPED_TOP_UP - lexicalCosines.length;
  if (room <= 0) return [];
  const floor = lexicalCosines.length > 0 ? Math.min(...lexicalCosines) : Number.NEGATIVE_INFINITY;
  return semanticOnly
    .filter((c) => c.cosine >= floor)
    .sort((a, b) => b.cosine - a.cosine)
    .slice(0, room);
}
