import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { gaussian, seededRandom } from '@/lib/random/seeded-random';
import { quantizeInt8 } from '@/ranking/embedding';
import { indexPath } from '@/server/engine/schema';
import { normalizeVector } from '@/server/retrieval/quantize';
import {
  loadVisualSearch,
  visualHnswPathFor,
  visualSearchFromCodes,
  writeVisualGraph,
} from './visual-search';

/** A minimal index: pins, their image embeddings and meta (what readImageEmbeddings reads). */
const DIM = 48;
const N = 600;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-visual-graph-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const normal = gaussian(seededRandom(11));
const vectors = Array.from({ length: N }, () => normalizeVector(Array.from({ length: DIM }, normal))!);
const ids = vectors.map((_, i) => `p${i}`);

function writeIndexFile(): string {
  const file = indexPath(dir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.exec(`CREATE TABLE pins (id TEXT UNIQUE);
    CREATE TABLE pin_image_embedding (pin TEXT PRIMARY KEY, vec BLOB NOT NULL);
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    INSERT INTO meta VALUES ('imageEmbeddingDim', '${DIM}'), ('imageEncoderVersion', 'test');`);
  const pin = db.prepare('INSERT INTO pins (id) VALUES (?)');
  const vec = db.prepare('INSERT INTO pin_image_embedding (pin, vec) VALUES (?, ?)');
  ids.forEach((id, i) => {
    pin.run(id);
    vec.run(id, Buffer.from(quantizeInt8(vectors[i]!).buffer));
  });
  writeVisualGraph(db, visualHnswPathFor(file))!.commit();
  db.close();
  return file;
}

describe('the visual graph built at index time', () => {
  const file = writeIndexFile();

  it('is opened at load (no graph built then) and answers like an exact search', () => {
    const loaded = loadVisualSearch(dir)!;
    expect(loaded.backend).toBe('hnsw');
    expect(loaded.version).toBe('test');
    const codes = new Int8Array(N * DIM);
    vectors.forEach((v, i) => codes.set(quantizeInt8(v), i * DIM));
    const exact = visualSearchFromCodes(ids, codes, DIM, { graph: false });
    let shared = 0;
    for (let q = 0; q < 10; q++) {
      const query = normalizeVector(Array.from({ length: DIM }, normal))!;
      const truth = exact.nearest(query, 10).map((n) => n.id);
      const found = loaded.nearest(query, 10).map((n) => n.id);
      expect(found[0]).toBe(truth[0]);
      shared += found.filter((id) => truth.includes(id)).length;
    }
    expect(shared).toBeGreaterThanOrEqual(95);
    expect(loaded.nearest(vectors[7]!, 1, new Set(['p7']))[0]!.id).not.toBe('p7');
  });

  it('is not used when it does not match the database: the search is exact then', () => {
    fs.appendFileSync(visualHnswPathFor(file), Buffer.from([1, 2, 3]));
    const loaded = loadVisualSearch(dir)!;
    expect(loaded.backend).toBe('exact');
    expect(loaded.nearest(vectors[3]!, 1)[0]!.id).toBe('p3');
  });

  it('is absent for an index without image embeddings', () => {
    const db = new Database(':memory:');
    db.exec('CREATE TABLE pins (id TEXT); CREATE TABLE meta (key TEXT, value TEXT);');
    expect(writeVisualGraph(db, path.join(dir, 'none.usearch'))).toBeNull();
    db.close();
  });
});
