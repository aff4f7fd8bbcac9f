/**
 * Reads the corpus vocabulary from an open index (see engine/schema.ts for the `pins`
 * table). The FTS table's own vocabulary (fts5vocab) holds porter stems ("butterfli"),
 * which are no use as spelling suggestions, so we re-tokenize the stored text instead.
 */
import type Database from 'better-sqlite3';
import { vocabularyFromTexts } from './vocabulary';

interface PinTextRow {
  title: string;
  tags: string;
  description: string;
  category: string;
}

/** One text per pin: title, tags (a JSON array in the table), description and category. */
function* pinTexts(db: Database.Database): Generator<string> {
  const rows = db.prepare<[], PinTextRow>('SELECT title, tags, description, category FROM pins').iterate();
  for (const row of rows) {
    const tags = JSON.parse(row.tags) as unknown;
    const tagText = Array.isArray(tags) ? tags.filter((t) => typeof t === 'string').join(' ') : '';
    yield `${row.title} ${tagText} ${row.description} ${row.category}`;
  }
}

/** The vocabulary of every pin in the index: folded word → number of pins using it. */
export function loadVocabulary(db: Database.Database): Map<string, number> {
  return vocabularyFromTexts(pinTexts(db));
}
