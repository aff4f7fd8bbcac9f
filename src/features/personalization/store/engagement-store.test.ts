import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngagementEvent } from '@/ranking/engagement';
import {
  HYDRATION_WAIT_MS,
  migrateEngagement,
  STORED_LOG_HINT_KEY,
  useEngagementStore,
  whenHydrated,
} from './engagement-store';

const pin = { id: 'p1', category: 'Animals & nature', dominantColor: '#a57939', embedding: null };

const stored = (at: number): EngagementEvent => ({
  v: 1,
  type: 'click',
  pinId: `s${at}`,
  at,
  query: 'cat',
  category: 'Animals & nature',
  dominantColor: '#a57939',
  embedding: null,
});

describe('migrateEngagement', () => {
  it('upgrades v0 events (no `v`) and drops events that cannot be repaired', async () => {
    const { v: _v, ...v0 } = stored(10);
    const broken = { ...v0, type: 'like', pinId: 'bad' };
    const wrongColour = { ...v0, pinId: 'bad2', dominantColor: 'red' };
    const migrated = await migrateEngagement({ events: [v0, broken, wrongColour, 'junk'] }, 0);
    expect(migrated).toEqual({ events: [stored(10)], moduleEvents: [] });
  });

  it('returns an empty log for something that is not a log at all', async () => {
    expect(await migrateEngagement('nonsense', 0)).toEqual({ events: [], moduleEvents: [] });
    expect(await migrateEngagement({ events: 'no' }, 0)).toEqual({ events: [], moduleEvents: [] });
  });

  it('sorts events by time while it is at it', async () => {
    expect(
      (await migrateEngagement({ events: [stored(30), stored(10)] }, 0)).events.map((e) => e.at),
    ).toEqual([10, 30]);
  });
});

describe('migrateEngagement to v2 (module events)', () => {
  const view = {
    v: 1,
    type: 'module-view',
    kind: 'shop',
    query: 'chair',
    at: 20,
    slot: 0,
  } as const;

  it('keeps every event of a v1 log, which had no module events', async () => {
    const v1 = { events: [stored(30), stored(10)] };
    expect(await migrateEngagement(v1, 1)).toEqual({
      events: [stored(10), stored(30)],
      moduleEvents: [],
    });
  });

  it('keeps good module events and drops bad ones, sorted by time', async () => {
    const later = { ...view, at: 40, type: 'module-click', action: 'scroll' } as const;
    const migrated = await migrateEngagement(
      {
        events: [stored(10)],
        moduleEvents: [later, { ...view, slot: -1 }, { ...view, kind: '' }, 'junk', view],
      },
      2,
    );
    expect(migrated).toEqual({ events: [stored(10)], moduleEvents: [view, later] });
  });
});

describe('useEngagementStore', () => {
  beforeEach(() => useEngagementStore.getState().clear());

  it('logs, retracts, merges and clears; bulk changes bump the epoch', () => {
    const store = useEngagementStore.getState();
    const epoch = store.epoch;
    store.log({ pin, type: 'save', query: 'cat' });
    store.log({ pin, type: 'hide', query: 'cat' });
    expect(useEngagementStore.getState().events.map((e) => e.type)).toEqual(['save', 'hide']);
    expect(useEngagementStore.getState().epoch).toBe(epoch);

    store.retract({ pinId: 'p1', type: 'hide' });
    expect(useEngagementStore.getState().events.map((e) => e.type)).toEqual(['save']);

    store.addAll([stored(1)], 'merge');
    expect(useEngagementStore.getState().events.map((e) => e.pinId)).toEqual(['s1', 'p1']);
    expect(useEngagementStore.getState().epoch).toBe(epoch + 1);

    store.addAll([stored(2)], 'replace');
    expect(useEngagementStore.getState().events.map((e) => e.pinId)).toEqual(['s2']);

    store.clear();
    expect(useEngagementStore.getState().events).toEqual([]);
    expect(useEngagementStore.getState().epoch).toBe(epoch + 3);
  });

  it('logs module views and clicks apart from pin events; import and clear take both', () => {
    const store = useEngagementStore.getState();
    store.logModule({ type: 'module-view', kind: 'watch', query: 'rain', slot: 1 });
    store.logModule({
      type: 'module-click',
      kind: 'watch',
      query: 'rain',
      slot: 1,
      action: 'open',
    });
    const state = useEngagementStore.getState();
    expect(state.events).toEqual([]);
    expect(state.moduleEvents.map((e) => [e.v, e.type, e.kind])).toEqual([
      [1, 'module-view', 'watch'],
      [1, 'module-click', 'watch'],
    ]);
    const imported = { ...state.moduleEvents[0]!, at: 5, kind: 'shop' };
    store.addAll([stored(1)], 'replace', [imported]);
    expect(useEngagementStore.getState().moduleEvents).toEqual([imported]);
    store.clear();
    expect(useEngagementStore.getState().moduleEvents).toEqual([]);
  });
});

describe('whenHydrated', () => {
  /** localStorage as a browser has it (a boundary this environment lacks). */
  const storage = new Map<string, string>();
  beforeEach(() => {
    storage.clear();
    vi.stubGlobal('localStorage', {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
      removeItem: (k: string) => void storage.delete(k),
    });
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });
  const settled = async (p: Promise<void>) => {
    let done = false;
    void p.then(() => (done = true));
    await Promise.resolve();
    await Promise.resolve();
    return done;
  };

  it('does not wait on a device with no stored log', async () => {
    useEngagementStore.setState({ hydrated: false });
    expect(await settled(whenHydrated())).toBe(true);
  });

  it('keeps the hint in step with the restored log', () => {
    useEngagementStore.setState({ hydrated: true, events: [stored(1)] });
    expect(storage.get(STORED_LOG_HINT_KEY)).toBe('1');
    useEngagementStore.setState({ events: [] });
    expect(storage.has(STORED_LOG_HINT_KEY)).toBe(false);
  });

  it('waits for the stored log, and resolves at once when it is in', async () => {
    storage.set(STORED_LOG_HINT_KEY, '1');
    useEngagementStore.setState({ hydrated: false });
    const waiting = whenHydrated();
    expect(await settled(waiting)).toBe(false);
    useEngagementStore.setState({ hydrated: true });
    expect(await settled(waiting)).toBe(true);
    expect(await settled(whenHydrated())).toBe(true);
  });

  it('gives up after the deadline, and then no longer waits', async () => {
    vi.useFakeTimers();
    storage.set(STORED_LOG_HINT_KEY, '1');
    useEngagementStore.setState({ hydrated: false });
    const waiting = whenHydrated();
    vi.advanceTimersByTime(HYDRATION_WAIT_MS - 1);
    expect(await settled(waiting)).toBe(false);
    vi.advanceTimersByTime(1);
    expect(await settled(waiting)).toBe(true);
    expect(await settled(whenHydrated())).toBe(true);
  });
});
