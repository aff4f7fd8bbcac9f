/**
 * Where embeddings live in the index artifact (written by build-embeddings.ts at `npm run
 * index`, read by the engine): int8 pin vectors, float32 word vectors for the query encoder,
 * and an HNSW graph file next to the database.
 */
import path from 'node:path';
import type Database from 'better-sqlite3';
import { EMBEDDING_DIM } from '@/ranking/embedding';
import { float32FromBlob } from './quantize';

/**
 * Bump when the embedding algorithm or its parameters change: it is part of the build
 * fingerprint, so existing indexes (and the test index) are rebuilt.
 */
export const EMBEDDINGS_VERSION = 2;

export const EMBEDDINGS_SQL = `
CREATE TABLE pin_embeddings (
  pin_rowid INTEGER PRIMARY KEY,   -- pins.rowid
  vec BLOB NOT NULL                -- ${EMBEDDING_DIM} int8: round(unit vector × 127)
);
CREATE TABLE word_vectors (
  word TEXT PRIMARY KEY,           -- Porter-stemmed folded token (src/server/retrieval/tokens.ts)
  vec BLOB NOT NULL                -- ${EMBEDDING_DIM} float32, unit length
) WITHOUT ROWID;
`;

/** Meta keys the embedding step adds (the meta table is schema.ts's). */
export const EMBEDDING_META_KEYS = {
  version: 'embeddingsVersion',
  dim: 'embeddingDim',
  words: 'embeddingWords',
  ms: 'embeddingsMs',
  /** sha256 of the HNSW file this database was built with: a mismatched file is not used. */
  hnswSha256: 'hnswSha256',
} as const;

export const HNSW_FILE_NAME = 'pins.usearch';
/** `<data>/index/pins.usearch`, next to the SQLite file. */
export const hnswPathFor = (dbPath: string): string => path.join(path.dirname(dbPath), HNSW_FILE_NAME);

export interface StoredEmbeddings {
  dim: number;
  /** Pin rowids that have a vector, ascending. */
  rowids: Int32Array;
  /** Their int8 codes, rowids.length × dim. */
  codes: Int8Array;
  words: Map<string, Float32Array>;
  meta: Record<string, string>;
}

/** Reads everything into memory (≈ 50 bytes per pin): null when the index has no embeddings. */
export function readEmbeddings(db: Database.Database): StoredEmbeddings | null {
  const hasTable = db
    .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('pin_embeddings', 'word_vectors')")
    .pluck()
    .get() as number;
  if (hasTable !== 2) return null;
  const meta = Object.fromEntries(
    (db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]),
  );
  const dim = Number(meta[EMBEDDING_META_KEYS.dim] ?? EMBEDDING_DIM);
  // Streamed into flat arrays: a million rows are never held as objects.
  const count = db.prepare('SELECT count(*) FROM pin_embeddings').pluck().get() as number;
  const rowids = new Int32Array(count);
  const codes = new Int8Array(count * dim);
  let i = 0;
  for (const [rowid, vec] of db
    .prepare('SELECT pin_rowid, vec FROM pin_embeddings ORDER BY pin_rowid')
    .raw()
    .iterate() as Iterable<[number, Buffer]>) {
    rowids[i] = rowid;
    codes.set(new Int8Array(vec.buffer, vec.byteOffset, vec.byteLength), i * dim);
    i++;
  }
  const words = new Map(
    (db.prepare('SELECT word, vec FROM word_vectors').all() as { word: string; vec: Buffer }[]).map((r) => [
      r.word,
      float32FromBlob(r.vec),
    ]),
  );
  return { dim, rowids, codes, words, meta };
}
