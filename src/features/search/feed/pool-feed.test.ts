import { describe, expect, it, vi } from 'vitest';
import type { Candidate, PinsResponse, PoolCandidate } from '@/contract/api';
import { PinStore } from '../api/get-pins';
import {
  PoolFeed,
  poolWindow,
  type PoolOrderAtOnce,
  type PoolPage,
  type PoolPlanner,
} from './pool-feed';

const PAGE = 3;

const candidate = (id: string): Candidate => ({
  id,
  title: `pin ${id}`,
  description: '',
  tags: [],
  category: 'animals',
  imageUrl: `/thumbs/${id}-236.webp`,
  imageUrl2x: `/thumbs/${id}-472.webp`,
  width: 236,
  height: 200,
  dominantColor: '#aabbcc',
  palette: [],
  source: { name: 'openmoji', attribution: 'OpenMoji', url: null },
  license: { name: 'CC BY-SA 4.0', url: 'https://creativecommons.org/licenses/by-sa/4.0/' },
  popularity: 0.5,
  serverScore: 1,
  lexicalScore: 1,
  semanticScore: 0,
  embedding: `emb-${id}`,
});

/** The pool of `items`; the first `display` with what a card draws, as the server sends it. */
const poolOf = (items: readonly Candidate[], display = 0): PoolCandidate[] =>
  items.map(
    (
      {
        id,
        title,
        category,
        dominantColor,
        popularity,
        serverScore,
        lexicalScore,
        semanticScore,
        embedding,
        imageUrl,
        imageUrl2x,
        width,
        height,
      },
      rank,
    ) => ({
      id,
      title,
      category,
      dominantColor,
      popularity,
      serverScore,
      lexicalScore,
      semanticScore,
      embedding,
      ...(rank < display ? { display: { imageUrl, imageUrl2x, width, height } } : {}),
    }),
  );

/** A server of `n` pins p0..p(n-1), their display data answered by the batch route. */
function server(n: number, { gone = [] as string[], display = 0 } = {}) {
  const all = Array.from({ length: n }, (_, i) => candidate(`p${i}`));
  const batches: string[][] = [];
  let failing = false;
  const fetchPins = async ({ ids }: { ids: readonly string[] }): Promise<PinsResponse> => {
    batches.push([...ids]);
    if (failing) throw new Error('offline');
    const known = new Map(all.map((c) => [c.id, c]));
    return {
      items: ids.filter((id) => known.has(id) && !gone.includes(id)).map((id) => known.get(id)!),
      missing: ids.filter((id) => !known.has(id) || gone.includes(id)),
    };
  };
  return {
    all,
    batches,
    pins: new PinStore(fetchPins),
    first: { items: all.slice(0, PAGE), pool: { candidates: poolOf(all, display) } },
    fail: (value: boolean) => {
      failing = value;
    },
  };
}

const left = (pool: readonly PoolCandidate[], exclude: ReadonlySet<string>) =>
  pool.filter((c) => !exclude.has(c.id)).map((c) => c.id);
const serverOrder: PoolPlanner = async ({ pool, exclude }) => ({
  ids: left(pool, exclude),
  provisional: false,
});
/** Stands for a history that likes the pool's last pins best. */
const reversed: PoolPlanner = async ({ pool, exclude }) => ({
  ids: left(pool, exclude).reverse(),
  provisional: false,
});

function open(
  s: ReturnType<typeof server>,
  plan: PoolPlanner,
  hidden: ReadonlySet<string> = new Set(),
  orderAtOnce?: PoolOrderAtOnce,
): PoolFeed {
  return new PoolFeed({
    feedKey: 'feed',
    query: 'cat',
    pageSize: PAGE,
    first: s.first,
    plan,
    orderAtOnce,
    pins: s.pins,
    hidden: () => hidden,
  });
}

const ids = (feed: PoolFeed) => feed.pages.map((page) => page.items.map((c) => c.id));

async function showAll(feed: PoolFeed): Promise<void> {
  while (feed.hasMore) {
    const before = feed.pages.length;
    feed.requestNext();
    await vi.waitFor(() => expect(feed.pages.length > before || feed.exhausted).toBe(true));
  }
}

