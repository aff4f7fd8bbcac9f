import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CandidateSchema, PinSchema } from '@/contract/api';
import { buildIndex } from '@/server/ingest/build-index';
import type { BuildReport } from '@/server/ingest/types';
import { openEngine } from './open-engine';
import { INDEX_VERSION } from './schema';
import type { SearchEngine } from './types';

/** The first 300 OpenMoji emoji: smileys (incl. the nine cat faces) and the start of people. */
const LIMIT = 300;
const CAT_FACES = [
  'Cat with tears of joy',
  'Cat with wry smile',
  'Crying cat',
  'Grinning cat',
  'Grinning cat with smiling eyes',
  'Kissing cat',
  'Pouting cat',
  'Smiling cat with heart-eyes',
  'Weary cat',
];

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-engine-'));
let firstBuild: BuildReport;
let engine: SearchEngine;
/** The same index without the semantic leg: the lexical ranking the hybrid one builds on. */
let lexical: SearchEngine;

beforeAll(async () => {
  firstBuild = await buildIndex({ dataDir, sources: ['openmoji'], limit: LIMIT });
  engine = openEngine({ dataDir });
  lexical = openEngine({ dataDir, semantic: false });
});
afterAll(() => {
  engine?.close();
  lexical?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const page = (q: string, offset: number, limit: number, refine: string[] = []) => engine.search({ q, refine, offset, limit });

describe('search', () => {
  it('finds the cat faces first for "cat", best first (lexical ranking)', () => {
    const result = lexical.search({ q: 'cat', refine: [], offset: 0, limit: 30 });
    expect(result.total).toBe(CAT_FACES.length);
    expect(result.items.map((p) => p.title).sort()).toEqual(CAT_FACES);
    for (const item of result.items) {
      expect(CandidateSchema.parse(item)).toEqual(item);
      expect(item.tags).toContain('cat');
      expect(item.lexicalScore).toBeGreaterThan(0);
      expect(item.serverScore).toBeCloseTo(item.lexicalScore * (1 + 0.15 * item.popularity), 10);
      expect(item).toMatchObject({ source: { name: 'openmoji' } });
      // 32 int8 values → 44 base64 characters; the cosine is reported even without fusion.
      expect(item.embedding).toMatch(/^[A-Za-z0-9+/]{43}=$/u);
      expect(item.semanticScore).toBeGreaterThan(0.5);
    }
    const scores = result.items.map((p) => p.serverScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('keeps the cat faces first with fusion, then adds pins close in meaning', () => {
    const result = page('cat', 0, 30);
    expect(result.items.slice(0, CAT_FACES.length).map((p) => p.title).sort()).toEqual(CAT_FACES);
    expect(result.total).toBe(result.items.length);
    for (const item of result.items.slice(CAT_FACES.length)) {
      expect(item).toMatchObject({ lexicalScore: 0 });
      expect(item.semanticScore).toBeGreaterThanOrEqual(0.7);
    }
    const scores = result.items.map((p) => p.serverScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
  });

  it('ranks title matches above description-only matches (lexical ranking)', () => {
    const titles = lexical.search({ q: 'smiling', refine: [], offset: 0, limit: 5 }).items.map((p) => p.title.toLowerCase());
    expect(titles.every((t) => t.includes('smiling'))).toBe(true);
  });

  it('reports the understood query', () => {
    // WordNet: a grin is a smile (synonym), a smirk a kind of grin; a grin is a facial
    // expression, which is a gesture (two levels up: "facial expression" is no corpus word).
    expect(page('  Grinning   CAT ', 0, 1).query).toEqual({
      raw: 'Grinning   CAT',
      normalized: 'grinning cat',
      corrections: [],
      expansions: [
        { term: 'smile', weight: 0.6, source: 'wordnet' },
        { term: 'smirk', weight: 0.3, source: 'wordnet' },
        { term: 'gesture', weight: 0.2, source: 'wordnet' },
      ],
    });
  });

  it('pages without overlap or gaps', () => {
    const all = page('face', 0, 60);
    expect(all.total).toBeGreaterThan(60);
    const pages = [0, 20, 40].map((offset) => page('face', offset, 20));
    const ids = pages.flatMap((p) => p.items.map((i) => i.id));
    expect(ids).toHaveLength(60);
    expect(new Set(ids).size).toBe(60);
    expect(ids).toEqual(all.items.map((i) => i.id));
    for (const p of pages) expect(p.total).toBe(all.total);
  });

  it('returns the total past the last page', () => {
    expect(page('cat', 100, 10)).toMatchObject({ items: [], total: page('cat', 0, 1).total });
    expect(lexical.search({ q: 'cat', refine: [], offset: 100, limit: 10 })).toMatchObject({ items: [], total: CAT_FACES.length });
  });

  it('narrows with refine values (extra required words)', () => {
    expect(page('cat', 0, 10, ['crying']).items.map((p) => p.title)).toEqual(['Crying cat']);
    expect(page('cat', 0, 10, ['crying']).total).toBe(1);
    expect(page('cat', 0, 10, ['zebra']).total).toBe(0);
  });

  it('returns nothing, without error, for queries without words', () => {
    for (const q of ['', '   ', '***', '"', '()', '\u0000']) {
      expect(page(q, 0, 10)).toMatchObject({ items: [], total: 0, refinements: [] });
    }
  });

  it('clamps nonsense paging values instead of throwing', () => {
    expect(page('cat', -5, 2).items).toHaveLength(2);
    expect(page('cat', Number.NaN, Number.POSITIVE_INFINITY).items).toHaveLength(0);
    expect(page('cat', 0.7, 2.9).items.map((i) => i.id)).toEqual(page('cat', 0, 2).items.map((i) => i.id));
  });

  it('never throws and only returns indexed pins, whatever the text (property)', () => {
    const fragment = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 20 }),
      fc.constantFrom('"', '*', 'NEAR(', 'OR', 'AND', 'NOT', '^', '(', ')', ':', 'title:', 'cat', 'face', '\u0000', '\ud800'),
    );
    const text = fc.array(fragment, { maxLength: 8 }).map((parts) => parts.join(' '));
    fc.assert(
      fc.property(text, fc.array(text, { maxLength: 2 }), (q, refine) => {
        const result = engine.search({ q, refine, offset: 0, limit: 20 });
        expect(result.total).toBeGreaterThanOrEqual(result.items.length);
        for (const item of result.items) expect(engine.getPin(item.id)).not.toBeNull();
      }),
      { numRuns: 300 },
    );
    expect(() => engine.search({ q: 'x'.repeat(100_000), refine: ['"'.repeat(1000)], offset: 0, limit: 10 })).not.toThrow();
  });
});

describe('getPin', () => {
  it('returns a contract-valid pin, or null', () => {
    const pin = engine.getPin('om-1f63a')!;
    expect(PinSchema.parse(pin)).toEqual(pin);
    expect(pin).toMatchObject({ title: 'Grinning cat', category: 'Smileys & emotion', width: 236, height: 236 });
    expect(pin.dominantColor).toMatch(/^#[0-9a-f]{6}$/u);
    expect(engine.getPin('om-nope')).toBeNull();
    expect(engine.getPin("' OR 1=1 --")).toBeNull();
  });
});

describe('related', () => {
  it('returns pins sharing the most tags, never the pin itself (without the semantic leg)', () => {
    const source = engine.getPin('om-1f63a')!;
    const result = lexical.related({ id: 'om-1f63a', offset: 0, limit: 10 })!;
    expect(result.total).toBeGreaterThan(10);
    expect(result.items.map((i) => i.id)).not.toContain('om-1f63a');
    const shared = result.items.map((i) => i.tags.filter((t) => source.tags.includes(t)).length);
    expect(result.items.map((i) => i.serverScore)).toEqual(shared);
    expect(shared).toEqual([...shared].sort((a, b) => b - a));
    expect(result.items[0]!.title).toBe('Grinning cat with smiling eyes');
  });

  it('ranks by embedding, shared tags and colour, never the pin itself', () => {
    const result = engine.related({ id: 'om-1f63a', offset: 0, limit: 10 })!;
    expect(result.total).toBeGreaterThan(10);
    expect(result.items.map((i) => i.id)).not.toContain('om-1f63a');
    const scores = result.items.map((i) => i.serverScore);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    // The grinning cat's nearest: the other grinning cat, then grinning and smiling faces.
    expect(result.items[0]!.title).toBe('Grinning cat with smiling eyes');
    const source = engine.getPin('om-1f63a')!;
    for (const item of result.items) expect(item.tags.filter((t) => source.tags.includes(t)).length).toBeGreaterThan(1);
    for (const item of result.items) {
      expect(item.embedding).not.toBeNull();
      expect(item.serverScore).toBeGreaterThanOrEqual(0.6 * item.semanticScore);
    }
  });

  it('pages without overlap', () => {
    const a = engine.related({ id: 'om-1f63a', offset: 0, limit: 15 })!;
    const b = engine.related({ id: 'om-1f63a', offset: 15, limit: 15 })!;
    const all = engine.related({ id: 'om-1f63a', offset: 0, limit: 30 })!;
    expect([...a.items, ...b.items].map((i) => i.id)).toEqual(all.items.map((i) => i.id));
    expect(engine.related({ id: 'om-1f63a', offset: 10_000, limit: 5 })).toEqual({ items: [], total: all.total });
  });

  it('is null for an unknown pin', () => {
    expect(engine.related({ id: 'missing', offset: 0, limit: 10 })).toBeNull();
  });
});

describe('info', () => {
  it('describes the build', () => {
    const info = engine.info();
    expect(info).toMatchObject({ pins: firstBuild.pins, sources: { openmoji: firstBuild.pins }, version: INDEX_VERSION });
    expect(info.pins).toBe(LIMIT);
    expect(Number.isNaN(Date.parse(info.builtAt))).toBe(false);
    expect(info.buildMs).toBeGreaterThan(0);
  });
});

describe('re-ingest of unchanged input', () => {
  it('reuses every thumbnail instead of rasterizing again', async () => {
    expect(firstBuild.rendered + firstBuild.reused).toBe(LIMIT);
    expect(firstBuild.rendered).toBeGreaterThan(LIMIT - 10); // a few emoji share identical artwork
    const second = await buildIndex({ dataDir, sources: ['openmoji'], limit: LIMIT });
    expect(second).toMatchObject({ rendered: 0, reused: LIMIT, pins: LIMIT, skipped: {} });
    // A server holding the previous file keeps working after the atomic replace.
    expect(lexical.search({ q: 'cat', refine: [], offset: 0, limit: 1 }).total).toBe(CAT_FACES.length);
    expect(engine.search({ q: 'cat', refine: [], offset: 0, limit: 1 }).items[0]!.tags).toContain('cat');
  });
});
