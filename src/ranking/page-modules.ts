/**
 * The results page's modules as the device shows them: the server's (in its order, with scores
 * and slots) plus the device's own "From your saves" (saved-matches.ts), ordered with the reader's
 * module engagement (module-ranking.ts) and given slots. Pure: the personalization feature calls
 * it with the log, the search page draws the result, the debug panel explains it.
 */
import type { ModulePin, PoolCandidate, SearchModule } from '@/contract/api';
import type { EngagementEvent } from './engagement';
import type { ModuleEvent } from './module-engagement';
import {
  assignSlots,
  MODULE_RANKING_PARAMS,
  moduleEngagementStats,
  rankModules,
  type ModuleRankingParams,
  type RankedModule,
} from './module-ranking';
import { savedMatches, type SavedMatch, type SavedPin } from './saved-matches';

/** The device's own module: saved pins that match the query. Never sent to the server. */
export interface SavesModule {
  kind: 'saves';
  title: string;
  score: number;
  slot: number;
  pins: ModulePin[];
}
export type PageModule = SearchModule | SavesModule;

/**
 * Rows of cards before each module, as the server gives them (src/server/modules MODULE_SLOTS),
 * and one more for a page with the server's four and the device's own.
 */
export const PAGE_MODULE_SLOTS = [2, 6, 11, 17, 24] as const;

/**
 * The saves module's own score: like a related-searches module (0.35–0.5) when two pins match,
 * like a small narrowing module (0.5) from six; the reader's engagement moves it like any other.
 */
export const savesScore = (matches: number): number => 0.4 + 0.1 * Math.min(1, matches / 6);

/** The log's saves, newest first (one per pin: the log holds a pin's save once). */
export function savesOf(events: readonly EngagementEvent[]): SavedPin[] {
  return events
    .filter((e) => e.type === 'save')
    .reverse()
    .map((e) => ({
      pinId: e.pinId,
      query: e.query,
      dominantColor: e.dominantColor,
      embedding: e.embedding,
      display: e.display,
    }));
}

export interface PageModulesInput {
  /** The response's modules, in server order. */
  modules: readonly SearchModule[];
  query: string;
  /** The response's candidate pool (server order), for the saves module. */
  pool: readonly Pick<PoolCandidate, 'id' | 'title' | 'embedding' | 'display'>[];
  events: readonly EngagementEvent[];
  moduleEvents: readonly ModuleEvent[];
  now: number;
  params?: ModuleRankingParams;
}

export interface PageModules {
  modules: PageModule[];
  /** Every module with its terms, in the device's order (the debug panel's table). */
  ranked: RankedModule<PageModule>[];
  /** Why each saved pin is in the saves module. */
  saved: SavedMatch[];
  /** The reader's overall module click-through (the prior every kind is shrunk to). */
  overall: number;
}

export function pageModules({
  modules,
  query,
  pool,
  events,
  moduleEvents,
  now,
  params = MODULE_RANKING_PARAMS,
}: PageModulesInput): PageModules {
  const saved = savedMatches(savesOf(events), query, pool);
  const candidates: (PageModule | Omit<SavesModule, 'slot'>)[] = [...modules];
  if (saved.length > 0)
    candidates.push({
      kind: 'saves',
      title: 'From your saves',
      score: savesScore(saved.length),
      pins: saved.map((m) => ({
        id: m.pinId,
        title: m.display.title,
        imageUrl: m.display.imageUrl,
        imageUrl2x: m.display.imageUrl2x,
        width: m.display.width,
        height: m.display.height,
        dominantColor: m.dominantColor,
      })),
    });
  const stats = moduleEngagementStats(moduleEvents, now, params);
  const ranked = rankModules(candidates, stats, params);
  const slotted = assignSlots(
    ranked.map((r) => r.module),
    PAGE_MODULE_SLOTS,
  ) as PageModule[];
  return {
    modules: slotted,
    ranked: ranked.map((r, i) => ({ ...r, module: slotted[i]! })),
    saved,
    overall: stats.overall,
  };
}
