import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gaussian, seededRandom } from '@/lib/random/seeded-random';
import { quantizeInt8 } from '@/ranking/embedding';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { normalizeVector } from '@/server/retrieval/quantize';
import { visualSearchFromCodes, type VisualSearch } from '@/server/visual/visual-search';
import { indexPath } from './schema';
import { openSemanticLeg, type SemanticLeg } from './semantic-leg';
import { createSemanticRelated, RELATED_K, RELATED_TAG_CANDIDATES } from './semantic-related';

/**
 * Related pins with image embeddings, on the OpenMoji test index with stand-in image vectors:
 * random ones, except that a seed and a pin with nothing in common in words are given the same
 * picture, so only the image side can bring that pin in.
 */
const DIM = 64;
let db: Database.Database;
let leg: SemanticLeg;
let ids: string[];
let visual: VisualSearch;
let seed: { rowid: number; id: string };
let twin: { rowid: number; id: string };

beforeAll(async () => {
  const dataDir = await ensureTestIndex();
  db = new Database(indexPath(dataDir), { readonly: true });
  leg = openSemanticLeg(db, indexPath(dataDir))!;
  const rows = db.prepare('SELECT rowid, id FROM pins ORDER BY rowid').all() as { rowid: number; id: string }[];
  seed = rows[10]!;
  // A pin the text side does not propose for the seed.
  const textual = new Set(createSemanticRelated(db, leg).rank(seed.rowid)!.map((c) => c.rowid));
  twin = rows.find((r) => r.rowid !== seed.rowid && !textual.has(r.rowid))!;
  const normal = gaussian(seededRandom(7));
  const picture = normalizeVector(Array.from({ length: DIM }, normal))!;
  // Every pin but one has a picture (the last has none: text only for it).
  ids = rows.slice(0, -1).map((r) => r.id);
  const codes = new Int8Array(ids.length * DIM);
  ids.forEach((id, i) => {
    const v = id === seed.id || id === twin.id ? picture : normalizeVector(Array.from({ length: DIM }, normal))!;
    codes.set(quantizeInt8(v), i * DIM);
  });
  visual = visualSearchFromCodes(ids, codes, DIM);
});
afterAll(() => db?.close());

describe('related pins with image similarity', () => {
  it('brings in a pin with the same picture that the words never proposed, near the top', () => {
    const blended = createSemanticRelated(db, leg, { visual, visualWeight: 0.3 }).rank(seed.rowid)!;
    const position = blended.findIndex((c) => c.rowid === twin.rowid);
    expect(position).toBeGreaterThanOrEqual(0);
    expect(position).toBeLessThan(20);
    expect(blended.length).toBeGreaterThan(0);
  });

  it('with weight 0, or without image embeddings, ranks exactly as text alone', () => {
    const text = createSemanticRelated(db, leg).rank(seed.rowid);
    expect(createSemanticRelated(db, leg, { visual, visualWeight: 0 }).rank(seed.rowid)).toEqual(text);
    expect(createSemanticRelated(db, leg, { visual: null }).rank(seed.rowid)).toEqual(text);
    expect(text!.length).toBeLessThanOrEqual(RELATED_K + RELATED_TAG_CANDIDATES);
  });

  it('keeps a pin without an image embedding on text alone', () => {
    const last = db.prepare('SELECT rowid FROM pins ORDER BY rowid DESC LIMIT 1').pluck().get() as number;
    expect(createSemanticRelated(db, leg, { visual, visualWeight: 0.3 }).rank(last)).toEqual(
      createSemanticRelated(db, leg).rank(last),
    );
  });
});
