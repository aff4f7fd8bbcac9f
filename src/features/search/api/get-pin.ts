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
 * Seeds the closeup with what the grid already knows, so opening a card is
 * instant. The candidate is a superset of the pin (it also carries scores and
 * the embedding); the extra fields are harmless and not worth a zod parse here.
 */
export function primePinCache(client: QueryClient, candidate: Pin): void {
  const key = pinQueryOptions(candidate.id).queryKey;
  if (client.getQueryData(key)) return;
  client.setQueryData(key, candidate);
}
