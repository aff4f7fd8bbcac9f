/**
 * The tag features of the sequence reranker (sequence-spec.ts `tag_affinity`, `tag_hidden`): how a
 * candidate's tags meet the tags of the pins in the engagement history.
 *
 * Why: pin embeddings are learned from the corpus text (src/server/retrieval), and within a topic
 * they sit close together: in a search for "bird", the mammals and the birds are all at cosine
 * ~0.85 to a saved kitten. The tags keep what the embedding blurs: a reader who saved five pins
 * tagged "mammal" should see the bird search's mammals come up, not more birds like a kitten.
 *
 * A tag counts by how telling it is: its specificity 1 / (1 + pins / TAG_SPECIFICITY_PINS) (a tag
 * on a thousand pins says little), and how rare it is in the list being ranked (the query's own
 * tag is on every candidate and tells them apart not at all).
 */
import { TAG_FEATURE_MAX, TAG_SPECIFICITY_PINS } from './sequence-spec';

/** The history's weight on each tag, from its events' pins. */
export interface HistoryTagWeights {
  /** Tag → its index in `positive` and `hide`. */
  index: Map<string, number>;
  /** Σ positive weight (action weight × recency) of the events whose pin carries the tag. */
  positive: Float64Array;
  /** Σ recency of the hides whose pin carries the tag. */
  hide: Float64Array;
  /** Σ positive weight of every event (with tags or not): the shares' denominator. */
  totalPositive: number;
}

export interface TaggedEvent {
  tags?: readonly string[];
  /** Action weight × recency for a click, dwell or save; 0 for a hide. */
  positiveWeight: number;
  /** Recency for a hide; 0 otherwise. */
  hideWeight: number;
}

/** Whether tags[k] already appeared before k: a pin's ≤ 16 tags, no Set per pin. */
function repeated(tags: readonly string[], k: number): boolean {
  const t = tags[k];
  for (let j = 0; j < k; j++) if (tags[j] === t) return true;
  return false;
}

/** Null when no event carries tags (older logs): then every tag feature is 0. */
export function historyTagWeights(events: readonly TaggedEvent[]): HistoryTagWeights | null {
  const index = new Map<string, number>();
  const positive: number[] = [];
  const hide: number[] = [];
  let totalPositive = 0;
  for (const e of events) {
    totalPositive += e.positiveWeight;
    const tags = e.tags;
    if (!tags) continue;
    for (let k = 0; k < tags.length; k++) {
      const t = tags[k] as string;
      if (repeated(tags, k)) continue;
      let i = index.get(t);
      if (i === undefined) {
        index.set(t, (i = positive.length));
        positive.push(0);
        hide.push(0);
      }
      positive[i] = (positive[i] as number) + e.positiveWeight;
      hide[i] = (hide[i] as number) + e.hideWeight;
    }
  }
  if (index.size === 0) return null;
  return {
    index,
    positive: Float64Array.from(positive),
    hide: Float64Array.from(hide),
    totalPositive,
  };
}

export interface TagCandidate {
  tags?: readonly string[];
  tagPins?: readonly number[];
}

/**
 * 1 / (1 + pins / TAG_SPECIFICITY_PINS); a tag whose count the server did not send counts as a
 * tag on TAG_SPECIFICITY_PINS pins (one half).
 */
export const tagSpecificity = (pins: number | undefined): number =>
  1 /
  (1 +
    (pins === undefined || !Number.isFinite(pins) ? TAG_SPECIFICITY_PINS : Math.max(0, pins)) /
      TAG_SPECIFICITY_PINS);

/**
 * [tag_affinity, tag_hidden] of the candidates at `rows` (server ranks into `candidates`;
 * every one by default), as rows × 2 values. The list shares count every candidate. One map
 * lookup per candidate tag: the list is a pool of hundreds, scored on the page's thread.
 */
export function listTagFeatures(
  candidates: readonly TagCandidate[],
  history: HistoryTagWeights,
  rows?: readonly number[],
): Float32Array {
  const n = candidates.length;
  // Per candidate, where its history tags are: hits[offsets[c] … offsets[c + 1]) = (history index, tag position).
  const offsets = new Int32Array(n + 1);
  const hits: number[] = [];
  const counts = new Float64Array(history.positive.length);
  for (let c = 0; c < n; c++) {
    const tags = candidates[c]?.tags;
    if (tags)
      for (let k = 0; k < tags.length; k++) {
        const i = history.index.get(tags[k] as string);
        if (i === undefined || repeated(tags, k)) continue;
        counts[i] = (counts[i] as number) + 1;
        hits.push(i, k);
      }
    offsets[c + 1] = hits.length;
  }
  const picked = rows ?? Array.from({ length: n }, (_, r) => r);
  const out = new Float32Array(picked.length * 2);
  const share = history.totalPositive > 0 ? 1 / history.totalPositive : 0;
  picked.forEach((rank, r) => {
    const pins = candidates[rank]?.tagPins;
    let affinity = 0;
    let hidden = 0;
    for (let h = offsets[rank] as number; h < (offsets[rank + 1] as number); h += 2) {
      const i = hits[h] as number;
      const weight =
        tagSpecificity(pins?.[hits[h + 1] as number]) * (1 - (counts[i] as number) / n);
      affinity += (history.positive[i] as number) * share * weight;
      hidden += (history.hide[i] as number) * weight;
    }
    out[r * 2] = Math.min(TAG_FEATURE_MAX, affinity);
    out[r * 2 + 1] = Math.log1p(hidden);
  });
  return out;
}
