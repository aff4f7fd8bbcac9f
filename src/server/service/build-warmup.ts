/**
 * Warming a cluster's next build before searches switch to it. Every answer the server caches
 * (result pages, chips, candidate pools, related pins) is keyed by the build, so the moment the
 * alias moves, every popular query misses at once and reaches the cluster together: measured in
 * the reindex drill (bench/cluster-drills.ts), ~10 times the cluster work of the steady state, on
 * the same seconds the new collection's copies are still busy replicating. Instead the engine
 * stages the new build, the calls asked most often recently are replayed against it (two at a
 * time, which the cluster absorbs beside live traffic, still served from the old build's cache),
 * and only then do searches switch, to a warm cache.
 *
 * Only what was asked is replayed, by its own parameters: the calls are recorded as they are made,
 * no request or user data is kept beyond the query text the result cache keeps anyway.
 */
import { LruMap } from '@/lib/lru/lru-map';

/** Distinct calls remembered; the least recently asked are forgotten first. */
export const HOT_CALLS_KEPT = 512;
/** Calls replayed against a new build: the most asked of those remembered. */
export const WARM_CALLS = 128;
/** Replays in flight at once: the cluster keeps serving live traffic meanwhile. */
export const WARM_CONCURRENCY = 2;

interface HotCall {
  hits: number;
  replay: () => unknown;
}

export interface HotCalls {
  /** Counts one call of `key`; `replay` makes the same call again (against whichever build is current). */
  record(key: string, replay: () => unknown): void;
  /** The replays of the `n` calls asked most often, most asked first (ties: the most recent). */
  top(n: number): (() => unknown)[];
}

export function createHotCalls(kept = HOT_CALLS_KEPT): HotCalls {
  const calls = new LruMap<string, HotCall>(kept);
  return {
    record(key, replay) {
      const known = calls.get(key);
      if (known) known.hits++;
      else calls.set(key, { hits: 1, replay });
    },
    top(n) {
      // Most recent first, then a stable sort by hits: ties keep recency order.
      const recentFirst = [...calls].reverse();
      return recentFirst
        .sort((a, b) => b[1].hits - a[1].hits)
        .slice(0, n)
        .map(([, call]) => call.replay);
    },
  };
}

/**
 * Runs `replays` with at most `concurrency` in flight. A replay that fails is only a cache entry
 * not made (the first live request will make it): it never stops the others or the switch.
 * Resolves with how many succeeded.
 */
export async function replayAll(
  replays: readonly (() => unknown)[],
  concurrency = WARM_CONCURRENCY,
): Promise<number> {
  let next = 0;
  let succeeded = 0;
  const worker = async (): Promise<void> => {
    while (next < replays.length) {
      const replay = replays[next++]!;
      try {
        await replay();
        succeeded++;
      } catch {
        // Not warmed: see above.
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, replays.length) }, worker));
  return succeeded;
}
