import { describe, expect, it } from 'vitest';
import type { Candidate, Refinement, SearchModule, UnderstoodQuery } from '@/contract/api';
import {
  generateModules,
  MAX_MODULE_PINS,
  MAX_TILES,
  MIN_NARROW_TOTAL,
  MODULE_SLOTS,
  shoppingIntent,
  SHOP_INTENT_THRESHOLD,
  videoSupply,
  type GenerateModulesInput,
} from './generate-modules';

const PRODUCT = {
  price: 10,
  currency: 'EUR',
  merchant: 'Shop',
  availability: 'in_stock' as const,
  url: 'https://shop.example/x',
  demo: true,
};
const VIDEO = {
  url: '/media/a.webm',
  mimeType: 'video/webm' as const,
  poster: '/thumbs/p.webp',
  durationMs: 3000,
  width: 320,
  height: 240,
};

function pin(
  id: string,
  { title = id, tags = [] as string[], category = 'Things', palette = ['#888888'], type = '' } = {},
): Candidate {
  return {
    id,
    title,
    description: '',
    tags,
    category,
    imageUrl: `/thumbs/${id}.webp`,
    imageUrl2x: `/thumbs/${id}@2x.webp`,
    width: 236,
    height: 200,
    dominantColor: '#888888',
    palette,
    source: { name: 'test', attribution: 'test', url: null },
    license: { name: 'CC0', url: 'https://example.org' },
    popularity: 0,
    serverScore: 1,
    lexicalScore: 1,
    semanticScore: 0,
    embedding: null,
    ...(type === 'product' ? { product: PRODUCT } : {}),
    ...(type === 'video' ? { video: VIDEO } : {}),
  };
}

const understood = (q: string): UnderstoodQuery => ({
  raw: q,
  normalized: q,
  corrections: [],
  expansions: [],
});

/** 40 "cat" candidates: 10 each sleeping, face, black (a colour), and in category Animals. */
function cats(): Candidate[] {
  return Array.from({ length: 40 }, (_, i) => {
    const word = ['sleeping', 'face', 'toy', 'garden'][i % 4]!;
    return pin(`cat-${i}`, {
      title: `cat ${word}`,
      tags: ['cat', word],
      category: i % 2 === 0 ? 'Animals' : 'Smileys',
      palette: i % 5 === 0 ? ['#101010'] : ['#e02020'],
    });
  });
}
const chip = (label: string, value = label, count = 10): Refinement => ({
  label,
  kind: value.startsWith('category:') ? 'category' : value.startsWith('color:') ? 'color' : 'term',
  value,
  count,
});

function input(over: Partial<GenerateModulesInput> = {}): GenerateModulesInput {
  return {
    q: 'cat',
    refine: [],
    query: understood('cat'),
    total: 500,
    candidates: cats(),
    refinements: [
      chip('sleeping'),
      chip('face'),
      chip('Black', 'color:black', 8),
      chip('Animals', 'category:Animals', 20),
      chip('toy'),
      chip('garden'),
    ],
    related: [],
    ...over,
  };
}
const kinds = (modules: SearchModule[]) => modules.map((m) => m.kind);
const tilesOf = (m: SearchModule | undefined) => (m && 'tiles' in m ? m.tiles : []);

