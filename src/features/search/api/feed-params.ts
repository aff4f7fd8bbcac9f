/**
 * Page params of a feed's infinite query (search results, related pins). The first request has
 * no cursor and brings the candidate pool; the device shows pages cut from its own order of the
 * pool (feed/pool-feed.ts), so the next request the query makes is the server's list right
 * after the pool, and from there it pages in server order. Each param after the first carries
 * where the pool ends, so the page that starts there knows that what precedes it is the pool
 * (held on the device), not a server page to fetch. Pure: no React.
 */

/** A server page past the pool. */
export interface PastPoolParam {
  /** The server's cursor of this page. */
  cursor: string;
  /** The cursor right after the pool (the first page past it). */
  poolEnd: string;
}

/** null: the first request (no cursor), which carries the pool. */
export type FeedPageParam = PastPoolParam | null;

interface PagedResponse {
  nextCursor: string | null;
  prevCursor: string | null;
  pool?: { nextCursor: string | null };
}

export function cursorOf(param: FeedPageParam): string | null {
  return param === null ? null : param.cursor;
}

/**
 * After the first page comes the server's list past the pool (a server without pools: past the
 * first page, which then stands for the pool); after that, the server's next page.
 */
export function nextFeedParam(
  page: PagedResponse,
  param: FeedPageParam,
): FeedPageParam | undefined {
  if (param === null) {
    const end = page.pool ? page.pool.nextCursor : page.nextCursor;
    return end === null ? undefined : { cursor: end, poolEnd: end };
  }
  return page.nextCursor === null ? undefined : { cursor: page.nextCursor, poolEnd: param.poolEnd };
}

/** The server's previous page, down to the first page past the pool: before that is the pool. */
export function previousFeedParam(
  page: PagedResponse,
  param: FeedPageParam,
): FeedPageParam | undefined {
  if (param === null || param.cursor === param.poolEnd || page.prevCursor === null)
    return undefined;
  return { cursor: page.prevCursor, poolEnd: param.poolEnd };
}

/** Whether a page with this param is the first one past the pool. */
export function startsAfterPool(param: unknown): boolean {
  return isPastPoolParam(param) && param.cursor === param.poolEnd;
}

export function isPastPoolParam(param: unknown): param is PastPoolParam {
  return (
    typeof param === 'object' &&
    param !== null &&
    typeof (param as PastPoolParam).cursor === 'string' &&
    typeof (param as PastPoolParam).poolEnd === 'string'
  );
}

/** The page param of the pool's k-th page as the grid knows it (for a far jump back into the pool). */
export interface PoolSliceParam {
  slice: number;
}

export function isPoolSliceParam(param: unknown): param is PoolSliceParam {
  return (
    typeof param === 'object' &&
    param !== null &&
    typeof (param as PoolSliceParam).slice === 'number'
  );
}
