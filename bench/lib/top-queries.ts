/**
 * The evaluations' stand-in for the most common queries: the single-word corpus completions with
 * the most pins (no phrases, no category names), best first.
 */
import Database from 'better-sqlite3';
import { indexPath } from '@/server/engine/schema';
import { buildVocabularyIndex } from '@/server/suggest/build-vocabulary-index';

export function topOneWordQueries(dataDir: string, count: number): string[] {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  try {
    const { index: vocabulary } = buildVocabularyIndex(db);
    return vocabulary.completions
      .filter((c) => !/[\s\-_'&]/u.test(c.text) && c.kind !== 'category')
      .sort((a, b) => b.weight - a.weight || (a.text < b.text ? -1 : 1))
      .slice(0, count)
      .map((c) => c.text);
  } finally {
    db.close();
  }
}
