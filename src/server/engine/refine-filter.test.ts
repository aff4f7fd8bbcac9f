import { describe, expect, it } from 'vitest';
import { memoryIndex } from './memory-index';
import { createRefineFilter, parseRefinements, withRefineFilter } from './refine-filter';

const PINS = [
  { id: 'a', title: 'red apple', category: 'Food & drink', palette: ['#e02020', '#30a040'] },
  { id: 'b', title: 'green apple', category: 'Food & drink', palette: ['#30a040'] },
  { id: 'c', title: 'red car', category: 'Travel', palette: ['#d22f27', '#000000'] },
  { id: 'd', title: 'apple logo', category: 'Brands', palette: ['#808080'] },
];

const testDb = () => memoryIndex(PINS, { fts: true });

describe('refine filter', () => {
  const db = testDb();
  const filter = createRefineFilter(db);
  const sql = withRefineFilter(
    'SELECT p.id FROM pins_fts JOIN pins p ON p.rowid = pins_fts.rowid WHERE pins_fts MATCH ? ORDER BY p.id',
  );
  const filtered = db.prepare<[string, string], string>(sql).pluck();
  const ids = (match: string, refine: string[]) => {
    const plan = filter.plan(refine);
    expect(plan.filter).not.toBeNull();
    return filtered.all(match, plan.filter!);
  };

  it('adds the filter after every MATCH', () => {
    expect(withRefineFilter('a pins_fts MATCH ? b pins_fts MATCH ?')).toBe(
      'a pins_fts MATCH ? AND inspo_refine_ok(rowid, ?) b pins_fts MATCH ? AND inspo_refine_ok(rowid, ?)',
    );
  });

  it('keeps words as words and has no filter without category or colour', () => {
    expect(filter.plan(['big', 'Red'])).toEqual({ terms: ['big', 'Red'], filter: null });
  });

  it('filters by category (any case) and by every named colour asked for', () => {
    expect(ids('"apple"', ['category:food & DRINK'])).toEqual(['a', 'b']);
    expect(ids('"apple"', ['color:green'])).toEqual(['a', 'b']);
    expect(ids('"apple"', ['color:green', 'color:red'])).toEqual(['a']);
    expect(ids('"red"', ['color:red'])).toEqual(['a', 'c']);
    expect(ids('"red"', ['color:red', 'category:Travel'])).toEqual(['c']);
    expect(ids('"apple"', ['color:gray'])).toEqual(['d']);
  });

  it('answers the same in JS, for retrieval outside FTS', () => {
    const rowids = db.prepare<[], number>('SELECT rowid FROM pins ORDER BY id').pluck().all();
    const kept = (refine: string[]) =>
      rowids.filter((rowid) => filter.allows(rowid, filter.plan(refine).filter)).length;
    expect(kept([])).toBe(4);
    expect(kept(['color:red'])).toBe(2);
    expect(kept(['category:Brands'])).toBe(1);
    expect(kept(['color:teal'])).toBe(0);
  });

  it.each([
    [['color:teal']],
    [['category:Nope']],
    [['category:Travel', 'category:Brands']],
    [['category:']],
  ])('matches nothing for %j', (refine) => {
    expect(ids('"apple" OR "red"', refine)).toEqual([]);
  });
});

describe('parseRefinements', () => {
  it('groups values, dropping duplicate categories and colours', () => {
    expect(
      parseRefinements([
        'big',
        'category:Animals',
        'color:red',
        'category:animals',
        'Color:Red',
        'eyes',
      ]),
    ).toEqual({
      terms: ['big', 'eyes'],
      categories: ['Animals'],
      colors: ['red'],
      matchesNothing: false,
    });
  });

  it.each([['color:teal'], ['category:'], ['category:  ']])('%j matches nothing', (value) => {
    expect(parseRefinements([value]).matchesNothing).toBe(true);
  });

  it('is empty for no values', () => {
    expect(parseRefinements([])).toEqual({
      terms: [],
      categories: [],
      colors: [],
      matchesNothing: false,
    });
  });
});

describe('refine filter: pin types (type=)', () => {
  const offer = {
    price: 3,
    currency: 'EUR',
    merchant: 'Market',
    availability: 'in_stock',
    url: 'https://market.example/apple',
    demo: false,
  } as const;
  const clip = {
    file: `${'c'.repeat(64)}.webm`,
    mimeType: 'video/webm',
    poster: 'h',
    durationMs: 2000,
    width: 320,
    height: 240,
  } as const;
  const db = memoryIndex(
    [
      {
        id: 'a',
        title: 'red apple',
        category: 'Food',
        palette: ['#e02020'],
        media: { product: offer },
      },
      {
        id: 'b',
        title: 'green apple',
        category: 'Food',
        palette: ['#30a040'],
        media: { video: clip },
      },
      {
        id: 'c',
        title: 'apple pie',
        category: 'Baking',
        palette: ['#e02020'],
        media: { product: offer },
      },
      { id: 'd', title: 'apple tree', category: 'Food', palette: ['#30a040'] },
    ],
    { fts: true },
  );
  const filter = createRefineFilter(db);
  const filtered = db
    .prepare<[string, string], string>(
      withRefineFilter(
        'SELECT p.id FROM pins_fts JOIN pins p ON p.rowid = pins_fts.rowid WHERE pins_fts MATCH ? ORDER BY p.id',
      ),
    )
    .pluck();
  const ids = (refine: string[], type: 'product' | 'video') =>
    filtered.all('"apple"', filter.plan(refine, type).filter!);

  it('keeps only pins of the type, alone or with a category and colours', () => {
    expect(ids([], 'product')).toEqual(['a', 'c']);
    expect(ids([], 'video')).toEqual(['b']);
    expect(ids(['category:Food'], 'product')).toEqual(['a']);
    expect(ids(['color:red', 'category:Baking'], 'product')).toEqual(['c']);
    expect(ids(['color:red'], 'video')).toEqual([]);
  });

  it('answers the same in JS, and a search without a type has no filter at all', () => {
    const rowids = db.prepare<[], number>('SELECT rowid FROM pins ORDER BY id').pluck().all();
    expect(rowids.filter((r) => filter.allows(r, filter.plan([], 'video').filter))).toHaveLength(1);
    expect(filter.plan([]).filter).toBeNull();
  });

  it('finds no typed pin in an index built before pin_media, without an error', () => {
    const old = memoryIndex([{ id: 'x', title: 'apple' }], { fts: true });
    old.exec('DROP TABLE pin_media');
    const oldFilter = createRefineFilter(old);
    const stmt = old
      .prepare<[string, string], string>(
        withRefineFilter('SELECT rowid FROM pins_fts WHERE pins_fts MATCH ?'),
      )
      .pluck();
    expect(stmt.all('"apple"', oldFilter.plan([], 'product').filter!)).toEqual([]);
    old.close();
  });
});
