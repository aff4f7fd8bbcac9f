/**
 * Opaque pagination cursors: base64url JSON `{ o, s }` where `o` is the offset of
 * the page and `s` a short hash of (what is being paged, offset).
 * The hash is an integrity check, not a secret: it rejects cursors that were
 * truncated, edited or taken from another query (400 `bad_cursor`). Forging one
 * on purpose gains nothing a client couldn't reach by paging, and offsets are
 * bounded by MAX_CURSOR_OFFSET so a cursor can't ask for page one million.
 * No server state: any replica serving the same index accepts any cursor.
 */
import { createHash } from 'node:crypto';

export const MAX_CURSOR_OFFSET = 10_000;

/** Bump when the cursor format changes so old cursors are refused, not misread. */
const CURSOR_VERSION = 'v1';
const SIGNATURE_LENGTH = 11;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

function normalizeText(text: string): string {
  return text.normalize('NFKC').trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * What a search paginates over: the normalized query, the set of refinements (order-free) and
 * the pin type.
 */
export function searchScope({
  q,
  refine,
  exact = false,
  type,
}: {
  q: string;
  refine: readonly string[];
  exact?: boolean;
  type?: string | undefined;
}): string {
  const refinements = [...new Set(refine.map(normalizeText))].sort();
  // `exact` and `type` change the result list, so their cursors are their own; the default
  // scope is left as it was so cursors issued before either existed stay valid.
  return JSON.stringify([
    'search',
    normalizeText(q),
    refinements,
    ...(exact ? ['exact'] : []),
    ...(type === undefined ? [] : [`type:${type}`]),
  ]);
}

export function relatedScope(pinId: string): string {
  return JSON.stringify(['related', pinId]);
}

function signature(scope: string, offset: number): string {
  return createHash('sha256')
    .update(`${CURSOR_VERSION}\0${scope}\0${offset}`)
    .digest('base64url')
    .slice(0, SIGNATURE_LENGTH);
}

function isValidOffset(offset: unknown): offset is number {
  return (
    typeof offset === 'number' &&
    Number.isSafeInteger(offset) &&
    offset >= 0 &&
    offset <= MAX_CURSOR_OFFSET
  );
}

export function encodeCursor({ offset, scope }: { offset: number; scope: string }): string {
  if (!isValidOffset(offset))
    throw new RangeError(`cursor offset ${offset} is outside 0..${MAX_CURSOR_OFFSET}`);
  return Buffer.from(JSON.stringify({ o: offset, s: signature(scope, offset) })).toString(
    'base64url',
  );
}

/** The offset the cursor points at, or null when it is malformed, tampered with or from another scope. */
export function decodeCursor({ cursor, scope }: { cursor: string; scope: string }): number | null {
  if (!BASE64URL.test(cursor)) return null;
  let payload: unknown;
  try {
    payload = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
  const keys = Object.keys(payload);
  if (keys.length !== 2) return null;
  const { o, s } = payload as { o?: unknown; s?: unknown };
  if (!isValidOffset(o) || typeof s !== 'string') return null;
  return s === signature(scope, o) ? o : null;
}
