/**
 * Pins that look like a picture: nearest neighbours among the pins' image embeddings
 * (pin_image_embedding, read with image-embeddings.ts: unit vectors from the image model) in
 * an HNSW graph (retrieval/vector-index.ts, the same module and parameters as the text
 * embeddings' graph) built at index time into pins-visual.usearch beside the database, its hash
 * in meta; opening it takes milliseconds where building it took seconds (2,465 pins: ~3 s, 10,500:
 * ~6 s on this machine). An index without the file (or with one that does not match) is searched
 * exactly, ~20–30 ms a query. The graph only proposes candidates: each
 * is scored again with the exact cosine of the float query with its code, and ties go to the
 * lower slot (the pins' static rank), so an answer does not depend on the graph's quantization.
 * Null from loadVisualSearch when the index has no image embeddings (an older build): the
 * endpoint then says visual search is unavailable, and "More like this" stays text-only.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { dequantizeInt8, quantizeInt8 } from '@/ranking/embedding';
import { indexPath } from '@/server/engine/schema';
import { cosineInt8 } from '@/server/retrieval/quantize';
import {
  buildHnsw,
  exactVectorIndex,
  openHnsw,
  sha256File,
  writeHnsw,
  type VectorIndex,
} from '@/server/retrieval/vector-index';
import { readImageEmbeddings } from './image-embeddings';

export const VISUAL_HNSW_FILE = 'pins-visual.usearch';
/** sha256 of the graph file the database was built with: a mismatched file is not used. */
export const VISUAL_HNSW_META_KEY = 'imageHnswSha256';
export const visualHnswPathFor = (dbPath: string): string => path.join(path.dirname(dbPath), VISUAL_HNSW_FILE);

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
 * also how ties are broken; a graph's keys are slots). `graph`: a graph opened from its file,
 * true to build one now (tests), false to search exactly.
 */
export function visualSearchFromCodes(
  ids: readonly string[],
  codes: Int8Array,
  dim: number,
  { graph = true, version = '' }: { graph?: boolean | VectorIndex; version?: string } = {},
): VisualSearch {
  if (codes.length !== ids.length * dim)
    throw new Error(`visual embeddings: ${codes.length} codes for ${ids.length} pins of ${dim} dimensions`);
  const slots = Int32Array.from(ids, (_, i) => i);
  const index =
    typeof graph === 'object' ? graph : graph ? buildHnsw(slots, codes, dim) : exactVectorIndex(slots, codes, dim);
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

/**
 * At index time: the HNSW graph of the image embeddings `db` holds, written to a temporary file
 * beside `file`, its hash in `db`'s meta; `commit` renames it into place with the database. Null
 * when the database has no image embeddings.
 */
export function writeVisualGraph(
  db: Database.Database,
  file: string,
): { commit(): void; discard(): void } | null {
  const stored = readImageEmbeddings(db);
  if (!stored || stored.ids.length === 0) return null;
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  writeHnsw(tmp, Int32Array.from(stored.ids, (_, i) => i), quantizeInt8(stored.vectors), stored.dim);
  db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(VISUAL_HNSW_META_KEY, sha256File(tmp));
  return {
    commit: () => fs.renameSync(tmp, file),
    discard: () => fs.rmSync(tmp, { force: true }),
  };
}

/**
 * The visual search of an index's data dir (its graph file when it matches, else exact); null
 * when it has no image embeddings.
 */
export function loadVisualSearch(dataDir: string): VisualSearch | null {
  const file = indexPath(dataDir);
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const stored = readImageEmbeddings(db);
    if (!stored || stored.ids.length === 0) return null;
    const sha = db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(VISUAL_HNSW_META_KEY) as
      | string
      | undefined;
    const graph = openHnsw(visualHnswPathFor(file), sha, stored.dim, stored.ids.length) ?? false;
    // Back to int8: what the graph indexes anyway, and a quarter of the floats' memory.
    return visualSearchFromCodes(stored.ids, quantizeInt8(stored.vectors), stored.dim, {
      graph,
      version: stored.version,
    });
  } finally {
    db.close();
  }
}
