import { describe, expect, it } from 'vitest';
import { createKeyValueStore, toPersistStorage } from './idb-storage';

describe('createKeyValueStore', () => {
  it('keeps values in memory where IndexedDB does not exist, and says so', async () => {
    const store = createKeyValueStore({ dbName: 'd', storeName: 's', factory: undefined });
    expect(store.kind).toBe('memory');
    expect(store.fallbackReason).toBe('IndexedDB is not available');
    await store.set('k', { events: [1, 2] });
    expect(await store.get('k')).toEqual({ events: [1, 2] });
    await store.del('k');
    expect(await store.get('k')).toBeUndefined();
  });

  it('falls back to memory when IndexedDB refuses to open', async () => {
    const refusing = {
      open: () => {
        throw new DOMException(
          'The user denied permission to access the database.',
          'SecurityError',
        );
      },
    } as unknown as IDBFactory;
    const store = createKeyValueStore({ dbName: 'd', storeName: 's', factory: refusing });
    expect(store.kind).toBe('indexeddb');
    await store.set('k', 'v');
    expect(store.kind).toBe('memory');
    expect(store.fallbackReason).toBe(
      'IndexedDB could not be opened: The user denied permission to access the database.',
    );
    expect(await store.get('k')).toBe('v');
  });

  it('tells subscribers once when values move to memory', async () => {
    const failing = {
      open: () => {
        throw new DOMException('Storage is disabled.', 'InvalidStateError');
      },
    } as unknown as IDBFactory;
    const store = createKeyValueStore({ dbName: 'd', storeName: 's', factory: failing });
    let calls = 0;
    const unsubscribe = store.subscribe(() => (calls += 1));
    await store.set('a', 1);
    await store.set('b', 2);
    expect([store.kind, calls]).toEqual(['memory', 1]);
    unsubscribe();
  });
});

describe('toPersistStorage', () => {
  it('stores zustand’s { state, version } as an object and reads null when absent', async () => {
    const storage = toPersistStorage<{ events: number[] }>(
      createKeyValueStore({ dbName: 'd', storeName: 's', factory: undefined }),
    );
    expect(await storage.getItem('x')).toBeNull();
    await storage.setItem('x', { state: { events: [3] }, version: 1 });
    expect(await storage.getItem('x')).toEqual({ state: { events: [3] }, version: 1 });
    await storage.removeItem('x');
    expect(await storage.getItem('x')).toBeNull();
  });
});
