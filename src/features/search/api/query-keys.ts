/**
 * Query-key factories for this feature, general → specific, so one call can
 * invalidate a whole family (`searchKeys.all`) or one list. Every variable a
 * fetcher uses is part of its key.
 */

import type { PinType } from '@/contract/constants';

export interface SearchFilters {
  q: string;
  refine: readonly string[];
  /** Search the words as typed, without spelling correction (`exact=1`). */
  exact: boolean;
  /** Only pins of this type (the Products and Videos tabs); absent for All. */
  type?: PinType | undefined;
}

export const searchKeys = {
  all: ['search'] as const,
  lists: () => [...searchKeys.all, 'list'] as const,
  // `type` only when set: All keeps the key it always had.
  list: ({ q, refine, exact, type }: SearchFilters) =>
    [...searchKeys.lists(), { q, refine: [...refine], exact, ...(type ? { type } : {}) }] as const,
};

export const pinKeys = {
  all: ['pins'] as const,
  details: () => [...pinKeys.all, 'detail'] as const,
  detail: (id: string) => [...pinKeys.details(), id] as const,
  relatedLists: () => [...pinKeys.all, 'related'] as const,
  related: (id: string) => [...pinKeys.relatedLists(), id] as const,
  /** Display data for several pins at once (`/pins?ids=`), in the order asked. */
  batch: (ids: readonly string[]) => [...pinKeys.all, 'batch', [...ids]] as const,
};
