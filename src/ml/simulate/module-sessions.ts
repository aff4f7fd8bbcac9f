/**
 * Module impressions and clicks for the offline evaluation of the device's module ranking
 * (src/ranking/module-ranking.ts): simulated readers with tastes for kinds of modules visit
 * results pages whose modules are the server's real ones (bench/module-ranking-eval.ts gathers
 * them from the index), see modules with a position bias, open some, and their module events
 * feed the device's order of the next page, exactly as the browser's log would.
 *
 * A reader's chance to use a module they saw is CLICK_SCALE · server score · taste(kind), capped:
 * the server's score says how much the module helps the query (for everyone), the taste how much
 * this reader likes that kind (lognormal around 1; "neutral" readers have 1 for every kind, the
 * reader the server's order is already right for). The chance to see the module at position i is
 * SEEN_AT[i] (a module further down the page is reached less often).
 */
import type { ModuleEvent } from '@/ranking/module-engagement';
import {
  MODULE_RANKING_PARAMS,
  moduleEngagementStats,
  rankModules,
  type ModuleRankingParams,
} from '@/ranking/module-ranking';
import { PAGE_MODULE_SLOTS } from '@/ranking/page-modules';
import type { Rng } from './prng';

export interface SimModule {
  kind: string;
  score: number;
}
export interface QueryModules {
  query: string;
  /** The server's modules for the query, in its order. */
  modules: SimModule[];
}

export const MODULE_SIM = {
  /** Chance that a module at position i (0 first) is seen at all. */
  SEEN_AT: [0.95, 0.7, 0.45, 0.3, 0.2],
  CLICK_SCALE: 0.35,
  MAX_CLICK: 0.9,
  /** Lognormal spread of a reader's taste per kind. */
  TASTE_SIGMA: 1.0,
  /** Share of readers without any taste for a kind (taste 1 everywhere). */
  NEUTRAL_SHARE: 0.2,
  /** Hours between two results pages of one reader. */
  HOURS_BETWEEN: 8,
};

/** The slots a page gives its modules in order (src/ranking/page-modules.ts). */
const SLOTS = PAGE_MODULE_SLOTS;

export const MODULE_KINDS_SIMULATED = ['narrow', 'related', 'shop', 'watch'] as const;

export interface ModuleReader {
  id: string;
  neutral: boolean;
  taste: Record<string, number>;
}

export function makeModuleReader(rng: Rng, id: string): ModuleReader {
  const neutral = rng.chance(MODULE_SIM.NEUTRAL_SHARE);
  const taste: Record<string, number> = {};
  for (const kind of MODULE_KINDS_SIMULATED)
    taste[kind] = neutral ? 1 : Math.exp(MODULE_SIM.TASTE_SIGMA * rng.normal());
  return { id, neutral, taste };
}

/** The chance that `reader` uses `module` once seen: the graded relevance of the evaluation. */
export const useChance = (reader: ModuleReader, module: SimModule): number =>
  Math.min(
    MODULE_SIM.MAX_CLICK,
    MODULE_SIM.CLICK_SCALE * module.score * (reader.taste[module.kind] ?? 1),
  );

export type Ranker = (
  modules: readonly SimModule[],
  log: readonly ModuleEvent[],
  now: number,
) => SimModule[];

export const serverRanker: Ranker = (modules) => [...modules];
export const deviceRanker =
  (params: ModuleRankingParams = MODULE_RANKING_PARAMS): Ranker =>
  (modules, log, now) =>
    rankModules(modules, moduleEngagementStats(log, now, params), params).map((r) => r.module);

/**
 * One page view: the reader sees modules in `order` (position bias) and uses each seen one with
 * its chance; returns the events the browser would log (a view per seen module, at most one use).
 */
