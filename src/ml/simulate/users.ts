/**
 * Simulated users: latent interests built from real corpus pins, an optional colour taste and an
 * optional disliked category. `interest(pin)` in [0, 1] is the hidden truth that drives clicks,
 * saves and hides, and the graded relevance the offline evaluation scores rankings against.
 */
import { cosine } from '@/ranking/embedding';
import { hexToRgb } from '@/ranking/color';
import type { Corpus, CorpusPin } from './corpus';
import type { Rng } from './prng';

export interface Interest {
  category: string;
  /** A tag cluster: the commonest tags among pins close to a seed pin. */
  tags: Set<string>;
  /** Mean embedding of the cluster's pins, when the corpus has embeddings. */
  centroid: Float32Array | null;
  /** How much the user cares, in (0, 1]. */
  strength: number;
  /** Query words the user types for this interest (tags frequent enough to fill a page). */
  queries: string[];
}

export interface SimUser {
  id: string;
  interests: Interest[];
  colour: [number, number, number] | null;
  dislikedCategory: string | null;
  /**
   * How this user's affinity mixes category, tag overlap and embedding closeness (default
   * DEFAULT_MIX), and how strongly interest drives a click (default SIM_CONFIG.clickInterest).
   * Drawn per user for "diverse" training users, so a model cannot lean on one fixed mix.
   */
  mix?: AffinityMix;
  clickInterest?: number;
}

export interface AffinityMix {
  category: number;
  tags: number;
  embedding: number;
}

export const DEFAULT_MIX: AffinityMix = { category: 0.35, tags: 0.35, embedding: 0.3 };

export const USER_CONFIG = {
  minInterests: 1,
  maxInterests: 3,
  /** Pins gathered around a seed pin to form its tag cluster. */
  clusterSize: 40,
  clusterTags: 8,
  /** Tags carried by more than this share of the corpus say nothing about taste ("icon", "clipart"). */
  maxTagShare: 0.08,
  minCategoryPins: 30,
  colourPreferenceRate: 0.3,
  dislikeRate: 0.4,
  colourSigma: 80,
  colourBonus: 0.25,
  /** Cosine below this says nothing; above floor + span counts fully. */
  cosineFloor: 0.3,
  cosineSpan: 0.5,
} as const;

export interface CorpusIndex {
  corpus: Corpus;
  tagPins: Map<string, CorpusPin[]>;
  categoryPins: Map<string, CorpusPin[]>;
  /** Categories big enough to be an interest. */
  interestCategories: string[];
  /** Tags that fill a page and are not near-universal: the vocabulary of broad queries. */
  queryVocabulary: string[];
}

export const QUERY_MIN_PINS = 40;

export function indexCorpus(corpus: Corpus): CorpusIndex {
  const tagPins = new Map<string, CorpusPin[]>();
  const categoryPins = new Map<string, CorpusPin[]>();
  for (const p of corpus.pins) {
    for (const t of new Set(p.tags)) {
      let list = tagPins.get(t);
      if (!list) tagPins.set(t, (list = []));
      list.push(p);
    }
    let list = categoryPins.get(p.category);
    if (!list) categoryPins.set(p.category, (list = []));
    list.push(p);
  }
  const maxTagPins = USER_CONFIG.maxTagShare * corpus.pins.length;
  const queryVocabulary = [...corpus.tagFrequency]
    .filter(([t, n]) => n >= QUERY_MIN_PINS && n <= maxTagPins * 2 && /^\p{L}{3,}$/u.test(t))
    .map(([t]) => t)
    .sort();
  const interestCategories = [...categoryPins]
    .filter(([c, pins]) => pins.length >= USER_CONFIG.minCategoryPins && c !== 'Unsorted')
    .map(([c]) => c)
    .sort();
  return { corpus, tagPins, categoryPins, interestCategories, queryVocabulary };
}

function buildInterest(
  index: CorpusIndex,
  rng: Rng,
  excludeTag: (tag: string) => boolean,
): Interest {
  const category = rng.pick(index.interestCategories);
  const pool = index.categoryPins.get(category) ?? [];
  const seed = rng.pick(pool);
  const maxTagPins = USER_CONFIG.maxTagShare * index.corpus.pins.length;
  const informative = (t: string) =>
    (index.corpus.tagFrequency.get(t) ?? 0) <= maxTagPins && !excludeTag(t);
  const seedTags = new Set(seed.tags.filter(informative));
  // The seed's neighbourhood: same-category pins ranked by tags shared with the seed.
  const neighbours = pool
    .map((p) => ({ p, shared: p.tags.filter((t) => seedTags.has(t)).length }))
    .filter((x) => x.shared > 0)
    .sort((a, b) => b.shared - a.shared || a.p.rowid - b.p.rowid)
    .slice(0, USER_CONFIG.clusterSize)
    .map((x) => x.p);
  const cluster = neighbours.length > 0 ? neighbours : [seed];
  const counts = new Map<string, number>();
  for (const p of cluster)
    for (const t of new Set(p.tags)) if (informative(t)) counts.set(t, (counts.get(t) ?? 0) + 1);
  const tags = [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, USER_CONFIG.clusterTags)
    .map(([t]) => t);
  let centroid: Float32Array | null = null;
  for (const p of cluster) {
    const v = p.vector;
    if (!v) continue;
    centroid ??= new Float32Array(v.length);
    for (let i = 0; i < v.length; i++) centroid[i] = (centroid[i] as number) + (v[i] as number);
  }
  const vocabulary = new Set(index.queryVocabulary);
  const queries = tags.filter(
    (t) => vocabulary.has(t) || (index.tagPins.get(t)?.length ?? 0) >= QUERY_MIN_PINS,
  );
  return { category, tags: new Set(tags), centroid, strength: 0.6 + 0.4 * rng.next(), queries };
}

