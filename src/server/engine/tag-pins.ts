/**
 * How many of an index's pins carry each tag: what a candidate pool sends beside each candidate's
 * tags (contract `PoolCandidate.tagPins`), so the on-device sequence model can tell a broad tag
 * ("food" on a thousand pins) from a telling one ("alcohol" on a dozen).
 *
 * The same count the training simulator uses (src/ml/simulate/corpus.ts `tagFrequency`): pins of
 * the index whose tags, lower-cased and de-duplicated, include the tag. Read from `pin_tags`
 * (engine/schema.ts: one row per tag and pin, written from the pin's stored tags, so already
 * de-duplicated per pin) with one GROUP BY over its primary key: one row per distinct tag (6,141
 * of the corpus's 10,572 pins, 4,809 of the OpenMoji test index's), ~5–20 ms when the service
 * opens. The indexer stores tags lower-cased (ingest/text.ts normalizeTags), so the keys are the
 * tags as stored; an index that held a tag in two cases would have them merged here, each pin
 * counted once.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { indexPath } from './schema';

/** Tag (lower case) → pins of the index carrying it. */
export type TagPins = ReadonlyMap<string, number>;

/** The counts of an open index. */
export function readTagPins(db: Database.Database): Map<string, number> {
  const counts = new Map<string, number>();
  /** Keys that more than one stored spelling folded into: recounted below, each pin once. */
  const folded = new Map<string, string[]>();
  const rows = db
    .prepare<[], [string, number]>('SELECT tag, count(*) FROM pin_tags GROUP BY tag')
    .raw()
    .all();
  for (const [tag, pins] of rows) {
    const key = tag.toLowerCase();
    const before = counts.get(key);
    counts.set(key, (before ?? 0) + pins);
    if (before !== undefined) folded.set(key, [...(folded.get(key) ?? [key]), tag]);
    else if (key !== tag) folded.set(key, [tag]);
  }
  if (folded.size > 0) {
    const distinct = db
      .prepare<[string], number>(
        'SELECT count(DISTINCT pin) FROM pin_tags WHERE tag IN (SELECT value FROM json_each(?))',
      )
      .pluck();
    for (const [key, spellings] of folded)
      if (spellings.length > 1) counts.set(key, distinct.get(JSON.stringify(spellings)) ?? 0);
  }
  return counts;
}

/** The counts of the index in `dataDir`; null without one (the service then sends none). */
export function loadTagPins(dataDir: string): Map<string, number> | null {
  const file = indexPath(dataDir);
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return readTagPins(db);
  } finally {
    db.close();
  }
}

/** Each tag's count, in the tags' order (0 for a tag the counts do not know). */
export const tagPinsOf = (tags: readonly string[], counts: TagPins): number[] =>
  tags.map((t) => counts.get(t.toLowerCase()) ?? 0);
