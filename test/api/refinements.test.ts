import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SearchResponseSchema, type SearchResponse } from '@/contract/api';
import { MAX_REFINEMENT_CHIPS } from '@/server/refine/mine-refinements';
import { isColorName } from '@/contract/refine-value';
import { COLOR_SWATCHES, pinMatchesColor } from '@/server/engine/named-colors';
import { MINING_CANDIDATES } from '@/server/refine/with-refinements';
import { startEngineTestServer } from './support/test-server';
import { testEngines } from './support/test-cluster';

/** Fewer matches than MINING_CANDIDATES: every match is a candidate, so chip counts are exact. */
const QUERY = 'heart';
const BROAD_QUERY = 'face';

describe.each(testEngines())('on the %s engine', (engine) => {
  let server: Awaited<ReturnType<typeof startEngineTestServer>>;

  beforeAll(async () => {
    server = await startEngineTestServer(engine);
  });
  afterAll(async () => {
    await server.close();
  });

  async function search(q: string, refine: string[] = [], extra = ''): Promise<SearchResponse> {
    const params = new URLSearchParams({ q });
    for (const value of refine) params.append('refine', value);
    const response = await server.client.get(`/api/v1/search?${params}${extra}`);
    expect(response.status, response.text).toBe(200);
    return SearchResponseSchema.parse(response.json());
  }

  describe('refinement chips in search responses', () => {
    it('offers a dozen or fewer distinct chips of every kind, none repeating the query', async () => {
      const page = await search(BROAD_QUERY);
      const chips = page.refinements;
      expect(chips.length).toBeGreaterThanOrEqual(5);
      expect(chips.length).toBeLessThanOrEqual(MAX_REFINEMENT_CHIPS);
      expect(new Set(chips.map((c) => c.value)).size).toBe(chips.length);
      expect(chips.map((c) => c.label.toLowerCase())).not.toContain(BROAD_QUERY);
      for (const chip of chips) {
        expect(chip.count).toBeGreaterThan(0);
        expect(chip.count).toBeLessThan(Math.min(page.total, MINING_CANDIDATES));
        if (chip.kind === 'color') {
          const name = chip.value.replace('color:', '');
          expect(isColorName(name)).toBe(true);
          expect(chip.swatch).toBe(COLOR_SWATCHES[name as keyof typeof COLOR_SWATCHES]);
        } else {
          expect(chip.swatch).toBeUndefined();
        }
        if (chip.kind === 'category') expect(chip.value).toBe(`category:${chip.label}`);
      }
      expect(new Set(chips.map((c) => c.kind))).toEqual(new Set(['term', 'color']));
    });

    it('narrows the results to exactly the count each chip promised', async () => {
      const page = await search(QUERY);
      expect(page.total).toBeLessThanOrEqual(MINING_CANDIDATES);
      expect(page.refinements.length).toBeGreaterThanOrEqual(5);
      for (const chip of page.refinements) {
        const narrowed = await search(QUERY, [chip.value]);
        expect([chip.value, narrowed.total]).toEqual([chip.value, chip.count]);
        expect(narrowed.total).toBeLessThan(page.total);
      }
    });

    /** Every result of a query, page after page (ids). */
    async function allIds(q: string, refine: string[] = []): Promise<string[]> {
      let page = await search(q, refine, '&limit=100');
      const ids = page.items.map((i) => i.id);
      while (page.nextCursor) {
        page = await search(q, refine, `&limit=100&cursor=${page.nextCursor}`);
        ids.push(...page.items.map((i) => i.id));
      }
      return ids;
    }

    // The semantic leg's neighbours included: a chip filters the broad query's own results (the
    // kNN search is the broad query's, the refinement applies to what it found), never adds.
    it.each([['heart'], ['cat'], ['tree']])(
      'narrows "%s" to a subset of its own results with every chip',
      async (q) => {
        const broad = new Set(await allIds(q));
        const { refinements } = await search(q);
        expect(refinements.length).toBeGreaterThan(0);
        for (const chip of refinements) {
          const extra = (await allIds(q, [chip.value])).filter((id) => !broad.has(id));
          expect([chip.value, extra]).toEqual([chip.value, []]);
        }
      },
    );

    it('adapts the chips to the narrowed query', async () => {
      const page = await search(BROAD_QUERY);
      const chip = page.refinements.find((c) => c.kind === 'color')!;
      const narrowed = await search(BROAD_QUERY, [chip.value]);
      const values = narrowed.refinements.map((c) => c.value);
      expect(values).not.toContain(chip.value);
      expect(values).not.toEqual(page.refinements.map((c) => c.value));
      expect(narrowed.refinements.length).toBeGreaterThan(0);
      // Every item of the narrowed page has the colour.
      const again = await search(BROAD_QUERY, [chip.value, narrowed.refinements[0]!.value]);
      expect(again.total).toBeLessThan(narrowed.total);
      expect(again.total).toBeGreaterThan(0);
    });

    it('keeps the same chips on later pages', async () => {
      const first = await search(BROAD_QUERY, [], '&limit=10');
      const second = await search(BROAD_QUERY, [], `&limit=10&cursor=${first.nextCursor}`);
      expect(second.refinements).toEqual(first.refinements);
    });

    it('pages through a filtered result set to its end', async () => {
      const category = (await search('animal')).refinements.find((c) => c.kind === 'category');
      const refine = category ? [category.value] : ['color:brown'];
      let page = await search('animal', refine, '&limit=7');
      const seen = page.items.map((i) => i.id);
      while (page.nextCursor) {
        page = await search('animal', refine, `&limit=7&cursor=${page.nextCursor}`);
        seen.push(...page.items.map((i) => i.id));
      }
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(page.total);
    });

    it.each([['color:teal'], ['category:No such category']])(
      'answers an impossible refinement (%s) with no results',
      async (value) => {
        const page = await search(BROAD_QUERY, [value]);
        expect(page.total).toBe(0);
        expect(page.items).toEqual([]);
        expect(page.refinements).toEqual([]);
      },
    );

    it('matches categories case-insensitively and colours by palette', async () => {
      const page = await search(BROAD_QUERY, ['category:SMILEYS & EMOTION', 'color:Red']);
      expect(page.total).toBeGreaterThan(0);
      for (const item of page.items) {
        expect(item.category).toBe('Smileys & emotion');
        expect(pinMatchesColor(item.palette, 'red')).toBe(true);
      }
    });
  });
});
