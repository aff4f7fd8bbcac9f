/**
 * Near-duplicate groups over a whole index, computed once at build time: pins in static-rank
 * order, each joins the first earlier group leader it is a near duplicate of
 * (perceptual.ts isNearDuplicate), or leads a group of its own. Comparing with leaders only (not
 * every member) keeps groups from chaining: a series drifting one stroke at a time does not
 * become one group of unrelated ends.
 *
 * Cost: pins × leaders bounds of 12 subtractions (perceptual.ts blockMeans), full comparisons
 * only for pairs the bound lets through; ~10k pins take a second or two.
 */
import { isNearDuplicate, type ComparableFeatures } from './perceptual';

/** For each input (in static-rank order), the index of its group's leader; leaders map to themselves. */
export function nearDuplicateLeaders(features: readonly ComparableFeatures[]): Int32Array {
  const leaderOf = new Int32Array(features.length);
  const leaders: number[] = [];
  for (let i = 0; i < features.length; i++) {
    const f = features[i]!;
    const found = leaders.find((l) => isNearDuplicate(features[l]!, f));
    if (found === undefined) {
      leaders.push(i);
      leaderOf[i] = i;
    } else leaderOf[i] = found;
  }
  return leaderOf;
}
