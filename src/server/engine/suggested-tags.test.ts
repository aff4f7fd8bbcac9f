/**
 * Tags predicted from pixels (pin_suggested_tags, FTS column `suggested`): a pin is found by them,
 * below a pin that carries the word as a real tag, and returns them as Pin.suggestedTags.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryIndex } from './memory-index';
import { openEngine } from './open-engine';
import Database from 'better-sqlite3';
import { BM25_WEIGHTS, FTS_COLUMNS, INDEX_VERSION, META_KEYS, indexPath } from './schema';
import type { SearchEngine } from './types';

let dir: string;
let engine: SearchEngine;
let db: Database.Database;
const BM25_ARGS = FTS_COLUMNS.map((c) => BM25_WEIGHTS[c].toFixed(1)).join(', ');

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-suggested-'));
  const built = memoryIndex(
    [
      // The guessed one first in static rank: only the weights can put it second.
      { id: 'guessed', title: 'Striped animal', suggested: ['zebra', 'horse'] },
      { id: 'tagged', title: 'Striped animal', tags: ['zebra'] },
      { id: 'other', title: 'Striped shirt', tags: ['clothing'] },
      // Guessed "okapi" three times in a short column, against one written mention in a long
      // description: bm25 alone would put the guess first.
      {
        id: 'okapi-guessed',
        title: 'Forest animal',
        suggested: ['okapi', 'okapi calf', 'okapi stripes'],
      },
      {
        id: 'okapi-described',
        title: 'Forest animal',
        description: `A shy animal of the rainforest ${'with long legs and a long neck '.repeat(8)}: an okapi.`,
      },
    ],
    { fts: true },
  );
  const meta = built.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
  meta.run(META_KEYS.version, String(INDEX_VERSION));
  meta.run(META_KEYS.pins, '5');
  fs.mkdirSync(path.dirname(indexPath(dir)), { recursive: true });
  fs.writeFileSync(indexPath(dir), built.serialize());
  built.close();
  db = new Database(indexPath(dir), { readonly: true });
  engine = openEngine({ dataDir: dir, semantic: false });
});

afterAll(() => {
  engine?.close();
  db?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('predicted tags', () => {
  it('weigh less than every field a person wrote', () => {
    const { suggested, ...written } = BM25_WEIGHTS;
    expect(Math.min(...Object.values(written))).toBeGreaterThan(suggested);
  });

  it('make a pin findable, ranked below a pin with the real tag', () => {
    const result = engine.search({ q: 'zebra', refine: [], offset: 0, limit: 10 });
    expect(result.items.map((p) => p.id)).toEqual(['tagged', 'guessed']);
    expect(result.items[1]!.suggestedTags).toEqual(['zebra', 'horse']);
    expect(result.items[0]!.suggestedTags).toBeUndefined();
  });

  it('rank a pin that needs them after every pin matched by written words, whatever bm25 says', () => {
    const bm25 = new Map(
      (
        db
          .prepare(
            `SELECT p.id, -bm25(pins_fts, ${BM25_ARGS}) AS score FROM pins_fts JOIN pins p ON p.rowid = pins_fts.rowid WHERE pins_fts MATCH 'okapi'`,
          )
          .all() as { id: string; score: number }[]
      ).map((r) => [r.id, r.score]),
    );
    expect(bm25.get('okapi-guessed')!).toBeGreaterThan(bm25.get('okapi-described')!);
    const result = engine.search({ q: 'okapi', refine: [], offset: 0, limit: 10 });
    expect(result.items.map((p) => p.id)).toEqual(['okapi-described', 'okapi-guessed']);
    expect(result.total).toBe(2);
  });

  it('travel with the pin in a closeup', () => {
    expect(engine.getPin('guessed')?.suggestedTags).toEqual(['zebra', 'horse']);
    expect(engine.getPin('other')?.suggestedTags).toBeUndefined();
  });
});
