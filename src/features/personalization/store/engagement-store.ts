/**
 * The engagement log: clicks, saves, hides and dwell, kept on this device only
 * (IndexedDB through zustand `persist`, memory when storage is unavailable).
 * Only `events` is persisted; `epoch` counts bulk changes (clear, import,
 * persona) so feeds know to rerank from scratch instead of reusing orders.
 */
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { EngagementEvent, EngagementType } from '@/ranking/engagement';
import type { ModuleEvent } from '@/ranking/module-engagement';
import {
  bounded,
  eventFor,
  mergeLogs,
  mergeModuleLogs,
  withoutEvents,
  type EngagedPin,
} from './engagement-log';
import { createKeyValueStore, toPersistStorage } from './idb-storage';
import { lazyModule } from '@/lib/lazy/lazy-module';
import type { PageModule } from '@/ranking/page-modules';
import type { SearchResponse } from '@/contract/api';
import { STORED_LOG_HINT_KEY, storedLogHint } from './log-hint';

export { STORED_LOG_HINT_KEY, storedLogHint };

export const ENGAGEMENT_STORE_NAME = 'inspo-engagement';
/**
 * v2: `moduleEvents` (module views and clicks) beside `events`. v1: EngagementEvent v1 events
 * only. v0 (pre-release builds) stored events without `v`.
 */
export const ENGAGEMENT_STORE_VERSION = 2;

export interface EngagementState {
  events: EngagementEvent[];
  /** Views and clicks of the results page's modules (src/ranking/module-engagement.ts). */
  moduleEvents: ModuleEvent[];
  epoch: number;
  hydrated: boolean;
  log(input: { pin: EngagedPin; type: EngagementType; query: string; dwellMs?: number }): void;
  /** Takes a save or hide back (the Saved button, "Undo" on a hidden pin). */
  retract(input: { pinId: string; type: 'save' | 'hide' }): void;
  /** A module seen on screen or used (search-modules.tsx, through the search port). */
  logModule(event: Omit<ModuleEvent, 'v' | 'at'>): void;
  /** Adds events (import, persona); `replace` drops the current log first. */
  addAll(
    events: readonly EngagementEvent[],
    mode: 'merge' | 'replace',
    moduleEvents?: readonly ModuleEvent[],
  ): void;
  clear(): void;
}

type Persisted = Pick<EngagementState, 'events' | 'moduleEvents'>;

export const engagementStorage = createKeyValueStore({ dbName: 'inspo', storeName: 'kv' });

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * Brings a stored log of an older version up to date. Each event is checked
 * against the schema (loaded lazily: zod stays out of the initial bundle);
 * events that cannot be repaired are dropped rather than poisoning the features.
 */
