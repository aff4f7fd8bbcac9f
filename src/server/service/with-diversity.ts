/**
 * Copy collapse and first-screen diversification (visual/diversify.ts) for either
 * engine, embedded or cluster (engine/awaitable.ts), placed beneath the result cache and the
 * candidate pools: both read the engine through this wrapper, so the pool (the first N results
 * in server order) and server paging list exactly the same pins in the same order.
 *
 * How a page is answered: the engine's top DIVERSITY_WINDOW results are collapsed and reordered
 * once per query (kept in an LRU: later pages and the pool reuse them); a page inside that window
 * is cut from it; a page past it continues in the engine's own order, its offset shifted by the
 * number of pins folded away, so no pin is skipped or listed twice. Duplicates of each other
 * that both rank below the window are not folded (the first screens are what this is for).
 * `total` counts the folded pins out.
 *
 * Every pin answered (search, related, getPin) carries `similar`: the other pins of its
 * near-duplicate group, plus in a search the pins folded into its card there. The closeup shows
 * them as "N similar".
 */
import type { Candidate, Pin } from '@/contract/api';
import { LruMap } from '@/lib/lru/lru-map';
import { after } from '@/server/engine/awaitable';
import type {
  AsyncSearchEngine,
  SearchBackend,
  SearchEngine,
  SearchParams,
  SearchResult,
} from '@/server/engine/types';
import {
  collapseCopies,
  DEFAULT_DIVERSIFY,
  mmrReorder,
  type DiversifyOptions,
} from '@/server/visual/diversify';
import type { VisualIndex } from '@/server/visual/visual-index';

/** Engine results collapsed and diversified per query: the default candidate pool's size. */
export const DIVERSITY_WINDOW = 300;
export const DIVERSITY_CACHE_ENTRIES = 256;
/** At most this many similar ids travel with a pin (a series can have hundreds). */
export const MAX_SIMILAR = 24;

interface Window {
  /** The collapsed, reordered top of the list. */
  items: Candidate[];
  /** Engine results the window consumed (items + folded). */
  consumed: number;
  collapsed: number;
  result: SearchResult;
}

export interface DiversityOptions extends Partial<DiversifyOptions> {
  /** false: no cache of windows (latency benchmarks measure first-seen searches). */
  cacheEntries?: number | false;
  window?: number;
}

export function withDiversity(
  engine: SearchEngine,
  visual: VisualIndex,
  o?: DiversityOptions,
): SearchEngine;
export function withDiversity(
  engine: AsyncSearchEngine,
  visual: VisualIndex,
  o?: DiversityOptions,
): AsyncSearchEngine;
export function withDiversity(
  engine: SearchBackend,
  visual: VisualIndex,
  {
    cacheEntries = DIVERSITY_CACHE_ENTRIES,
    window: size = DIVERSITY_WINDOW,
    ...o
  }: DiversityOptions = {},
): SearchBackend {
  const options = { ...DEFAULT_DIVERSIFY, ...o };
  const cache = cacheEntries === false ? null : new LruMap<string, Window>(cacheEntries);

  const similarOf = <T extends Pin>(pin: T, folded: readonly string[] = []): T => {
    const ids = [...new Set([...folded, ...visual.membersOf(pin.id)])].slice(0, MAX_SIMILAR);
    return ids.length > 0 ? { ...pin, similar: ids } : pin;
  };

  const windowOf = (p: SearchParams) => {
    const key = JSON.stringify([
      engine.generation?.() ?? '',
      p.q,
      p.refine,
      p.exact === true,
      p.hl ?? '',
      // Every parameter that changes the engine's list (result-cache.ts keys on the same).
      p.type ?? '',
    ]);
    const cached = cache?.get(key);
    if (cached) return cached;
    return after(engine.search({ ...p, offset: 0, limit: size }), (result): Window => {
      const { items, folded, collapsed } = collapseCopies(result.items, visual);
      const ordered = mmrReorder(items, visual, options).map((c) => similarOf(c, folded.get(c.id)));
      const w = { items: ordered, consumed: result.items.length, collapsed, result };
      cache?.set(key, w);
      return w;
    });
  };

  return {
    ...(engine.readiness ? { readiness: () => engine.readiness!() } : {}),
    ...(engine.generation ? { generation: () => engine.generation!() } : {}),
    search(p) {
      if (visual.size === 0) return engine.search(p);
      return after(windowOf(p), (w) => {
        const base = {
          ...w.result,
          total: Math.max(0, w.result.total - w.collapsed),
          // The engine lists related searches on a first page only.
          relatedSearches: p.offset === 0 ? w.result.relatedSearches : [],
        };
        const inside = w.items.slice(p.offset, p.offset + p.limit);
        const rest = p.limit - inside.length;
        // The engine had nothing beyond the window, or the page ends inside it.
        if (rest === 0 || w.consumed >= w.result.total) return { ...base, items: inside };
        const engineOffset = w.consumed + Math.max(0, p.offset - w.items.length);
        return after(engine.search({ ...p, offset: engineOffset, limit: rest }), (tail) => ({
          ...base,
          items: [...inside, ...tail.items.map((c) => similarOf(c))],
        }));
      });
    },
    getPin: (id) => after(engine.getPin(id), (pin) => pin && similarOf(pin)),
    related: (p) =>
      after(engine.related(p), (r) => r && { ...r, items: r.items.map((c) => similarOf(c)) }),
    info: () => engine.info(),
    close: () => engine.close(),
  };
}
