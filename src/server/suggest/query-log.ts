/**
 * Anonymous popularity of searched queries, so suggestions can favour what people look for.
 *
 * Privacy by construction: the log holds only `normalized query → count`. No user or session
 * id, no IP, no per-query timestamps; the one time stored is when the counts were last decayed,
 * which is global. Order of entries is recency of last increment (for eviction), kept as list
 * order — not as times.
 *
 * Quality: only queries that found something are counted (a misspelling with no results must
 * not become a suggestion), overlong strings are ignored, counts halve every HALF_LIFE_MS so
 * last year's fad fades, and the store is bounded: past MAX_DISTINCT_QUERIES the rarest
 * (least recently searched among equals) are evicted down to EVICT_TO_SHARE of the cap.
 *
 * Persistence: a small JSON file under `<data>/state/` (never inside the immutable index),
 * written atomically (temp file + rename) by flush(): periodically (startAutoFlush) and at
 * shutdown (close()). Loaded at start, so popularity survives restarts. An unreadable file is
 * set aside as `<file>.corrupt` and the log starts empty; the server still starts.
 *
 * Each replica keeps its own file; merging several replicas' logs is out of scope here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { completionWords } from './suggest-text';

export const STATE_DIR_NAME = 'state';
export const QUERY_LOG_FILE_NAME = 'query-log.json';
/** Mutable server state lives here, beside (never inside) the immutable index. */
export const defaultStateDir = (dataDir: string): string => path.join(dataDir, STATE_DIR_NAME);
export const queryLogPath = (stateDir: string): string => path.join(stateDir, QUERY_LOG_FILE_NAME);

export const MAX_DISTINCT_QUERIES = 10_000;
/** After an eviction the store holds this share of the cap, so evictions are rare batches. */
export const EVICT_TO_SHARE = 0.9;
/** Normalized queries longer than this are pasted text, not searches worth suggesting. */
export const MAX_LOGGED_QUERY_LENGTH = 64;
export const MAX_LOGGED_QUERY_WORDS = 6;
export const HALF_LIFE_MS = 14 * 24 * 60 * 60 * 1000;
/** Decay is applied lazily, at most this often. */
export const DECAY_STEP_MS = 60 * 60 * 1000;
/** A count decayed below this is forgotten. */
export const MIN_KEPT_COUNT = 0.05;
export const DEFAULT_FLUSH_INTERVAL_MS = 30_000;

const FILE_FORMAT_VERSION = 1;
const COUNT_DECIMALS = 1e4;

const QueryLogFileSchema = z.object({
  version: z.literal(FILE_FORMAT_VERSION),
  decayedAt: z.number().finite(),
  /** [query, count], least recently searched first. */
  queries: z.array(
    z.tuple([z.string().max(MAX_LOGGED_QUERY_LENGTH), z.number().finite().positive()]),
  ),
});
type QueryLogFile = z.infer<typeof QueryLogFileSchema>;

/**
 * The form a query is counted under: its words, lowercased, one space apart ("  Red CAT!" →
 * "red cat"); null when it has no words or is too long to be worth counting.
 */
export function normalizeLoggedQuery(query: string): string | null {
  if (query.length > MAX_LOGGED_QUERY_LENGTH * 4) return null;
  const words = completionWords(query);
  if (words.length === 0 || words.length > MAX_LOGGED_QUERY_WORDS) return null;
  const text = words.join(' ');
  return text.length > MAX_LOGGED_QUERY_LENGTH ? null : text;
}

export interface QueryLogOptions {
  /** Where to persist; null keeps the log in memory only. */
  file: string | null;
  maxQueries?: number;
  halfLifeMs?: number;
  /** Clock, for tests. */
  now?: () => number;
}

export interface QueryCount {
  text: string;
  count: number;
}

export class QueryLog {
  /** Why the file could not be loaded (it was set aside), or null. */
  readonly loadError: string | null = null;
  private readonly counts = new Map<string, number>();
  private readonly file: string | null;
  private readonly maxQueries: number;
  private readonly halfLifeMs: number;
  private readonly now: () => number;
  private decayedAt: number;
  private dirty = false;
  private changes = 0;
  private timer: NodeJS.Timeout | null = null;

