import { describe, expect, it } from 'vitest';
import { ApiError } from '@/server/http/api-error';
import { decodeCursor, encodeCursor, MAX_CURSOR_OFFSET, searchScope } from '@/server/http/cursor';
import { offsetFromCursor, pageCursors } from '@/server/http/pagination';

const scope = searchScope({ q: 'cat', refine: [] });
const offsetOf = (cursor: string | null) =>
  cursor === null ? null : decodeCursor({ cursor, scope });

describe('pageCursors', () => {
  it.each([
    // offset, limit, total, next offset, prev offset
    [0, 30, 95, 30, null],
    [30, 30, 95, 60, 0],
    [60, 30, 95, 90, 30],
    [90, 30, 95, null, 60],
    [0, 30, 30, null, null],
    [0, 30, 0, null, null],
    [10, 30, 95, 40, 0],
    [200, 30, 95, null, 170],
    [MAX_CURSOR_OFFSET - 30, 30, 50_000, MAX_CURSOR_OFFSET, MAX_CURSOR_OFFSET - 60],
    [MAX_CURSOR_OFFSET, 30, 50_000, null, MAX_CURSOR_OFFSET - 30],
  ])('offset %i limit %i of %i → next %s, prev %s', (offset, limit, total, next, prev) => {
    // A full page whenever results remain past the offset.
    const returned = Math.max(0, Math.min(limit, total - offset));
    const { nextCursor, prevCursor } = pageCursors({ offset, limit, total, returned, scope });
    expect(offsetOf(nextCursor)).toBe(next);
    expect(offsetOf(prevCursor)).toBe(prev);
  });

  it('ends at a short page even when an estimated total says more remain', () => {
    const short = pageCursors({ offset: 60, limit: 30, total: 1_000, returned: 12, scope });
    expect(short.nextCursor).toBeNull();
    expect(offsetOf(short.prevCursor)).toBe(30);
    const full = pageCursors({ offset: 60, limit: 30, total: 1_000, returned: 30, scope });
    expect(offsetOf(full.nextCursor)).toBe(90);
  });
});

describe('offsetFromCursor', () => {
  it('starts at 0 without a cursor', () => {
    expect(offsetFromCursor({ cursor: undefined, scope })).toBe(0);
  });

  it('reads a cursor for the same scope', () => {
    expect(offsetFromCursor({ cursor: encodeCursor({ offset: 90, scope }), scope })).toBe(90);
  });

  it('throws a 400 bad_cursor for a cursor from another query', () => {
    const cursor = encodeCursor({ offset: 90, scope: searchScope({ q: 'dog', refine: [] }) });
    let thrown: unknown;
    try {
      offsetFromCursor({ cursor, scope });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ApiError);
    expect(thrown).toMatchObject({ statusCode: 400, code: 'bad_cursor' });
  });
});
