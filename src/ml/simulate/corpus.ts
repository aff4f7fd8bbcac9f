/**
 * The real corpus as the simulator and trainer see it: every pin's category, tags, colour,
 * popularity and (when the index has them) embedding, read straight from the index artifact.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { bytesToBase64 } from '@/ranking/embedding';
import { decodeUnitEmbedding } from '@/ranking/prepare-history';
import { indexPath } from '@/server/engine/schema';

export interface CorpusPin {
  rowid: number;
  id: string;
  title: string;
  /** Lower-cased title words, for "does the query appear in the title". */
  titleWords: Set<string>;
  tags: string[];
  category: string;
  dominantColor: string;
  popularity: number;
  /** Candidate.embedding wire format, null when the index has no `pin_embeddings`. */
  embedding: string | null;
  /** The same embedding decoded to a unit vector (the simulator compares it often). */
  vector: Float32Array | null;
}

export interface Corpus {
  pins: CorpusPin[];
  byId: Map<string, CorpusPin>;
  /** True when the index had a pin_embeddings table with rows. */
  hasEmbeddings: boolean;
  /** Tag → number of pins carrying it. */
  tagFrequency: Map<string, number>;
}

interface Row {
  rowid: number;
  id: string;
  title: string;
  tags: string;
  category: string;
  dominant_color: string;
  popularity: number;
}

export const titleWords = (title: string): Set<string> =>
  new Set(
    title
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length > 0),
  );

export function loadCorpus(dataDir: string): Corpus {
  const file = indexPath(dataDir);
  if (!fs.existsSync(file)) throw new Error(`No index at ${file}: run \`npm run index\` first.`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[], Row>(
        'SELECT rowid, id, title, tags, category, dominant_color, popularity FROM pins ORDER BY rowid',
      )
      .all();
    const embeddings = new Map<number, string>();
    const hasTable = db
      .prepare<[], { n: number }>(
        "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'pin_embeddings'",
      )
      .get();
    if (hasTable && hasTable.n > 0) {
      for (const r of db
        .prepare<[], { pin_rowid: number; vec: Buffer }>(
          'SELECT pin_rowid, vec FROM pin_embeddings',
        )
        .all()) {
        embeddings.set(
          r.pin_rowid,
          bytesToBase64(new Uint8Array(r.vec.buffer, r.vec.byteOffset, r.vec.byteLength)),
        );
      }
    }
    const pins: CorpusPin[] = rows.map((r) => ({
      rowid: r.rowid,
      id: r.id,
      title: r.title,
      titleWords: titleWords(r.title),
      tags: (JSON.parse(r.tags) as string[]).map((t) => t.toLowerCase()),
      category: r.category,
      dominantColor: r.dominant_color,
      popularity: r.popularity,
      embedding: embeddings.get(r.rowid) ?? null,
      vector: decodeUnitEmbedding(embeddings.get(r.rowid) ?? null),
    }));
    const tagFrequency = new Map<string, number>();
    for (const p of pins)
      for (const t of new Set(p.tags)) tagFrequency.set(t, (tagFrequency.get(t) ?? 0) + 1);
    return {
      pins,
      byId: new Map(pins.map((p) => [p.id, p])),
      hasEmbeddings: embeddings.size > 0,
      tagFrequency,
    };
  } finally {
    db.close();
  }
}
