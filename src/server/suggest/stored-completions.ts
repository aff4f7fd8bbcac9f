/**
 * The corpus completion index (build-vocabulary-index.ts), built once at index time and stored
 * in the index file, so a server opens it instead of mining a million pins at start (about a
 * minute at 1M pins). Stored as a PrefixIndex snapshot: completions, the sorted entries (two
 * int32 arrays) and the precomputed top lists. Indexes built before these tables existed have
 * none: the suggest service mines the corpus at start then, as before.
 */
import type { Database } from 'better-sqlite3';
import type { CorpusKind } from './suggestion-kind';
import type { PrefixIndex, PrefixIndexSnapshot } from './prefix-index';

const COMPLETIONS_TABLE = 'completions';

const STORED_COMPLETIONS_SQL = `
CREATE TABLE ${COMPLETIONS_TABLE} (
  id INTEGER PRIMARY KEY,       -- completion id: PrefixIndex.completions[id]
  text TEXT NOT NULL,
  kind TEXT NOT NULL,
  weight REAL NOT NULL,         -- pins it finds
  key TEXT NOT NULL             -- foldForMatch(text)
);
CREATE TABLE completion_entries (
  part TEXT PRIMARY KEY,        -- 'completion' | 'offset'
  data BLOB NOT NULL            -- int32 little-endian, one per sorted entry
) WITHOUT ROWID;
CREATE TABLE completion_buckets (
  prefix TEXT PRIMARY KEY,
  entries BLOB NOT NULL         -- int32 entry indexes, best first
) WITHOUT ROWID;
`;

const int32Blob = (a: Int32Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** Copied: SQLite's buffer may be unaligned for an Int32Array view. */
function int32FromBlob(blob: Uint8Array): Int32Array {
  const out = new Int32Array(blob.byteLength / 4);
  new Uint8Array(out.buffer).set(blob);
  return out;
}

/** Stores `index` in `db` (the index writer's last steps). */
export function writeStoredCompletions(db: Database, index: PrefixIndex): void {
  const { completions, entryCompletion, entryOffset, buckets } = index.snapshot();
  db.exec(STORED_COMPLETIONS_SQL);
  const insertCompletion = db.prepare(
    `INSERT INTO ${COMPLETIONS_TABLE} (id, text, kind, weight, key) VALUES (?, ?, ?, ?, ?)`,
  );
  const insertPart = db.prepare('INSERT INTO completion_entries (part, data) VALUES (?, ?)');
  const insertBucket = db.prepare('INSERT INTO completion_buckets (prefix, entries) VALUES (?, ?)');
  db.transaction(() => {
    completions.forEach((c, id) => insertCompletion.run(id, c.text, c.kind, c.weight, c.key));
    insertPart.run('completion', int32Blob(entryCompletion));
    insertPart.run('offset', int32Blob(entryOffset));
    for (const [prefix, entries] of buckets) insertBucket.run(prefix, int32Blob(entries));
  })();
}

/** The stored snapshot, or null when the index predates it. */
export function readStoredCompletions(db: Database): PrefixIndexSnapshot | null {
  const tables = db
    .prepare(
      "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN ('completions', 'completion_entries', 'completion_buckets')",
    )
    .pluck()
    .get() as number;
  if (tables !== 3) return null;
  const rows = db
    .prepare(`SELECT text, kind, weight, key FROM ${COMPLETIONS_TABLE} ORDER BY id`)
    .raw()
    .all() as [string, CorpusKind, number, string][];
  const completions = rows.map(([text, kind, weight, key]) => ({ text, kind, weight, key }));
  const part = (name: string): Int32Array | null => {
    const blob = db
      .prepare('SELECT data FROM completion_entries WHERE part = ?')
      .pluck()
      .get(name) as Buffer | undefined;
    return blob ? int32FromBlob(blob) : null;
  };
  const entryCompletion = part('completion');
  const entryOffset = part('offset');
  if (!entryCompletion || !entryOffset || entryCompletion.length !== entryOffset.length)
    return null;
  const buckets = new Map<string, Int32Array>();
  for (const [prefix, entries] of db
    .prepare('SELECT prefix, entries FROM completion_buckets')
    .raw()
    .iterate() as Iterable<[string, Buffer]>) {
    buckets.set(prefix, int32FromBlob(entries));
  }
  return { completions, entryCompletion, entryOffset, buckets };
}
