/**
 * A synchronous hint that the device holds a non-empty engagement log ("1"), kept in localStorage
 * beside the log itself (engagement-store.ts writes it). Only then does a first page wait: a new
 * visitor has nothing to restore, and opening a fresh IndexedDB can take 100–200 ms, which the
 * first paint must not wait for (bench/web-vitals.ts). A module of its own because the first
 * paint reads it (warm-up.ts) while the store itself is a lazy chunk (engagement-module.ts).
 */
export const STORED_LOG_HINT_KEY = 'inspo-engagement-stored';

export function storedLogHint(): boolean {
  try {
    return globalThis.localStorage?.getItem(STORED_LOG_HINT_KEY) === '1';
  } catch {
    return false; // storage blocked: nothing is persisted either
  }
}
