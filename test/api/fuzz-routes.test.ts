/**
 * Property-based fuzzing of every route in the OpenAPI document, plus static files and
 * thumbnails. fuzz.test.ts throws 10,000 mixed hostile requests at search/pins/related and
 * checks only "contract-valid"; this file goes route by route with an oracle for what the
 * answer must be:
 *   - suggest and search: 200 exactly when the contract's own schema accepts the parameters
 *     as the server parses them (never a 4xx for valid input), otherwise a clear 400;
 *   - cursors (search and related): real ones, re-signed ones, forged out-of-range ones, each
 *     cut, extended, bit-flipped, re-encoded or replaced, sent to their own query or another:
 *     200 exactly when the bytes still say a valid offset signed for this query, else 400
 *     `bad_cursor` (or the length error);
 *   - pins, health and the OpenAPI document under hostile ids and query strings;
 *   - static paths with traversal in every encoding: nothing outside the served folders (a
 *     canary file beside dist/ must never come back), /thumbs answers only WebP, and no SVG
 *     but the app's own favicon.
 * Never a 5xx; every 4xx has the error JSON with a fitting code and a clear message.
 * Seeded (FUZZ_SEED overrides; fast-check prints the seed and the shrunk request on failure)
 * and bounded: a few hundred requests per property.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  HealthResponseSchema,
  ReadinessResponseSchema,
  MAX_BATCH_PINS,
  MAX_SUGGEST_LIMIT,
  PinResponseSchema,
  PinsResponseSchema,
  RelatedResponseSchema,
  SearchParamsSchema,
  SearchResponseSchema,
  SuggestParamsSchema,
  SuggestResponseSchema,
  VISUAL_EMBEDDING_DIM,
  VisualSearchRequestSchema,
  VisualSearchResponseSchema,
} from '@/contract/api';
import { encodeCursor, MAX_CURSOR_OFFSET, relatedScope, searchScope } from '@/server/http/cursor';
import { buildOpenApiDocument } from '@/server/http/openapi';
import { parseQueryString } from '@/server/http/query-string';
import { MAX_URL_LENGTH } from '@/server/http/request-limits';
import { answerProblem, errorProblem } from './support/contract-check';
import {
  cursorDamage,
  damageCursor,
  hostilePath,
  hostileText,
  numberLike,
  onTheWire,
  queryString,
} from './support/fuzz-values';
import type { WireResponse } from './support/http-client';
import { startTestServer, type TestServer } from './support/test-server';
import { encodeStrict } from './support/wire-encoding';

const SEED = Number(process.env.FUZZ_SEED ?? 20_251_126);
const RUNS = {
  suggest: 300,
  search: 200,
  cursors: 300,
  pins: 200,
  batch: 200,
  meta: 150,
  static: 400,
  visual: 150,
} as const;
/** Small pages keep the cursor runs cheap and put several pages inside short result lists. */
const CURSOR_PAGE = 5;
const MAX_CURSOR_LENGTH = 512;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
/**
 * What Node's HTTP parser takes in a request target: visible ASCII. Anything else (a raw
 * Latin-1 byte, which a careless client sends) is refused before Fastify sees the request.
 */
const VALID_REQUEST_TARGET = /^[\x21-\x7e]*$/;
const FUZZED_PATHS = [
  '/api/v1/search',
  '/api/v1/suggest',
  '/api/v1/pins',
  '/api/v1/pins/{id}',
  '/api/v1/pins/{id}/related',
  '/api/health',
  '/api/ready',
  '/api/v1/openapi.json',
  '/api/v1/visual-search',
];

/** Fails the property with the request and what was wrong with its answer. */
function verify(path: string, problem: string | null): void {
  if (problem !== null) throw new Error(`GET ${path.slice(0, 300)}\n→ ${problem}`);
}

/**
 * The answer due whatever the parameters say: a 400 to a request target the HTTP parser
 * refuses, a 414/431 to a URL over the limit. A problem or null (the answer was right) when
 * that applies; undefined when the route decides.
 */