describe('PoolFeed', () => {
  it('with no history shows exactly the server’s pages, the first without fetching anything', async () => {
    const s = server(8);
    const feed = open(s, serverOrder);
    await vi.waitFor(() => expect(feed.ready).toBe(true));
    expect(ids(feed)).toEqual([['p0', 'p1', 'p2']]);
    expect(feed.pages[0]!.items).toEqual(s.all.slice(0, PAGE));
    await showAll(feed);
    expect(ids(feed)).toEqual([
      ['p0', 'p1', 'p2'],
      ['p3', 'p4', 'p5'],
      ['p6', 'p7'],
    ]);
    expect(s.batches).toEqual([
      ['p3', 'p4', 'p5'],
      ['p6', 'p7'],
    ]);
    expect(feed.params).toEqual([{ slice: 0 }, { slice: 1 }, { slice: 2 }]);
    expect(feed.exhausted).toBe(true);
  });

  it('with an order known at once shows the first page before it is made, and orders the next with the planner', async () => {
    const s = server(8);
    const calls: number[] = [];
    const plan: PoolPlanner = async (input) => {
      calls.push(input.shown);
      return reversed(input);
    };
    const atOnce: PoolOrderAtOnce = ({ pool, exclude }) => ({
      ids: left(pool, exclude),
      provisional: false,
    });
    const feed = open(s, plan, new Set(), atOnce);
    // No await: out in the same task as the answer, from its full first page.
    expect(feed.ready).toBe(true);
    expect(ids(feed)).toEqual([['p0', 'p1', 'p2']]);
    expect(feed.pages[0]!.items).toEqual(s.all.slice(0, PAGE));
    expect(feed.revision).toBeGreaterThan(0);
    // The page after it is the planner's (a history may have begun on page 1).
    await vi.waitFor(() => expect(s.batches).toHaveLength(1));
    expect(calls).toEqual([PAGE]);
    feed.requestNext();
    expect(ids(feed)[1]).toEqual(['p7', 'p6', 'p5']);
  });

  it('prepares the first order when it is not known at once', async () => {
    const s = server(8);
    const feed = open(s, reversed, new Set(), () => null);
    expect(feed.ready).toBe(false);
    await vi.waitFor(() => expect(feed.ready).toBe(true));
    expect(ids(feed)).toEqual([['p7', 'p6', 'p5']]);
  });

  it('draws a first page from the pool’s display fields without a request; later pages come in full', async () => {
    const s = server(12, { display: 9 });
    const feed = open(s, reversed);
    await vi.waitFor(() => expect(feed.ready).toBe(true));
    // p9..p11 have no display fields (the first 9 of the pool do): fetched.
    expect(ids(feed)).toEqual([['p11', 'p10', 'p9']]);
    expect(s.batches[0]).toEqual(['p11', 'p10', 'p9']);

    const t = server(12, { display: 9 });
    const plan: PoolPlanner = async (input) => ({
      ids: ['p8', 'p5', 'p4', ...left(input.pool, input.exclude)],
      provisional: false,
    });
    const drawn = open(t, plan);
    await vi.waitFor(() => expect(drawn.ready).toBe(true));
    expect(ids(drawn)).toEqual([['p8', 'p5', 'p4']]);
    // A card: what the grid draws and the engagement log reads, not the closeup's details.
    const { description: _d, tags: _t, palette: _p, source: _s, license: _l, ...card } = t.all[8]!;
    expect(drawn.pages[0]!.items[0]).toEqual(card);
    expect(drawn.pages[0]!.items[0]).not.toHaveProperty('display');
    // Nothing fetched for page 1; page 2 (p0 p1 p2: in the first answer) needs nothing either,
    // page 3's pins are fetched in full although the pool has display fields for them.
    expect(t.batches).toEqual([]);
    drawn.requestNext();
    await vi.waitFor(() => expect(drawn.pages).toHaveLength(2));
    expect(ids(drawn)[1]).toEqual(['p0', 'p1', 'p2']);
    await vi.waitFor(() => expect(t.batches).toEqual([['p3', 'p6', 'p7']]));
    drawn.requestNext();
    await vi.waitFor(() => expect(drawn.pages).toHaveLength(3));
    expect(drawn.pages[2]!.items[0]).toEqual(t.all[3]);
  });

  it('offline, draws nothing from display fields: the first page is the server’s, which came in full', async () => {
    vi.stubGlobal('navigator', { onLine: false });
    try {
      const s = server(12, { display: 12 });
      const feed = open(s, reversed);
      await vi.waitFor(() => expect(feed.ready).toBe(true));
      expect(ids(feed)).toEqual([['p0', 'p1', 'p2']]);
      // The answer's own pins, in full; nothing was asked for to show them.
      expect(feed.pages[0]!.items).toEqual(s.all.slice(0, PAGE));
      expect(s.batches.flat()).not.toContain('p0');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('cuts page 1 from the top of the device’s order, fetching the pins the server did not send', async () => {
    const s = server(8);
    const feed = open(s, reversed);
    await vi.waitFor(() => expect(feed.ready).toBe(true));
    expect(ids(feed)).toEqual([['p7', 'p6', 'p5']]);
    // Display data and the pool's ranking fields, for the engagement log.
    expect(feed.pages[0]!.items[0]).toEqual(s.all[7]);
    expect(s.batches[0]).toEqual(['p7', 'p6', 'p5']);
  });

  it('fetches the next page’s pins before the reader asks for it, and shows it at once', async () => {
    const s = server(8);
    const feed = open(s, reversed);
    await vi.waitFor(() => expect(s.batches).toHaveLength(2));
    expect(feed.pages).toHaveLength(1);
    feed.requestNext();
    // Nothing to wait for: the pins are at hand.
    expect(ids(feed)[1]).toEqual(['p4', 'p3', 'p2']);
    expect(feed.pending).toBe(false);
  });

  it('orders what is left after each page, never showing a pin twice nor skipping one', async () => {
    const s = server(10);
    const calls: { exclude: string[]; shown: number }[] = [];
    // Each time a different order of what is left: the later pages follow the latest.
    let round = 0;
    const plan: PoolPlanner = async (input) => {
      calls.push({ exclude: [...input.exclude].sort(), shown: input.shown });
      const ids = left(input.pool, input.exclude).sort();
      round += 1;
      return { ids: round % 2 === 0 ? ids.reverse() : ids, provisional: false };
    };
    const feed = open(s, plan);
    await showAll(feed);
    const shown = ids(feed).flat();
    expect([...shown].sort()).toEqual(s.all.map((c) => c.id).sort());
    expect(new Set(shown).size).toBe(shown.length);
    expect(calls[0]).toEqual({ exclude: [], shown: 0 });
    expect(calls[1]!.shown).toBe(PAGE);
    expect(calls[1]!.exclude).toEqual([...ids(feed)[0]!].sort());
  });

  it('orders again when a page is asked for if the order ahead was server order only because the model was loading', async () => {
    const s = server(9);
    let ready = false;
    const calls: number[] = [];
    const plan: PoolPlanner = async (input) => {
      calls.push(input.shown);
      return ready ? reversed(input) : { ...(await serverOrder(input)), provisional: true };
    };
    const feed = open(s, plan);
    await vi.waitFor(() => expect(s.batches).toHaveLength(1));
    // Page 1 in server order, asked for once; the order ahead for page 2 was made right after.
    expect(ids(feed)).toEqual([['p0', 'p1', 'p2']]);
    expect(calls).toEqual([0, 3]);
    ready = true; // the model loaded while the reader looked at page 1
    feed.requestNext();
    await vi.waitFor(() => expect(feed.pages).toHaveLength(2));
    expect(ids(feed)[1]).toEqual(['p8', 'p7', 'p6']);
    expect(calls.slice(0, 3)).toEqual([0, 3, 3]);
  });

  it('leaves out pins hidden before a page is shown, pool order or not', async () => {
    const s = server(8);
    const hidden = new Set<string>(['p4']);
    const feed = open(s, serverOrder, hidden);
    await vi.waitFor(() => expect(feed.ready).toBe(true));
    hidden.add('p6'); // hidden after the order was made: still never shown
    await showAll(feed);
    expect(ids(feed).flat()).toEqual(['p0', 'p1', 'p2', 'p3', 'p5', 'p7']);
  });

  it('skips pins the server no longer holds', async () => {
    const s = server(6, { gone: ['p4'] });
    const feed = open(s, serverOrder);
    await showAll(feed);
    expect(ids(feed)).toEqual([
      ['p0', 'p1', 'p2'],
      ['p3', 'p5'],
    ]);
  });

  it('shows the server’s first page when the first page’s pins cannot be fetched', async () => {
    const s = server(8);
    s.fail(true);
    const feed = open(s, reversed);
    await vi.waitFor(() => expect(feed.ready).toBe(true));
    expect(ids(feed)).toEqual([['p0', 'p1', 'p2']]);
    // The next page could not be fetched ahead either: nothing to say until it is asked for.
    await vi.waitFor(() => expect(s.batches).toHaveLength(2));
    expect(feed.error).toBeNull();
    expect(feed.pending).toBe(false);
  });

  it('reports a later page that cannot be fetched once asked for, and fetches it again when asked', async () => {
    const s = server(8);
    const feed = open(s, serverOrder);
    await vi.waitFor(() => expect(s.batches).toHaveLength(1));
    feed.requestNext(); // page 2, fetched ahead
    expect(ids(feed)[1]).toEqual(['p3', 'p4', 'p5']);
    s.fail(true);
    await vi.waitFor(() => expect(s.batches).toHaveLength(2)); // page 3 ahead: failed, quietly
    expect(feed.error).toBeNull();
    feed.requestNext();
    expect(feed.pending).toBe(true);
    await vi.waitFor(() => expect(feed.error).toEqual(new Error('offline')));
    expect(feed.pending).toBe(false);
    expect(feed.pages).toHaveLength(2);
    s.fail(false);
    feed.requestNext();
    await vi.waitFor(() => expect(feed.pages).toHaveLength(3));
    expect(ids(feed)[2]).toEqual(['p6', 'p7']);
    expect(feed.error).toBeNull();
  });

  it('takes a server without pools: the first page stands for the pool', async () => {
    const s = server(8);
    const feed = new PoolFeed({
      feedKey: 'feed',
      query: 'cat',
      pageSize: PAGE,
      first: { items: s.first.items },
      plan: reversed,
      pins: s.pins,
      hidden: () => new Set(),
    });
    await showAll(feed);
    expect(ids(feed)).toEqual([['p2', 'p1', 'p0']]);
    expect(s.batches).toEqual([]);
  });

  it('tells subscribers when something changed', async () => {
    const s = server(8);
    const feed = open(s, serverOrder);
    const listener = vi.fn();
    const unsubscribe = feed.subscribe(listener);
    await vi.waitFor(() => expect(listener).toHaveBeenCalled());
    unsubscribe();
    listener.mockClear();
    await showAll(feed);
    expect(listener).not.toHaveBeenCalled();
  });
});

/** A page of one item known by its id (the window never looks inside pages). */
const pageOf = (id: string) => ({ items: [{ id }] }) as unknown as PoolPage;

/** Pool pages p0..p2 and server pages named by their cursor; a page's items are its name. */
const pool = {
  pages: ['p0', 'p1', 'p2'].map(pageOf),
  params: [{ slice: 0 }, { slice: 1 }, { slice: 2 }],
};
const END = 'c300';
const param = (cursor: string) => ({ cursor, poolEnd: END });
const windowOf = (params: (string | null)[]) =>
  poolWindow({
    pool,
    server: {
      pages: params.map((p) => p ?? 'first'),
      pageParams: params.map((p) => p && param(p)),
    },
    pastPool: pageOf,
  });
const windowIds = (w: ReturnType<typeof windowOf>) => w.pages.map((p) => p.items[0]!.id);

describe('poolWindow', () => {
  it('is the pool’s pages while the query holds only the first answer', () => {
    const w = windowOf([null]);
    expect(windowIds(w)).toEqual(['p0', 'p1', 'p2']);
    expect(w.pageParams).toEqual(pool.params);
    expect(w.attached).toBe(true);
  });

  it('goes on with the server’s pages past the pool, the first answer not a page of its own', () => {
    const w = windowOf([null, 'c300', 'c330']);
    expect(windowIds(w)).toEqual(['p0', 'p1', 'p2', 'c300', 'c330']);
    expect(w.pageParams.slice(3)).toEqual([param('c300'), param('c330')]);
    // The query dropped its first answer (maxPages): the window is the same.
    expect(windowIds(windowOf(['c300', 'c330']))).toEqual(['p0', 'p1', 'p2', 'c300', 'c330']);
  });

  it('leaves the pool’s pages out when the first page past the pool is not loaded', () => {
    const w = windowOf(['c330', 'c360']);
    expect(windowIds(w)).toEqual(['c330', 'c360']);
    expect(w.attached).toBe(false);
    // A far jump to one later page.
    expect(windowIds(windowOf(['c600']))).toEqual(['c600']);
  });
});
