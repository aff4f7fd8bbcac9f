/**
 * A Map that forgets its least recently used entries beyond `capacity`: the one LRU of the
 * browser and the server (pure, no imports). A Map iterates in insertion order, so moving a key
 * to the end on every use keeps the least recent first, and eviction drops from the front.
 * Kept tiny on purpose: it ships on the first paint (the feed's page orders and ledgers).
 *
 * - get(key) and set(key, value) make the key the most recent; set then drops the least recent
 *   entries until `capacity` remain.
 * - peek(key), has(key) and iteration read without changing the order (a cache whose reads
 *   must not count as uses, e.g. a memo refreshed only when it is recomputed).
 * - Iteration yields [key, value] from the least to the most recent.
 */
export class LruMap<K, V> {
  readonly #map: Map<K, V>;

  /** `entries` (oldest first) are set in order, so only the last `capacity` of them stay. */
  constructor(
    readonly capacity: number,
    entries?: Iterable<readonly [K, V]>,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`LRU capacity must be a positive integer, got ${capacity}`);
    }
    this.#map = new Map();
    if (entries) for (const [key, value] of entries) this.set(key, value);
  }

  get size(): number {
    return this.#map.size;
  }

  /** The value, made the most recent; undefined when absent. */
  get(key: K): V | undefined {
    const map = this.#map;
    if (!map.has(key)) return undefined;
    const value = map.get(key) as V;
    map.delete(key);
    map.set(key, value);
    return value;
  }

  /** The value, leaving the order as it is. */
  peek(key: K): V | undefined {
    return this.#map.get(key);
  }

  has(key: K): boolean {
    return this.#map.has(key);
  }

  set(key: K, value: V): this {
    const map = this.#map;
    map.delete(key);
    map.set(key, value);
    while (map.size > this.capacity) map.delete(map.keys().next().value as K);
    return this;
  }

  delete(key: K): boolean {
    return this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
  }

  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.#map.entries();
  }
}
