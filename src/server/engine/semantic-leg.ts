/**
 * The semantic side of the engine: pin embeddings and word vectors loaded from the index,
 * the query encoder, and nearest-neighbour search (HNSW file when it matches the database,
 * exact cosine otherwise). Null when the index has no embeddings.
 */
import type Database from 'better-sqlite3';
import { dequantizeInt8, int8ToBase64 } from '@/ranking/embedding';
import { encodeQuery } from '@/server/retrieval/query-encoder';
import { cosineInt8 } from '@/server/retrieval/quantize';
import { EMBEDDING_META_KEYS, hnswPathFor, readEmbeddings } from '@/server/retrieval/store';
import { exactVectorIndex, openHnsw, type Neighbour } from '@/server/retrieval/vector-index';

export interface SemanticLeg {
  /** Which nearest-neighbour search is in use. */
  readonly backend: 'hnsw' | 'exact';
  readonly dim: number;
  /** Unit query vector, or null when no query word has a vector (then there is no semantic leg). */
  encode(text: string): Float32Array | null;
  /** Up to k nearest pins by cosine, best first. */
  nearest(query: Float32Array, k: number): Neighbour[];
  /** Cosine of the query with a pin's stored (int8) vector; 0 for a pin without one. */
  cosine(query: Float32Array, rowid: number): number;
  /** The pin's vector decoded (v / 127), or null. */
  vectorOf(rowid: number): Float32Array | null;
  /** Candidate.embedding: base64 of the pin's int8 code, or null. */
  embeddingOf(rowid: number): string | null;
  /** Pins are keyed by rowid here and by id in the contract. */
  rowidOf(id: string): number | undefined;
}

export function openSemanticLeg(db: Database.Database, dbPath: string): SemanticLeg | null {
  const stored = readEmbeddings(db);
  if (!stored || stored.rowids.length === 0) return null;
  const { dim, rowids, codes, words } = stored;
  // rowid → slot in `codes` (-1: none), a typed array rather than a Map: rowids are dense 1..n in
  // practice, and a million-entry Map was a large part of what every full GC had to trace.
  let maxRowid = 0;
  for (const r of rowids) if (r > maxRowid) maxRowid = r;
  const slots = new Int32Array(maxRowid + 1).fill(-1);
  rowids.forEach((r, i) => (slots[r] = i));
  const slotOf = (rowid: number): number | undefined => {
    const i = Number.isInteger(rowid) && rowid >= 0 && rowid <= maxRowid ? slots[rowid]! : -1;
    return i < 0 ? undefined : i;
  };
  const index =
    openHnsw(hnswPathFor(dbPath), stored.meta[EMBEDDING_META_KEYS.hnswSha256], dim, rowids.length) ??
    exactVectorIndex(rowids, codes, dim);
  const codeOf = (rowid: number): Int8Array | null => {
    const i = slotOf(rowid);
    return i === undefined ? null : codes.subarray(i * dim, (i + 1) * dim);
  };
  const rowidById = new Map<string, number>();
  for (const [rowid, id] of db.prepare('SELECT rowid, id FROM pins').raw().iterate() as Iterable<[number, string]>) {
    rowidById.set(id, rowid);
  }
  return {
    backend: index.kind,
    dim,
    encode: (text) => encodeQuery(text, words)?.vector ?? null,
    nearest: (query, k) => index.search(query, k),
    cosine(query, rowid) {
      const i = slotOf(rowid);
      return i === undefined ? 0 : cosineInt8(query, codes, i * dim, dim);
    },
    vectorOf(rowid) {
      const code = codeOf(rowid);
      return code ? dequantizeInt8(code) : null;
    },
    // Not cached: encoding 32 bytes costs less than a map that grows with every pin ever
    // returned (a million strings, and a young-generation GC that must trace into it).
    embeddingOf(rowid) {
      const code = codeOf(rowid);
      return code ? int8ToBase64(code) : null;
    },
    rowidOf: (id) => rowidById.get(id),
  };
}
