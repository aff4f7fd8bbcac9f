/** The pins the query recommender's graph is built over, read from the index (schema.ts `pins`). */
import type { Database } from 'better-sqlite3';
import { parseTags } from '@/server/engine/pin-texts';
import type { RecommenderPin } from './query-recommender';

interface Row {
  id: string;
  title: string;
  description: string;
  tags: string;
  category: string;
}

/** Every pin in static-rank order (rowid 1 = most popular), so a lower number is a better cover. */
export function readRecommenderPins(db: Database): RecommenderPin[] {
  return db
    .prepare<[], Row>('SELECT id, title, description, tags, category FROM pins ORDER BY rowid')
    .all()
    .map((row) => ({ ...row, tags: parseTags(row.tags) }));
}
