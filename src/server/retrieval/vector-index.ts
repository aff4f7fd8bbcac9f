/**
 * Nearest pins to a query vector: an HNSW graph (usearch) when the index has a matching one,
 * else exact cosine over the int8 codes — at ≤ 10k pins × 32 dims that is a fraction of a
 * millisecond, so the fallback costs speed only at corpus sizes this repo does not ship.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import usearch, { type Index } from 'usearch';
import { cosineInt8 } from './quantize';

export interface Neighbour {
  rowid: number;
  /** Cosine similarity to the query. */
  cosine: number;
}

export interface VectorIndex {
  readonly kind: 'hnsw' | 'exact';
  /** Up to k nearest pins, most similar first. */
  search(query: Float32Array, k: number): Neighbour[];
}

/** HNSW parameters: M = 16 links per node; wide beams because k reaches 200. */
const CONNECTIVITY = 16;
const EXPANSION_ADD = 128;
const EXPANSION_SEARCH = 256;
/**
 * Above this many pins (generated scale corpora; the real ones have < 10k) the graph is built
 * on every core with a narrower construction beam: single-threaded at EXPANSION_ADD, a million
 * pins took minutes. Such a file is not byte-reproducible (thread timing shapes the graph);
 * the database stores its hash all the same, so a mismatched file is still never used.
 */
export const LARGE_HNSW_PINS = 50_000;
const LARGE_EXPANSION_ADD = 48;

function newIndex(dim: number, expansionAdd = EXPANSION_ADD): Index {
  return new usearch.Index({
    dimensions: dim,
    metric: usearch.MetricKind.Cos,
    quantization: usearch.ScalarKind.I8,
    connectivity: CONNECTIVITY,
    expansion_add: expansionAdd,
    expansion_search: EXPANSION_SEARCH,
    multi: false,
  });
}

export const sha256File = (file: string): string => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

/**
 * Builds the HNSW graph over int8 codes keyed by pin rowid and saves it to `file`. One thread
 * up to LARGE_HNSW_PINS: the graph (and so the file's hash) is then the same on every build of
 * the same corpus.
 */
export function writeHnsw(file: string, rowids: Int32Array, codes: Int8Array, dim: number): void {
  const large = rowids.length > LARGE_HNSW_PINS;
  const index = newIndex(dim, large ? LARGE_EXPANSION_ADD : EXPANSION_ADD);
  const threads = large ? os.availableParallelism() : 1;
  if (rowids.length > 0) index.add(BigUint64Array.from(rowids, (r) => BigInt(r)), codes, threads);
  index.save(file);
}

/** Opens `file` when it exists and its hash is `sha256`; null otherwise (the caller falls back). */
export function openHnsw(file: string, sha256: string | undefined, dim: number, size: number): VectorIndex | null {
  if (!sha256 || !fs.existsSync(file)) return null;
  try {
    if (sha256File(file) !== sha256) return null;
    const index = newIndex(dim);
    index.load(file);
    if (index.size() !== size || index.dimensions() !== dim) return null;
    return searchable(index, size);
  } catch {
    return null;
  }
}

/**
 * The HNSW graph built in memory, for vectors an index stores without a graph file (the visual
 * embeddings, src/server/visual/visual-search.ts): keys are whatever the caller passes as
 * rowids (a slot number will do). Same parameters, so the same recall as the file's graph.
 */
export function buildHnsw(rowids: Int32Array, codes: Int8Array, dim: number): VectorIndex {
  const large = rowids.length > LARGE_HNSW_PINS;
  const index = newIndex(dim, large ? LARGE_EXPANSION_ADD : EXPANSION_ADD);
  if (rowids.length > 0)
    index.add(BigUint64Array.from(rowids, (r) => BigInt(r)), codes, large ? os.availableParallelism() : 1);
  return searchable(index, rowids.length);
}

function searchable(index: Index, size: number): VectorIndex {
  return {
    kind: 'hnsw',
    search(query, k) {
      const n = Math.min(k, size);
      if (n <= 0) return [];
      const found = index.search(query, n, 1);
      const out: Neighbour[] = [];
      for (let i = 0; i < found.keys.length; i++) {
        // usearch pads missing results with key 2⁶⁴−1 and cosine *distance* 1 − cos.
        const key = found.keys[i]!;
        if (key > BigInt(Number.MAX_SAFE_INTEGER)) continue;
        out.push({ rowid: Number(key), cosine: 1 - found.distances[i]! });
      }
      return out;
    },
  };
}

/** Exact cosine over every code: the reference HNSW is checked against, and the fallback. */
export function exactVectorIndex(rowids: Int32Array, codes: Int8Array, dim: number): VectorIndex {
  return {
    kind: 'exact',
    search(query, k) {
      const scored: Neighbour[] = [];
      for (let i = 0; i < rowids.length; i++) scored.push({ rowid: rowids[i]!, cosine: cosineInt8(query, codes, i * dim, dim) });
      scored.sort((a, b) => b.cosine - a.cosine || a.rowid - b.rowid);
      return scored.slice(0, Math.max(0, k));
    },
  };
}
