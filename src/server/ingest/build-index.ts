/**
 * The ingest pipeline: scan sources → drop items without metadata or with a taken id →
 * thumbnails + colours (content-addressed, cached) → one SQLite artifact.
 * Bad input never aborts the build: each rejected input is counted under a SkipReason.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { buildEmbeddings, type EmbeddingsReport } from '@/ml/embeddings/build-embeddings';
import { EMBEDDINGS_VERSION, hnswPathFor } from '@/ml/embeddings/store';
import { INDEX_VERSION } from '@/server/engine/schema';
import { writeIndex, type IndexRecord } from './index-writer';
import { mapPool } from './pool';
import { defaultOpenmojiDir, scanOpenmoji } from './sources/openmoji';
import { DEFAULT_OPENCLIPART_DIR, scanOpenclipart } from './sources/openclipart';
import { scanManifest } from './sources/manifest';
import {
  configureSharpForBatch,
  MAX_FILE_BYTES,
  openThumbnailStore,
  PIPELINE_VERSION,
} from './thumbnails';
import {
  isSkip,
  SOURCE_NAMES,
  type BuildProgress,
  type BuildReport,
  type PinDraft,
  type SkippedItem,
  type SourceItem,
  type SourceName,
  type SourceScan,
} from './types';

/** Images rendered at once: this machine has 2 cores and each sharp job gets one libvips thread. */
export const DEFAULT_CONCURRENCY = 2;

export interface BuildIndexOptions {
  dataDir: string;
  sources: readonly SourceName[];
  /** Required when sources includes 'manifest'. */
  manifestPath?: string;
  /** At most this many inputs from each source (in source order); for tests and quick builds. */
  limit?: number;
  onProgress?: (progress: BuildProgress) => void;
  /** Corpus locations, overridable for tests. */
  openmojiDir?: string;
  openclipartDir?: string;
  concurrency?: number;
}

/**
 * Sources when none are named: openmoji, plus openclipart where Debian's package is installed.
 * `INSPO_SOURCES=openmoji,manifest` narrows or picks them; `INSPO_MANIFEST` adds the manifest.
 */
export function defaultSources(
  env: NodeJS.ProcessEnv = process.env,
  openclipartDir = DEFAULT_OPENCLIPART_DIR,
): SourceName[] {
  const named = env.INSPO_SOURCES?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const picked: SourceName[] = named
    ? named.map((s) => {
        if (!(SOURCE_NAMES as readonly string[]).includes(s)) {
          throw new Error(
            `Unknown source "${s}" in INSPO_SOURCES (known: ${SOURCE_NAMES.join(', ')})`,
          );
        }
        return s as SourceName;
      })
    : ['openmoji', ...(existsSync(openclipartDir) ? (['openclipart'] as const) : [])];
  if (env.INSPO_MANIFEST && !picked.includes('manifest')) picked.push('manifest');
  return picked;
}

/** Identifies the inputs and code versions a build used; equal fingerprints mean an equal index. */
export function buildFingerprint(parts: {
  sources: readonly SourceName[];
  limit?: number;
  openmojiVersion?: string;
  extra?: string;
}): string {
  const payload = JSON.stringify({
    index: INDEX_VERSION,
    pipeline: PIPELINE_VERSION,
    sources: [...parts.sources].sort(),
    limit: parts.limit ?? null,
    openmoji: parts.openmojiVersion ?? null,
    extra: parts.extra ?? null,
    embeddings: EMBEDDINGS_VERSION,
  });
  return createHash('sha256').update(payload).digest('hex').slice(0, 16);
}

