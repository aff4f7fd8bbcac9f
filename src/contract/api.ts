/**
 * The HTTP contract (v1) shared by the candidate backend and the SPA.
 * Every request and response crosses this module: the server validates its
 * inputs and outputs with these schemas, the client parses what it receives,
 * and the OpenAPI document is generated from them (src/server/http/openapi.ts).
 */
import { z } from 'zod';
import {
  DEFAULT_PAGE_SIZE,
  DEFAULT_SUGGEST_LIMIT,
  EXACT_OFF,
  EXACT_ON,
  MAX_BATCH_PINS,
  MAX_PAGE_SIZE,
  MAX_QUERY_LENGTH,
  MAX_REFINEMENTS,
  MAX_SUGGEST_LIMIT,
  PIN_TYPES,
  type PinType,
} from './constants';
import { IndexingStatusSchema } from './indexing';

// The plain constants live in constants.ts (zod-free, for the first paint); re-exported for code
// that loads the schemas anyway (server, tests, benchmarks).
export {
  API_PREFIX,
  DEFAULT_PAGE_SIZE,
  DEFAULT_SUGGEST_LIMIT,
  MAX_BATCH_PINS,
  MAX_PAGE_SIZE,
  MAX_QUERY_LENGTH,
  MAX_REFINEMENTS,
  MAX_SUGGEST_LIMIT,
  isPinType,
  MEDIA_PREFIX,
  PIN_TYPES,
  TYPE_PARAM,
  type PinType,
} from './constants';

export const HexColorSchema = z.string().regex(/^#[0-9a-f]{6}$/, 'a lowercase #rrggbb colour');

export const LicenseSchema = z.object({
  name: z.string(),
  url: z.string(),
});

export const SourceSchema = z.object({
  /** Corpus the pin came from, e.g. "openmoji", "openclipart", "manifest". */
  name: z.string(),
  /** Human-readable attribution line to show next to the pin. */
  attribution: z.string(),
  /** Where the original lives, when known. */
  url: z.string().nullable(),
});

/** schema.org's ItemAvailability values that matter for a pin, in snake case. */
export const PRODUCT_AVAILABILITY = [
  'in_stock',
  'out_of_stock',
  'preorder',
  'backorder',
  'discontinued',
] as const;
export type ProductAvailability = (typeof PRODUCT_AVAILABILITY)[number];

/** A shopping pin's offer (manifest `product`, docs/manifest.md). */
export const ProductSchema = z.object({
  /** In the currency's major unit (12.5 = 12.50 EUR), never more decimals than the currency has. */
  price: z.number().nonnegative(),
  /** ISO 4217 code, upper case ("EUR"). */
  currency: z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code'),
  merchant: z.string(),
  availability: z.enum(PRODUCT_AVAILABILITY),
  /** Where the offer is (http or https); the closeup links out to it. */
  url: z.string(),
  /** True for prices made up for demo content: always labelled "Demo price", never shown as an offer. */
  demo: z.boolean(),
});
export type Product = z.infer<typeof ProductSchema>;

/** A video pin's clip (manifest `video`): files served under MEDIA_PREFIX, with HTTP Range. */
export const VideoSchema = z.object({
  /** The clip, content-addressed (immutable). */
  url: z.string(),
  mimeType: z.enum(['video/webm', 'video/mp4']),
  /** The poster frame (taken from the clip at ingest), as a WebP at twice the column width. */
  poster: z.string(),
  durationMs: z.number().int().positive(),
  /** The clip's own size in pixels. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  /** A WebVTT captions track, when the manifest gives one. */
  captions: z.object({ url: z.string(), lang: z.string() }).optional(),
});
export type Video = z.infer<typeof VideoSchema>;

export const PinSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  category: z.string(),
  /** WebP thumbnail at the grid's column width (1x). */
  imageUrl: z.string(),
  /** Same image at twice the column width, for high-density screens. */
  imageUrl2x: z.string(),
  /** Intrinsic size of the 1x thumbnail in CSS pixels. */
  width: z.number().int().positive(),
  height: z.number().int().positive(),
  dominantColor: HexColorSchema,
  palette: z.array(HexColorSchema),
  source: SourceSchema,
  license: LicenseSchema,
  popularity: z.number(),
  /** Shopping pins only (a pin is a product or a video, not both). */
  product: ProductSchema.optional(),
  /** Video pins only. */
  video: VideoSchema.optional(),
  /**
   * Pins whose images are exact or near duplicates of this one; the closeup lists them
   * as "N similar". In search results, copies under the same title are folded into this card and
   * the other look-alikes moved below different pins. Absent when there are none.
   */
  similar: z.array(z.string()).optional(),
  /**
   * Tags predicted from the picture's pixels (src/server/visual/tag-head.ts), for pins without
   * tags and a held-out tenth of tagged ones: shown as "suggested", never as the pin's own tags.
   * Most likely first; absent when there are none.
   */
  suggestedTags: z.array(z.string()).optional(),
});
export type Pin = z.infer<typeof PinSchema>;