describe('the narrowing module', () => {
  it('gives a broad query one tile per refinement, each with a distinct cover the refinement keeps', () => {
    const modules = generateModules(input());
    const narrow = modules.find((m) => m.kind === 'narrow');
    const tiles = tilesOf(narrow);
    // Words and categories first, colours after.
    expect(tiles.map((t) => t.label)).toEqual([
      'sleeping',
      'face',
      'Animals',
      'toy',
      'garden',
      'Black',
    ]);
    expect(new Set(tiles.map((t) => t.cover.id)).size).toBe(tiles.length);
    const byId = new Map(cats().map((c) => [c.id, c]));
    const [sleeping, , animals, , , black] = tiles;
    expect(byId.get(sleeping!.cover.id)!.tags).toContain('sleeping');
    expect(byId.get(black!.cover.id)!.palette).toEqual(['#101010']);
    expect(byId.get(animals!.cover.id)!.category).toBe('Animals');
    // A tile goes to the search with its refinement added, as a chip would.
    expect(sleeping).toMatchObject({ q: 'cat', refine: ['sleeping'], count: 10 });
  });

  it('leaves out a chip that is a file-name tag ("arrow08")', () => {
    const candidates = cats().map((c, i) => (i < 10 ? { ...c, tags: [...c.tags, 'cat08'] } : c));
    const tiles = tilesOf(
      generateModules(
        input({ candidates, refinements: [chip('cat08'), ...input().refinements] }),
      ).find((m) => m.kind === 'narrow'),
    );
    expect(tiles.map((t) => t.label)).not.toContain('cat08');
    expect(tiles.length).toBeGreaterThan(0);
  });

  it('keeps the refinements already applied in its tiles', () => {
    const tiles = tilesOf(
      generateModules(input({ refine: ['color:red'] })).find((m) => m.kind === 'narrow'),
    );
    expect(tiles[0]!.refine).toEqual(['color:red', 'sleeping']);
  });

  it('is left out for a query with few results', () => {
    expect(kinds(generateModules(input({ total: MIN_NARROW_TOTAL - 1 })))).not.toContain('narrow');
  });

  it('needs four tiles with distinct covers: refinements whose pins are all taken do not count', () => {
    // Only two pins: "sleeping" and "toy" each have one, the other refinements no free cover.
    const candidates = [
      pin('a', { tags: ['cat', 'sleeping'] }),
      pin('b', { tags: ['cat', 'toy'] }),
    ];
    expect(kinds(generateModules(input({ candidates })))).not.toContain('narrow');
  });

  it('has at most MAX_TILES tiles', () => {
    const refinements = Array.from({ length: 12 }, (_, i) => chip('cat', 'cat', 40 - i));
    const tiles = tilesOf(generateModules(input({ refinements })).find((m) => m.kind === 'narrow'));
    expect(tiles.length).toBe(MAX_TILES);
  });
});

describe('the related-searches module', () => {
  it('drops stem duplicates, the query itself, and searches with no result; reads tags as words', () => {
    const related = generateModules(
      input({
        refinements: [],
        related: [
          { text: 'toy' },
          { text: 'toys' }, // a plural of the one above
          { text: 'cats' }, // the query again
          { text: 'dog bowl' }, // no candidate holds both words: no evidence it returns results
          { text: 'animals-sleeping' }, // a raw tag
          { text: 'sleeping' },
        ],
      }),
    ).find((m) => m.kind === 'related');
    expect(tilesOf(related).map((t) => t.label)).toEqual(['toy', 'animals sleeping', 'sleeping']);
    for (const tile of tilesOf(related)) {
      expect(tile.count).toBeGreaterThan(0);
      expect(tile.refine).toEqual([]);
      expect(tile.q).toBe(tile.label);
    }
  });

  it('uses the graph cover, read by the caller when it is not a candidate, and keeps covers distinct', () => {
    const outside = pin('outside', { title: 'kitten' });
    const related = generateModules(
      input({
        refinements: [],
        related: [
          { text: 'kitten', pins: 3, coverId: 'outside' },
          { text: 'face', pins: 10, coverId: 'cat-1' },
          { text: 'toy', pins: 10, coverId: 'cat-1' }, // the same cover: the next best is taken
        ],
        extraCovers: new Map([['outside', outside]]),
      }),
    ).find((m) => m.kind === 'related');
    const tiles = tilesOf(related);
    expect(tiles.map((t) => [t.label, t.count])).toEqual([
      ['kitten', 3],
      ['face', 10],
      ['toy', 10],
    ]);
    expect(tiles.map((t) => t.cover.id).slice(0, 2)).toEqual(['outside', 'cat-1']);
    expect(new Set(tiles.map((t) => t.cover.id)).size).toBe(3);
  });

  it('leaves out an engine’s own related search that is the query glued to a word', () => {
    const related = generateModules(
      input({
        refinements: [],
        related: [{ text: 'cat toy' }, { text: 'sleeping' }, { text: 'face' }, { text: 'garden' }],
      }),
    ).find((m) => m.kind === 'related');
    expect(tilesOf(related).map((t) => t.label)).toEqual(['sleeping', 'face', 'garden']);
  });

  it('does not repeat a search the narrowing module offers', () => {
    const modules = generateModules(
      input({ related: [{ text: 'sleeping' }, { text: 'kitten sleeping' }] }),
    );
    expect(kinds(modules)).toContain('narrow');
    expect(kinds(modules)).not.toContain('related'); // one left, below the minimum
  });
});

