/**
 * What the app's background notices show (notices.tsx): a new version waiting, the first run's
 * background indexing, and whether the page on screen was answered from the offline cache.
 * A tiny external store, read with useSyncExternalStore; written by register-sw.ts and
 * indexing-watch.ts.
 */
import type { IndexingStatus } from '@/contract/indexing';
import type { SavedAnswer } from './cache-policy';

export interface NoticeState {
  /** A new version is installed and waiting; calling it reloads into it. */
  applyUpdate: (() => void) | null;
  /** The background build, while it runs and just after (null: none, or the notice is done). */
  indexing: IndexingStatus | null;
  /** The oldest cached answer the page on screen was built from, or null (answered live). */
  savedAnswer: SavedAnswer | null;
}

export interface NoticeStore {
  get(): NoticeState;
  set(patch: Partial<NoticeState>): void;
  subscribe(listener: () => void): () => void;
}

export function createNoticeStore(): NoticeStore {
  let state: NoticeState = { applyUpdate: null, indexing: null, savedAnswer: null };
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      state = { ...state, ...patch };
      for (const listener of listeners) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
