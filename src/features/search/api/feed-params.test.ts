import { describe, expect, it } from 'vitest';
import {
  cursorOf,
  isPastPoolParam,
  nextFeedParam,
  previousFeedParam,
  startsAfterPool,
} from './feed-params';

const page = (nextCursor: string | null, prevCursor: string | null, poolEnd?: string | null) => ({
  nextCursor,
  prevCursor,
  ...(poolEnd === undefined ? {} : { pool: { nextCursor: poolEnd } }),
});

describe('feed page params', () => {
  it('goes from the first answer to the server’s list past the pool', () => {
    expect(nextFeedParam(page('c30', null, 'c300'), null)).toEqual({
      cursor: 'c300',
      poolEnd: 'c300',
    });
    // The pool holds every result: nothing after it.
    expect(nextFeedParam(page('c30', null, null), null)).toBeUndefined();
    // No pool (an older server): the first page stands for it.
    expect(nextFeedParam(page('c30', null), null)).toEqual({ cursor: 'c30', poolEnd: 'c30' });
  });

  it('pages on in server order, remembering where the pool ends', () => {
    const past = { cursor: 'c300', poolEnd: 'c300' };
    expect(nextFeedParam(page('c330', 'c270'), past)).toEqual({ cursor: 'c330', poolEnd: 'c300' });
    expect(nextFeedParam(page(null, 'c270'), past)).toBeUndefined();
  });

  it('pages back down to the first page past the pool, never into it', () => {
    const later = { cursor: 'c360', poolEnd: 'c300' };
    expect(previousFeedParam(page('c390', 'c330'), later)).toEqual({
      cursor: 'c330',
      poolEnd: 'c300',
    });
    expect(
      previousFeedParam(page('c330', 'c270'), { cursor: 'c300', poolEnd: 'c300' }),
    ).toBeUndefined();
    expect(previousFeedParam(page('c30', null, 'c300'), null)).toBeUndefined();
  });

  it('tells the first page past the pool and the cursor to send', () => {
    expect(startsAfterPool({ cursor: 'c300', poolEnd: 'c300' })).toBe(true);
    expect(startsAfterPool({ cursor: 'c330', poolEnd: 'c300' })).toBe(false);
    expect(startsAfterPool(null)).toBe(false);
    expect(startsAfterPool({ slice: 2 })).toBe(false);
    expect(isPastPoolParam({ cursor: 'a' })).toBe(false);
    expect(cursorOf(null)).toBeNull();
    expect(cursorOf({ cursor: 'c330', poolEnd: 'c300' })).toBe('c330');
  });
});
