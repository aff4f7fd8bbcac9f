/**
 * The embedding step of `npm run index`: runs on the freshly written (temporary) index
 * database, adds pin and word vectors to it, and writes the HNSW graph to a temporary file
 * that `commit()` renames into place just before the database itself is renamed.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { quantizeInt8 } from '@/ranking/embedding';
import { blobOf } from './quantize';
import { EMBEDDINGS_SQL, EMBEDDINGS_VERSION, EMBEDDING_META_KEYS } from './store';
import type { PinText } from './tokens';
import { trainEmbeddings, type TrainOptions } from './train-embeddings';
import { sha256File, writeHnsw } from './vector-index';

export interface EmbeddingsReport {
  words: number;
  pins: number;
  pinsWithVector: number;
  /** Training + writing tables + HNSW, milliseconds. */
  ms: number;
  hnswBytes: number;
}

export interface PendingEmbeddings {
  report: EmbeddingsReport;
  /** Moves the HNSW file to its final path. */
  commit(): void;
  /** Removes the temporary HNSW file (the build failed after this step). */
  discard(): void;
}

export function buildEmbeddings(
  db: Database.Database,
  opts: { hnswPath: string; train?: TrainOptions },
): PendingEmbeddings {
  const started = performance.now();
  // Streamed: a million rows are never held as objects at once (the trainer keeps flat arrays).
  const allRowids: number[] = [];
  function* pins(): Generator<PinText> {
    const rows = db
      .prepare<[], { rowid: number; title: string; tags: string; category: string; description: string }>(
        // A pin in another language brings its English translations (ingest/lexicon/pin-translation.ts).
        (db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'pin_languages'").pluck().get() as number) > 0
          ? `SELECT p.rowid AS rowid, p.title AS title, p.tags AS tags, p.category AS category,
               p.description || coalesce(' ' || l.crosslingual, '') AS description
             FROM pins p LEFT JOIN pin_languages l ON l.pin = p.rowid ORDER BY p.rowid`
          : 'SELECT rowid, title, tags, category, description FROM pins ORDER BY rowid',
      )
      .iterate();
    for (const r of rows) {
      allRowids.push(r.rowid);
      yield { title: r.title, tags: JSON.parse(r.tags) as string[], category: r.category, description: r.description };
    }
  }
  const trained = trainEmbeddings(pins(), opts.train);
  const { dim } = trained;

  let withVector = 0;
  for (const has of trained.pinHasVector) if (has) withVector++;
  const rowids = new Int32Array(withVector);
  const allCodes = new Int8Array(withVector * dim);
  let next = 0;
  allRowids.forEach((rowid, i) => {
    if (!trained.pinHasVector[i]) return;
    rowids[next] = rowid;
    allCodes.set(quantizeInt8(trained.pinVectors.subarray(i * dim, (i + 1) * dim)), next * dim);
    next++;
  });
  const codeOf = (i: number): Int8Array => allCodes.subarray(i * dim, (i + 1) * dim);

  const tmp = `${opts.hnswPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    writeHnsw(tmp, rowids, allCodes, dim);
    const hash = sha256File(tmp);
    db.exec(EMBEDDINGS_SQL);
    const insertPin = db.prepare('INSERT INTO pin_embeddings (pin_rowid, vec) VALUES (?, ?)');
    const insertWord = db.prepare('INSERT INTO word_vectors (word, vec) VALUES (?, ?)');
    const setMeta = db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)');
    const ms = performance.now() - started;
    db.transaction(() => {
      rowids.forEach((rowid, i) => insertPin.run(rowid, blobOf(codeOf(i))));
      trained.words.forEach((word, i) => insertWord.run(word, blobOf(trained.wordVectors.subarray(i * dim, (i + 1) * dim))));
      setMeta.run(EMBEDDING_META_KEYS.version, String(EMBEDDINGS_VERSION));
      setMeta.run(EMBEDDING_META_KEYS.dim, String(dim));
      setMeta.run(EMBEDDING_META_KEYS.words, String(trained.words.length));
      setMeta.run(EMBEDDING_META_KEYS.ms, String(Math.round(ms)));
      setMeta.run(EMBEDDING_META_KEYS.hnswSha256, hash);
    })();
    const report: EmbeddingsReport = {
      words: trained.words.length,
      pins: allRowids.length,
      pinsWithVector: rowids.length,
      ms: Math.round(performance.now() - started),
      hnswBytes: fs.statSync(tmp).size,
    };
    return {
      report,
      commit: () => fs.renameSync(tmp, opts.hnswPath),
      discard: () => fs.rmSync(tmp, { force: true }),
    };
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    throw error;
  }
}
