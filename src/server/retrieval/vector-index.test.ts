import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { quantizeInt8 } from '@/ranking/embedding';
import { normalizeVector } from './quantize';
import { gaussian, seededRandom } from '@/lib/random/seeded-random';
import { exactVectorIndex, openHnsw, sha256File, writeHnsw } from './vector-index';

const DIM = 32;
const N = 2000;
const normal = gaussian(seededRandom(3));
const rowids = Int32Array.from({ length: N }, (_, i) => i + 1);
const codes = new Int8Array(N * DIM);
for (let i = 0; i < N; i++) codes.set(quantizeInt8(normalizeVector(Array.from({ length: DIM }, normal))!), i * DIM);

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-hnsw-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('HNSW (usearch) against exact cosine', () => {
  const file = path.join(dir, 'pins.usearch');
  writeHnsw(file, rowids, codes, DIM);
  const hnsw = openHnsw(file, sha256File(file), DIM, N)!;
  const exact = exactVectorIndex(rowids, codes, DIM);

  it('opens a file whose hash matches, and reports cosines like the exact search (to int8 precision)', () => {
    expect(hnsw.kind).toBe('hnsw');
    const q = normalizeVector(Array.from({ length: DIM }, normal))!;
    const a = hnsw.search(q, 10);
    const b = exact.search(q, 10);
    expect(a[0]!.rowid).toBe(b[0]!.rowid);
    // usearch quantizes the query to int8 as well; the engine recomputes exact cosines itself.
    expect(Math.abs(a[0]!.cosine - b[0]!.cosine)).toBeLessThan(0.02);
  });

  it('finds ≥ 95 % of the exact 200 nearest neighbours', () => {
    let found = 0;
    const queries = 20;
    for (let t = 0; t < queries; t++) {
      const q = normalizeVector(Array.from({ length: DIM }, normal))!;
      const truth = new Set(exact.search(q, 200).map((n) => n.rowid));
      found += hnsw.search(q, 200).filter((n) => truth.has(n.rowid)).length;
    }
    expect(found / (queries * 200)).toBeGreaterThanOrEqual(0.95);
  });

  it('refuses a file that does not match the database (hash, size) or is missing', () => {
    expect(openHnsw(file, 'f'.repeat(64), DIM, N)).toBeNull();
    expect(openHnsw(file, sha256File(file), DIM, N + 1)).toBeNull();
    expect(openHnsw(path.join(dir, 'missing.usearch'), 'x', DIM, N)).toBeNull();
    expect(openHnsw(file, undefined, DIM, N)).toBeNull();
  });
});

describe('exactVectorIndex', () => {
  it('ranks by cosine, ties by rowid, at most k', () => {
    const index = exactVectorIndex(Int32Array.from([5, 3, 9]), Int8Array.from([100, 0, 0, 100, 100, 0]), 2);
    expect(index.search(Float32Array.from([1, 0]), 2)).toEqual([
      { rowid: 5, cosine: 1 },
      { rowid: 9, cosine: 1 },
    ]);
  });
});
