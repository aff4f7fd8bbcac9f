/**
 * Builds the corpus completion index from the search index at server start: one pass over
 * the pins' titles, tags and categories (the index is immutable, so this never goes stale).
 */
import type { Database } from 'better-sqlite3';
import { isStopword } from '@/server/refine/stopwords';
import { PrefixIndex } from './prefix-index';
import { mineVocabulary, type VocabularyPin } from './vocabulary';

export interface VocabularyBuildReport {
  pins: number;
  completions: number;
  /** Sorted entries (completions plus their later-word entries). */
  entries: number;
  /** Prefixes with precomputed top lists. */
  buckets: number;
  buildMs: number;
}

interface PinTextRow {
  title: string;
  tags: string;
  category: string;
}

function* readPins(db: Database, counter: { pins: number }): Generator<VocabularyPin> {
  const rows = db.prepare<[], PinTextRow>('SELECT title, tags, category FROM pins').iterate();
  for (const row of rows) {
    counter.pins++;
    let tags: unknown;
    try {
      tags = JSON.parse(row.tags);
    } catch {
      tags = [];
    }
    yield {
      title: row.title,
      tags: Array.isArray(tags) ? tags.filter((t): t is string => typeof t === 'string') : [],
      category: row.category,
    };
  }
}

/** The completion index of an open index database (read-only is fine). */
export function buildVocabularyIndex(db: Database): {
  index: PrefixIndex;
  report: VocabularyBuildReport;
} {
  const started = performance.now();
  const counter = { pins: 0 };
  const completions = mineVocabulary(readPins(db, counter));
  const index = new PrefixIndex(
    completions.map((c) => ({ text: c.text, kind: c.kind, weight: c.pins })),
    { isStopword },
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