/** A pin's type: what `type=` filters on. */
export const pinTypeOf = (pin: Pick<Pin, 'product' | 'video'>): PinType | null =>
  pin.product ? 'product' : pin.video ? 'video' : null;

export const CandidateSchema = PinSchema.extend({
  /** Final score the server ranked by (higher is better). */
  serverScore: z.number(),
  /** BM25 relevance, sign-flipped so higher is better; 0 when not a lexical match. */
  lexicalScore: z.number(),
  /** Cosine similarity to the query embedding; 0 until semantic retrieval exists. */
  semanticScore: z.number(),
  /** Compact pin embedding (int8 as base64), null when the index has none. */
  embedding: z.string().nullable(),
});
export type Candidate = z.infer<typeof CandidateSchema>;

/**
 * What a result card draws besides the pool's own fields (id, title, dominant colour): its
 * thumbnails and their size. Sent for the pool's first candidates (the server's
 * POOL_DISPLAY_COUNT: the whole default pool of 300), so a first page the device orders from its
 * history is drawn without a second request.
 */
export const PoolDisplaySchema = PinSchema.pick({
  imageUrl: true,
  imageUrl2x: true,
  width: true,
  height: true,
  // A card's price or play badge (and its hover preview) come with it.
  product: true,
  video: true,
});
export type PoolDisplay = z.infer<typeof PoolDisplaySchema>;

/**
 * A candidate of the pool: what the on-device reranker reads (src/ranking/feature-spec.ts,
 * `RankingCandidate`: the pin's tags too, for the sequence model's tag features
 * (src/ranking/tag-affinity.ts), and how many of the index's pins carry each), plus, for the first candidates only, what a card draws
 * (`display`). The rest of a pin (description, palette, source, licence, tags past the first 16,
 * and display data past the first candidates) is fetched for the pins the device decides to show
 * (`GET /api/v1/pins?ids=`).
 */
export const PoolCandidateSchema = CandidateSchema.pick({
  id: true,
  title: true,
  category: true,
  dominantColor: true,
  popularity: true,
  serverScore: true,
  lexicalScore: true,
  semanticScore: true,
  embedding: true,
}).extend({
  tags: CandidateSchema.shape.tags
    .optional()
    .describe(
      "The pin's first tags in the index's order, at most 16 (src/ranking/event-tags.ts " +
        'MAX_EVENT_TAGS: as many as an engagement event keeps). The server always sends them; ' +
        'optional so that an answer saved offline before they were sent (the service worker) still parses.',
    ),
  /**
   * How many of the index's pins carry each of `tags` (lower-cased: tags are compared without
   * case), in the same order and of the same length, so the device can discount a broad tag
   * ("food" on a thousand pins) against a telling one (a dozen). Absent when the engine cannot
   * count (a cluster build published before the counts travelled with it); the device then reads
   * each count as unknown.
   */
  tagPins: z
    .array(z.number().int().nonnegative())
    .optional()
    .describe(
      "How many of the index's pins carry each of `tags` (compared in lower case), in the same " +
        'order and of the same length. Absent when the engine cannot count them (an older cluster ' +
        'build); the device then treats each count as unknown.',
    ),
  display: PoolDisplaySchema.optional().describe(
    "A card's thumbnails and size: on the pool's first candidates only (the first screens).",
  ),
});
export type PoolCandidate = z.infer<typeof PoolCandidateSchema>;

