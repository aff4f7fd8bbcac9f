/**
 * The contract's plain constants, owned here rather than in api.ts so that code on the first
 * paint can use them without pulling zod (~25 KB gzipped) into the first download: the schemas
 * in api.ts load lazily (src/lib/api-client/load-contract.ts). No imports: keep it that way.
 */

export const API_PREFIX = '/api/v1';

export const MAX_QUERY_LENGTH = 200;
export const DEFAULT_PAGE_SIZE = 30;
export const MAX_PAGE_SIZE = 100;
export const MAX_REFINEMENTS = 8;
/** Pins one `GET /api/v1/pins?ids=` may ask for (a few pages' worth of display data). */
export const MAX_BATCH_PINS = 100;

export const DEFAULT_SUGGEST_LIMIT = 8;
export const MAX_SUGGEST_LIMIT = 20;

/**
 * `exact=1` (search API and SPA URLs alike): search the words as typed, without spelling
 * correction (the "search instead for …" link). Left out when off, so ordinary searches keep
 * their plain URLs; the API also accepts `exact=0`.
 */
export const EXACT_PARAM = 'exact';
export const EXACT_ON = '1';
export const EXACT_OFF = '0';

/**
 * Pin types (manifest `product` / `video`): `type=<name>` on the search API and in the
 * SPA's results URL keeps only pins of that type. A pin is at most one of them.
 */
export const TYPE_PARAM = 'type';
export const PIN_TYPES = ['product', 'video'] as const;
export type PinType = (typeof PIN_TYPES)[number];
export const isPinType = (value: unknown): value is PinType =>
  (PIN_TYPES as readonly unknown[]).includes(value);

/** Where the server serves a pin's video and captions files (content-addressed: sha256 + extension). */
export const MEDIA_PREFIX = '/media/';
