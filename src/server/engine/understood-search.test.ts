import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { headIndexEnd, writeHeadIndex } from './head-index';
import { indexPath } from './schema';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { openEngine } from './open-engine';
import type { SearchEngine } from './types';

/**
 * The full OpenMoji test index, with and without query understanding. Both without the
 * semantic leg: these tests pin down the lexical ranking that fusion (with-semantic.ts) builds on.
 */
let engine: SearchEngine;
let baseline: SearchEngine;

beforeAll(async () => {
  const dataDir = await ensureTestIndex();
  engine = openEngine({ dataDir, semantic: false });
  baseline = openEngine({ dataDir, queryUnderstanding: false, semantic: false });
});
afterAll(() => {
  engine?.close();
  baseline?.close();
});

const search = (q: string, more: { limit?: number; exact?: boolean; refine?: string[] } = {}) =>
  engine.search({ q, refine: more.refine ?? [], offset: 0, limit: more.limit ?? 30, exact: more.exact ?? false });
const titles = (q: string, limit = 5) => search(q, { limit }).items.map((i) => i.title);

describe('search with query understanding', () => {
  it('corrects a misspelt word: "buterfly" finds the butterfly, and says so', () => {
    const result = search('buterfly');
    expect(result.query).toEqual({
      raw: 'buterfly',
      normalized: 'butterfly',
      corrections: [{ from: 'buterfly', to: 'butterfly' }],
      expansions: [{ term: 'butterfly', weight: 1, source: 'spelling' }],
    });
    expect(result.items[0]!.title).toBe('Butterfly');
    expect(baseline.search({ q: 'buterfly', refine: [], offset: 0, limit: 10 }).total).toBe(0);
  });

  it('exact: true searches the words as typed', () => {
    const result = search('buterfly', { exact: true });
    expect(result.query.corrections).toEqual([]);
    expect(result.total).toBe(0);
  });

  it('finds cars for "automobile" and cats for "kitty", exact matches first', () => {
    expect(titles('automobile', 3)).toEqual(['Automobile', 'Oncoming automobile', 'Sport utility vehicle']);
    expect(search('automobile').items.map((i) => i.title)).toContain('Racing car');
    expect(titles('kitty', 2)).toEqual(['Cat', 'Cat face']);
    expect(search('kitty', { limit: 100 }).items.map((i) => i.title)).toContain('Grinning cat');
  });

  it('matches British spellings to the corpus and back', () => {
    expect(titles('aeroplane', 2)).toEqual(['Small airplane', 'Airplane']);
    expect(search('colour').items.map((i) => i.title)).toContain('Artist palette');
  });

  it.each(['cat', 'face', 'heart', 'grinning cat', 'red', 'automobile', 'flag', 'tree', 'sun', 'grey'])(
    'never pushes an exact match down: the first page of %j starts with the exact results, in their order',
    (q) => {
      const exact = baseline.search({ q, refine: [], offset: 0, limit: 30 });
      const understood = search(q, { limit: 30 });
      expect(understood.items.slice(0, exact.items.length).map((i) => i.id)).toEqual(exact.items.map((i) => i.id));
      expect(understood.total).toBeGreaterThanOrEqual(exact.total);
    },
  );

  it('scores by bm25 × expansion weight × popularity prior', () => {
    for (const item of search('kitty', { limit: 30 }).items) {
      const ratio = item.serverScore / (item.lexicalScore * (1 + 0.15 * item.popularity));
      expect([1, 0.6, 0.3, 0.2].some((w) => Math.abs(ratio - w) < 1e-9)).toBe(true);
    }
  });

  it('pages through the tiers without overlap or gaps', () => {
    const all = search('automobile', { limit: 40 });
    const pages = [0, 10, 20, 30].flatMap((offset) =>
      engine.search({ q: 'automobile', refine: [], offset, limit: 10 }).items.map((i) => i.id),
    );
    expect(pages).toEqual(all.items.map((i) => i.id));
    expect(new Set(pages).size).toBe(pages.length);
  });

  it.each([
    ['face', 'per-tier'],
    ['heart', 'per-tier'],
    ['red', 'per-tier'],
    ['sun', 'per-tier'],
    ['red', 'flat'],
    ['sun', 'flat'],
  ])(
    'pages %j (%s ranking of the expansions) the same whether a page is cut from tier 0 alone or from every tier',
    async (q, mode) => {
      // A fresh engine per page, so no page is cut from a ranking an earlier page left behind:
      // small pages within tier 0 never read the expansion tiers, larger ones do.
      const dataDir = await ensureTestIndex();
      const fresh = (offset: number, limit: number) => {
        const e = openEngine({ dataDir, semantic: false, ...(mode === 'flat' ? { flatRankingPostings: 0 } : {}) });
        try {
          return e.search({ q, refine: [], offset, limit });
        } finally {
          e.close();
        }
      };
      const all = fresh(0, 1000);
      // Each has more matches than one page, and expansions: some page straddles tier 0's end.
      expect(all.total).toBeGreaterThan(20);
      expect(new Set(all.items.map((i) => i.serverScore / (i.lexicalScore * (1 + 0.15 * i.popularity)))).size).toBeGreaterThan(1);
      const pages = [];
      for (let offset = 0; offset < all.total; offset += 20) pages.push(...fresh(offset, 20).items.map((i) => [i.id, i.serverScore]));
      expect(pages).toEqual(all.items.map((i) => [i.id, i.serverScore]));
    },
  );

  it('requires refinements in every tier, unexpanded, while the query stays expanded', () => {
    const result = search('automobile', { refine: ['oncoming'] });
    expect(result.items.map((i) => i.title)).toEqual([
      'Oncoming automobile', // exact tier
      'Oncoming police car', // "car", a synonym (0.6)
      'Oncoming bus', // hyponyms (0.3)
      'Oncoming taxi',
    ]);
  });

  it('returns related searches on the first page only, never the query itself', () => {
    const first = search('cat');
    expect(first.relatedSearches.length).toBeGreaterThan(2);
    expect(first.relatedSearches.length).toBeLessThanOrEqual(6);
    expect(first.relatedSearches).not.toContain('cat');
    for (const related of first.relatedSearches) expect(search(related).total).toBeGreaterThan(0);
    expect(engine.search({ q: 'cat', refine: [], offset: 30, limit: 30 }).relatedSearches).toEqual([]);
  });
});