function transportProblem(path: string, response: WireResponse): string | null | undefined {
  if (!VALID_REQUEST_TARGET.test(path)) {
    return response.status === 400
      ? errorProblem(response)
      : `a request target with raw bytes answered ${response.status}`;
  }
  if (path.length > MAX_URL_LENGTH) {
    return response.status === 414 || response.status === 431
      ? errorProblem(response)
      : `a URL over ${MAX_URL_LENGTH} characters answered ${response.status}`;
  }
  return undefined;
}

function statusProblem(response: WireResponse, expected: number): string | null {
  return response.status === expected
    ? null
    : `expected ${expected}, got ${response.status}: ${response.text.slice(0, 160)}`;
}

function check<T>(property: fc.IAsyncPropertyWithHooks<[T]>, numRuns: number): Promise<void> {
  return fc.assert(property, { seed: SEED, numRuns });
}

/** Statuses a property saw, so a test can insist its generator reaches past the validators. */
class Tally {
  private readonly counts = new Map<number, number>();
  record(response: WireResponse): WireResponse {
    this.counts.set(response.status, this.of(response.status) + 1);
    return response;
  }
  of(status: number): number {
    return this.counts.get(status) ?? 0;
  }
  toString(): string {
    return [...this.counts].map(([status, n]) => `${status}×${n}`).join(' ');
  }
}

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.close();
});

