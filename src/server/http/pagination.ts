/** Offset paging over an engine result list, expressed with opaque cursors (see cursor.ts). */
import type { CandidatePool as PoolAnswer } from '@/contract/api';
import { ApiError } from '@/server/http/api-error';
import { decodeCursor, encodeCursor, MAX_CURSOR_OFFSET } from '@/server/http/cursor';
import type { CandidatePool } from '@/server/service/candidate-pool';

export function offsetFromCursor({
  cursor,
  scope,
}: {
  cursor: string | undefined;
  scope: string;
}): number {
  if (cursor === undefined) return 0;
  const offset = decodeCursor({ cursor, scope });
  if (offset === null) {
    throw new ApiError({
      statusCode: 400,
      code: 'bad_cursor',
      message: 'cursor: not a cursor this server issued for this query; start again without it',
    });
  }
  return offset;
}

export interface PageCursors {
  nextCursor: string | null;
  prevCursor: string | null;
}

/**
 * The next page starts right after this one while results remain (and the offset
 * stays within the cursor bound); the previous page is the `limit` results before
 * this one, clamped at 0, so it can overlap when the page size changed.
 * A page with fewer results than asked for is the last, whatever `total` says: totals past
 * a count limit (and for the largest corpora, some below it) are estimates (engine/understood-search.ts).
 */
export function pageCursors({
  offset,
  limit,
  total,
  returned,
  scope,
}: {
  offset: number;
  limit: number;
  total: number;
  /** Results on this page. */
  returned: number;
  scope: string;
}): PageCursors {
  const nextOffset = offset + limit;
  const hasNext = returned >= limit && nextOffset < total && nextOffset <= MAX_CURSOR_OFFSET;
  return {
    nextCursor: hasNext ? encodeCursor({ offset: nextOffset, scope }) : null,
    prevCursor: offset > 0 ? encodeCursor({ offset: Math.max(0, offset - limit), scope }) : null,
  };
}

/**
 * A candidate pool as the contract sends it: the candidates, and a cursor that goes on in server
 * order right after them (offset = pool size) while more results exist, for pages of any size.
 * A pool shorter than its size holds every result.
 */
export function poolAnswer({
  pool,
  size,
  scope,
}: {
  pool: CandidatePool;
  size: number;
  scope: string;
}): PoolAnswer {
  const { nextCursor } = pageCursors({
    offset: 0,
    limit: size,
    total: pool.total,
    returned: pool.candidates.length,
    scope,
  });
  return { candidates: [...pool.candidates], nextCursor };
}