export function visitPage(
  rng: Rng,
  reader: ModuleReader,
  query: string,
  order: readonly SimModule[],
  at: number,
): ModuleEvent[] {
  const events: ModuleEvent[] = [];
  order.forEach((module, position) => {
    if (!rng.chance(MODULE_SIM.SEEN_AT[position] ?? 0.1)) return;
    const slot = SLOTS[position] ?? SLOTS[SLOTS.length - 1]!;
    events.push({ v: 1, type: 'module-view', kind: module.kind, query, at, slot });
    if (rng.chance(useChance(reader, module)))
      events.push({
        v: 1,
        type: 'module-click',
        kind: module.kind,
        query,
        at: at + 1,
        slot,
        action: 'open',
      });
  });
  return events;
}

export interface OrderQuality {
  /** NDCG over the page's modules, gains = the reader's use chance, discount 1/log2(position + 2). */
  ndcg: number;
  /** 1 / position (1-based) of the module this reader is likeliest to use. */
  mrr: number;
  /** Expected uses on the page: Σ seen chance at position × use chance. */
  expectedUses: number;
}

export function orderQuality(reader: ModuleReader, order: readonly SimModule[]): OrderQuality {
  const gains = order.map((m) => useChance(reader, m));
  const dcg = (g: readonly number[]) => g.reduce((sum, x, i) => sum + x / Math.log2(i + 2), 0);
  const ideal = dcg([...gains].sort((a, b) => b - a));
  const best = gains.indexOf(Math.max(...gains));
  return {
    ndcg: ideal > 0 ? dcg(gains) / ideal : 1,
    mrr: 1 / (best + 1),
    expectedUses: gains.reduce((sum, g, i) => sum + (MODULE_SIM.SEEN_AT[i] ?? 0.1) * g, 0),
  };
}

export interface ModuleEvalResult {
  /** Means over the measured pages (those with ≥ 2 modules after the warm-up). */
  server: OrderQuality;
  device: OrderQuality;
  pages: number;
  /** Share of measured pages where the device's order differs from the server's. */
  reordered: number;
}

/**
 * `readers` readers, each visiting `pages` results pages (queries drawn from `sets`, those with at
 * least two modules) and logging what they do under the device's order; pages from `warmUp` on
 * are measured: the same page scored in server order and in the device's order, for that reader.
 */
export function evaluateModuleRanking({
  rng,
  sets,
  readers,
  pages,
  warmUp,
  ranker,
  keep = () => true,
}: {
  rng: Rng;
  sets: readonly QueryModules[];
  readers: number;
  pages: number;
  warmUp: number;
  ranker: Ranker;
  keep?: (reader: ModuleReader) => boolean;
}): ModuleEvalResult {
  const usable = sets.filter((s) => s.modules.length >= 2);
  if (usable.length === 0) throw new Error('no query with two modules or more');
  const sum = { server: zero(), device: zero() };
  let measured = 0;
  let reordered = 0;
  const start = Date.UTC(2026, 0, 1);
  for (let r = 0; r < readers; r++) {
    const reader = makeModuleReader(rng, `m${r}`);
    const measure = keep(reader);
    const log: ModuleEvent[] = [];
    for (let p = 0; p < pages; p++) {
      const set = rng.pick(usable);
      const now = start + p * MODULE_SIM.HOURS_BETWEEN * 3_600_000;
      const order = ranker(set.modules, log, now);
      if (measure && p >= warmUp) {
        add(sum.server, orderQuality(reader, set.modules));
        add(sum.device, orderQuality(reader, order));
        measured++;
        if (order.some((m, i) => m.kind !== set.modules[i]!.kind)) reordered++;
      }
      log.push(...visitPage(rng, reader, set.query, order, now));
    }
  }
  const mean = (q: OrderQuality): OrderQuality => ({
    ndcg: q.ndcg / measured,
    mrr: q.mrr / measured,
    expectedUses: q.expectedUses / measured,
  });
  return {
    server: mean(sum.server),
    device: mean(sum.device),
    pages: measured,
    reordered: reordered / measured,
  };
}

const zero = (): OrderQuality => ({ ndcg: 0, mrr: 0, expectedUses: 0 });
function add(into: OrderQuality, q: OrderQuality) {
  into.ndcg += q.ndcg;
  into.mrr += q.mrr;
  into.expectedUses += q.expectedUses;
}
