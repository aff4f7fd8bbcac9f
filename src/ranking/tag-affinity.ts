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
  /** Tag → Σ positive weight (action weight × recency) of the events whose pin carries it. */
  positive: Map<string, number>;
  /** Σ positive weight of every event (with tags or not): the shares' denominator. */
  totalPositive: number;
  /** Tag → Σ recency of the hides whose pin carries it. */
  hide: Map<string, number>;
}

export interface TaggedEvent {
  tags?: readonly string[];
  /** Action weight × recency for a click, dwell or save; 0 for a hide. */
  positiveWeight: number;
  /** Recency for a hide; 0 otherwise. */
  hideWeight: number;
}

/** Null when no event carries tags (older logs): then every tag feature is 0. */
export function historyTagWeights(events: readonly TaggedEvent[]): HistoryTagWeights | null {
  const positive = new Map<string, number>();
  const hide = new Map<string, number>();
  let totalPositive = 0;
  let tagged = false;
  for (const e of events) {
    totalPositive += e.positiveWeight;
    if (!e.tags || e.tags.length === 0) continue;
    tagged = true;
    for (const t of new Set(e.tags)) {
      if (e.positiveWeight > 0) positive.set(t, (positive.get(t) ?? 0) + e.positiveWeight);
      if (e.hideWeight > 0) hide.set(t, (hide.get(t) ?? 0) + e.hideWeight);
    }
  }
  return tagged ? { positive, totalPositive, hide } : null;
}

interface TagCandidate {
  tags?: readonly string[];
  tagPins?: readonly number[];
}

/**
 * Share of `candidates` carrying each tag the history has weight on (other tags are never
 * looked up, so they are not counted).
 */
export function listTagShares(
  candidates: readonly TagCandidate[],
  history: HistoryTagWeights,
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const c of candidates) {
    if (!c.tags) continue;
    for (const t of new Set(c.tags))
      if (history.positive.has(t) || history.hide.has(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  const shares = new Map<string, number>();
  for (const [t, n] of counts) shares.set(t, n / candidates.length);
  return shares;
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

/** [tag_affinity, tag_hidden] of one candidate. */
export function candidateTagFeatures(
  c: TagCandidate,
  history: HistoryTagWeights,
  shares: ReadonlyMap<string, number>,
): [number, number] {
  if (!c.tags || c.tags.length === 0) return [0, 0];
  let affinity = 0;
  let hidden = 0;
  const seen = new Set<string>();
  c.tags.forEach((t, k) => {
    if (seen.has(t)) return;
    seen.add(t);
    const positive = history.positive.get(t);
    const hide = history.hide.get(t);
    if (positive === undefined && hide === undefined) return;
    const weight = tagSpecificity(c.tagPins?.[k]) * (1 - (shares.get(t) ?? 0));
    if (positive !== undefined && history.totalPositive > 0)
      affinity += (positive / history.totalPositive) * weight;
    if (hide !== undefined) hidden += hide * weight;
  });
  return [Math.min(TAG_FEATURE_MAX, affinity), Math.log1p(hidden)];
}
