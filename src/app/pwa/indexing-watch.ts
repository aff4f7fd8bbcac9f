/**
 * The first run's quiet notice: while the server builds the complete index in the background
 * (GET /api/health's `indexing`, src/server/ingest/background-build.ts), its progress is polled
 * and shown; once the complete index is swapped in, what the app has cached from the first one is
 * marked stale, so the next search or page asked for comes from the complete index, while the
 * results on screen stay as they are (pages on screen never change under the reader).
 */
import type { QueryClient } from '@tanstack/react-query';
import type { IndexingStatus } from '@/contract/indexing';
import { loadContract } from '@/lib/api-client/load-contract';
import type { NoticeStore } from './notice-store';

/** Outside /api/v1 (src/server/http/routes/health.ts): liveness, what is served, the build. */
export const HEALTH_URL = '/api/health';
export const POLL_MS = 5_000;

/** The build as /api/health reports it: null when the server builds nothing; throws when unreachable. */
async function readIndexing(): Promise<IndexingStatus | null> {
  const response = await fetch(HEALTH_URL, { headers: { accept: 'application/json' } });
  const { HealthResponseSchema } = await loadContract();
  return HealthResponseSchema.parse(await response.json()).indexing ?? null;
}
/** The "all images are in" line stays this long. */
export const DONE_NOTICE_MS = 10_000;

export async function watchIndexing({
  store,
  queryClient,
  pollMs = POLL_MS,
}: {
  store: NoticeStore;
  queryClient: QueryClient;
  pollMs?: number;
}): Promise<void> {
  let seenBuilding = false;
  for (;;) {
    let indexing: IndexingStatus | null | undefined;
    try {
      indexing = await readIndexing();
    } catch {
      indexing = undefined; // offline or a hiccup: ask again later
    }
    if (indexing === null) return; // this server is not building anything
    if (indexing?.state === 'building') {
      seenBuilding = true;
      store.set({ indexing });
    } else if (indexing) {
      // Done (or failed): say so once if this page saw it building, then stop asking.
      if (seenBuilding) {
        if (indexing.state === 'done') void queryClient.invalidateQueries({ refetchType: 'none' });
        store.set({ indexing });
        setTimeout(() => store.set({ indexing: null }), DONE_NOTICE_MS);
      }
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