/**
 * The server's top candidates for a query (or a pin's related pins), in server order, on the
 * first request only (no cursor): the device reranks all of them and shows pages cut from its
 * own order, then goes on with server paging from `nextCursor`.
 */
export const CandidatePoolSchema = z.object({
  /** The top N candidates in server order (N is the server's pool size; fewer when that is all). */
  candidates: z.array(PoolCandidateSchema),
  /** Server order after the pool (offset N), for pages of the usual size; null when the pool holds every result. */
  nextCursor: z.string().nullable(),
});
export type CandidatePool = z.infer<typeof CandidatePoolSchema>;

export const RefinementSchema = z.object({
  label: z.string(),
  kind: z.enum(['term', 'color', 'category']),
  /**
   * What to pass back as `refine`: a word or phrase (required words), `category:<name>` or
   * `color:<name>` (red, orange, yellow, green, blue, purple, pink, brown, black, white, gray).
   */
  value: z.string(),
  /** Candidates among the query's top ones that the refinement keeps. */
  count: z.number().int().nonnegative(),
  /** Colour chips only: the swatch to draw. */
  swatch: HexColorSchema.optional(),
});
export type Refinement = z.infer<typeof RefinementSchema>;

export const UnderstoodQuerySchema = z.object({
  /** The text as the user sent it (trimmed). */
  raw: z.string(),
  /** Normalized text the engine searched for. */
  normalized: z.string(),
  /** Words corrected to corpus words ("Showing results for …"); empty with `exact=1`. */
  corrections: z.array(z.object({ from: z.string(), to: z.string() })),
  /**
   * Every term searched that was not typed, with its weight (1 = as good as the typed word):
   * corrections and regional spellings ('spelling'), WordNet synonyms and neighbours ('wordnet').
   */
  expansions: z.array(
    z.object({
      term: z.string(),
      weight: z.number(),
      source: z.enum(['wordnet', 'spelling', 'embedding', 'translation']),
    }),
  ),
  /**
   * The query's language when it is not English (BCP 47 base, e.g. "de"), decided by looking
   * its words up in every language's lexicon; absent for English queries.
   */
  language: z.string().optional(),
  /**
   * Words read in another language and searched as English words of the index ("hund" → dog,
   * "de"); the banner says "searched as German: Hund". Empty with `exact=1`.
   */
  translations: z
    .array(z.object({ from: z.string(), to: z.string(), lang: z.string() }))
    .optional(),
});
export type UnderstoodQuery = z.infer<typeof UnderstoodQuerySchema>;

/** Query-string values arrive as strings (or arrays when repeated); coerce strictly. */
const intParam = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, 'a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max))
    .optional()
    .transform((v) => v ?? fallback);

const queryText = z
  .string()
  .transform((s) => s.trim())
  .pipe(
    z
      .string()
      .min(1, 'the query is empty')
      .max(MAX_QUERY_LENGTH, `the query is longer than ${MAX_QUERY_LENGTH} characters`),
  );

export const SearchParamsSchema = z.object({
  q: queryText,
  refine: z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.string().min(1).max(MAX_QUERY_LENGTH)).max(MAX_REFINEMENTS)),
  cursor: z.string().max(512).optional(),
  limit: intParam(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  /** `exact=1`: search the words as typed, without spelling correction ("search instead for …"). */
  exact: z
    .enum([EXACT_OFF, EXACT_ON])
    .optional()
    .describe(
      '1: search the words exactly as typed, without spelling correction (the "search instead for" link).',
    )
    .transform((v) => v === EXACT_ON),
  /** The reader's language (the interface locale, BCP 47): breaks ties when a word is in several languages. */
  hl: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag')
    .max(35)
    .optional(),
  /** Only pins of this type (`product` or `video`); left out: every pin. */
  type: z
    .enum(PIN_TYPES, { error: `one of ${PIN_TYPES.join(', ')}` })
    .optional()
    .describe('Only pins of this type: product (shopping pins) or video.'),
});
export type SearchParams = z.infer<typeof SearchParamsSchema>;

/** A related search with what an image tile needs (src/server/suggest/query-recommender.ts). */
export const RelatedSearchTileSchema = z.object({
  text: z.string(),
  /** Pins the search finds with all its words (≥ 1). */
  pins: z.number().int().positive(),
  coverId: z.string(),
});
export type RelatedSearchTile = z.infer<typeof RelatedSearchTileSchema>;