  constructor({
    file,
    maxQueries = MAX_DISTINCT_QUERIES,
    halfLifeMs = HALF_LIFE_MS,
    now = Date.now,
  }: QueryLogOptions) {
    this.file = file;
    this.maxQueries = maxQueries;
    this.halfLifeMs = halfLifeMs;
    this.now = now;
    this.decayedAt = now();
    if (file === null || !fs.existsSync(file)) return;
    try {
      const stored = QueryLogFileSchema.parse(JSON.parse(fs.readFileSync(file, 'utf8')));
      this.decayedAt = Math.min(stored.decayedAt, this.decayedAt);
      // Keep the most recent entries if the file holds more than the cap (e.g. the cap was lowered).
      for (const [text, count] of stored.queries.slice(-maxQueries)) {
        if (normalizeLoggedQuery(text) === text) this.counts.set(text, count);
      }
    } catch (error) {
      this.loadError = error instanceof Error ? error.message : String(error);
      try {
        fs.renameSync(file, `${file}.corrupt`);
      } catch {
        // Unmovable: the next flush overwrites it, which is the best left to do.
      }
    }
  }

  /** Changes whenever counts do; lets readers rebuild derived indexes only when needed. */
  get version(): number {
    return this.changes;
  }

  get size(): number {
    return this.counts.size;
  }

  /**
   * Counts one search for `query` if it found something (`results` > 0) and is a countable
   * query. Returns whether it was counted.
   */
  record(query: string, { results }: { results: number }): boolean {
    if (!(results > 0)) return false;
    const text = normalizeLoggedQuery(query);
    if (text === null) return false;
    this.decay();
    const count = (this.counts.get(text) ?? 0) + 1;
    // Re-inserting moves the query to the end: Map order is recency.
    this.counts.delete(text);
    this.counts.set(text, count);
    if (this.counts.size > this.maxQueries) this.evict();
    this.touch();
    return true;
  }

  /** Current (decayed) count of a query, by any spelling that normalizes to it. */
  count(query: string): number {
    const text = normalizeLoggedQuery(query);
    return text === null ? 0 : (this.counts.get(text) ?? 0);
  }

  /** All counted queries, least recently searched first. */
  entries(): QueryCount[] {
    this.decay();
    return [...this.counts].map(([text, count]) => ({ text, count }));
  }

  /** Writes the log if it changed since the last write. Throws if the file cannot be written. */
  flush(): void {
    this.decay();
    if (!this.dirty || this.file === null) return;
    const data: QueryLogFile = {
      version: FILE_FORMAT_VERSION,
      decayedAt: this.decayedAt,
      queries: [...this.counts].map(([text, count]) => [
        text,
        Math.round(count * COUNT_DECIMALS) / COUNT_DECIMALS,
      ]),
    };
    fs.mkdirSync(path.dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(data));
    fs.renameSync(temp, this.file);
    this.dirty = false;
  }

  /** Flushes every `intervalMs` without keeping the process alive; errors go to `onError`. */
  startAutoFlush({
    intervalMs = DEFAULT_FLUSH_INTERVAL_MS,
    onError,
  }: {
    intervalMs?: number;
    onError: (error: unknown) => void;
  }): void {
    this.stopAutoFlush();
    this.timer = setInterval(() => {
      try {
        this.flush();
      } catch (error) {
        onError(error);
      }
    }, intervalMs);
    this.timer.unref();
  }

  stopAutoFlush(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Stops the timer and writes what is left (shutdown). */
  close(): void {
    this.stopAutoFlush();
    this.flush();
  }

  private touch(): void {
    this.dirty = true;
    this.changes++;
  }

  private decay(): void {
    const elapsed = this.now() - this.decayedAt;
    if (elapsed < DECAY_STEP_MS) return;
    const factor = 0.5 ** (elapsed / this.halfLifeMs);
    for (const [text, count] of this.counts) {
      const decayed = count * factor;
      if (decayed < MIN_KEPT_COUNT) this.counts.delete(text);
      else this.counts.set(text, decayed);
    }
    this.decayedAt = this.now();
    this.touch();
  }

  /** Drops the rarest queries, least recently searched first among equal counts. */
  private evict(): void {
    const target = Math.floor(this.maxQueries * EVICT_TO_SHARE);
    // Stable sort: equal counts stay in Map (recency) order, oldest first.
    const rarest = [...this.counts].sort((a, b) => a[1] - b[1]);
    for (const [text] of rarest.slice(0, this.counts.size - target)) this.counts.delete(text);
  }
}
