import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateSchema } from '@/contract/api';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { openEngine } from './open-engine';
import { indexPath } from './schema';
import { openSemanticLeg, type SemanticLeg } from './semantic-leg';
import type { SearchEngine } from './types';
import { FUSION_DEPTH, MIN_SEMANTIC_COSINE } from './with-semantic';

/** Hybrid retrieval on the full OpenMoji test index (built with embeddings and an HNSW file). */
let engine: SearchEngine;
let lexical: SearchEngine;
let db: Database.Database;
let leg: SemanticLeg;

beforeAll(async () => {
  const dataDir = await ensureTestIndex();
  engine = openEngine({ dataDir });
  lexical = openEngine({ dataDir, semantic: false });
  db = new Database(indexPath(dataDir), { readonly: true });
  leg = openSemanticLeg(db, indexPath(dataDir))!;
});
afterAll(() => {
  engine?.close();
  lexical?.close();
  db?.close();
});

const search = (e: SearchEngine, q: string, limit = 30, refine: string[] = []) => e.search({ q, refine, offset: 0, limit });

/** Base64 of 32 int8 values, decoded as v / 127 (the reranker brief's wire format). */
const decode = (b64: string) => Array.from(new Int8Array(Buffer.from(b64, 'base64')), (x) => x / 127);

describe('semantic leg', () => {
  it('uses the HNSW file built with the index', () => {
    expect(leg.backend).toBe('hnsw');
    expect(leg.dim).toBe(32);
  });

  it('finds results for a query no pin matches word for word, by meaning', () => {
    expect(search(lexical, 'winter clothes').total).toBe(0);
    const result = search(engine, 'winter clothes', 10);
    expect(result.items).toHaveLength(10);
    expect(result.total).toBeGreaterThanOrEqual(10);
    const wintry = new Set(['clothing', 'clothes', 'winter', 'snow', 'cold', 'ski']);
    for (const item of result.items) {
      expect(item.lexicalScore).toBe(0);
      expect(item.semanticScore).toBeGreaterThanOrEqual(MIN_SEMANTIC_COSINE);
    }
    expect(result.items.filter((i) => i.tags.some((t) => wintry.has(t))).length).toBeGreaterThanOrEqual(8);
  });

  it('still ranks cat pins first for "cat", exact title matches on top', () => {
    const exact = search(lexical, 'cat', 100);
    const fused = search(engine, 'cat', 30);
    // The eleven pins titled "… cat …" (cat faces, Cat, Black cat…) fill the top ten.
    for (const item of fused.items.slice(0, 10)) {
      expect(item.title.toLowerCase()).toMatch(/\bcat\b/u);
      expect(item.lexicalScore).toBeGreaterThan(0);
    }
    expect(fused.total).toBeGreaterThanOrEqual(exact.total);
  });

  it('fills a unit-ish int8 embedding and the cosine on every candidate', () => {
    for (const item of [...search(engine, 'rainbow', 50).items, ...engine.related({ id: 'om-1f63a', offset: 0, limit: 20 })!.items]) {
      expect(CandidateSchema.parse(item)).toEqual(item);
      const v = decode(item.embedding!);
      expect(v).toHaveLength(32);
      expect(Math.abs(Math.hypot(...v) - 1)).toBeLessThan(0.02);
      expect(item.semanticScore).toBeGreaterThanOrEqual(-1);
      expect(item.semanticScore).toBeLessThanOrEqual(1);
    }
  });

  it('leaves queries without a known word to the lexical leg', () => {
    expect(search(engine, 'qwzx')).toMatchObject({ items: [], total: 0 });
    const a = search(engine, 'buterfly', 30, []);
    expect(a.items[0]!.title).toBe('Butterfly');
    expect(engine.search({ q: 'buterfly', refine: [], offset: 0, limit: 10, exact: true }).total).toBe(0);
  });

  it('pages the fused ranking without overlap or gaps, with one total', () => {
    const all = search(engine, 'sweet dessert', 90);
    expect(all.total).toBeGreaterThan(search(lexical, 'sweet dessert', 1).total);
    const pages = [0, 30, 60].map((offset) => engine.search({ q: 'sweet dessert', refine: [], offset, limit: 30 }));
    expect(pages.flatMap((p) => p.items.map((i) => i.id))).toEqual(all.items.map((i) => i.id));
    for (const p of pages) expect(p.total).toBe(all.total);
    expect(pages[1]!.relatedSearches).toEqual([]);
  });

  it('pages a broad query (more matches than fusion reads) without overlap', () => {
    const total = search(lexical, 'symbol', 1).total;
    expect(total).toBeGreaterThan(FUSION_DEPTH + 60);
    const ids = new Set<string>();
    // Four pages across the boundary between the fused head and the lexical tail.
    for (let offset = FUSION_DEPTH - 20; offset < FUSION_DEPTH + 60; offset += 20) {
      const page = engine.search({ q: 'symbol', refine: [], offset, limit: 20 });
      expect(page.total).toBe(total);
      for (const item of page.items) ids.add(item.id);
    }
    expect(ids.size).toBe(80);
    const head = search(engine, 'symbol', 100).items.map((i) => i.id);
    expect(new Set(head).size).toBe(100);
  });

  it('applies refinements to the pins the semantic leg adds', () => {
    const refined = search(engine, 'sweet dessert', 100, ['category:Food & drink']);
    expect(refined.total).toBeGreaterThan(0);
    for (const item of refined.items) expect(item.category).toBe('Food & drink');
    const worded = search(engine, 'winter clothes', 100, ['shoe']);
    expect(worded.total).toBeGreaterThan(0);
    for (const item of worded.items) expect(`${item.title} ${item.tags.join(' ')} ${item.description}`.toLowerCase()).toContain('shoe');
  });

  it('can be switched off: `semantic: false` is the lexical ranking', () => {
    const a = search(lexical, 'sweet dessert', 30);
    for (const item of a.items) expect(item.lexicalScore).toBeGreaterThan(0);
    expect(a.items.map((i) => i.serverScore)).toEqual(a.items.map((i) => i.serverScore).sort((x, y) => y - x));
  });
});
