/**
 * The user simulator (see src/ml/README.md): users with latent interests run sessions of broad
 * queries against the real engine, look down the server's first page with position-biased
 * attention, and click, dwell, save and hide according to their hidden taste plus noise.
 * Everything is drawn from one seed, so a seed always yields the same logs.
 */
import { DEFAULT_PAGE_SIZE } from '@/contract/api';
import type { EngagementEvent } from '@/ranking/engagement';
import { firstTags } from '@/ranking/event-tags';
import type { SearchEngine } from '@/server/engine/types';
import type { CorpusPin } from './corpus';
import type { Impression } from './impressions';
import { createPoolSource, type PoolEntry, type PoolSource } from './pool-source';
import { createRng, subSeed, type Rng } from './prng';
import {
  createUser,
  interestIn,
  relevanceGrade,
  titleMatches,
  type CorpusIndex,
  type SimUser,
} from './users';

export const SIM_CONFIG = {
  pageSize: DEFAULT_PAGE_SIZE,
  minSessions: 1,
  maxSessions: 8,
  minQueriesPerSession: 1,
  maxQueriesPerSession: 4,
  /** Share of queries typed about one of the user's interests (the rest are broad vocabulary words). */
  interestQueryRate: 0.35,
  /** P(examine rank r) = examineTop × (1 + r / examineScale)^-examineDecay: a grid is scanned top-down. */
  examineTop: 0.9,
  examineScale: 5,
  examineDecay: 0.8,
  /** P(click | examined) = clickBase + clickInterest × interest + clickTitle × title match. */
  clickBase: 0.02,
  clickInterest: 0.5,
  clickTitle: 0.12,
  clickDisliked: 0.01,
  /** P(save | clicked) = saveBase + saveInterest × interest. */
  saveBase: 0.1,
  saveInterest: 0.5,
  /** P(hide | examined, not clicked). */
  hideDisliked: 0.3,
  hideUninterested: 0.015,
  uninterestedBelow: 0.1,
  dwellBaseMs: 1000,
  dwellInterestMs: 25_000,
  /** Exploration pages keep this many of the first page's pins; the rest come from deeper in the pool. */
  exploreHead: 10,
  /** Simulated time starts here (fixed, so logs are reproducible). */
  startMs: Date.UTC(2025, 0, 1),
  sessionGapMinMs: 3 * 3600_000,
  sessionGapMaxMs: 48 * 3600_000,
  queryGapMinMs: 60_000,
  queryGapMaxMs: 300_000,
} as const;

export interface SimulationOptions {
  index: CorpusIndex;
  engine: SearchEngine;
  users: number;
  seed: number;
  /** Prefix for user ids, so train and held-out users never collide. */
  userPrefix?: string;
  /**
   * Share of pages that explore the candidate pool (default 0: every page is the server's first
   * page): a shuffled sample of EXPLORE_HEAD pins of the first page and the rest drawn from deeper
   * in the pool, as the device's reranked pool puts deep candidates on the first screen.
   */
  exploreRate?: number;
  /** Record every pool candidate's grade (evaluation over pools). */
  poolGrades?: boolean;
  /** Tags that never define a user's interests (the held-out tag split). */
  excludeTag?: (tag: string) => boolean;
  /** Draw each user's affinity mix and click sensitivity (users.ts: createUser's `diverse`). */
  diverseUsers?: boolean;
  /** Shared pool cache (one is made when absent). */
  pools?: PoolSource;
}

export interface SimulatedUserLog {
  user: SimUser;
  events: EngagementEvent[];
  impressions: Impression[];
}

export const examineProbability = (rank: number): number =>
  SIM_CONFIG.examineTop * Math.pow(1 + rank / SIM_CONFIG.examineScale, -SIM_CONFIG.examineDecay);

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

function chooseQuery(user: SimUser, index: CorpusIndex, rng: Rng): string {
  const withQueries = user.interests.filter((i) => i.queries.length > 0);
  if (withQueries.length > 0 && rng.chance(SIM_CONFIG.interestQueryRate))
    return rng.pick(rng.pick(withQueries).queries);
  return rng.pick(index.queryVocabulary);
}

/** One user's whole life: sessions of queries, each shown the server's first page. */
/**
 * What the user is shown for a query: the pool's first page in server order, or (with
 * probability exploreRate) an exploration page. Returns the entries and their pool ranks.
 */
