/**
 * The OpenAPI 3.1 document, generated from the zod contract so it cannot drift
 * from what the server validates. OpenAPI 3.1 schemas are JSON Schema 2020-12,
 * which is what z.toJSONSchema emits; only the surrounding document is by hand.
 * Request schemas are converted on their input side (what a client sends, before
 * the contract's transforms); responses on their output side.
 */
import { z } from 'zod';
import {
  API_PREFIX,
  CandidatePoolSchema,
  CandidateSchema,
  DEFAULT_PAGE_SIZE,
  ErrorResponseSchema,
  HealthResponseSchema,
  ReadinessResponseSchema,
  MAX_BATCH_PINS,
  MAX_PAGE_SIZE,
  MAX_QUERY_LENGTH,
  MAX_REFINEMENTS,
  PinParamsSchema,
  PinResponseSchema,
  PinSchema,
  PinsParamsSchema,
  PinsResponseSchema,
  PoolCandidateSchema,
  PoolDisplaySchema,
  ProductSchema,
  RefinementSchema,
  RelatedParamsSchema,
  RelatedResponseSchema,
  SearchParamsSchema,
  RelatedSearchTileSchema,
  ModulePinSchema,
  ModuleTileSchema,
  SearchModuleSchema,
  SearchResponseSchema,
  SuggestParamsSchema,
  SuggestResponseSchema,
  SuggestionSchema,
  VisualMatchSchema,
  VisualSearchRequestSchema,
  VisualSearchResponseSchema,
  MAX_SUGGEST_LIMIT,
  DEFAULT_SUGGEST_LIMIT,
  UnderstoodQuerySchema,
  VideoSchema,
} from '@/contract/api';

type JsonSchema = Record<string, unknown>;

const COMPONENT_PREFIX = '#/components/schemas/';

const PARAMETER_DESCRIPTIONS: Record<string, string> = {
  q: `What to search for: 1 to ${MAX_QUERY_LENGTH} characters after trimming. Give it once.`,
  refine: `A refinement value from a previous response's \`refinements\`; repeat the parameter for several (at most ${MAX_REFINEMENTS}).`,
  cursor:
    'Opaque cursor from a previous response (`nextCursor`, `prevCursor` or `pool.nextCursor`) for the same query; omit for the first page, which also carries the candidate pool.',
  limit: `Page size, 1 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).`,
  id: 'Pin id.',
  ids: `Comma-separated pin ids, 1 to ${MAX_BATCH_PINS}, each once (e.g. from a candidate pool).`,
};

/** /suggest takes partial input: its `q` may be empty and is not trimmed. */
const SUGGEST_PARAMETER_DESCRIPTIONS: Record<string, string> = {
  ...PARAMETER_DESCRIPTIONS,
  q: `What has been typed so far, 0 to ${MAX_QUERY_LENGTH} characters, not trimmed (a trailing space means the last word is complete). Empty: popular searches.`,
  limit: `Number of suggestions, 1 to ${MAX_SUGGEST_LIMIT} (default ${DEFAULT_SUGGEST_LIMIT}).`,
};

function componentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  const named: Record<string, z.ZodType> = {
    Pin: PinSchema,
    Product: ProductSchema,
    Video: VideoSchema,
    Candidate: CandidateSchema,
    PoolCandidate: PoolCandidateSchema,
    PoolDisplay: PoolDisplaySchema,
    CandidatePool: CandidatePoolSchema,
    Refinement: RefinementSchema,
    RelatedSearchTile: RelatedSearchTileSchema,
    ModulePin: ModulePinSchema,
    ModuleTile: ModuleTileSchema,
    SearchModule: SearchModuleSchema,
    UnderstoodQuery: UnderstoodQuerySchema,
    SearchResponse: SearchResponseSchema,
    PinResponse: PinResponseSchema,
    PinsResponse: PinsResponseSchema,
    RelatedResponse: RelatedResponseSchema,
    VisualSearchRequest: VisualSearchRequestSchema,
    VisualMatch: VisualMatchSchema,
    VisualSearchResponse: VisualSearchResponseSchema,
    HealthResponse: HealthResponseSchema,
    ReadinessResponse: ReadinessResponseSchema,
    Suggestion: SuggestionSchema,
    SuggestResponse: SuggestResponseSchema,
    ErrorResponse: ErrorResponseSchema,
  };
  for (const [id, schema] of Object.entries(named)) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { uri: (id) => `${COMPONENT_PREFIX}${id}` }) as {
    schemas: Record<string, JsonSchema>;
  };
  // Each entry comes out as a standalone document; inside `components` they are plain schemas.
  return Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      const { $schema: _dialect, $id: _id, ...rest } = schema;
      return [id, rest];
    }),
  );
}

function parameters(
  schema: z.ZodType,
  location: 'query' | 'path',
  descriptions: Record<string, string> = PARAMETER_DESCRIPTIONS,
): JsonSchema[] {
  const json = z.toJSONSchema(schema, { io: 'input' }) as {
    properties: Record<string, JsonSchema>;
    required?: string[];
  };
  return Object.entries(json.properties).map(([name, propertySchema]) => ({
    name,
    in: location,
    required: location === 'path' || (json.required ?? []).includes(name),
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    ...(name === 'refine' ? { style: 'form', explode: true } : {}),
    schema: propertySchema,
  }));
}

