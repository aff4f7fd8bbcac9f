/**
 * Image embeddings in the index artifact: table pin_image_embedding (engine/schema.ts), one row
 * per pin whose image is its own, the image encoder's L2-normalised pooled features
 * (src/lib/image-model) stored as int8 codes in the pin-embedding wire format
 * (src/ranking/embedding.ts: round(component × 127)). The encoder's version goes into meta, so a
 * reader can tell whether a query vector from the browser's copy of the model is comparable.
 */
import type Database from 'better-sqlite3';
import { IMAGE_EMBEDDING_DIM } from '@/lib/image-model/image-model';
import { dequantizeInt8, quantizeInt8 } from '@/ranking/embedding';
import { blobOf, int8FromBlob } from '@/server/retrieval/quantize';

/** Meta keys the image-embedding step adds (the meta table is schema.ts's). */
export const IMAGE_EMBEDDING_META_KEYS = {
  /** IMAGE_ENCODER_VERSION of the model the vectors come from. */
  version: 'imageEncoderVersion',
  dim: 'imageEmbeddingDim',
} as const;

/** A unit vector as the int8 code the table stores. */
export const imageEmbeddingCode = (unit: ArrayLike<number>): Int8Array => quantizeInt8(unit);

/** A stored code back as a unit vector (code / 127, renormalised: rounding moved its length). */
export function unitFromImageCode(code: Int8Array): Float32Array {
  const v = dequantizeInt8(code);
  let norm = 0;
  for (let k = 0; k < v.length; k++) norm += v[k]! ** 2;
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let k = 0; k < v.length; k++) v[k] = v[k]! * inv;
  return v;
}

/** Writes codes for pins (by id) and the encoder's version; the caller owns the transaction. */
export function writeImageEmbeddings(
  db: Database.Database,
  rows: Iterable<{ id: string; code: Int8Array }>,
  version: string,
): number {
  const insert = db.prepare('INSERT INTO pin_image_embedding (pin, vec) VALUES (?, ?)');
  let count = 0;
  for (const { id, code } of rows) {
    if (code.length !== IMAGE_EMBEDDING_DIM) {
      throw new Error(
        `image embedding of ${id} has ${code.length} values, not ${IMAGE_EMBEDDING_DIM}`,
      );
    }
    insert.run(id, blobOf(code));
    count++;
  }
  const meta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
  meta.run(IMAGE_EMBEDDING_META_KEYS.version, version);
  meta.run(IMAGE_EMBEDDING_META_KEYS.dim, String(IMAGE_EMBEDDING_DIM));
  return count;
}

export interface ImageEmbeddings {
  /** Pin ids, in static-rank order (most popular first). */
  ids: string[];
  dim: number;
  /** ids.length × dim, row i is ids[i]'s embedding, unit length (int8 codes / 127, renormalised). */
  vectors: Float32Array;
  /** The encoder's version (IMAGE_ENCODER_VERSION) the vectors come from; '' if not recorded. */
  version: string;
}

/**
 * Every pin's image embedding, as floats. null when the index was built before the table existed;
 * an index whose pins have no images of their own gives zero rows.
 */
export function readImageEmbeddings(db: Database.Database): ImageEmbeddings | null {
  const hasTable = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pin_image_embedding'")
    .get();
  if (!hasTable) return null;
  const metaValue = (key: string) =>
    (db.prepare('SELECT value FROM meta WHERE key = ?').pluck().get(key) as string | undefined) ??
    '';
  const dim = Number(metaValue(IMAGE_EMBEDDING_META_KEYS.dim) || IMAGE_EMBEDDING_DIM);
  const count = db.prepare('SELECT count(*) FROM pin_image_embedding').pluck().get() as number;
  const ids: string[] = [];
  const vectors = new Float32Array(count * dim);
  // Streamed: a large index is never held as row objects.
  const rows = db
    .prepare(
      `SELECT e.pin, e.vec FROM pin_image_embedding e LEFT JOIN pins p ON p.id = e.pin
       ORDER BY p.rowid, e.pin`,
    )
    .raw()
    .iterate() as Iterable<[string, Buffer]>;
  for (const [id, blob] of rows) {
    if (blob.byteLength !== dim)
      throw new Error(`image embedding of ${id}: ${blob.byteLength} bytes, expected ${dim}`);
    vectors.set(unitFromImageCode(int8FromBlob(blob)), ids.length * dim);
    ids.push(id);
  }
  return { ids, dim, vectors, version: metaValue(IMAGE_EMBEDDING_META_KEYS.version) };
}