describe(`fuzzing every route (seed ${SEED})`, () => {
  it('covers every path of the OpenAPI document', async () => {
    const response = await server.client.get('/api/v1/openapi.json');
    const document = z.object({ paths: z.record(z.string(), z.unknown()) }).parse(response.json());
    expect(Object.keys(document.paths).sort()).toEqual([...FUZZED_PATHS].sort());
  });

  it('suggest: 200 exactly for parameters the contract accepts, else a clear 400', async () => {
    const queries = queryString({ q: hostileText, limit: numberLike }, 'q');
    const seen = new Tally();
    await check(
      fc.asyncProperty(queries, async (query) => {
        const path = `/api/v1/suggest?${query}`;
        const response = seen.record(await server.client.get(path));
        const transport = transportProblem(path, response);
        if (transport !== undefined) return verify(path, transport);
        const params = SuggestParamsSchema.safeParse(parseQueryString(query));
        if (!params.success) {
          return verify(path, statusProblem(response, 400) ?? errorProblem(response));
        }
        verify(
          path,
          statusProblem(response, 200) ??
            answerProblem(response, SuggestResponseSchema, ({ suggestions }) =>
              suggestions.length <= Math.min(params.data.limit, MAX_SUGGEST_LIMIT)
                ? null
                : `${suggestions.length} suggestions for limit ${params.data.limit}`,
            ),
        );
      }),
      RUNS.suggest,
    );
    // The generator must reach past the validators, not only bounce off them.
    expect(seen.of(200), `statuses: ${seen}`).toBeGreaterThan(RUNS.suggest / 5);
    expect(seen.of(400), `statuses: ${seen}`).toBeGreaterThan(RUNS.suggest / 5);
  });

  it('search: 200 exactly for parameters the contract accepts, else a clear 400', async () => {
    const words = fc.oneof(fc.constantFrom('face', 'cat', 'red', 'heart', 'flag'), hostileText);
    const queries = queryString(
      {
        q: words,
        limit: numberLike,
        refine: fc.oneof(
          fc.constantFrom('red', 'category:Smileys & Emotion', 'color:blue', 'face'),
          hostileText,
        ),
        exact: fc.oneof(fc.constantFrom('0', '1'), numberLike),
      },
      'q',
    );
    const seen = new Tally();
    await check(
      fc.asyncProperty(queries, async (query) => {
        const path = `/api/v1/search?${query}`;
        const response = seen.record(await server.client.get(path));
        const transport = transportProblem(path, response);
        if (transport !== undefined) return verify(path, transport);
        const params = SearchParamsSchema.safeParse(parseQueryString(query));
        if (!params.success) {
          return verify(path, statusProblem(response, 400) ?? errorProblem(response));
        }
        verify(
          path,
          statusProblem(response, 200) ??
            answerProblem(response, SearchResponseSchema, (page) =>
              page.items.length > params.data.limit
                ? `${page.items.length} items for limit ${params.data.limit}`
                : page.query.raw !== params.data.q
                  ? `query.raw "${page.query.raw}" for q "${params.data.q}"`
                  : null,
            ),
        );
      }),
      RUNS.search,
    );
    // The generator must reach past the validators, not only bounce off them.
    expect(seen.of(200), `statuses: ${seen}`).toBeGreaterThan(RUNS.search / 5);
    expect(seen.of(400), `statuses: ${seen}`).toBeGreaterThan(RUNS.search / 5);
  });

  describe('cursors', () => {
    interface Target {
      name: string;
      scope: string;
      path(cursor?: string): string;
      schema: typeof SearchResponseSchema | typeof RelatedResponseSchema;
    }
    let targets: Target[];
    /** Cursors the server issued, with the index of the target they were issued for. */
    let issued: { cursor: string; target: number }[];

    /** The signature the server would put on `offset` for `scope`, from its own encoder. */
    const signatureFor = (scope: string, offset: number): string =>
      (
        JSON.parse(Buffer.from(encodeCursor({ offset, scope }), 'base64url').toString('utf8')) as {
          s: string;
        }
      ).s;

    /**
     * An attacker who read cursor.ts signs any offset, in range or not. Checked against the
     * server's encoder below, so out-of-range forgeries really carry a valid signature.
     */
    const forge = (scope: string, offset: number): string =>
      Buffer.from(
        JSON.stringify({
          o: offset,
          s: createHash('sha256')
            .update(`v1\0${scope}\0${offset}`)
            .digest('base64url')
            .slice(0, 11),
        }),
      ).toString('base64url');

    /** The offset the server must accept `value` as for `scope`, or null (bad cursor). */
    function acceptedOffset(value: string, scope: string): number | null {
      if (!BASE64URL.test(value)) return null;
      let payload: unknown;
      try {
        payload = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
      } catch {
        return null;
      }
      if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return null;
      if (Object.keys(payload).length !== 2) return null;
      const { o, s } = payload as { o?: unknown; s?: unknown };
      if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0 || o > MAX_CURSOR_OFFSET)
        return null;
      return s === signatureFor(scope, o) ? o : null;
    }

    beforeAll(async () => {
      const face = SearchResponseSchema.parse(
        (await server.client.get(`/api/v1/search?q=face&limit=${CURSOR_PAGE}`)).json(),
      );
      const chip = face.refinements[0]?.value ?? 'red';
      const [a, b] = face.items.map((item) => item.id);
      if (a === undefined || b === undefined) throw new Error('"face" needs two results');
      const search = (name: string, q: string, refine: string[], exact = false): Target => ({
        name,
        scope: searchScope({ q, refine, exact }),
        schema: SearchResponseSchema,
        path: (cursor) =>
          `/api/v1/search?q=${encodeStrict(q)}${refine.map((r) => `&refine=${encodeStrict(r)}`).join('')}` +
          `${exact ? '&exact=1' : ''}&limit=${CURSOR_PAGE}${cursor === undefined ? '' : `&cursor=${cursor}`}`,
      });
      const related = (id: string): Target => ({
        name: `related ${id}`,
        scope: relatedScope(id),
        schema: RelatedResponseSchema,
        path: (cursor) =>
          `/api/v1/pins/${id}/related?limit=${CURSOR_PAGE}${cursor === undefined ? '' : `&cursor=${cursor}`}`,
      });
      targets = [
        search('face', 'face', []),
        // Normalizes to the same scope as "face": its cursors are interchangeable.
        search(' FACE ', ' FACE ', []),
        search('cat', 'cat', []),
        search(`face + ${chip}`, 'face', [chip]),
        search('face, exact', 'face', [], true),
        related(a),
        related(b),
      ];
      // Cursors the server issued: each target's next page, and that page's next and previous.
      issued = [];
      for (const [index, target] of targets.entries()) {
        const first = target.schema.parse((await server.client.get(target.path())).json());
        if (first.nextCursor === null) continue;
        issued.push({ cursor: first.nextCursor, target: index });
        const second = target.schema.parse(
          (await server.client.get(target.path(first.nextCursor))).json(),
        );
        for (const cursor of [second.nextCursor, second.prevCursor]) {
          if (cursor) issued.push({ cursor, target: index });
        }
      }
      expect(issued.length).toBeGreaterThan(targets.length);
    });

    it('forges exactly what the server signs (so forged out-of-range offsets are tested)', () => {
      for (const target of targets) {
        expect(forge(target.scope, 30)).toBe(encodeCursor({ offset: 30, scope: target.scope }));
      }
    });

    it('are accepted exactly when intact and for their own query, else 400 bad_cursor', async () => {
      const anyTarget = fc.nat(targets.length - 1);
      const source = fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...issued) },
        {
          // Re-signed: any offset the server would sign, small ones (real pages) most often.
          weight: 1,
          arbitrary: fc
            .tuple(fc.oneof(fc.nat(60), fc.integer({ min: 0, max: MAX_CURSOR_OFFSET })), anyTarget)
            .map(([offset, target]) => ({
              cursor: encodeCursor({ offset, scope: targets[target]!.scope }),
              target,
            })),
        },
        {
          weight: 1,
          arbitrary: fc
            .tuple(
              fc.constantFrom(-1, -CURSOR_PAGE, MAX_CURSOR_OFFSET + 1, 1e6, 2 ** 53 + 2, 1.5),
              anyTarget,
            )
            .map(([offset, target]) => ({ cursor: forge(targets[target]!.scope, offset), target })),
        },
      );
      const cases = fc.record({
        source,
        // Back to its own query most of the time, else to any (cursors from another query).
        sendTo: fc.oneof(
          { weight: 3, arbitrary: fc.constant(null) },
          { weight: 1, arbitrary: anyTarget },
        ),
        damage: cursorDamage,
      });
      const seen = new Tally();
      let badCursors = 0;
      await check(
        fc.asyncProperty(cases, async ({ source: { cursor, target: own }, sendTo, damage }) => {
          const target = targets[sendTo ?? own]!;
          const value = damageCursor(cursor, damage);
          const path = target.path(encodeStrict(value));
          const response = seen.record(await server.client.get(path));
          const transport = transportProblem(path, response);
          if (transport !== undefined) return verify(path, transport);
          if (value.length > MAX_CURSOR_LENGTH) {
            return verify(path, statusProblem(response, 400) ?? errorProblem(response));
          }
          const offset = acceptedOffset(value, target.scope);
          if (offset === null) {
            const code = (response.json() as { error?: { code?: string } }).error?.code;
            if (code === 'bad_cursor') badCursors += 1;
            return verify(
              path,
              statusProblem(response, 400) ??
                errorProblem(response) ??
                (code === 'bad_cursor' ? null : `code ${code} for a bad cursor`),
            );
          }
          verify(
            path,
            statusProblem(response, 200) ??
              answerProblem(
                response,
                target.schema as z.ZodType<z.infer<typeof RelatedResponseSchema>>,
                (page) =>
                  page.items.length > CURSOR_PAGE
                    ? `${page.items.length} items on a page of ${CURSOR_PAGE}`
                    : page.items.length === 0 && page.nextCursor !== null
                      ? `an empty page at offset ${offset} with a next cursor`
                      : null,
              ),
          );
        }),
        RUNS.cursors,
      );
      // The generator must reach past the validators, not only bounce off them.
      expect(seen.of(200), `statuses: ${seen}`).toBeGreaterThan(RUNS.cursors / 10);
      expect(badCursors, `statuses: ${seen}`).toBeGreaterThan(RUNS.cursors / 3);
    });
  });

  it('pins and related pins: hostile ids and parameters get a clear 4xx or the right pin', async () => {
    const page = SearchResponseSchema.parse(
      (await server.client.get('/api/v1/search?q=face&limit=20')).json(),
    );
    const ids = fc.oneof(
      { weight: 3, arbitrary: fc.constantFrom(...page.items.map((pin) => pin.id)) },
      {
        weight: 2,
        arbitrary: fc.constantFrom(
          'OM-1F600',
          'om-1f600.',
          'om-1f600%00',
          'om-1f600/..',
          '..',
          '.',
          'a'.repeat(129),
        ),
      },
      { weight: 2, arbitrary: hostileText },
      { weight: 1, arbitrary: hostilePath([''], ['om-1f600']) },
    );
    const cases = fc.record({
      id: onTheWire(ids),
      related: fc.boolean(),
      query: queryString({ limit: numberLike, cursor: hostileText }),
    });
    const seen = new Tally();
    await check(
      fc.asyncProperty(cases, async ({ id, related, query }) => {
        const path = related ? `/api/v1/pins/${id}/related?${query}` : `/api/v1/pins/${id}`;
        const response = seen.record(await server.client.get(path));
        const transport = transportProblem(path, response);
        if (transport !== undefined) return verify(path, transport);
        verify(
          path,
          related
            ? answerProblem(response, RelatedResponseSchema)
            : answerProblem(response, PinResponseSchema, ({ pin }) =>
                server.engine.getPin(pin.id) === null ? `an unknown pin ${pin.id}` : null,
              ),
        );
      }),
      RUNS.pins,
    );
    // The generator must reach past the validators, not only bounce off them.
    expect(seen.of(200), `statuses: ${seen}`).toBeGreaterThan(RUNS.pins / 10);
    expect(seen.of(400) + seen.of(404), `statuses: ${seen}`).toBeGreaterThan(RUNS.pins / 3);
  });

  it('pins by ids: lists of real, unknown and hostile ids get the pins in order or a clear 400', async () => {
    const page = SearchResponseSchema.parse(
      (await server.client.get('/api/v1/search?q=face&limit=20')).json(),
    );
    const real = fc.constantFrom(...page.items.map((pin) => pin.id));
    // Lists a client would send (real and unknown ids, each once), and lists no client should.
    const wellFormed = fc
      .uniqueArray(
        fc.oneof({ weight: 6, arbitrary: real }, fc.constantFrom('om-nope', 'OM-1F600')),
        {
          minLength: 1,
          maxLength: 12,
        },
      )
      .map((list) => list.join(','));
    const hostile = fc
      .array(
        fc.oneof(
          { weight: 4, arbitrary: real },
          { weight: 1, arbitrary: fc.constantFrom('', 'a'.repeat(129)) },
          { weight: 1, arbitrary: hostileText },
        ),
        { maxLength: MAX_BATCH_PINS + 3 },
      )
      .chain((list) =>
        fc.constantFrom(',', ',', ',,', ';', '%2C').map((separator) => list.join(separator)),
      );
    const ids = fc.oneof({ weight: 3, arbitrary: wellFormed }, { weight: 2, arbitrary: hostile });
    const seen = new Tally();
    await check(
      fc.asyncProperty(queryString({ ids: fc.oneof(ids, hostileText) }, 'ids'), async (query) => {
        const path = `/api/v1/pins?${query}`;
        const response = seen.record(await server.client.get(path));
        const transport = transportProblem(path, response);
        if (transport !== undefined) return verify(path, transport);
        verify(
          path,
          answerProblem(response, PinsResponseSchema, ({ items, missing }) => {
            const asked = parseQueryString(query).ids;
            if (typeof asked !== 'string') return `a 200 for ids ${JSON.stringify(asked)}`;
            const wanted = asked.split(',');
            const found = wanted.filter((w) => server.engine.getPin(w) !== null);
            if (items.map((pin) => pin.id).join() !== found.join())
              return 'not the pins asked for, in order';
            if (missing.join() !== wanted.filter((w) => !found.includes(w)).join())
              return `missing ${JSON.stringify(missing)} is not the unknown ids`;
            return items.every((pin) => isDeepStrictEqual(pin, server.engine.getPin(pin.id)))
              ? null
              : 'a pin unlike the engine’s';
          }),
        );
      }),
      RUNS.batch,
    );
    expect(seen.of(200), `statuses: ${seen}`).toBeGreaterThan(RUNS.batch / 10);
    expect(seen.of(400), `statuses: ${seen}`).toBeGreaterThan(RUNS.batch / 10);
  });

  it('visual search: bodies the contract accepts get pins (or 409 on an index without image embeddings), any other a clear 4xx', async () => {
    const number = fc.oneof(
      { weight: 8, arbitrary: fc.double({ min: -1, max: 1, noNaN: true }) },
      { weight: 1, arbitrary: fc.constantFrom(0, 1e308, -0) },
    );
    const element = fc.oneof(
      { weight: 40, arbitrary: number },
      { weight: 1, arbitrary: fc.constantFrom(null, '0.5', true, [], {}) },
    );
    const vector = fc.oneof(
      { weight: 4, arbitrary: fc.array(number, { minLength: VISUAL_EMBEDDING_DIM, maxLength: VISUAL_EMBEDDING_DIM }) },
      { weight: 2, arbitrary: fc.array(element, { minLength: VISUAL_EMBEDDING_DIM, maxLength: VISUAL_EMBEDDING_DIM }) },
      { weight: 1, arbitrary: fc.array(number, { maxLength: VISUAL_EMBEDDING_DIM + 2 }) },
      { weight: 1, arbitrary: fc.constantFrom(Array(VISUAL_EMBEDDING_DIM).fill(0), 'vector', null) },
    );
    const body = fc.oneof(
      {
        weight: 6,
        arbitrary: fc.record(
          {
            vector,
            k: fc.oneof(fc.integer({ min: 0, max: 520 }), fc.constant('5')),
            limit: fc.integer({ min: 0, max: 104 }),
            exclude: fc.array(
              fc.oneof({ weight: 4, arbitrary: fc.constant('om-1F600') }, { weight: 1, arbitrary: hostileText }),
              { maxLength: 3 },
            ),
          },
          { requiredKeys: ['vector'] },
        ),
      },
      { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
    );
    const payload = fc.oneof(
      { weight: 8, arbitrary: body.map((b) => JSON.stringify(b)) },
      { weight: 1, arbitrary: fc.constantFrom('{"vector":[NaN]}', '{', '', 'null', '[1,2]') },
    );
    const seen = new Tally();
    await check(
      fc.asyncProperty(payload, async (text) => {
        const injected = await server.app.inject({
          method: 'POST',
          url: '/api/v1/visual-search',
          headers: { 'content-type': 'application/json' },
          payload: text,
        });
        const response = seen.record({
          status: injected.statusCode,
          headers: { 'content-type': String(injected.headers['content-type'] ?? '') },
          body: injected.rawPayload,
          text: injected.body,
          json: () => JSON.parse(injected.body) as unknown,
        });
        let parsed: unknown;
        let isJson = true;
        try {
          parsed = JSON.parse(text);
        } catch {
          isJson = false;
        }
        const accepted = isJson && VisualSearchRequestSchema.safeParse(parsed).success;
        const where = `POST /api/v1/visual-search ${text.slice(0, 200)}`;
        if (!accepted) {
          if (response.status !== 400) throw new Error(`${where}\n→ expected 400, got ${response.status}`);
          const problem = errorProblem(response);
          if (problem) throw new Error(`${where}\n→ ${problem}`);
          return;
        }
        if (response.status === 409 && server.engine.visual === null) return;
        verify(where, answerProblem(response, VisualSearchResponseSchema, () => null));
      }),
      RUNS.visual,
    );
    expect(seen.of(400), `statuses: ${seen}`).toBeGreaterThan(RUNS.visual / 10);
    expect(seen.of(200) + seen.of(409), `statuses: ${seen}`).toBeGreaterThan(RUNS.visual / 10);
  });

  it('health, readiness and the OpenAPI document: the same answer whatever the query string', async () => {
    const document = buildOpenApiDocument();
    const cases = fc.record({
      route: fc.constantFrom(
        '/api/health',
        '/api/health/',
        '/api/ready',
        '/api/ready/',
        '/api/v1/openapi.json',
        '/api/v1/openapi.json/',
      ),
      query: fc.option(queryString({ q: hostileText, limit: numberLike, format: hostileText }), {
        nil: null,
      }),
    });
    const seen = new Tally();
    await check(
      fc.asyncProperty(cases, async ({ route, query }) => {
        const path = query === null ? route : `${route}?${query}`;
        const response = seen.record(await server.client.get(path));
        const transport = transportProblem(path, response);
        if (transport !== undefined) return verify(path, transport);
        const health = route.startsWith('/api/health');
        const ready = route.startsWith('/api/ready');
        verify(
          path,
          statusProblem(response, 200) ??
            (health
              ? answerProblem(response, HealthResponseSchema)
              : ready
                ? answerProblem(response, ReadinessResponseSchema, (body) =>
                    body.status === 'ready' ? null : `status ${body.status}`,
                  )
                : answerProblem(response, z.unknown(), (body) =>
                    isDeepStrictEqual(body, document) ? null : 'not the OpenAPI document',
                  )),
        );
      }),
      RUNS.meta,
    );
    // The generator must reach past the validators, not only bounce off them.
    expect(seen.of(200), `statuses: ${seen}`).toBeGreaterThan(RUNS.meta / 2);
  });

  describe('static files and thumbnails', () => {
    const CANARY = 'canary-4f1e0c2b outside the served folders';
    const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg"/>';
    let site: TestServer;
    let root: string;
    let thumbnails: string[];

    beforeAll(async () => {
      // dist/ with a canary beside it and a dotfile inside it: neither may ever be served.
      root = mkdtempSync(join(tmpdir(), 'inspo-fuzz-site-'));
      const dist = join(root, 'dist');
      mkdirSync(join(dist, 'assets'), { recursive: true });
      mkdirSync(join(dist, 'models'));
      writeFileSync(
        join(dist, 'index.html'),
        '<!doctype html><title>Inspo</title><div id="root"></div>',
      );
      writeFileSync(join(dist, 'assets', 'x-abc123.js'), 'export {};\n');
      writeFileSync(join(dist, 'favicon.svg'), FAVICON);
      writeFileSync(join(dist, 'models', 'reranker.onnx'), Buffer.from([8, 1, 18, 4]));
      writeFileSync(join(dist, '.env'), CANARY);
      writeFileSync(join(root, 'secret.txt'), CANARY);
      writeFileSync(join(root, 'package.json'), CANARY);
      site = await startTestServer({ distDir: dist });
      const page = SearchResponseSchema.parse(
        (await site.client.get('/api/v1/search?q=face&limit=2')).json(),
      );
      thumbnails = page.items
        .flatMap((pin) => [pin.imageUrl, pin.imageUrl2x])
        .map((url) => url.slice('/thumbs/'.length));
    });
    afterAll(async () => {
      await site.close();
      rmSync(root, { recursive: true, force: true });
    });

    /** Content types a 2xx may have, by what was asked for. */
    function staticProblem(path: string, response: WireResponse): string | null {
      if (response.status >= 500) return `server error ${response.status}`;
      if (response.body.includes(Buffer.from(CANARY)))
        return 'served a file outside the served folders';
      if (response.status >= 400) return errorProblem(response);
      if (response.status < 200 || response.status >= 300)
        return `unexpected status ${response.status}`;
      const type = response.headers['content-type'] ?? '';
      if (path.startsWith('/thumbs/') && type !== 'image/webp') return `a ${type} from /thumbs`;
      if (/svg/i.test(type) && response.text !== FAVICON)
        return 'an SVG that is not the app favicon';
      return /^(text\/html|text\/javascript|application\/javascript|application\/json|application\/octet-stream|image\/webp|image\/svg\+xml)\b/.test(
        type,
      )
        ? null
        : `a 2xx of type ${type}`;
    }

    it('serve nothing outside their folders, only WebP from /thumbs, and a clear 4xx otherwise', async () => {
      const cases = fc.record({
        path: hostilePath(
          ['/', '//', '/thumbs/', '/thumbs', '/assets/', '/models/', '/api/', '/api/v1/'],
          [
            ...thumbnails,
            'x-abc123.js',
            'index.html',
            'favicon.svg',
            'reranker.onnx',
            'secret.txt',
            '.env',
          ],
        ),
        accept: fc.constantFrom(
          'text/html',
          'application/json',
          '*/*',
          'image/svg+xml',
          'image/webp,image/*',
        ),
      });
      const seen = new Tally();
      await check(
        fc.asyncProperty(cases, async ({ path, accept }) => {
          const response = seen.record(await site.client.get(path, { accept }));
          const transport = transportProblem(path, response);
          verify(path, transport === undefined ? staticProblem(path, response) : transport);
        }),
        RUNS.static,
      );
      // The generator must reach past the validators, not only bounce off them. Most generated
      // paths hold a "." or ".." segment or a "//", which @fastify/static (>= 10.1) refuses with
      // 403 before any lookup, so only a few percent reach a file (7 to 22 of 400 over 20 seeds).
      expect(seen.of(200), `statuses: ${seen}`).toBeGreaterThan(RUNS.static / 100);
      expect(seen.of(403) + seen.of(404), `statuses: ${seen}`).toBeGreaterThan(RUNS.static / 3);
    });
  });
});
