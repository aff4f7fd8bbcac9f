import { describe, expect, it } from 'vitest';
import {
  decodeCursor,
  encodeCursor,
  MAX_CURSOR_OFFSET,
  relatedScope,
  searchScope,
} from '@/server/http/cursor';

const scope = searchScope({ q: 'red cat', refine: ['ears', 'cute'] });
const toBase64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const fromBase64url = (cursor: string) =>
  JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;

describe('cursor', () => {
  it.each([0, 1, 30, 4_321, MAX_CURSOR_OFFSET])('round-trips offset %i', (offset) => {
    expect(decodeCursor({ cursor: encodeCursor({ offset, scope }), scope })).toBe(offset);
  });

  it('is base64url JSON of { o, s } with an 11-character signature', () => {
    const cursor = encodeCursor({ offset: 60, scope });
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    const payload = fromBase64url(cursor) as { o: number; s: string };
    expect(Object.keys(payload)).toEqual(['o', 's']);
    expect(payload.o).toBe(60);
    expect(payload.s).toMatch(/^[A-Za-z0-9_-]{11}$/);
  });

  it('is deterministic (stateless replicas accept each other’s cursors)', () => {
    expect(encodeCursor({ offset: 30, scope })).toBe(encodeCursor({ offset: 30, scope }));
  });

  it('accepts the cursor for the same query written differently', () => {
    const cursor = encodeCursor({ offset: 30, scope });
    const same = searchScope({ q: '  RED   Cat ', refine: ['cute', 'ears', 'Ears'] });
    expect(decodeCursor({ cursor, scope: same })).toBe(30);
  });

  it.each([
    ['another query', searchScope({ q: 'red dog', refine: ['ears', 'cute'] })],
    ['other refinements', searchScope({ q: 'red cat', refine: ['ears'] })],
    ['no refinements', searchScope({ q: 'red cat', refine: [] })],
    ['related pins', relatedScope('red cat')],
  ])('rejects a cursor from %s', (_name, otherScope) => {
    expect(
      decodeCursor({ cursor: encodeCursor({ offset: 30, scope }), scope: otherScope }),
    ).toBeNull();
  });

  it('rejects a cursor from another pin’s related list', () => {
    const cursor = encodeCursor({ offset: 30, scope: relatedScope('pin-a') });
    expect(decodeCursor({ cursor, scope: relatedScope('pin-a') })).toBe(30);
    expect(decodeCursor({ cursor, scope: relatedScope('pin-b') })).toBeNull();
  });

  it('rejects an edited offset with the original signature', () => {
    const payload = fromBase64url(encodeCursor({ offset: 30, scope })) as { o: number; s: string };
    expect(decodeCursor({ cursor: toBase64url({ ...payload, o: 60 }), scope })).toBeNull();
  });

  it('rejects a truncated cursor', () => {
    const cursor = encodeCursor({ offset: 30, scope });
    expect(decodeCursor({ cursor: cursor.slice(0, -3), scope })).toBeNull();
  });

  it.each([
    ['empty', ''],
    ['not base64url', 'abc$%^'],
    ['padding', `${encodeCursor({ offset: 30, scope })}=`],
    ['not JSON', Buffer.from('hello').toString('base64url')],
    ['a JSON number', toBase64url(30)],
    ['a JSON array', toBase64url([30, 'x'])],
    ['null', toBase64url(null)],
    ['missing signature', toBase64url({ o: 30 })],
    ['extra key', toBase64url({ o: 30, s: 'x', z: 1 })],
    ['string offset', toBase64url({ o: '30', s: 'x' })],
    ['negative offset', toBase64url({ o: -30, s: 'x' })],
    ['fractional offset', toBase64url({ o: 1.5, s: 'x' })],
    ['offset beyond the bound', toBase64url({ o: MAX_CURSOR_OFFSET + 1, s: 'x' })],
    ['huge offset', toBase64url({ o: 1e300, s: 'x' })],
  ])('rejects %s', (_name, cursor) => {
    expect(decodeCursor({ cursor, scope })).toBeNull();
  });

  it('refuses to encode an offset outside the bound', () => {
    expect(() => encodeCursor({ offset: MAX_CURSOR_OFFSET + 1, scope })).toThrow(RangeError);
    expect(() => encodeCursor({ offset: -1, scope })).toThrow(RangeError);
  });
});