export async function migrateEngagement(persisted: unknown, version: number): Promise<Persisted> {
  const raw = isRecord(persisted) && Array.isArray(persisted.events) ? persisted.events : [];
  const upgraded = version < 1 ? raw.map((e: unknown) => (isRecord(e) ? { v: 1, ...e } : e)) : raw;
  const { EngagementEventSchema, ModuleEventSchema } = await import('@/ranking/engagement');
  const events = upgraded.flatMap((e: unknown) => {
    const parsed = EngagementEventSchema.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
  // v1 had no module events: none to keep. From v2 on, bad ones are dropped like bad pin events.
  const rawModules =
    isRecord(persisted) && Array.isArray(persisted.moduleEvents) ? persisted.moduleEvents : [];
  const moduleEvents = rawModules.flatMap((e: unknown) => {
    const parsed = ModuleEventSchema.safeParse(e);
    return parsed.success ? [parsed.data] : [];
  });
  return { events: mergeLogs([], events), moduleEvents: mergeModuleLogs([], moduleEvents) };
}

export const useEngagementStore = create<EngagementState>()(
  persist(
    (set) => ({
      events: [],
      moduleEvents: [],
      epoch: 0,
      hydrated: false,
      log: ({ pin, type, query, dwellMs }) =>
        set((s) => ({
          events: bounded([...s.events, eventFor({ pin, type, query, dwellMs, at: Date.now() })]),
        })),
      retract: ({ pinId, type }) =>
        set((s) => ({ events: withoutEvents(s.events, { pinId, type }) })),
      logModule: (event) =>
        set((s) => ({
          moduleEvents: mergeModuleLogs(s.moduleEvents, [{ v: 1, at: Date.now(), ...event }]),
        })),
      addAll: (events, mode, moduleEvents = []) =>
        set((s) => ({
          events: mergeLogs(mode === 'replace' ? [] : s.events, events),
          moduleEvents: mergeModuleLogs(mode === 'replace' ? [] : s.moduleEvents, moduleEvents),
          epoch: s.epoch + 1,
        })),
      clear: () => set((s) => ({ events: [], moduleEvents: [], epoch: s.epoch + 1 })),
    }),
    {
      name: ENGAGEMENT_STORE_NAME,
      version: ENGAGEMENT_STORE_VERSION,
      storage: toPersistStorage<Persisted>(engagementStorage),
      partialize: (s) => ({ events: s.events, moduleEvents: s.moduleEvents }),
      migrate: migrateEngagement,
      // Hydration is async: events logged before it finished are kept, not overwritten.
      merge: (persisted, current) => ({
        ...current,
        events: mergeLogs(
          isRecord(persisted) && Array.isArray(persisted.events)
            ? (persisted.events as EngagementEvent[])
            : [],
          current.events,
        ),
        moduleEvents: mergeModuleLogs(
          isRecord(persisted) && Array.isArray(persisted.moduleEvents)
            ? (persisted.moduleEvents as ModuleEvent[])
            : [],
          current.moduleEvents,
        ),
      }),
      onRehydrateStorage: () => () => useEngagementStore.setState({ hydrated: true }),
    },
  ),
);

/**
 * How long the first page of a feed waits for the stored log. Restoring it means fetching the
 * IndexedDB chunk and opening the database, usually done before the first answer arrives; a page
 * personalized before it would show a pin hidden in an earlier visit, then turn it into a
 * "Hidden" notice once the log came in.
 */
export const HYDRATION_WAIT_MS = 1000;

let hintWritten: boolean | null = null;
useEngagementStore.subscribe((s) => {
  // Before hydration the log in memory says nothing about what is stored.
  if (!s.hydrated) return;
  // Pin events only: module views come with every results page, and a device that has only
  // looked must not make the next first page wait for the log (the module order does not need
  // it: pageModules keeps server order until the log is in).
  const stored = s.events.length > 0;
  if (stored === hintWritten) return;
  hintWritten = stored;
  try {
    if (stored) globalThis.localStorage?.setItem(STORED_LOG_HINT_KEY, '1');
    else globalThis.localStorage?.removeItem(STORED_LOG_HINT_KEY);
  } catch {
    // Storage blocked or full: the next visit then does not wait, as for a new visitor.
  }
});

let hydrationGivenUp = false;

/**
 * Resolves once the stored log is restored (or failed to be: the log then lives in memory),
 * at once when the device has no stored log, or after `timeoutMs`. After one timeout it no
 * longer waits: storage that slow is not waited for page after page.
 */
export function whenHydrated(timeoutMs = HYDRATION_WAIT_MS): Promise<void> {
  if (hydrationGivenUp || useEngagementStore.getState().hydrated || !storedLogHint())
    return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(() => {
      hydrationGivenUp = true;
      done();
    }, timeoutMs);
    const unsubscribe = useEngagementStore.subscribe((s) => {
      if (s.hydrated) done();
    });
  });
}

/**
 * What orders the results page's modules (device-modules.ts: the ranking, the saves module, the
 * debug report) is a chunk of its own, so the first paint's table of lazy chunks names one chunk
 * for the log, not everything the ranking uses. A device with a stored history fetches it at once:
 * its first page waits for the log and the reranker anyway, and this is smaller than either.
 * Otherwise it is fetched by the first results page that has modules (which keeps the server's
 * order: there is no history to order them by but module views, and they must not compete with
 * the first results' images for the network).
 */
const deviceModules = lazyModule(() => import('./device-modules'));
const loadDeviceModules = () => void deviceModules.load().catch(() => undefined);
if (storedLogHint()) loadDeviceModules();

/**
 * The results page's modules as this device shows them (the search port's `modules`): the
 * server's reordered with the reader's module engagement, plus "From your saves"; the server's as
 * they came while the log is still restoring or the ranking's chunk is not in (a first page never
 * waits for module order).
 */
export function devicePageModules(
  answer: Pick<SearchResponse, 'modules' | 'pool'>,
  query: string,
  feedKey: string,
): readonly PageModule[] {
  const chunk = deviceModules.getState();
  if (chunk.status === 'loaded')
    return chunk.value.decideModules(answer, query, feedKey, useEngagementStore.getState());
  loadDeviceModules();
  return answer.modules ?? [];
}

/** A module seen or used (search-modules.tsx, through the search port). */
export function logModuleEvent(event: Omit<ModuleEvent, 'v' | 'at'>): void {
  useEngagementStore.getState().logModule(event);
}