/**
 * What a module draws of a pin: a tile's cover, or a shopping or video pin of a module. Enough to
 * draw the card and open the closeup (`/pin/<id>`), nothing the reranker needs.
 */
export const ModulePinSchema = PinSchema.pick({
  id: true,
  title: true,
  imageUrl: true,
  imageUrl2x: true,
  width: true,
  height: true,
  dominantColor: true,
  product: true,
  video: true,
});
export type ModulePin = z.infer<typeof ModulePinSchema>;

/** A tile of a module: a search to go to (its `q` and `refine`, as the results URL takes them), with a cover. */
export const ModuleTileSchema = z.object({
  label: z.string(),
  q: z.string(),
  refine: z.array(z.string()),
  /** Pins that search finds (a chip's count among the top candidates; a related search's all-words count). */
  count: z.number().int().positive(),
  /** The best candidate the search keeps; no two tiles of a module share one. */
  cover: ModulePinSchema,
});
export type ModuleTile = z.infer<typeof ModuleTileSchema>;

/** What a module is: `narrow` (refinements), `related` (related searches), `shop` (product pins), `watch` (video pins). */
export const MODULE_KINDS = ['narrow', 'related', 'shop', 'watch'] as const;
export type ModuleKind = (typeof MODULE_KINDS)[number];

const moduleBase = {
  /** Heading in English (the app draws its own, translated, from `kind` and the query). */
  title: z.string(),
  /** How much the module helps this query, 0..1; `modules` is sorted by it (src/server/modules). */
  score: z.number().min(0).max(1),
  /**
   * Where it goes: after this many rows of result cards (a full-width block). A feed with fewer
   * results puts it after the last one.
   */
  slot: z.number().int().nonnegative(),
};

/** A block of the results page generated for the query (src/server/modules/generate-modules.ts). */
export const SearchModuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('narrow'), ...moduleBase, tiles: z.array(ModuleTileSchema).min(1) }),
  z.object({ kind: z.literal('related'), ...moduleBase, tiles: z.array(ModuleTileSchema).min(1) }),
  z.object({ kind: z.literal('shop'), ...moduleBase, pins: z.array(ModulePinSchema).min(1) }),
  z.object({ kind: z.literal('watch'), ...moduleBase, pins: z.array(ModulePinSchema).min(1) }),
]);
export type SearchModule = z.infer<typeof SearchModuleSchema>;

export const SearchResponseSchema = z.object({
  query: UnderstoodQuerySchema,
  items: z.array(CandidateSchema),
  /** Opaque; pass back as `cursor` for the next page. Null on the last page. */
  nextCursor: z.string().nullable(),
  /** Opaque; the page before this one, so a client that dropped early pages can fetch them again. */
  prevCursor: z.string().nullable(),
  refinements: z.array(RefinementSchema),
  /** Number of pins matching the query (all pages). */
  total: z.number().int().nonnegative(),
  tookMs: z.number().nonnegative(),
  /**
   * "People also search for": related queries, on the first page of a query (empty on later
   * pages). Optional so that responses from before query understanding still parse.
   */
  relatedSearches: z.array(z.string()).optional(),
  /**
   * The same related searches as image tiles, in the same order: each with how many pins it
   * finds and the id of a pin to show on it. Optional: an engine without a query graph (or an
   * older server) sends only `relatedSearches`.
   */
  relatedSearchTiles: z.array(RelatedSearchTileSchema).optional(),
  /** The candidate pool, on the first page only (requested without a cursor). */
  pool: CandidatePoolSchema.optional(),
  /**
   * Blocks generated for this query (narrowing tiles, related searches, shopping and video
   * pins), best first, on the first page only; absent on later pages and from older servers,
   * empty when none would help.
   */
  modules: z.array(SearchModuleSchema).optional(),
});
export type SearchResponse = z.infer<typeof SearchResponseSchema>;

/**
 * What a suggestion is (every kind's `text` is a query to search as is): `query` a phrase from
 * the corpus or a popular search, `tag` a tag pins carry, `category` a category name; `recent`
 * is never sent by the server — the SPA labels the user's own on-device recent searches with it.
 */
