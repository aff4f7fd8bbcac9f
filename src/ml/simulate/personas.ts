/**
 * The second behaviour generator, built differently from the simulator (users.ts, simulate.ts) so
 * that an evaluation on its users says whether the reranker's gain is more than a property of one
 * simulator. Its held-out users (tags from the held-out split) are never trained on. The trainer
 * may draw persona-like users from the other side of the split (`tagSide: 'training'`, their own
 * seed stream, pages that explore the pool): the same behaviour model, never a held-out tag.
 *
 * - Taste: a persona likes 2–3 tags from the held-out tag split (tag-split.ts: tags that never
 *   define a training user), not categories; a pin it likes carries a liked tag (1) or sits near
 *   the tag's pins in embedding space (up to 0.7); 40 % also like one colour bucket (+0.2); half
 *   dislike a held-out tag (0 for its pins, which they hide).
 * - Click model: a cascade, not position-based examination. The persona scans the page top-down
 *   and leaves after each unclicked pin with probability 6 %, after a click with 20 %; a click has
 *   probability 0.03 + 0.55 × like (+0.08 for a title match); dwell is log-normal around
 *   2 s + 35 s × like; saves only follow long looks at liked pins.
 * - Sessions: 2–6 visits 10 min – 72 h apart, 1–5 queries each. Queries explore around the taste,
 *   as on a visual search app: 35 % a liked tag, 40 % a broader word that often goes with a liked
 *   tag (a tag on ≥ 25 % of its pins and on more pins overall: "bird" → "animal"), 25 % any broad
 *   word; pages are the server's first page (no exploration).
 * - Relevance grade: 2 (like ≥ 0.75) or 1 (≥ 0.35) + 1 when every query word is in the title; 0
 *   for a disliked pin.
 */
import { cosine } from '@/ranking/embedding';
import type { EngagementEvent } from '@/ranking/engagement';
import { firstTags } from '@/ranking/event-tags';
import { colourBucket } from '@/ranking/sequence-inputs';
import type { CorpusPin } from './corpus';
import type { Impression } from './impressions';
import { createPoolSource, type PoolSource } from './pool-source';
import { createRng, subSeed, type Rng } from './prng';
import { showPage } from './simulate';
import { isHeldOutTag } from './tag-split';
import { titleMatches, USER_CONFIG, type CorpusIndex } from './users';

export const PERSONA_CONFIG = {
  minLikedTags: 2,
  maxLikedTags: 3,
  /** A liked tag must be on at least this many pins (and on at most maxTagShare of the corpus). */
  minTagPins: 12,
  colourRate: 0.4,
  colourBonus: 0.2,
  dislikeRate: 0.5,
  nearbyWeight: 0.7,
  cosineFloor: 0.45,
  cosineSpan: 0.35,
  continueAfterSkip: 0.94,
  stopAfterClick: 0.2,
  clickBase: 0.03,
  clickLike: 0.55,
  clickTitle: 0.08,
  clickDisliked: 0.005,
  hideDisliked: 0.45,
  hideRandom: 0.01,
  dwellBaseMs: 2000,
  dwellLikeMs: 35_000,
  saveMinLike: 0.5,
  saveBase: 0.25,
  saveLike: 0.5,
  tagQueryRate: 0.35,
  broaderQueryRate: 0.4,
  /** A broader word must be on this share of the liked tag's pins. */
  broaderMinShare: 0.25,
  broaderMax: 3,
  minSessions: 2,
  maxSessions: 6,
  minQueries: 1,
  maxQueries: 5,
  sessionGapMinMs: 10 * 60_000,
  sessionGapMaxMs: 72 * 3600_000,
  startMs: Date.UTC(2025, 5, 1),
} as const;

interface LikedTag {
  tag: string;
  centroid: Float32Array | null;
  /** Broader query words that often go with the tag (may be empty). */
  broader: string[];
}

export interface Persona {
  id: string;
  liked: LikedTag[];
  colourBucket: number | null;
  dislikedTag: string | null;
}

export interface PersonaLog {
  persona: Persona;
  events: EngagementEvent[];
  impressions: Impression[];
}

/** Which side of the held-out tag split a persona's tags come from. */
export type TagSide = 'held-out' | 'training';

/**
 * Tags a persona can like: informative, on enough pins, from one side of the split (held-out by
 * default: the evaluation's personas). Sorted, so draws are reproducible.
 */
export function personaTags(
  index: CorpusIndex,
  side: TagSide = 'held-out',
  keep: (tag: string) => boolean = () => true,
): string[] {
  const maxPins = USER_CONFIG.maxTagShare * index.corpus.pins.length;
  return [...index.tagPins]
    .filter(
      ([t, pins]) =>
        isHeldOutTag(t) === (side === 'held-out') &&
        keep(t) &&
        pins.length >= PERSONA_CONFIG.minTagPins &&
        pins.length <= maxPins,
    )
    .map(([t]) => t)
    .sort();
}