function jsonResponse(description: string, component: string): JsonSchema {
  return {
    description,
    content: { 'application/json': { schema: { $ref: `${COMPONENT_PREFIX}${component}` } } },
  };
}

const ERROR_RESPONSES = {
  '400': jsonResponse(
    'Invalid input (`bad_request`) or a cursor from elsewhere (`bad_cursor`).',
    'ErrorResponse',
  ),
  '429': jsonResponse(
    'Too many requests from this client (`rate_limited`); see the Retry-After header.',
    'ErrorResponse',
  ),
};

export function buildOpenApiDocument(): JsonSchema {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Inspo API',
      version: '1.0.0',
      description:
        'Candidate backend of Inspo. Errors are always `{ "error": { "code", "message" } }`; user input never causes a 5xx.',
    },
    servers: [{ url: '/' }],
    paths: {
      [`${API_PREFIX}/search`]: {
        get: {
          operationId: 'search',
          summary:
            'Search pins; one page of candidates with refinements and the understood query. The first page (no cursor) also carries the candidate pool: the top N candidates in server order, with only what the on-device reranker reads.',
          parameters: parameters(SearchParamsSchema, 'query'),
          responses: {
            '200': jsonResponse('One page of results.', 'SearchResponse'),
            ...ERROR_RESPONSES,
          },
        },
      },
      [`${API_PREFIX}/suggest`]: {
        get: {
          operationId: 'suggest',
          summary:
            'Completions for what is being typed: corpus phrases, tags and categories and popular searches, typo-tolerant, with the matched character ranges.',
          parameters: parameters(SuggestParamsSchema, 'query', SUGGEST_PARAMETER_DESCRIPTIONS),
          responses: {
            '200': jsonResponse('Suggestions, best first.', 'SuggestResponse'),
            ...ERROR_RESPONSES,
          },
        },
      },
      [`${API_PREFIX}/pins`]: {
        get: {
          operationId: 'getPins',
          summary:
            'Several pins by id, in the order given: display data for candidates of a pool. Ids the index does not hold are listed in `missing`.',
          parameters: parameters(PinsParamsSchema, 'query'),
          responses: {
            '200': jsonResponse('The pins found, and the ids not found.', 'PinsResponse'),
            ...ERROR_RESPONSES,
          },
        },
      },
      [`${API_PREFIX}/pins/{id}`]: {
        get: {
          operationId: 'getPin',
          summary: 'One pin.',
          parameters: parameters(PinParamsSchema, 'path'),
          responses: {
            '200': jsonResponse('The pin.', 'PinResponse'),
            '404': jsonResponse('No pin with this id.', 'ErrorResponse'),
            ...ERROR_RESPONSES,
          },
        },
      },
      [`${API_PREFIX}/pins/{id}/related`]: {
        get: {
          operationId: 'getRelatedPins',
          summary:
            'Pins similar to this one, paginated; the first page (no cursor) also carries them as a candidate pool.',
          parameters: [
            ...parameters(PinParamsSchema, 'path'),
            ...parameters(RelatedParamsSchema, 'query'),
          ],
          responses: {
            '200': jsonResponse('One page of related pins.', 'RelatedResponse'),
            '404': jsonResponse('No pin with this id.', 'ErrorResponse'),
            ...ERROR_RESPONSES,
          },
        },
      },
      [`${API_PREFIX}/visual-search`]: {
        post: {
          operationId: 'visualSearch',
          summary:
            'Pins that look like a picture, from its image embedding computed on the device (the picture is never sent): the nearest pins by image embedding, paginated with cursors scoped to the vector.',
          requestBody: {
            required: true,
            content: {
              'application/json': { schema: { $ref: `${COMPONENT_PREFIX}VisualSearchRequest` } },
            },
          },
          responses: {
            '200': jsonResponse('One page of look-alike pins.', 'VisualSearchResponse'),
            '409': jsonResponse(
              'Visual search is unavailable (`unavailable`): the index has no image embeddings, or they come from another version of the image encoder.',
              'ErrorResponse',
            ),
            '413': jsonResponse('The body is larger than any vector (`payload_too_large`).', 'ErrorResponse'),
            ...ERROR_RESPONSES,
          },
        },
      },
      '/api/health': {
        get: {
          operationId: 'health',
          summary: 'Liveness, corpus size and index build information. Never rate-limited.',
          responses: { '200': jsonResponse('The server is up.', 'HealthResponse') },
        },
      },
      '/api/ready': {
        get: {
          operationId: 'ready',
          summary:
            'Readiness for a load balancer: whether the engine can serve now (a cluster engine: every shard has a serving replica), and not while the server drains before stopping. Never rate-limited.',
          responses: {
            '200': jsonResponse('Ready: send traffic.', 'ReadinessResponse'),
            '503': jsonResponse(
              'Not ready (`not_ready`: the engine cannot serve; `draining`: stopping). Send traffic elsewhere.',
              'ReadinessResponse',
            ),
          },
        },
      },
      [`${API_PREFIX}/openapi.json`]: {
        get: {
          operationId: 'openapi',
          summary: 'This document.',
          responses: {
            '200': { description: 'OpenAPI 3.1 document.', content: { 'application/json': {} } },
          },
        },
      },
    },
    components: { schemas: componentSchemas() },
  };
}