export const SuggestionKindSchema = z.enum(['query', 'tag', 'category', 'recent']);
export type SuggestionKind = z.infer<typeof SuggestionKindSchema>;

export const SuggestionSchema = z.object({
  text: z.string(),
  kind: SuggestionKindSchema,
  /** Popularity-weighted relevance; the list is already in display order. */
  score: z.number().nonnegative(),
  /** [start, end) UTF-16 ranges of `text` that matched what was typed, for bolding (no HTML). */
  matches: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])),
});
export type Suggestion = z.infer<typeof SuggestionSchema>;

export const SuggestParamsSchema = z.object({
  /** What has been typed so far, untrimmed (a trailing space means a finished word); may be empty. */
  q: z
    .string()
    .max(MAX_QUERY_LENGTH, `the query is longer than ${MAX_QUERY_LENGTH} characters`)
    .optional()
    .transform((v) => v ?? ''),
  limit: intParam(1, MAX_SUGGEST_LIMIT, DEFAULT_SUGGEST_LIMIT),
  /** The reader's language: completions of its words come first (`mari` → mariposa for "es"). */
  hl: z
    .string()
    .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'a BCP 47 language tag')
    .max(35)
    .optional(),
});
export type SuggestParams = z.infer<typeof SuggestParamsSchema>;

export const SuggestResponseSchema = z.object({ suggestions: z.array(SuggestionSchema) });
export type SuggestResponse = z.infer<typeof SuggestResponseSchema>;

const PIN_ID = /^[A-Za-z0-9_.-]+$/;

export const PinParamsSchema = z.object({
  id: z.string().min(1).max(128).regex(PIN_ID, 'letters, digits, "-", "_" or "."'),
});

export const PinResponseSchema = z.object({ pin: PinSchema });
export type PinResponse = z.infer<typeof PinResponseSchema>;

