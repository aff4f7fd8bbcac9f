/**
 * One deadline for everything a call into the cluster engine does: a search is several requests
 * to the cluster, one after the other (the ranking, then the page's pins, sometimes deeper
 * tiers), and each request's own deadline (solr-client.ts, 9 s) bounds only itself, so a search
 * could keep its reader waiting 18 s and more while a node was failing — past the SPA's 10 s,
 * when nobody reads the answer and the server keeps working for no one. Under a call's deadline
 * every request to the cluster ends by then (the client reads it from here), so the call fails
 * with SolrUnavailableError and the server answers 503 with Retry-After (error-handling.ts)
 * before the browser gives up.
 *
 * Carried by AsyncLocalStorage, so the engine's internals (memoized rankings, batched pin reads)
 * need no extra parameter; a computation several callers share is bounded by the deadline of the
 * caller that started it. Background work (node discovery, the alias check) runs outside it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * 8 s from the call: the browser gives up at 10 s (REQUEST_TIMEOUT_MS in the SPA), and the
 * answer (a 503 the SPA can retry, or the results) must reach it before then.
 */
export const CALL_DEADLINE_MS = 8_000;

const deadlines = new AsyncLocalStorage<number>();

/** Runs `f` with every cluster request it makes ending within `ms` (or an outer deadline, if sooner). */
export function withinDeadline<T>(ms: number, f: () => T): T {
  const at = Date.now() + ms;
  const outer = deadlines.getStore();
  return deadlines.run(outer === undefined ? at : Math.min(outer, at), f);
}

/** The deadline of the call being served (epoch ms), if any. */
export const callDeadline = (): number | undefined => deadlines.getStore();

/** Runs `f` under no call's deadline (work shared by every call, such as node discovery). */
export const outsideDeadline = <T>(f: () => T): T => deadlines.exit(f);
