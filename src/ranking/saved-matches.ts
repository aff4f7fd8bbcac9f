/**
 * "From your saves": the reader's saved pins that match the query on screen, found on the device
 * from the engagement log and what the server already sent for the query (its candidate pool),
 * so no request ever says which pins were saved. A saved pin matches when
 *
 *   - it is one of the query's candidates (the server found it for this query), or
 *   - it was saved under a query, or has a title, holding every word of this query
 *     (plural-insensitive: "cats" matches "cat").
 *
 * The candidates are the server's retrieval (words and embeddings) over the whole corpus, top
 * 300, so a saved pin close to the query in meaning is usually among them; closeness of the
 * embeddings themselves is not computed here: decoding them would share src/ranking/embedding.ts
 * with the reranker's chunks, and the first paint's table of lazy chunks would name one more
 * (its budget had no room left for it).
 *
 * Strength orders the tiles: candidates first (by their rank), then word matches.
 */

/** Fewer matches than this and there is no module. */
export const MIN_MATCHES = 2;
/** At most this many tiles. */
export const MAX_SAVED_TILES = 12;

export interface SavedDisplay {
  title: string;
  imageUrl: string;
  imageUrl2x: string;
  width: number;
  height: number;
}

export interface SavedPin {
  pinId: string;
  /** The query it was saved under ('' when none). */
  query: string;
  dominantColor: string;
  embedding: string | null;
  display?: SavedDisplay | undefined;
}

export interface PoolEntry {
  id: string;
  title: string;
  embedding: string | null;
  display?: Omit<SavedDisplay, 'title'> | undefined;
}

export type MatchReason = 'candidate' | 'words';

export interface SavedMatch {
  pinId: string;
  reason: MatchReason;
  strength: number;
  /** What the tile draws: the pool's display data when it has it, else the save's own. */
  display: SavedDisplay;
  dominantColor: string;
}

// query-title-match.ts splits the same way; not imported, so this stays in the log's own chunk.
const words = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
const stem = (w: string) => (w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w);
const stems = (text: string) => new Set(words(text).map(stem));

/** The saved pins matching `query`, strongest first, at most MAX_SAVED_TILES; [] when fewer than MIN_MATCHES. */
export function savedMatches(
  saves: readonly SavedPin[],
  query: string,
  pool: readonly PoolEntry[],
): SavedMatch[] {
  const queryStems = [...stems(query)];
  if (queryStems.length === 0 || saves.length < MIN_MATCHES) return [];
  const rank = new Map(pool.map((c, i) => [c.id, i]));
  const matches: SavedMatch[] = [];
  const seen = new Set<string>();
  for (const save of saves) {
    if (seen.has(save.pinId)) continue;
    seen.add(save.pinId);
    const at = rank.get(save.pinId);
    const inPool = at === undefined ? null : pool[at]!;
    const display: SavedDisplay | undefined = inPool?.display
      ? { title: inPool.title, ...inPool.display }
      : save.display;
    if (!display) continue;
    let reason: MatchReason | null = null;
    let strength = 0;
    if (at !== undefined) {
      reason = 'candidate';
      strength = 3 - at / Math.max(1, pool.length);
    } else {
      const own = new Set([...stems(save.query), ...stems(display.title)]);
      if (queryStems.every((w) => own.has(w))) {
        reason = 'words';
        strength = 1.5;
      }
    }
    if (reason)
      matches.push({
        pinId: save.pinId,
        reason,
        strength,
        display,
        dominantColor: save.dominantColor,
      });
  }
  matches.sort((a, b) => b.strength - a.strength);
  return matches.length >= MIN_MATCHES ? matches.slice(0, MAX_SAVED_TILES) : [];
}
