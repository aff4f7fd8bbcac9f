/**
 * The device's side of the results page's modules (a chunk of its own, fetched with the log's,
 * engagement-store.ts): src/ranking/page-modules.ts over the restored log, decided once per feed,
 * and reported to the debug panel.
 */
import type { SearchResponse } from '@/contract/api';
import { LruMap } from '@/lib/lru/lru-map';
import type { EngagementEvent } from '@/ranking/engagement';
import type { ModuleEvent } from '@/ranking/module-engagement';
import { MODULE_RANKING_PARAMS } from '@/ranking/module-ranking';
import { pageModules, type PageModule } from '@/ranking/page-modules';
import { useExplainStore } from './explain-store';

/** Feeds whose modules are remembered (the feed ledger's cache holds as many). */
const decided = new LruMap<string, { from: unknown; modules: readonly PageModule[] }>(24);

export function decideModules(
  answer: Pick<SearchResponse, 'modules' | 'pool'>,
  query: string,
  feedKey: string,
  log: {
    hydrated: boolean;
    events: readonly EngagementEvent[];
    moduleEvents: readonly ModuleEvent[];
  },
): readonly PageModule[] {
  // A feed's modules are decided once: Back to it finds them (and the rows they hold) as they
  // were, even if the log changed meanwhile (a pin saved from its closeup).
  const known = decided.get(feedKey);
  if (known && known.from === answer.modules) return known.modules;
  const modules = answer.modules ?? [];
  const page = log.hydrated
    ? pageModules({
        modules,
        query,
        pool: answer.pool?.candidates ?? [],
        events: log.events,
        moduleEvents: log.moduleEvents,
        now: Date.now(),
      })
    : null;
  useExplainStore.getState().reportModules({
    query,
    at: Date.now(),
    restored: log.hydrated,
    page,
    params: MODULE_RANKING_PARAMS,
  });
  const shown = page?.modules ?? modules;
  decided.set(feedKey, { from: answer.modules, modules: shown });
  return shown;
}