/**
 * `excludeTag`: tags that may not define the user's interests (the held-out tag split).
 * `diverse`: also draw the user's affinity mix (uniform on the simplex) and click sensitivity
 * (uniform in [0.35, 0.65]); the default user keeps the documented fixed mix.
 */
export function createUser(
  index: CorpusIndex,
  id: string,
  rng: Rng,
  excludeTag: (tag: string) => boolean = () => false,
  diverse = false,
): SimUser {
  const n = rng.int(USER_CONFIG.minInterests, USER_CONFIG.maxInterests);
  const interests: Interest[] = [];
  for (let i = 0; i < n; i++) interests.push(buildInterest(index, rng, excludeTag));
  const colour = rng.chance(USER_CONFIG.colourPreferenceRate)
    ? hexToRgb(rng.pick(index.corpus.pins).dominantColor)
    : null;
  const liked = new Set(interests.map((i) => i.category));
  const others = index.interestCategories.filter((c) => !liked.has(c));
  const dislikedCategory =
    others.length > 0 && rng.chance(USER_CONFIG.dislikeRate) ? rng.pick(others) : null;
  if (!diverse) return { id, interests, colour, dislikedCategory };
  // Uniform on the simplex: normalized exponentials.
  const [c, t, e] = [0, 0, 0].map(() => -Math.log(Math.max(rng.next(), 1e-12))) as [
    number,
    number,
    number,
  ];
  const sum = c + t + e;
  return {
    id,
    interests,
    colour,
    dislikedCategory,
    mix: { category: c / sum, tags: t / sum, embedding: e / sum },
    clickInterest: 0.35 + 0.3 * rng.next(),
  };
}

/** The user's hidden taste for a pin, in [0, 1]; 0 for the disliked category. */
export function interestIn(user: SimUser, pin: CorpusPin): number {
  if (pin.category === user.dislikedCategory) return 0;
  const emb = pin.vector;
  const mix = user.mix ?? DEFAULT_MIX;
  let best = 0;
  for (const it of user.interests) {
    const sameCategory = pin.category === it.category ? 1 : 0;
    let shared = 0;
    for (const t of pin.tags) if (it.tags.has(t)) shared++;
    const tagScore = Math.min(1, shared / 2);
    let affinity: number;
    if (emb && it.centroid) {
      const c = cosine(emb, it.centroid);
      const embScore = Math.max(
        0,
        Math.min(1, (c - USER_CONFIG.cosineFloor) / USER_CONFIG.cosineSpan),
      );
      affinity = mix.category * sameCategory + mix.tags * tagScore + mix.embedding * embScore;
    } else {
      const w = mix.category + mix.tags;
      affinity = (mix.category * sameCategory + mix.tags * tagScore) / w;
    }
    best = Math.max(best, it.strength * affinity);
  }
  if (user.colour) {
    const [r, g, b] = hexToRgb(pin.dominantColor);
    const d2 = (r - user.colour[0]) ** 2 + (g - user.colour[1]) ** 2 + (b - user.colour[2]) ** 2;
    best += USER_CONFIG.colourBonus * Math.exp(-d2 / USER_CONFIG.colourSigma ** 2);
  }
  return Math.min(1, best);
}

/** Every query word in the title: the result matches what was asked, not only its tags. */
export function titleMatches(pin: CorpusPin, query: string): boolean {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((w) => pin.titleWords.has(w));
}

/** Graded relevance 0–3: 2 for a strong interest (1 for a weak one) + 1 for a title match; 0 if disliked. */
export function relevanceGrade(user: SimUser, pin: CorpusPin, query: string): number {
  if (pin.category === user.dislikedCategory) return 0;
  const interest = interestIn(user, pin);
  const interestGrade = interest >= 0.6 ? 2 : interest >= 0.3 ? 1 : 0;
  return interestGrade + (titleMatches(pin, query) ? 1 : 0);
}
