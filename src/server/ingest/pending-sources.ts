/**
 * The first run's marker: `<data>/index/pending-sources.json` says the index on disk holds only
 * the first of the default sources and the rest are still to be indexed. `npm run index --
 * --first-source` (what `npm start` runs on a fresh clone) writes it; the server sees it at start
 * and builds the complete index in the background (background-build.ts), so a restart in the
 * middle resumes; a build that covers every pending source removes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { INDEX_DIR_NAME } from '@/server/engine/schema';
import { SOURCE_NAMES, type SourceName } from './types';

export const PENDING_FILE_NAME = 'pending-sources.json';

export interface PendingSources {
  /** The sources the complete index holds (the first one is already served). */
  sources: SourceName[];
  /** When the first-source index was built. */
  since: string;
}

export const pendingSourcesPath = (dataDir: string): string =>
  path.join(dataDir, INDEX_DIR_NAME, PENDING_FILE_NAME);

export function writePendingSources(dataDir: string, sources: readonly SourceName[]): void {
  const file = pendingSourcesPath(dataDir);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const body: PendingSources = { sources: [...sources], since: new Date().toISOString() };
  fs.writeFileSync(file, `${JSON.stringify(body)}\n`);
}

/** The marker, or null when there is none (or it is unreadable: then there is nothing to resume). */
export function readPendingSources(dataDir: string): PendingSources | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(pendingSourcesPath(dataDir), 'utf8'));
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null) return null;
  const { sources, since } = parsed as { sources?: unknown; since?: unknown };
  if (!Array.isArray(sources) || typeof since !== 'string') return null;
  const known = sources.filter((s): s is SourceName =>
    (SOURCE_NAMES as readonly string[]).includes(s as string),
  );
  return known.length === sources.length && known.length > 0 ? { sources: known, since } : null;
}

/** Removes the marker once an index with every pending source is in place. */
export function clearPendingSources(dataDir: string, built: readonly SourceName[]): void {
  const pending = readPendingSources(dataDir);
  if (pending && pending.sources.every((s) => built.includes(s))) {
    fs.rmSync(pendingSourcesPath(dataDir), { force: true });
  } else if (!pending) {
    fs.rmSync(pendingSourcesPath(dataDir), { force: true }); // unreadable: nothing to resume
  }
}