/** Query words broader than `tag` that often go with it, most frequent first. */
export function broaderWords(index: CorpusIndex, tag: string): string[] {
  const pins = index.tagPins.get(tag) ?? [];
  const counts = new Map<string, number>();
  for (const p of pins)
    for (const t of new Set(p.tags)) if (t !== tag) counts.set(t, (counts.get(t) ?? 0) + 1);
  const vocabulary = new Set(index.queryVocabulary);
  return [...counts]
    .filter(
      ([t, n]) =>
        vocabulary.has(t) &&
        n >= PERSONA_CONFIG.broaderMinShare * pins.length &&
        (index.tagPins.get(t)?.length ?? 0) > pins.length,
    )
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, PERSONA_CONFIG.broaderMax)
    .map(([t]) => t);
}

function centroidOf(pins: readonly CorpusPin[]): Float32Array | null {
  let c: Float32Array | null = null;
  for (const p of pins) {
    if (!p.vector) continue;
    c ??= new Float32Array(p.vector.length);
    for (let i = 0; i < c.length; i++) c[i] = (c[i] as number) + (p.vector[i] as number);
  }
  return c;
}

export function createPersona(
  index: CorpusIndex,
  tags: readonly string[],
  id: string,
  rng: Rng,
): Persona {
  const n = rng.int(PERSONA_CONFIG.minLikedTags, PERSONA_CONFIG.maxLikedTags);
  const chosen = new Set<string>();
  while (chosen.size < Math.min(n, tags.length)) chosen.add(rng.pick(tags));
  const liked = [...chosen].map((tag) => ({
    tag,
    centroid: centroidOf(index.tagPins.get(tag) ?? []),
    broader: broaderWords(index, tag),
  }));
  const colour = rng.chance(PERSONA_CONFIG.colourRate)
    ? colourBucket(rng.pick(index.corpus.pins).dominantColor)
    : null;
  const others = tags.filter((t) => !chosen.has(t));
  const dislikedTag =
    others.length > 0 && rng.chance(PERSONA_CONFIG.dislikeRate) ? rng.pick(others) : null;
  return { id, liked, colourBucket: colour, dislikedTag };
}

export function likeOf(persona: Persona, pin: CorpusPin): number {
  if (persona.dislikedTag !== null && pin.tags.includes(persona.dislikedTag)) return 0;
  let best = 0;
  for (const t of persona.liked) {
    if (pin.tags.includes(t.tag)) return Math.min(1, 1 + colourBonus(persona, pin));
    if (pin.vector && t.centroid) {
      const c = cosine(pin.vector, t.centroid);
      const near = Math.max(
        0,
        Math.min(1, (c - PERSONA_CONFIG.cosineFloor) / PERSONA_CONFIG.cosineSpan),
      );
      best = Math.max(best, PERSONA_CONFIG.nearbyWeight * near);
    }
  }
  return Math.min(1, best + colourBonus(persona, pin));
}

const colourBonus = (persona: Persona, pin: CorpusPin): number =>
  persona.colourBucket !== null && colourBucket(pin.dominantColor) === persona.colourBucket
    ? PERSONA_CONFIG.colourBonus
    : 0;

const isDisliked = (persona: Persona, pin: CorpusPin): boolean =>
  persona.dislikedTag !== null && pin.tags.includes(persona.dislikedTag);

export function personaGrade(persona: Persona, pin: CorpusPin, query: string): number {
  if (isDisliked(persona, pin)) return 0;
  const like = likeOf(persona, pin);
  return (like >= 0.75 ? 2 : like >= 0.35 ? 1 : 0) + (titleMatches(pin, query) ? 1 : 0);
}

function event(
  type: EngagementEvent['type'],
  pin: CorpusPin,
  at: number,
  query: string,
  dwellMs?: number,
): EngagementEvent {
  return {
    v: 1,
    type,
    pinId: pin.id,
    at,
    query,
    ...(dwellMs === undefined ? {} : { dwellMs }),
    category: pin.category,
    dominantColor: pin.dominantColor,
    embedding: pin.embedding,
    ...(pin.tags.length > 0 ? { tags: firstTags(pin.tags) } : {}),
  };
}

