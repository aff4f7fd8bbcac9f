import { describe, expect, it } from 'vitest';
import type { Candidate } from '@/contract/api';
import type { AsyncSearchEngine, SearchEngine, SearchParams } from '@/server/engine/types';
import { THUMB_BYTES } from '@/server/visual/perceptual';
import { visualIndexFromRows } from '@/server/visual/visual-index';
import { createCandidatePools } from './candidate-pool';
import { withDiversity } from './with-diversity';

const N = 40;
/** Every third pin from p3 on is a copy of the one before it: the same picture and title. */
const isCopy = (i: number) => i % 3 === 0 && i > 0;
const candidate = (i: number): Candidate => ({
  id: `p${i}`,
  title: `Pin ${isCopy(i) ? i - 1 : i}`,
  description: '',
  tags: [],
  category: 'c',
  imageUrl: '',
  imageUrl2x: '',
  width: 236,
  height: 236,
  dominantColor: '#aabbcc',
  palette: [],
  source: { name: 'openmoji', attribution: 'OpenMoji', url: null },
  license: { name: 'CC', url: 'https://example.org' },
  popularity: 0.5,
  serverScore: 100 - i,
  lexicalScore: 1,
  semanticScore: 0,
  embedding: null,
});

/** Pins p0..p39 in score order. */
function fakeEngine(): SearchEngine {
  const all = Array.from({ length: N }, (_, i) => candidate(i));
  return {
    search: ({ offset, limit }: SearchParams) => ({
      items: all.slice(offset, offset + limit),
      total: N,
      query: { normalized: 'q' } as never,
      refinements: [],
      relatedSearches: offset === 0 ? ['more'] : [],
    }),
    getPin: (id) => all.find((c) => c.id === id) ?? null,
    related: () => null,
    info: () => ({ pins: N, sources: {}, version: 2, builtAt: '', buildMs: 0 }),
    close: () => {},
  };
}

const visual = visualIndexFromRows(
  Array.from({ length: N }, (_, i) => ({
    id: `p${i}`,
    dhash: '0'.repeat(16),
    // distinct thumbnails 20 apart, copies equal to the pin before them
    thumb: new Uint8Array(THUMB_BYTES).fill(((isCopy(i) ? i - 1 : i) * 20) % 250),
    leader: null,
  })),
);

const params = { q: 'q', refine: [] as string[] };
const ids = (items: readonly { id: string }[]) => items.map((i) => i.id);

describe('withDiversity', () => {
  it('pages never skip or repeat a pin, agree with the pool, and count folded pins out', () => {
    // A window smaller than the list, so paging crosses from the window into the engine's order.
    const engine = withDiversity(fakeEngine(), visual, { window: 20, lambda: 1 });
    const pages: string[] = [];
    for (let offset = 0; offset < N; offset += 7)
      pages.push(...ids(engine.search({ ...params, offset, limit: 7 }).items));
    expect(new Set(pages).size).toBe(pages.length);
    // The window p0..p19 folds p3, p6, ..., p18 (6 pins); the tail p20..p39 is passed through.
    const folded = [3, 6, 9, 12, 15, 18].map((i) => `p${i}`);
    expect(pages).toEqual(
      Array.from({ length: N }, (_, i) => `p${i}`).filter((id) => !folded.includes(id)),
    );
    const first = engine.search({ ...params, offset: 0, limit: 10 });
    expect(first.total).toBe(N - folded.length);
    expect(first.relatedSearches).toEqual(['more']);
    expect(engine.search({ ...params, offset: 10, limit: 10 }).relatedSearches).toEqual([]);
    expect(first.items.find((c) => c.id === 'p2')?.similar).toEqual(['p3']);
    const pool = createCandidatePools(engine, { size: 100 }).search(params);
    expect(ids(pool.candidates)).toEqual(pages);
  });

  it('keys its windows on every parameter that changes the list (type=)', () => {
    const inner = fakeEngine();
    const typed: SearchEngine = {
      ...inner,
      // type=video: only the pins from p30 on, as a filter would
      search: (p) => {
        const r = inner.search({ ...p, offset: 0, limit: N }) as ReturnType<
          SearchEngine['search']
        > & { items: Candidate[] };
        const items =
          p.type === 'video' ? r.items.filter((c) => Number(c.id.slice(1)) >= 30) : r.items;
        return { ...r, items: items.slice(p.offset, p.offset + p.limit), total: items.length };
      },
    };
    const engine = withDiversity(typed, visual, { window: 20, lambda: 1 });
    expect(ids(engine.search({ ...params, offset: 0, limit: 3 }).items)).toEqual([
      'p0',
      'p1',
      'p2',
    ]);
    expect(ids(engine.search({ ...params, type: 'video', offset: 0, limit: 3 }).items)).toEqual([
      'p30',
      'p31',
      'p32',
    ]);
  });

  it('works the same over an asynchronous (cluster) engine', async () => {
    const sync = fakeEngine();
    const asyncEngine = {
      ...sync,
      search: (p: SearchParams) => Promise.resolve(sync.search(p)),
      getPin: (id: string) => Promise.resolve(sync.getPin(id)),
      related: () => Promise.resolve(null),
      readiness: () => ({ engine: 'fake', ready: true, detail: '' }),
      generation: () => 'g1',
      close: () => Promise.resolve(),
    } satisfies AsyncSearchEngine;
    const engine = withDiversity(asyncEngine, visual, { window: 20, lambda: 1 });
    const page = await engine.search({ ...params, offset: 12, limit: 10 });
    expect(ids(page.items)).toEqual([
      'p17',
      'p19',
      'p20',
      'p21',
      'p22',
      'p23',
      'p24',
      'p25',
      'p26',
      'p27',
    ]);
    expect((await engine.getPin('p5'))?.similar).toEqual(undefined);
  });

  it('moves look-alikes with their own titles below different pins, past the kept top', () => {
    // p1..p4 look like p0 but are titled differently: kept as cards, spread out by MMR.
    const lookAlikes = visualIndexFromRows(
      Array.from({ length: N }, (_, i) => ({
        id: `p${i}`,
        dhash: '0'.repeat(16),
        thumb: new Uint8Array(THUMB_BYTES).fill(i <= 4 ? 0 : (i * 20) % 250),
        leader: null,
      })),
    );
    const titled = (): SearchEngine => {
      const inner = fakeEngine();
      return {
        ...inner,
        search: (p) => {
          const r = inner.search(p) as Awaited<ReturnType<SearchEngine['search']>>;
          return { ...r, items: r.items.map((c) => ({ ...c, title: `Own ${c.id}` })) };
        },
      };
    };
    const engine = withDiversity(titled(), lookAlikes, {
      window: 20,
      lambda: 0.5,
      mmrDepth: 10,
      keepTop: 2,
    });
    const page = ids(engine.search({ ...params, offset: 0, limit: 20 }).items);
    expect(page).toEqual([
      ...['p0', 'p1'], // kept in place
      ...['p5', 'p6', 'p7', 'p8', 'p9'],
      ...['p2', 'p3', 'p4'], // look-alikes of p0, below every different card within the depth
      ...Array.from({ length: 10 }, (_, i) => `p${10 + i}`),
    ]);
    // Nothing folded: the titles differ.
    expect(engine.search({ ...params, offset: 0, limit: 1 }).total).toBe(N);
  });
});
