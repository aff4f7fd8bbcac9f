/**
 * Seeded queries drawn from an index's own vocabulary, the way people phrase them about the
 * corpus: a whole tag (half the time), one word of a title, or a title's first two words.
 * Shared by search-latency.ts (queries) and suggest-latency.ts (typing targets).
 */
import Database from 'better-sqlite3';
import { indexPath } from '@/server/engine/schema';
import { seededRandom } from '@/lib/random/seeded-random';

const MIN_WORD_LENGTH = 3;

/** Up to `count` distinct queries from the index in dataDir, in the order first drawn. */
export function drawQueries(dataDir: string, count: number, seed: number): string[] {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const rows = db.prepare('SELECT title, tags FROM pins ORDER BY rowid').all() as {
    title: string;
    tags: string;
  }[];
  db.close();

  const random = seededRandom(seed);
  const pick = <T>(list: readonly T[]): T | undefined => list[Math.floor(random() * list.length)];
  const words = (title: string) =>
    title
      .toLowerCase()
      .split(/[^\p{L}\p{N}]+/u)
      .filter((w) => w.length >= MIN_WORD_LENGTH);

  const queries = new Set<string>();
  // Bounded so a tiny corpus cannot loop forever.
  for (let attempt = 0; queries.size < count && attempt < count * 50; attempt++) {
    const row = pick(rows);
    if (!row) break;
    const roll = random();
    let query: string | undefined;
    if (roll < 0.5) query = pick(JSON.parse(row.tags) as string[])?.toLowerCase();
    else if (roll < 0.8) query = pick(words(row.title));
    else query = words(row.title).slice(0, 2).join(' ');
    if (query) queries.add(query);
  }
  return [...queries];
}
