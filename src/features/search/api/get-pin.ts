import { queryOptions, useQuery, type QueryClient } from '@tanstack/react-query';
import type { Pin } from '@/contract/api';
import { apiGet } from '@/lib/api-client/api-client';
import { loadContract } from '@/lib/api-client/load-contract';
import { pinKeys } from './query-keys';

export async function getPin({ id, signal }: { id: string; signal?: AbortSignal }): Promise<Pin> {
  const { pin } = await apiGet({
    path: `/pins/${encodeURIComponent(id)}`,
    schema: async () => (await loadContract()).PinResponseSchema,
    signal,
  });
  return pin;
}

export function pinQueryOptions(id: string) {
  return queryOptions({
    queryKey: pinKeys.detail(id),
    queryFn: ({ signal }) => getPin({ id, signal }),
  });
}

export function usePin(id: string) {
  return useQuery(pinQueryOptions(id));
}

/**
 * Whether a pin carries the closeup's details: a card drawn from a candidate pool's display
 * fields (feed/pool-feed.ts cardOf) has only what the grid draws and its first tags, no source.
 */
export function isCompletePin(pin: Pin): boolean {
  return Array.isArray(pin.tags) && typeof pin.source === 'object' && pin.source !== null;
}

/**
 * Seeds the closeup with what the grid already knows, so opening a card is
 * instant. The candidate is a superset of the pin (it also carries scores and
 * the embedding); the extra fields are harmless and not worth a zod parse here.
 * A card without the closeup's details seeds nothing: the closeup fetches its pin.
 */
export function primePinCache(client: QueryClient, candidate: Pin): void {
  const key = pinQueryOptions(candidate.id).queryKey;
  if (client.getQueryData(key) || !isCompletePin(candidate)) return;
  client.setQueryData(key, candidate);
}
