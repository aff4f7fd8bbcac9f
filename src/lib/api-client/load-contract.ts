/**
 * The zod contract as a lazily loaded chunk. A fetcher starts this import at
 * the same moment as its request, so validation costs no extra round trip on
 * the first search, and zod stays out of the initial bundle.
 */
export type Contract = typeof import('@/contract/api');

let pending: Promise<Contract> | null = null;

export function loadContract(): Promise<Contract> {
  pending ??= import('@/contract/api');
  return pending;
}