describe('shopping intent and the shop module', () => {
  const mixed = (products: number, of = 60) =>
    Array.from({ length: of }, (_, i) =>
      pin(`p${i}`, { title: 'lamp', tags: ['lamp'], type: i < products ? 'product' : '' }),
    );

  it('scores the share of products among the top candidates and the query words', () => {
    expect(shoppingIntent('lamp', mixed(0))).toBe(0);
    expect(shoppingIntent('lamp', mixed(12))).toBe(0); // 20 %: below the floor, pictures wanted
    expect(shoppingIntent('lamp', mixed(30))).toBeCloseTo(0.7); // 50 %: full share
    expect(shoppingIntent('lamp', mixed(23))).toBeGreaterThanOrEqual(SHOP_INTENT_THRESHOLD); // 38 %
    expect(shoppingIntent('lamp', mixed(22))).toBeLessThan(SHOP_INTENT_THRESHOLD); // 37 %
    expect(shoppingIntent('buy lamp', mixed(17))).toBeGreaterThanOrEqual(SHOP_INTENT_THRESHOLD);
    expect(shoppingIntent('buy lamp', mixed(1))).toBeLessThan(SHOP_INTENT_THRESHOLD);
    expect(shoppingIntent('lamp icon', mixed(60))).toBeLessThan(SHOP_INTENT_THRESHOLD);
  });

  it('shows the products, titled with the query, only with intent and at least two products', () => {
    const shop = generateModules(
      input({ q: 'lamp', query: understood('lamp'), candidates: mixed(30), refinements: [] }),
    ).find((m) => m.kind === 'shop');
    expect(shop?.title).toBe('Shop lamp');
    // The best products, in the candidates' order, at most MAX_MODULE_PINS.
    expect(shop && 'pins' in shop ? shop.pins.map((p) => p.id) : []).toEqual(
      Array.from({ length: MAX_MODULE_PINS }, (_, i) => `p${i}`),
    );
    expect(shop && 'pins' in shop ? shop.pins[0]!.product : null).toEqual(PRODUCT);
    // Half the candidates are products, but that is one product: not a module.
    const single = generateModules(
      input({ q: 'lamp', query: understood('lamp'), candidates: mixed(1, 2), refinements: [] }),
    );
    expect(kinds(single)).not.toContain('shop');
    const one = generateModules(
      input({
        q: 'buy lamp',
        query: understood('buy lamp'),
        candidates: mixed(1),
        refinements: [],
      }),
    );
    expect(kinds(one)).not.toContain('shop');
    const icon = generateModules(
      input({
        q: 'lamp icon',
        query: understood('lamp icon'),
        candidates: mixed(30),
        refinements: [],
      }),
    );
    expect(kinds(icon)).not.toContain('shop');
  });
});

describe('the watch module', () => {
  const withVideos = (n: number) =>
    Array.from({ length: 30 }, (_, i) =>
      pin(`v${i}`, { title: 'rain', type: i < n ? 'video' : '' }),
    );

  it('needs video supply: two video pins at least', () => {
    expect(videoSupply('rain', withVideos(1))).toBe(0);
    expect(videoSupply('rain', withVideos(2))).toBeGreaterThan(0);
    expect(videoSupply('animated rain', withVideos(2))).toBeGreaterThan(
      videoSupply('rain', withVideos(2)),
    );
    const base = { q: 'rain', query: understood('rain'), refinements: [] };
    expect(kinds(generateModules(input({ ...base, candidates: withVideos(1) })))).not.toContain(
      'watch',
    );
    const watch = generateModules(input({ ...base, candidates: withVideos(3) })).find(
      (m) => m.kind === 'watch',
    );
    expect(watch && 'pins' in watch ? watch.pins.map((p) => p.id) : []).toEqual(['v0', 'v1', 'v2']);
  });
});

describe('ranking and slots', () => {
  it('sorts modules by score and gives the slots in that order; a typed search gets narrowing only', () => {
    const candidates = cats().map((c, i) =>
      i < 24 ? { ...c, product: PRODUCT } : i < 28 ? { ...c, video: VIDEO } : c,
    );
    const modules = generateModules(
      input({
        candidates,
        related: [
          { text: 'animals sleeping' },
          { text: 'smileys face' },
          { text: 'smileys garden' },
        ],
      }),
    );
    expect(kinds(modules).sort()).toEqual(['narrow', 'related', 'shop', 'watch']);
    const scores = modules.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(modules.map((m) => m.slot)).toEqual(MODULE_SLOTS.slice(0, modules.length));
    expect(kinds(generateModules(input({ candidates, type: 'product' })))).toEqual(['narrow']);
  });
});
