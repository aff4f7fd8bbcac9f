/**
 * Pins that look like a picture: nearest neighbours among the pins' image embeddings
 * (pin_image_embedding, read with image-embeddings.ts: unit vectors from the image model) in
 * an HNSW graph built in memory when the index is opened (retrieval/vector-index.ts, the same
 * module and parameters as the text embeddings' graph). The graph only proposes candidates: each
 * is scored again with the exact cosine of the float query with its code, and ties go to the
 * lower slot (the pins' static rank), so an answer does not depend on the graph's quantization.
 * Null from loadVisualSearch when the index has no image embeddings (an older build): the
 * endpoint then says visual search is unavailable, and "More like this" stays text-only.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { dequantizeInt8, quantizeInt8 } from '@/ranking/embedding';
import { indexPath } from '@/server/engine/schema';
import { cosineInt8 } from '@/server/retrieval/quantize';
import { buildHnsw, exactVectorIndex, type VectorIndex } from '@/server/retrieval/vector-index';
import { readImageEmbeddings } from './image-embeddings';

/** Extra neighbours asked of the graph per excluded pin, and for re-scoring at the edge of k. */
const OVERFETCH = 16;

export interface VisualNeighbour {
  id: string;
  /** Cosine of the query with the pin's image embedding. */
  cosine: number;
}

export interface VisualSearch {
  readonly dim: number;
  /** Pins with an image embedding. */
  readonly size: number;
  readonly backend: VectorIndex['kind'];
  /** The image encoder's version the embeddings come from (meta imageEncoderVersion); '' if unknown. */
  readonly version: string;
  /** Up to k pins nearest to a unit vector of `dim` values, best first, `exclude`d ids left out. */
  nearest(query: Float32Array, k: number, exclude?: ReadonlySet<string>): VisualNeighbour[];
  /** The pin's embedding as a unit-ish float vector (code / 127), or null when it has none. */
  vectorOf(id: string): Float32Array | null;
  /** Cosine of a unit vector with the pin's embedding; null when the pin has none. */
  cosine(query: Float32Array, id: string): number | null;
}

/**
 * From ids and their codes (ids.length × dim int8, in the order of `ids`: slot order, which is
 * also how ties are broken). `graph: false` searches exactly (tests compare the two).
 */
export function visualSearchFromCodes(
  ids: readonly string[],
  codes: Int8Array,
  dim: number,
  { graph = true, version = '' }: { graph?: boolean; version?: string } = {},
): VisualSearch {
  if (codes.length !== ids.length * dim)
    throw new Error(`visual embeddings: ${codes.length} codes for ${ids.length} pins of ${dim} dimensions`);
  const slots = Int32Array.from(ids, (_, i) => i);
  const index = graph ? buildHnsw(slots, codes, dim) : exactVectorIndex(slots, codes, dim);
  const slotOf = new Map(ids.map((id, i) => [id, i]));
  const cosineAt = (query: Float32Array, slot: number) => cosineInt8(query, codes, slot * dim, dim);
  return {
    dim,
    size: ids.length,
    backend: index.kind,
    version,
    nearest(query, k, exclude = new Set()) {
      if (k <= 0 || ids.length === 0) return [];
      const asked = Math.min(ids.length, k + exclude.size + OVERFETCH);
      return index
        .search(query, asked)
        .filter((n) => !exclude.has(ids[n.rowid]!))
        .map((n) => ({ slot: n.rowid, cosine: cosineAt(query, n.rowid) }))
        .sort((a, b) => b.cosine - a.cosine || a.slot - b.slot)
        .slice(0, k)
        .map((n) => ({ id: ids[n.slot]!, cosine: n.cosine }));
    },
    vectorOf(id) {
      const slot = slotOf.get(id);
      return slot === undefined ? null : dequantizeInt8(codes.subarray(slot * dim, (slot + 1) * dim));
    },
    cosine(query, id) {
      const slot = slotOf.get(id);
      return slot === undefined ? null : cosineAt(query, slot);
    },
  };
}

/** The visual search of an index's data dir; null when it has no image embeddings. */
export function loadVisualSearch(dataDir: string): VisualSearch | null {
  const file = indexPath(dataDir);
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const stored = readImageEmbeddings(db);
    if (!stored || stored.ids.length === 0) return null;
    // Back to int8: what the graph indexes anyway, and a quarter of the floats' memory.
    return visualSearchFromCodes(stored.ids, quantizeInt8(stored.vectors), stored.dim, {
      version: stored.version,
    });
  } finally {
    db.close();
  }
}