describe('ranking window (broad queries at scale)', () => {
  const WINDOW = 50;
  let windowed: SearchEngine;
  let rowidOf: Map<string, number>;
  beforeAll(async () => {
    const dataDir = await ensureTestIndex();
    windowed = openEngine({ dataDir, semantic: false, rankWindow: WINDOW });
    const db = new Database(indexPath(dataDir), { readonly: true });
    rowidOf = new Map((db.prepare('SELECT id, rowid FROM pins').all() as { id: string; rowid: number }[]).map((r) => [r.id, r.rowid]));
    db.close();
  });
  afterAll(() => windowed?.close());
  const ids = (e: SearchEngine, q: string, offset: number, limit: number, refine: string[] = []) =>
    e.search({ q, refine, offset, limit }).items.map((i) => i.id);

  it('ranks exactly when the matches fit in the window', () => {
    expect(search('automobile').total).toBeLessThan(WINDOW);
    expect(ids(windowed, 'automobile', 0, 40)).toEqual(ids(engine, 'automobile', 0, 40));
  });

  it.each([[[]], [['color:yellow']], [['category:smileys & emotion']]])(
    'pages "face" (refine %j) without overlap or gaps: the window ranked, then the rest in rowid order',
    (refine: string[]) => {
      const exact = engine.search({ q: 'face', refine, offset: 0, limit: 1000 });
      expect(exact.total).toBeGreaterThan(WINDOW + 20);
      const all = windowed.search({ q: 'face', refine, offset: 0, limit: 1000 });
      expect(all.total).toBe(exact.total);
      // The same pins as the exact ranking, each once.
      expect(all.items.map((i) => i.id).sort()).toEqual(exact.items.map((i) => i.id).sort());
      // Pages of 20 concatenate to the one long page.
      const pages = [];
      for (let offset = 0; offset < all.items.length; offset += 20) pages.push(...ids(windowed, 'face', offset, 20, refine));
      expect(pages).toEqual(all.items.map((i) => i.id));
      // The window holds the WINDOW matches with the smallest rowids (the static rank) …
      const rowids = all.items.map((i) => rowidOf.get(i.id)!);
      const sorted = [...rowids].sort((a, b) => a - b);
      expect([...rowids.slice(0, WINDOW)].sort((a, b) => a - b)).toEqual(sorted.slice(0, WINDOW));
      // … each in the tier (expansion weight) the exact ranking puts it in, ranked by tier, then score …
      const weightOf = (i: { serverScore: number; lexicalScore: number; popularity: number }) =>
        Number((i.serverScore / (i.lexicalScore * (1 + 0.15 * i.popularity))).toFixed(9));
      const exactWeight = new Map(exact.items.map((i) => [i.id, weightOf(i)]));
      const head = all.items.slice(0, WINDOW);
      expect(head.map(weightOf)).toEqual(head.map((i) => exactWeight.get(i.id)));
      for (let k = 1; k < head.length; k++) {
        const [a, b] = [head[k - 1]!, head[k]!];
        expect(weightOf(a)).toBeGreaterThanOrEqual(weightOf(b));
        if (weightOf(a) === weightOf(b)) expect(a.serverScore).toBeGreaterThanOrEqual(b.serverScore);
      }
      // … and the tail follows in rowid order.
      expect(rowids.slice(WINDOW)).toEqual(sorted.slice(WINDOW));
    },
  );
});