function runPersona(
  persona: Persona,
  index: CorpusIndex,
  pools: PoolSource,
  rng: Rng,
  poolGrades: boolean,
  exploreRate: number,
): PersonaLog {
  const C = PERSONA_CONFIG;
  const events: EngagementEvent[] = [];
  const impressions: Impression[] = [];
  const tagQueries = persona.liked.map((t) => t.tag).filter((t) => /^\p{L}{3,}$/u.test(t));
  let now = C.startMs + rng.int(0, 7 * 24 * 3600_000);
  const sessions = rng.int(C.minSessions, C.maxSessions);
  for (let s = 0; s < sessions; s++) {
    const queries = rng.int(C.minQueries, C.maxQueries);
    for (let qi = 0; qi < queries; qi++) {
      const broader = persona.liked.flatMap((t) => t.broader);
      const draw = rng.next();
      const query =
        tagQueries.length > 0 && draw < C.tagQueryRate
          ? rng.pick(tagQueries)
          : broader.length > 0 && draw < C.tagQueryRate + C.broaderQueryRate
            ? rng.pick(broader)
            : rng.pick(index.queryVocabulary);
      const pool = pools(query).entries;
      if (pool.length < 2) continue;
      // exploreRate 0 (held-out personas) draws nothing here: their logs do not change with it.
      const { shown, ranks } = showPage(pool, exploreRate, rng);
      const at = now;
      const clicked: number[] = [];
      const saved: number[] = [];
      const hidden: number[] = [];
      const dwells: number[] = [];
      let t = at + 3000;
      for (let rank = 0; rank < shown.length; rank++) {
        const pin = (shown[rank] as (typeof shown)[number]).pin;
        const like = likeOf(persona, pin);
        const disliked = isDisliked(persona, pin);
        const pClick = disliked
          ? C.clickDisliked
          : C.clickBase + C.clickLike * like + (titleMatches(pin, query) ? C.clickTitle : 0);
        if (rng.chance(pClick)) {
          clicked.push(rank);
          events.push(event('click', pin, t, query));
          const dwellMs = Math.round(
            (C.dwellBaseMs + C.dwellLikeMs * like) * Math.exp(0.4 * rng.normal()),
          );
          t += dwellMs;
          events.push(event('dwell', pin, t, query, dwellMs));
          dwells.push(dwellMs);
          if (like >= C.saveMinLike && rng.chance(C.saveBase + C.saveLike * like)) {
            saved.push(rank);
            events.push(event('save', pin, t, query));
          }
          t += 2000;
          if (rng.chance(C.stopAfterClick)) break;
          continue;
        }
        if (rng.chance(disliked ? C.hideDisliked : C.hideRandom)) {
          hidden.push(rank);
          events.push(event('hide', pin, t, query));
          t += 700;
        }
        if (!rng.chance(C.continueAfterSkip)) break;
      }
      impressions.push({
        user: persona.id,
        at,
        query,
        items: shown.map((x) => x.item),
        clicked,
        saved,
        hidden,
        dwellMs: dwells,
        grades: shown.map(({ pin }) => personaGrade(persona, pin, query)),
        ...(ranks ? { ranks } : {}),
        ...(poolGrades
          ? { poolGrades: pool.map(({ pin }) => personaGrade(persona, pin, query)) }
          : {}),
      });
      now = t + rng.int(30_000, 600_000);
    }
    now += rng.int(C.sessionGapMinMs, C.sessionGapMaxMs);
  }
  return { persona, events, impressions };
}

export interface PersonaOptions {
  index: CorpusIndex;
  pools?: PoolSource;
  engine?: Parameters<typeof createPoolSource>[0];
  users: number;
  seed: number;
  userPrefix?: string;
  poolGrades?: boolean;
  /** Held-out tags (default: evaluation) or training tags (persona-like training users). */
  tagSide?: TagSide;
  /** Share of pages that explore the pool (simulate.ts showPage); default 0, the first page. */
  exploreRate?: number;
  /** Of the side's tags, only those this keeps (default: all of them). */
  keepTag?: (tag: string) => boolean;
}

/** Persona users: one PRNG stream per user, so a seed reproduces the logs exactly. */
export function simulatePersonas(opts: PersonaOptions): PersonaLog[] {
  const pools =
    opts.pools ??
    (opts.engine
      ? createPoolSource(opts.engine, opts.index)
      : (() => {
          throw new Error('simulatePersonas needs pools or an engine');
        })());
  const side = opts.tagSide ?? 'held-out';
  const tags = personaTags(opts.index, side, opts.keepTag);
  if (tags.length < PERSONA_CONFIG.maxLikedTags + 1)
    throw new Error(`only ${tags.length} ${side} tags can define a persona`);
  const prefix = opts.userPrefix ?? 'persona-';
  return Array.from({ length: opts.users }, (_, u) => {
    const rng = createRng(subSeed(opts.seed, u));
    const persona = createPersona(opts.index, tags, `${prefix}${String(u).padStart(5, '0')}`, rng);
    return runPersona(
      persona,
      opts.index,
      pools,
      rng,
      opts.poolGrades ?? false,
      opts.exploreRate ?? 0,
    );
  });
}
