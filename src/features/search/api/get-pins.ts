/**
 * Display data for pins of a candidate pool (`GET /api/v1/pins?ids=`): the pool carries only
 * what the reranker reads, so the pins the device decides to show are fetched in batches, and
 * kept here so a pin is fetched once (the first page's full candidates are put in too).
 * Requests go through the QueryClient (`pinsBatchFetcher`), so they wait while the browser is
 * offline and are retried like every other query.
 */
import type { QueryClient } from '@tanstack/react-query';
import type { Pin, PinsResponse } from '@/contract/api';
import { MAX_BATCH_PINS } from '@/contract/constants';
import { apiGet } from '@/lib/api-client/api-client';
import { loadContract } from '@/lib/api-client/load-contract';
import { LruMap } from '@/lib/lru/lru-map';
import { pinKeys } from './query-keys';

/** Pins kept: a few pools' worth. */
const PIN_CACHE_SIZE = 2_000;

export function getPins({
  ids,
  signal,
}: {
  ids: readonly string[];
  signal?: AbortSignal;
}): Promise<PinsResponse> {
  return apiGet({
    path: '/pins',
    params: { ids: ids.join(',') },
    schema: async () => (await loadContract()).PinsResponseSchema,
    signal,
  });
}

/** getPins through the QueryClient: paused while offline, retried by its policy. */
export function pinsBatchFetcher(client: QueryClient): typeof getPins {
  return ({ ids }) =>
    client.fetchQuery({
      queryKey: pinKeys.batch(ids),
      queryFn: ({ signal }) => getPins({ ids, signal }),
      // The pins are kept by the PinStore; the query itself need not stay.
      gcTime: 0,
    });
}

/** What a batch load found: the pins by id, and the ids the server does not hold. */
export interface LoadedPins {
  pins: ReadonlyMap<string, Pin>;
  missing: ReadonlySet<string>;
}

/** Pins by id from earlier answers, so a pin shown in several feeds is fetched once. */
export class PinStore {
  readonly #pins = new LruMap<string, Pin>(PIN_CACHE_SIZE);
  readonly #fetch: typeof getPins;

  constructor(fetchPins: typeof getPins) {
    this.#fetch = fetchPins;
  }

  /** Pins already at hand (e.g. a first page's candidates, which are full pins). */
  remember(pins: Iterable<Pin>): void {
    for (const pin of pins) this.#pins.set(pin.id, pin);
  }

  get(id: string): Pin | undefined {
    return this.#pins.get(id);
  }

  has(id: string): boolean {
    return this.#pins.has(id);
  }

  /** The pins for `ids`: from memory where known, the rest fetched in batches of MAX_BATCH_PINS. */
  async load(ids: readonly string[]): Promise<LoadedPins> {
    const wanted = [...new Set(ids)].filter((id) => !this.#pins.has(id));
    const missing = new Set<string>();
    const batches: string[][] = [];
    for (let i = 0; i < wanted.length; i += MAX_BATCH_PINS)
      batches.push(wanted.slice(i, i + MAX_BATCH_PINS));
    const answers = await Promise.all(batches.map((batch) => this.#fetch({ ids: batch })));
    for (const answer of answers) {
      this.remember(answer.items);
      for (const id of answer.missing) missing.add(id);
    }
    const pins = new Map<string, Pin>();
    for (const id of ids) {
      const pin = this.#pins.get(id);
      if (pin) pins.set(id, pin);
    }
    return { pins, missing };
  }
}

/** Pins of pool pages, one store per QueryClient (the app has one). */
const stores = new WeakMap<QueryClient, PinStore>();

export function pinStoreFor(client: QueryClient): PinStore {
  let store = stores.get(client);
  if (!store) {
    store = new PinStore(pinsBatchFetcher(client));
    stores.set(client, store);
  }
  return store;
}
