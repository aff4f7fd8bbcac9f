/**
 * Builds the corpus completion index from the search index at server start: one pass over
 * the pins' titles, tags and categories (the index is immutable, so this never goes stale).
 */
import type { Database } from 'better-sqlite3';
import { readPinTexts } from '@/server/engine/pin-texts';
import { isMiningStopword } from '@/server/query/stopwords';
import { mineCompletions, type CompletionPin } from './mine-completions';
import { PrefixIndex } from './prefix-index';
import { readStoredCompletions } from './stored-completions';

export interface VocabularyBuildReport {
  pins: number;
  completions: number;
  /** Sorted entries (completions plus their later-word entries). */
  entries: number;
  /** Prefixes with precomputed top lists. */
  buckets: number;
  buildMs: number;
}

/** Pins as completion sources, counted as they stream past. */
function* readPins(db: Database, counter: { pins: number }): Generator<CompletionPin> {
  for (const { title, tags, category } of readPinTexts(db)) {
    counter.pins++;
    yield { title, tags, category };
  }
}

/**
 * The completion index of an open index database (read-only is fine): the one stored in it at
 * build time (stored-completions.ts) when there is one, else mined from its pins now.
 */
export function buildVocabularyIndex(db: Database): {
  index: PrefixIndex;
  report: VocabularyBuildReport;
} {
  const started = performance.now();
  const stored = readStoredCompletions(db);
  if (stored) {
    const index = PrefixIndex.fromSnapshot(stored);
    return {
      index,
      report: {
        pins: db.prepare('SELECT count(*) FROM pins').pluck().get() as number,
        completions: index.completions.length,
        entries: index.size,
        buckets: index.bucketCount,
        buildMs: Math.round(performance.now() - started),
      },
    };
  }
  return mineVocabularyIndex(db);
}

/** The completion index mined from the pins of `db` (what the index writer stores). */
export function mineVocabularyIndex(db: Database): {
  index: PrefixIndex;
  report: VocabularyBuildReport;
} {
  const started = performance.now();
  const counter = { pins: 0 };
  const completions = mineCompletions(readPins(db, counter));
  const index = new PrefixIndex(
    completions.map((c) => ({ text: c.text, kind: c.kind, weight: c.pins })),
    { isStopword: isMiningStopword },
  );
  return {
    index,
    report: {
      pins: counter.pins,
      completions: index.completions.length,
      entries: index.size,
      buckets: index.bucketCount,
      buildMs: Math.round(performance.now() - started),
    },
  };
}
