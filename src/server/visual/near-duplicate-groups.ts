/**
 * Near-duplicate groups over a whole index, computed once at build time: pins in static-rank
 * order, each joins the first earlier group leader it is a near duplicate of
 * (perceptual.ts isNearDuplicate), or leads a group of its own. Comparing with leaders only (not
 * every member) keeps groups from chaining: a series drifting one stroke at a time does not
 * become one group of unrelated ends.
 *
 * Cost: pins × leaders Hamming distances (two popcounts each), the colour thumbnails only for
 * hash matches; ~10k pins take well under a second.
 */
import {
  NEAR_DHASH_BITS,
  NEAR_THUMB_DISTANCE,
  popcount32,
  thumbDistance,
  type ComparableFeatures,
} from './perceptual';

/** For each input (in static-rank order), the index of its group's leader; leaders map to themselves. */
export function nearDuplicateLeaders(features: readonly ComparableFeatures[]): Int32Array {
  const leaderOf = new Int32Array(features.length);
  const leaders: number[] = [];
  // The leaders' hashes side by side, so the inner loop reads two typed arrays and allocates nothing.
  const hi = new Uint32Array(features.length);
  const lo = new Uint32Array(features.length);
  for (let i = 0; i < features.length; i++) {
    const f = features[i]!;
    const [h, w] = f.words;
    let found = -1;
    for (let k = 0; k < leaders.length; k++) {
      if (popcount32((hi[k]! ^ h) >>> 0) + popcount32((lo[k]! ^ w) >>> 0) > NEAR_DHASH_BITS)
        continue;
      const l = leaders[k]!;
      if (thumbDistance(features[l]!.thumb, f.thumb) <= NEAR_THUMB_DISTANCE) {
        found = l;
        break;
      }
    }
    if (found < 0) {
      hi[leaders.length] = h;
      lo[leaders.length] = w;
      leaders.push(i);
      leaderOf[i] = i;
    } else leaderOf[i] = found;
  }
  return leaderOf;
}