export const RelatedParamsSchema = z.object({
  cursor: z.string().max(512).optional(),
  limit: intParam(1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
});

export const RelatedResponseSchema = z.object({
  items: z.array(CandidateSchema),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
  /** The pin's nearest related pins as a candidate pool, on the first page only (no cursor). */
  pool: CandidatePoolSchema.optional(),
});
export type RelatedResponse = z.infer<typeof RelatedResponseSchema>;

/** Values in an image embedding (the image model's pooled features; src/server/visual). */
export const VISUAL_EMBEDDING_DIM = 1280;
/** Neighbours one visual search ranks at most (its pages are cut from them). */
export const MAX_VISUAL_K = 500;
export const DEFAULT_VISUAL_K = 200;
/** Pins a visual search may leave out (the closeup's own pin, its copies). */
export const MAX_VISUAL_EXCLUDE = 100;

/**
 * POST /api/v1/visual-search: pins that look like a picture, from its image embedding computed on
 * the device (the picture itself is never sent). Any direction will do; the server normalizes it.
 */
export const VisualSearchRequestSchema = z.object({
  vector: z
    .array(
      z.number({
        // JSON has no NaN; a literal like 1e999 parses to Infinity.
        error: (issue) =>
          typeof issue.input === 'number'
            ? 'must hold finite numbers only'
            : 'must hold numbers only',
      }),
      {
        error: (issue) =>
          issue.input === undefined
            ? 'is required'
            : `must be an array of ${VISUAL_EMBEDDING_DIM} numbers`,
      },
    )
    // One check for both, run only on an array of numbers (a `.length()` check also ran on a string).
    .superRefine((v, ctx) => {
      if (v.length !== VISUAL_EMBEDDING_DIM)
        ctx.addIssue({
          code: 'custom',
          message: `must hold exactly ${VISUAL_EMBEDDING_DIM} numbers`,
        });
      else if (!v.some((x) => x !== 0))
        ctx.addIssue({ code: 'custom', message: 'is all zeros (it has no direction)' });
    })
    .describe(
      `The picture's image embedding: exactly ${VISUAL_EMBEDDING_DIM} finite numbers, not all zero.`,
    ),
  /** How many nearest pins are ranked in all (pages are cut from them). */
  k: z.number().int().min(1).max(MAX_VISUAL_K).optional(),
  /** Pins to leave out, e.g. the one whose region was searched. */
  exclude: z
    .array(z.string().min(1).max(128).regex(PIN_ID, 'letters, digits, "-", "_" or "."'))
    .max(MAX_VISUAL_EXCLUDE)
    .optional(),
  cursor: z.string().max(512).optional(),
  limit: z.number().int().min(1).max(MAX_PAGE_SIZE).optional(),
  /**
   * The version of the image encoder that computed `vector` (src/lib/image-model); when the index
   * was embedded with another, the answer is 409 `unavailable` (the vectors are not comparable).
   */
  model: z.string().max(64).optional(),
});
export type VisualSearchRequest = z.input<typeof VisualSearchRequestSchema>;

/** A pin that looks like the picture, with how much (cosine of the image embeddings, -1..1). */
export const VisualMatchSchema = PinSchema.extend({ visualScore: z.number() });
export type VisualMatch = z.infer<typeof VisualMatchSchema>;

export const VisualSearchResponseSchema = z.object({
  items: z.array(VisualMatchSchema),
  nextCursor: z.string().nullable(),
  prevCursor: z.string().nullable(),
  /** Pins ranked in all (at most `k`). */
  total: z.number().int().nonnegative(),
});
export type VisualSearchResponse = z.infer<typeof VisualSearchResponseSchema>;

/** `ids`: comma-separated pin ids, each at most once, 1 to MAX_BATCH_PINS of them. */
export const PinsParamsSchema = z.object({
  ids: z
    .string()
    .transform((s) => (s === '' ? [] : s.split(',')))
    .pipe(
      z
        .array(
          z
            .string()
            .min(1, 'is empty (two commas in a row, or a comma at an end)')
            .max(128, 'is longer than 128 characters')
            .regex(PIN_ID, 'letters, digits, "-", "_" or "."'),
        )
        .min(1, 'give at least one id')
        .max(MAX_BATCH_PINS, `at most ${MAX_BATCH_PINS} ids at a time`)
        .superRefine((ids, ctx) => {
          const seen = new Set<string>();
          for (const id of ids) {
            if (seen.has(id)) {
              ctx.addIssue({
                code: 'custom',
                message: `"${id}" is given twice; give each id once`,
              });
              return;
            }
            seen.add(id);
          }
        }),
    ),
});

export const PinsResponseSchema = z.object({
  /** The pins found, in the order their ids were given. */
  items: z.array(PinSchema),
  /** Ids given that this index does not hold (left out of `items`). */
  missing: z.array(z.string()),
});
export type PinsResponse = z.infer<typeof PinsResponseSchema>;

export const HealthResponseSchema = z.object({
  status: z.literal('ok'),
  corpus: z.object({
    pins: z.number().int().nonnegative(),
    sources: z.record(z.string(), z.number().int().nonnegative()),
  }),
  index: z.object({
    version: z.number().int(),
    builtAt: z.string(),
    buildMs: z.number().nonnegative(),
  }),
  /** Only while (and after) this server builds the complete index of a first run. */
  indexing: IndexingStatusSchema.optional(),
});
export type HealthResponse = z.infer<typeof HealthResponseSchema>;

/**
 * GET /api/ready: whether this server should get traffic now (200 when `ready`, else 503 with
 * the same body). Not ready while the engine cannot serve (a cluster without a serving replica of
 * every shard) or while the server drains before it stops (SIGTERM).
 */
export const ReadinessResponseSchema = z.object({
  status: z.enum(['ready', 'not_ready', 'draining']),
  /** The engine serving: 'sqlite' (embedded) or 'solr' (cluster). */
  engine: z.string(),
  /** What is being served, or why it is not ready. */
  detail: z.string(),
});
export type ReadinessResponse = z.infer<typeof ReadinessResponseSchema>;

export const ErrorCodeSchema = z.enum([
  'bad_request',
  'bad_cursor',
  'not_found',
  'rate_limited',
  'payload_too_large',
  /** The index cannot answer this kind of request (visual search on an index without image embeddings). */
  'unavailable',
  'internal',
]);

export const ErrorResponseSchema = z.object({
  error: z.object({ code: ErrorCodeSchema, message: z.string() }),
});
export type ErrorResponse = z.infer<typeof ErrorResponseSchema>;