export function showPage(
  pool: readonly PoolEntry[],
  exploreRate: number,
  rng: Rng,
): { shown: PoolEntry[]; ranks: number[] | null } {
  const size = SIM_CONFIG.pageSize;
  if (exploreRate <= 0 || pool.length <= size || !rng.chance(exploreRate))
    return { shown: pool.slice(0, size), ranks: null };
  const head = rng
    .shuffle(Array.from({ length: size }, (_, i) => i))
    .slice(0, SIM_CONFIG.exploreHead);
  const deep = rng
    .shuffle(Array.from({ length: pool.length - size }, (_, i) => size + i))
    .slice(0, size - SIM_CONFIG.exploreHead);
  const ranks = rng.shuffle([...head, ...deep]);
  return { shown: ranks.map((r) => pool[r] as PoolEntry), ranks };
}

export function simulateUser(
  user: SimUser,
  index: CorpusIndex,
  pools: PoolSource,
  rng: Rng,
  opts: { exploreRate?: number; poolGrades?: boolean } = {},
): SimulatedUserLog {
  const events: EngagementEvent[] = [];
  const impressions: Impression[] = [];
  let now = SIM_CONFIG.startMs + rng.int(0, 24 * 3600_000);
  const sessions = rng.int(SIM_CONFIG.minSessions, SIM_CONFIG.maxSessions);
  for (let s = 0; s < sessions; s++) {
    const queries = rng.int(SIM_CONFIG.minQueriesPerSession, SIM_CONFIG.maxQueriesPerSession);
    for (let qi = 0; qi < queries; qi++) {
      const query = chooseQuery(user, index, rng);
      const pool = pools(query).entries;
      if (pool.length < 2) continue;
      const { shown, ranks } = showPage(pool, opts.exploreRate ?? 0, rng);
      const at = now;
      const clicked: number[] = [];
      const saved: number[] = [];
      const hidden: number[] = [];
      const dwells: number[] = [];
      let t = at + 2000;
      shown.forEach(({ pin }, rank) => {
        if (!rng.chance(examineProbability(rank))) return;
        const interest = interestIn(user, pin);
        const disliked = pin.category === user.dislikedCategory;
        const pClick = disliked
          ? SIM_CONFIG.clickDisliked
          : SIM_CONFIG.clickBase +
            (user.clickInterest ?? SIM_CONFIG.clickInterest) * interest +
            (titleMatches(pin, query) ? SIM_CONFIG.clickTitle : 0);
        if (rng.chance(pClick)) {
          clicked.push(rank);
          events.push(event('click', pin, t, query));
          const dwellMs = Math.round(
            SIM_CONFIG.dwellBaseMs + SIM_CONFIG.dwellInterestMs * interest * (0.5 + rng.next()),
          );
          t += dwellMs;
          events.push(event('dwell', pin, t, query, dwellMs));
          dwells.push(dwellMs);
          if (rng.chance(SIM_CONFIG.saveBase + SIM_CONFIG.saveInterest * interest)) {
            saved.push(rank);
            events.push(event('save', pin, t, query));
          }
          t += 1500;
          return;
        }
        const pHide = disliked
          ? SIM_CONFIG.hideDisliked
          : interest < SIM_CONFIG.uninterestedBelow
            ? SIM_CONFIG.hideUninterested
            : 0;
        if (pHide > 0 && rng.chance(pHide)) {
          hidden.push(rank);
          events.push(event('hide', pin, t, query));
          t += 800;
        }
      });
      impressions.push({
        user: user.id,
        at,
        query,
        items: shown.map((x) => x.item),
        clicked,
        saved,
        hidden,
        dwellMs: dwells,
        grades: shown.map(({ pin }) => relevanceGrade(user, pin, query)),
        ...(ranks ? { ranks } : {}),
        ...(opts.poolGrades
          ? { poolGrades: pool.map(({ pin }) => relevanceGrade(user, pin, query)) }
          : {}),
      });
      now = t + rng.int(SIM_CONFIG.queryGapMinMs, SIM_CONFIG.queryGapMaxMs);
    }
    now += rng.int(SIM_CONFIG.sessionGapMinMs, SIM_CONFIG.sessionGapMaxMs);
  }
  return { user, events, impressions };
}

export function simulate(opts: SimulationOptions): SimulatedUserLog[] {
  const pools = opts.pools ?? createPoolSource(opts.engine, opts.index);
  const logs: SimulatedUserLog[] = [];
  const prefix = opts.userPrefix ?? 'u';
  for (let u = 0; u < opts.users; u++) {
    // One stream per user: user k's log does not depend on how many draws users before it made.
    const rng = createRng(subSeed(opts.seed, u));
    const user = createUser(
      opts.index,
      `${prefix}${String(u).padStart(5, '0')}`,
      rng,
      opts.excludeTag,
      opts.diverseUsers ?? false,
    );
    logs.push(
      simulateUser(user, opts.index, pools, rng, {
        exploreRate: opts.exploreRate ?? 0,
        poolGrades: opts.poolGrades ?? false,
      }),
    );
  }
  return logs;
}