describe('head index (broad queries ranked on the most popular pins\' own FTS table)', () => {
  const WINDOW = 50;
  const HEAD = 400;
  let tmp: string;
  let withHead: SearchEngine;
  let without: SearchEngine;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-head-'));
    const source = await ensureTestIndex();
    fs.mkdirSync(path.join(tmp, 'index'));
    fs.copyFileSync(indexPath(source), indexPath(tmp));
    const db = new Database(indexPath(tmp));
    expect(writeHeadIndex(db, HEAD)).toBe(HEAD);
    expect(headIndexEnd(db)).toBe(HEAD);
    db.close();
    withHead = openEngine({ dataDir: tmp, semantic: false, rankWindow: WINDOW });
    without = openEngine({ dataDir: source, semantic: false, rankWindow: WINDOW });
  });
  afterAll(() => {
    withHead?.close();
    without?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.each([[[]], [['color:yellow']]])('ranks the same window pins in the same tiers (refine %j)', (refine: string[]) => {
    // "face": its first 50 matches lie within the first 400 rowids, so the head ranks them.
    const a = withHead.search({ q: 'face', refine, offset: 0, limit: 200 });
    const b = without.search({ q: 'face', refine, offset: 0, limit: 200 });
    expect(a.total).toBe(b.total);
    const weight = (i: { serverScore: number; lexicalScore: number; popularity: number }) =>
      Number((i.serverScore / (i.lexicalScore * (1 + 0.15 * i.popularity))).toFixed(9));
    const windowOf = (items: typeof a.items) => new Map(items.slice(0, WINDOW).map((i) => [i.id, weight(i)]));
    expect(windowOf(a.items)).toEqual(windowOf(b.items));
    // Scored on the head (its own term statistics), so the scores themselves differ.
    expect(a.items.slice(0, WINDOW).map((i) => i.lexicalScore)).not.toEqual(b.items.slice(0, WINDOW).map((i) => i.lexicalScore));
    // The tail is the same list in the same (rowid) order.
    expect(a.items.slice(WINDOW).map((i) => i.id)).toEqual(b.items.slice(WINDOW).map((i) => i.id));
  });
});

