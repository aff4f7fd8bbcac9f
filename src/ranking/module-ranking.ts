/**
 * The device's order of the results page's modules: the server proposes modules with a score
 * (how much each helps the query) and slots; the device moves them with the reader's own module
 * engagement, which never leaves it (module-engagement.ts). Small and explainable on purpose, so
 * the debug panel can show every term:
 *
 *   rate(kind) = (clicks(kind) + s · p) / (views(kind) + s)     a kind's click-through, shrunk to p
 *   p          = (all clicks + s · BASE_RATE) / (all views + s)  the reader's rate over every kind
 *   final      = server score + WEIGHT · (rate(kind) − p)
 *
 * Views and clicks are decayed (half-life HALF_LIFE_DAYS), so tastes can change; a click counts at
 * most once per view (the logging side logs one per module per page view). With no history every
 * rate is p, every lift 0, and the order is exactly the server's. Ties keep server order.
 * Parameters: MODULE_RANKING_PARAMS.
 */
import type { ModuleEvent } from './module-engagement';

export interface ModuleRankingParams {
  /** Days after which an event counts half. */
  halfLifeDays: number;
  /** Prior strength s, in views: how many views a kind needs before its own rate dominates. */
  priorViews: number;
  /** The prior for the reader's overall rate before any view. */
  baseRate: number;
  /** How far a rate difference moves a module, in server-score units per unit of rate. */
  weight: number;
}

/**
 * Chosen on the simulator's validation readers (bench/module-ranking-eval.ts): among weight ×
 * prior views, the best NDCG with a prior of at least 3 views that cost readers without a taste
 * at most 0.5 % NDCG, in every run (the module sets the bench draws its pages from vary a little
 * from run to run, and weight 6, best in one run, cost those readers 1.0 % in another). A kind the
 * reader clearly prefers (a click-through 0.1 above their own) moves by 0.3, about what the
 * server's scores differ by; the prior of 3 views keeps one curious click from doing that.
 */
export const MODULE_RANKING_PARAMS: ModuleRankingParams = {
  halfLifeDays: 30,
  priorViews: 3,
  baseRate: 0.2,
  weight: 3,
};

const DAY_MS = 86_400_000;

export interface KindEngagement {
  /** Decayed views and clicks of this kind. */
  views: number;
  clicks: number;
  /** The shrunk click-through rate (see above). */
  rate: number;
}

export interface ModuleEngagementStats {
  /** The reader's overall rate p (the prior every kind is shrunk to). */
  overall: number;
  byKind: ReadonlyMap<string, KindEngagement>;
}

/** Views and clicks per kind, decayed to `now`. Events from the future count as now. */
export function moduleEngagementStats(
  events: readonly ModuleEvent[],
  now: number,
  params: ModuleRankingParams = MODULE_RANKING_PARAMS,
): ModuleEngagementStats {
  const raw = new Map<string, { views: number; clicks: number }>();
  for (const e of events) {
    const age = Math.max(0, now - e.at) / DAY_MS;
    const w = Math.pow(0.5, age / params.halfLifeDays);
    const entry = raw.get(e.kind) ?? { views: 0, clicks: 0 };
    if (e.type === 'module-view') entry.views += w;
    else entry.clicks += w;
    raw.set(e.kind, entry);
  }
  let views = 0;
  let clicks = 0;
  for (const entry of raw.values()) {
    // A click without its view (a view the observer missed) cannot make a rate above 1.
    entry.clicks = Math.min(entry.clicks, entry.views);
    views += entry.views;
    clicks += entry.clicks;
  }
  const s = params.priorViews;
  const overall = (clicks + s * params.baseRate) / (views + s);
  const byKind = new Map<string, KindEngagement>();
  for (const [kind, entry] of raw)
    byKind.set(kind, { ...entry, rate: (entry.clicks + s * overall) / (entry.views + s) });
  return { overall, byKind };
}

export interface RankedModule<M> {
  module: M;
  /** 0-based place in the server's order. */
  serverRank: number;
  serverScore: number;
  /** This kind's engagement, null when the reader never saw one. */
  engagement: KindEngagement | null;
  /** WEIGHT · (rate − p): what the reader's engagement adds (negative: takes away). */
  lift: number;
  finalScore: number;
}

/**
 * The modules in the device's order with every term of their score. `modules` must be in the
 * server's order (the response's `modules`, plus the device's own after them).
 */
export function rankModules<M extends { kind: string; score: number }>(
  modules: readonly M[],
  stats: ModuleEngagementStats,
  params: ModuleRankingParams = MODULE_RANKING_PARAMS,
): RankedModule<M>[] {
  return modules
    .map((module, serverRank) => {
      const engagement = stats.byKind.get(module.kind) ?? null;
      const lift = engagement ? params.weight * (engagement.rate - stats.overall) : 0;
      return {
        module,
        serverRank,
        serverScore: module.score,
        engagement,
        lift,
        finalScore: module.score + lift,
      };
    })
    .sort((a, b) => b.finalScore - a.finalScore || a.serverRank - b.serverRank);
}

/**
 * Slots for modules in their new order: the server's slots, smallest first, go to the modules
 * in order (the page keeps the same rows for modules, whichever kind fills them); a module the
 * server did not propose (the device's own) takes the next of `spare`.
 */
export function assignSlots<M extends { kind: string; slot?: number }>(
  ordered: readonly M[],
  spare: readonly number[],
): (M & { slot: number })[] {
  const slots = ordered
    .map((m) => m.slot)
    .filter((slot): slot is number => slot !== undefined)
    .sort((a, b) => a - b);
  const extra = spare.filter((slot) => !slots.includes(slot));
  const all = [...slots, ...extra.slice(0, ordered.length - slots.length)].sort((a, b) => a - b);
  return ordered.map((m, i) => ({ ...m, slot: all[i]! }));
}
