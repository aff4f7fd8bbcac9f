import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ErrorResponseSchema,
  PinResponseSchema,
  RelatedResponseSchema,
  SearchResponseSchema,
  type RelatedResponse,
} from '@/contract/api';
import { tamper } from './support/tamper';
import { startEngineTestServer } from './support/test-server';
import { testEngines } from './support/test-cluster';

const PAGE_SIZE = 5;

describe.each(testEngines())('on the %s engine', (engine) => {
  let server: Awaited<ReturnType<typeof startEngineTestServer>>;
  let pinId: string;

  beforeAll(async () => {
    server = await startEngineTestServer(engine);
    const response = await server.client.get('/api/v1/search?q=face&limit=1');
    const [first] = SearchResponseSchema.parse(response.json()).items;
    if (!first) throw new Error('the test index has no "face" pins');
    pinId = first.id;
  });
  afterAll(async () => {
    await server.close();
  });

  async function errorOf(path: string) {
    const response = await server.client.get(path);
    return { status: response.status, ...ErrorResponseSchema.parse(response.json()).error };
  }

  async function related(query: string): Promise<RelatedResponse> {
    const response = await server.client.get(`/api/v1/pins/${pinId}/related?${query}`);
    expect(response.status, response.text).toBe(200);
    return RelatedResponseSchema.parse(response.json());
  }

  describe('GET /api/v1/pins/:id', () => {
    it('answers the pin as the engine has it', async () => {
      const response = await server.client.get(`/api/v1/pins/${pinId}`);
      expect(response.status).toBe(200);
      const { pin } = PinResponseSchema.parse(response.json());
      expect(pin).toEqual(await server.engine.getPin(pinId));
    });

    it('answers 404 not_found for an unknown id', async () => {
      expect(await errorOf('/api/v1/pins/no-such-pin')).toEqual({
        status: 404,
        code: 'not_found',
        message: 'No pin with id "no-such-pin".',
      });
    });

    it.each(['a%20b', '%3Cscript%3E', 'x'.repeat(129)])(
      'answers 400 for the malformed id %s',
      async (id) => {
        expect(await errorOf(`/api/v1/pins/${id}`)).toMatchObject({
          status: 400,
          code: 'bad_request',
        });
      },
    );

    it('answers 400 for an id that is not valid percent-encoding', async () => {
      expect(await errorOf('/api/v1/pins/%E0%A4%A')).toEqual({
        status: 400,
        code: 'bad_request',
        message: 'The URL path is not valid percent-encoding.',
      });
    });
  });

  describe('GET /api/v1/pins/:id/related', () => {
    it('pages through related pins without overlap, never including the pin itself', async () => {
      const seen: string[] = [];
      let page = await related(`limit=${PAGE_SIZE}`);
      expect(page.prevCursor).toBeNull();
      seen.push(...page.items.map((item) => item.id));
      while (page.nextCursor !== null) {
        page = await related(`limit=${PAGE_SIZE}&cursor=${page.nextCursor}`);
        expect(page.prevCursor).not.toBeNull();
        seen.push(...page.items.map((item) => item.id));
      }
      const total = (await server.engine.related({ id: pinId, offset: 0, limit: 1 }))?.total;
      expect(seen.length).toBe(total);
      expect(seen.length).toBeGreaterThan(PAGE_SIZE);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen).not.toContain(pinId);
    });

    it('prevCursor returns to the first page', async () => {
      const first = await related(`limit=${PAGE_SIZE}`);
      const second = await related(`limit=${PAGE_SIZE}&cursor=${first.nextCursor}`);
      const back = await related(`limit=${PAGE_SIZE}&cursor=${second.prevCursor}`);
      expect(back.items.map((item) => item.id)).toEqual(first.items.map((item) => item.id));
    });

    it('answers 404 for an unknown pin', async () => {
      expect(await errorOf('/api/v1/pins/no-such-pin/related')).toMatchObject({
        status: 404,
        code: 'not_found',
      });
    });

    it('refuses a search cursor, a tampered cursor and another pin’s cursor', async () => {
      const searchPage = SearchResponseSchema.parse(
        (await server.client.get('/api/v1/search?q=face&limit=2')).json(),
      );
      const ownPage = await related('limit=2');
      const otherId = searchPage.items[1]?.id ?? '';
      const otherPage = RelatedResponseSchema.parse(
        (await server.client.get(`/api/v1/pins/${otherId}/related?limit=2`)).json(),
      );
      for (const cursor of [
        searchPage.nextCursor,
        tamper(ownPage.nextCursor ?? ''),
        otherPage.nextCursor,
      ]) {
        expect(await errorOf(`/api/v1/pins/${pinId}/related?cursor=${cursor}`)).toMatchObject({
          status: 400,
          code: 'bad_cursor',
        });
      }
    });

    it('validates limit', async () => {
      expect(await errorOf(`/api/v1/pins/${pinId}/related?limit=1000`)).toEqual({
        status: 400,
        code: 'bad_request',
        message: 'limit: must be at most 100',
      });
    });
  });
});