describe('head ranking for queries of very common words (fewer matches than the window)', () => {
  const HEAD = 400;
  let tmp: string;
  let onHead: SearchEngine;
  let exact: SearchEngine;
  let rowidOf: Map<string, number>;
  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-head-rank-'));
    const source = await ensureTestIndex();
    fs.mkdirSync(path.join(tmp, 'index'));
    fs.copyFileSync(indexPath(source), indexPath(tmp));
    const db = new Database(indexPath(tmp));
    expect(writeHeadIndex(db, HEAD)).toBe(HEAD);
    rowidOf = new Map((db.prepare('SELECT id, rowid FROM pins').all() as { id: string; rowid: number }[]).map((r) => [r.id, r.rowid]));
    db.close();
    // Every query counts as one of common words here; the default window holds all of their matches.
    onHead = openEngine({ dataDir: tmp, semantic: false, headRankingPostings: 0 });
    exact = openEngine({ dataDir: source, semantic: false });
  });
  afterAll(() => {
    onHead?.close();
    exact?.close();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  it.each(['red', 'sun', 'heart'])('ranks the head\'s matches of %j, then the rest in rowid order, paging without gaps', (q) => {
    const all = onHead.search({ q, refine: [], offset: 0, limit: 1000 });
    const reference = exact.search({ q, refine: [], offset: 0, limit: 1000 });
    // Every match, each once.
    expect(all.items.map((i) => i.id).sort()).toEqual(reference.items.map((i) => i.id).sort());
    const rowids = all.items.map((i) => rowidOf.get(i.id)!);
    const inHead = rowids.filter((r) => r <= HEAD).length;
    expect(inHead).toBeGreaterThan(0);
    expect(inHead).toBeLessThan(reference.total);
    // The total is the head's share scaled to the corpus: an estimate, never counted.
    expect(all.total).toBe(Math.max(inHead, Math.round((inHead * Math.max(...rowidOf.values())) / HEAD)));
    // The head's pins first, by tier then score; the rest unscored, in rowid order.
    expect(rowids.slice(0, inHead).every((r) => r <= HEAD)).toBe(true);
    expect(rowids.slice(inHead)).toEqual([...rowids.slice(inHead)].sort((a, b) => a - b));
    expect(all.items.slice(inHead).every((i) => i.serverScore === 0)).toBe(true);
    const pages = [];
    for (let offset = 0; offset < reference.total; offset += 7) pages.push(...onHead.search({ q, refine: [], offset, limit: 7 }).items.map((i) => i.id));
    expect(pages).toEqual(all.items.map((i) => i.id));
  });
});

describe('flat ranking (one bm25 cursor for expressions of very common words)', () => {
  let flat: SearchEngine;
  beforeAll(async () => {
    flat = openEngine({ dataDir: await ensureTestIndex(), semantic: false, flatRankingPostings: 0 });
  });
  afterAll(() => flat?.close());

  it.each(['kitty', 'automobile', 'face', 'red car'])('keeps %j\'s pins, tiers and total; ranks by tier, then score', (q) => {
    const weight = (i: { serverScore: number; lexicalScore: number; popularity: number }) =>
      Number((i.serverScore / (i.lexicalScore * (1 + 0.15 * i.popularity))).toFixed(9));
    const a = flat.search({ q, refine: [], offset: 0, limit: 1000 });
    const b = engine.search({ q, refine: [], offset: 0, limit: 1000 });
    expect(a.total).toBe(b.total);
    expect(new Map(a.items.map((i) => [i.id, weight(i)]))).toEqual(new Map(b.items.map((i) => [i.id, weight(i)])));
    for (let k = 1; k < a.items.length; k++) {
      const [x, y] = [a.items[k - 1]!, a.items[k]!];
      expect(weight(x)).toBeGreaterThanOrEqual(weight(y));
      if (weight(x) === weight(y)) expect(x.serverScore).toBeGreaterThanOrEqual(y.serverScore);
    }
  });
});

