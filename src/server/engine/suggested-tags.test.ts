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
import { BM25_WEIGHTS, INDEX_VERSION, META_KEYS, indexPath } from './schema';
import type { SearchEngine } from './types';

let dir: string;
let engine: SearchEngine;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-suggested-'));
  const db = memoryIndex(
    [
      // The guessed one first in static rank: only the weights can put it second.
      { id: 'guessed', title: 'Striped animal', suggested: ['zebra', 'horse'] },
      { id: 'tagged', title: 'Striped animal', tags: ['zebra'] },
      { id: 'other', title: 'Striped shirt', tags: ['clothing'] },
    ],
    { fts: true },
  );
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(
    META_KEYS.version,
    String(INDEX_VERSION),
  );
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(META_KEYS.pins, '3');
  fs.mkdirSync(path.dirname(indexPath(dir)), { recursive: true });
  fs.writeFileSync(indexPath(dir), db.serialize());
  db.close();
  engine = openEngine({ dataDir: dir, semantic: false, queryUnderstanding: false });
});

afterAll(() => {
  engine?.close();
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

  it('travel with the pin in a closeup', () => {
    expect(engine.getPin('guessed')?.suggestedTags).toEqual(['zebra', 'horse']);
    expect(engine.getPin('other')?.suggestedTags).toBeUndefined();
  });
});
