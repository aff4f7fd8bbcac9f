/**
 * The searchable text of every pin, read straight from the `pins` table (schema.ts): what the
 * query stage counts its spelling vocabulary over and what suggest mines completions from, so
 * both read the same fields the same way.
 */
import type { Database } from 'better-sqlite3';

export interface PinText {
  title: string;
  /** Parsed from the column's JSON array; only its strings are kept. */
  tags: string[];
  description: string;
  category: string;
  /**
   * What a pin in another language adds to the search (ingest/lexicon/pin-translation.ts): its
   * words' English translations and query forms; '' for pins in English.
   */
  crosslingual: string;
}

interface PinTextRow {
  title: string;
  tags: string;
  description: string;
  category: string;
  crosslingual: string;
}

/** Whether the index records pins in other languages (indexes built before it do not). */
export const hasPinLanguages = (db: Database): boolean =>
  (db
    .prepare("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'pin_languages'")
    .pluck()
    .get() as number) > 0;

/**
 * A `tags` column value as strings: the indexer always writes a JSON array, but a damaged row
 * costs that pin its tags rather than the server its start.
 */
export function parseTags(json: string): string[] {
  let tags: unknown;
  try {
    tags = JSON.parse(json);
  } catch {
    return [];
  }
  return Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [];
}

/** Every pin's text, in table order, one row at a time (the corpus need not fit in memory twice). */
export function* readPinTexts(db: Database): Generator<PinText> {
  const rows = db
    .prepare<[], PinTextRow>(
      hasPinLanguages(db)
        ? `SELECT p.title, p.tags, p.description, p.category, coalesce(l.crosslingual, '') AS crosslingual
           FROM pins p LEFT JOIN pin_languages l ON l.pin = p.rowid ORDER BY p.rowid`
        : "SELECT title, tags, description, category, '' AS crosslingual FROM pins",
    )
    .iterate();
  for (const row of rows) yield { ...row, tags: parseTags(row.tags) };
}