export async function readOpenmojiVersion(dir: string): Promise<string> {
  const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

type ItemOutcome = { record: IndexRecord; source: SourceName } | SkippedItem;

export async function buildIndex(opts: BuildIndexOptions): Promise<BuildReport> {
  const startedAt = performance.now();
  const dataDir = path.resolve(opts.dataDir);
  const sources = SOURCE_NAMES.filter((s) => opts.sources.includes(s));
  if (sources.length === 0) throw new Error('buildIndex: no sources selected');
  if (sources.includes('manifest') && !opts.manifestPath) {
    throw new Error('buildIndex: the manifest source needs manifestPath (or INSPO_MANIFEST)');
  }
  const openmojiDir = opts.openmojiDir ?? defaultOpenmojiDir();
  const openclipartDir = opts.openclipartDir ?? DEFAULT_OPENCLIPART_DIR;
  configureSharpForBatch();

  const skipped: SkippedItem[] = [];
  const candidates: { item: SourceItem; draft: PinDraft }[] = [];
  const seenIds = new Set<string>();
  for (const source of sources) {
    const scan: SourceScan =
      source === 'openmoji'
        ? scanOpenmoji({ packageDir: openmojiDir, limit: opts.limit })
        : source === 'openclipart'
          ? scanOpenclipart({ root: openclipartDir, limit: opts.limit })
          : scanManifest({ manifestPath: opts.manifestPath!, limit: opts.limit });
    opts.onProgress?.({ phase: 'scan', source, items: scan.items.length + scan.rejected.length });
    for (const { ref, skip } of scan.rejected)
      skipped.push({ source, ref, reason: skip.skip, detail: skip.detail });
    for (const item of scan.items) {
      if (isSkip(item.draft)) {
        skipped.push({ source, ref: item.ref, reason: item.draft.skip, detail: item.draft.detail });
      } else if (seenIds.has(item.draft.id)) {
        skipped.push({ source, ref: item.ref, reason: 'duplicate id', detail: item.draft.id });
      } else {
        seenIds.add(item.draft.id);
        candidates.push({ item, draft: item.draft });
      }
    }
  }

  const store = await openThumbnailStore({ dataDir });
  let done = 0;
  let rendered = 0;
  let reused = 0;
  let imageSkips = 0;
  const outcomes = await mapPool(
    candidates,
    opts.concurrency ?? DEFAULT_CONCURRENCY,
    async ({ item, draft }): Promise<ItemOutcome> => {
      const skip = (reason: SkippedItem['reason'], detail: string): SkippedItem => ({
        source: item.source,
        ref: item.ref,
        reason,
        detail,
      });
      let outcome: ItemOutcome;
      try {
        const stat = await fs.stat(item.imagePath).catch(() => null);
        if (!stat?.isFile()) {
          outcome = skip('missing file', item.imagePath);
        } else if (stat.size > MAX_FILE_BYTES) {
          outcome = skip('file too large', `${stat.size} bytes (cap ${MAX_FILE_BYTES})`);
        } else {
          const bytes = await fs.readFile(item.imagePath);
          const result = await store.ensure(
            bytes,
            item.aspect === undefined ? {} : { aspect: item.aspect },
          );
          if (result.via === 'render') rendered++;
          else if (result.via === 'cache') reused++;
          outcome = isSkip(result.outcome)
            ? skip(result.outcome.skip, result.outcome.detail)
            : { record: { ...draft, visual: result.outcome.visual }, source: item.source };
        }
      } catch (error) {
        // Unexpected I/O trouble with one file (permissions, vanished mid-read) skips that file only.
        outcome = skip('missing file', error instanceof Error ? error.message : String(error));
      }
      done++;
      if (!('record' in outcome)) imageSkips++;
      opts.onProgress?.({
        phase: 'images',
        done,
        total: candidates.length,
        rendered,
        reused,
        skipped: imageSkips,
      });
      return outcome;
    },
  );

  const records: IndexRecord[] = [];
  const perSource: Partial<Record<SourceName, number>> = Object.fromEntries(
    sources.map((s) => [s, 0]),
  );
  for (const outcome of outcomes) {
    if ('record' in outcome) {
      records.push(outcome.record);
      perSource[outcome.source] = (perSource[outcome.source] ?? 0) + 1;
    } else {
      skipped.push(outcome);
    }
  }
  opts.onProgress?.({ phase: 'write', pins: records.length });
  const fingerprint = buildFingerprint({
    sources,
    limit: opts.limit,
    openmojiVersion: sources.includes('openmoji')
      ? await readOpenmojiVersion(openmojiDir)
      : undefined,
  });
  let embeddings: EmbeddingsReport | undefined;
  const { dbPath, bytes } = writeIndex({
    dataDir,
    records,
    sources: perSource as Record<string, number>,
    startedAt,
    fingerprint,
    // Embeddings are learned from the pins just written (src/ml/embeddings).
    afterWrite: (db, finalPath) => {
      const pending = buildEmbeddings(db, { hnswPath: hnswPathFor(finalPath) });
      embeddings = pending.report;
      return pending;
    },
  });

  const skippedByReason: BuildReport['skipped'] = {};
  for (const s of skipped) skippedByReason[s.reason] = (skippedByReason[s.reason] ?? 0) + 1;
  return {
    dataDir,
    dbPath,
    pins: records.length,
    sources: perSource,
    skipped: skippedByReason,
    skippedItems: skipped,
    rendered,
    reused,
    elapsedMs: Math.round(performance.now() - startedAt),
    dbBytes: bytes,
    embeddings,
  };
}
