/**
 * The ingest pipeline: scan sources → drop items without metadata or with a taken id →
 * thumbnails + colours (content-addressed, cached) → one SQLite artifact.
 * Bad input never aborts the build: each rejected input is counted under a SkipReason.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildEmbeddings, type EmbeddingsReport } from '@/server/retrieval/build-embeddings';
import { EMBEDDINGS_VERSION, hnswPathFor } from '@/server/retrieval/store';
import { visualHnswPathFor, writeVisualGraph } from '@/server/visual/visual-search';
import type { StoredVideo } from '@/server/engine/pin-media';
import { INDEX_VERSION } from '@/server/engine/schema';
import { writeHeadIndex } from '@/server/engine/head-index';
import { writeForeignWords } from '@/server/engine/foreign-words';
import { writeStoredLexicon } from '@/server/engine/stored-lexicon';
import { readStoredVocabulary, writeStoredVocabulary } from '@/server/engine/stored-vocabulary';
import { mineVocabularyIndex } from '@/server/suggest/build-vocabulary-index';
import { writeStoredCompletions } from '@/server/suggest/stored-completions';
import { writeIndex, type IndexRecord } from './index-writer';
import {
  buildLexicon,
  cachedPreparedLexicon,
  lexiconVersion,
  type PreparedLexicon,
} from './lexicon/build-lexicon';
import { createPinTranslator } from './lexicon/pin-translation';
import { unitFromImageCode } from '@/server/visual/image-embeddings';
import { TAG_HEAD_META_KEY, trainTagHead, type TagHeadReport } from '@/server/visual/tag-head';
import { lazyImageEmbedder, type ImageEmbedder } from './image-embedding';
import { mapPool } from './pool';
import { ingestVideo } from './video';
import {
  createAnimationRecorder,
  hasSystemChromium,
  RECORD_CONCURRENCY,
  RECORDER_VERSION,
  type AnimationRecorder,
} from './animation-recorder';
import { defaultOpenmojiDir, scanOpenmoji } from './sources/openmoji';
import { DEFAULT_OPENCLIPART_DIR, scanOpenclipart } from './sources/openclipart';
import { scanManifest } from './sources/manifest';
import {
  DEFAULT_SWEETHOME3D_COPYRIGHT,
  DEFAULT_SWEETHOME3D_DIR,
  scanSweethome3d,
  sweethome3dVersion,
} from './sources/sweethome3d';
import { defaultMeteoconsDir, readMeteocons, scanMeteocons } from './sources/meteocons';
import {
  DEFAULT_GENERATED_SEED,
  generatedId,
  indexesByPopularity,
  pinGenerator,
  PLACEHOLDER_COUNT,
  placeholderSvg,
} from './sources/generated';
import { loadConcepts } from './sources/generated-vocabulary';
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
  type Skip,
  type SkippedItem,
  type SourceItem,
  type SourceName,
  type SourceScan,
} from './types';

/**
 * What the writer lays out beyond the schema: bump when that changes, so indexes built before
 * (the test index among them) are rebuilt. 2: rowids in static-rank order (most popular first),
 * stored vocabulary and completion index, head FTS index (corpora over HEAD_PINS pins).
 * 3: the `crosslingual` FTS column, pin_languages and foreign_words (pins in other languages).
 * 4: pin_media (typed pins: a product's offer or a video's clip, engine/pin-media.ts) and the
 *    media folder. The engine still reads layout-3 indexes (no typed pins in them).
 * 5: perceptual features and near-duplicate groups (pin_visual, near-duplicate-groups.ts). The
 *    service still serves layout-4 indexes, in engine order (visual/visual-index.ts: no table).
 * 6: image embeddings from pixels (pin_image_embedding, visual search's graph file) and tags
 *    predicted from them (pin_suggested_tags, the FTS `suggested` column). Layout-5 indexes still
 *    serve, without visual search or predicted tags.
 */
const BUILD_LAYOUT = 6;

/** Images rendered at once: this machine has 2 cores and each sharp job gets one libvips thread. */
export const DEFAULT_CONCURRENCY = 2;

export interface BuildIndexOptions {
  dataDir: string;
  sources: readonly SourceName[];
  /** Required when sources includes 'manifest'. */
  manifestPath?: string;
  /** At most this many inputs from each source (in source order); for tests and quick builds. */
  limit?: number;
  /**
   * Required when sources includes 'generated': how many synthetic pins, from which seed
   * (sources/generated.ts; default seed DEFAULT_GENERATED_SEED). `limit` does not apply to them.
   */
  generated?: { count: number; seed?: number };
  onProgress?: (progress: BuildProgress) => void;
  /** Corpus locations, overridable for tests. */
  openmojiDir?: string;
  openclipartDir?: string;
  sweethome3dDir?: string;
  sweethome3dCopyright?: string;
  meteoconsDir?: string;
  /**
   * Only these items of a demo source (tests, quick builds): Sweet Home 3D catalogue ids
   * ("Scopia#chair"), Meteocons icon names ("rain-fill"). `limit` still applies.
   */
  pick?: { sweethome3d?: readonly string[]; meteocons?: readonly string[] };
  concurrency?: number;
  /**
   * Image embeddings from pixels (image-embedding.ts) and the tags predicted from them; default
   * true unless INSPO_IMAGE_MODEL=off. Off: the build as before them (benchmarks' baseline).
   */
  imageModel?: boolean;
  /**
   * Train the predicted-tag head (visual/tag-head.ts, tens of seconds) when there are image
   * embeddings; default true. A fresh clone's first index leaves it to the complete build after it.
   */
  predictTags?: boolean;
}

/** Whether `binary` is an executable file on PATH. */
function onPath(binary: string, env: NodeJS.ProcessEnv): boolean {
  if (binary.includes('/')) return existsSync(binary);
  return (env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      return dir !== '' && statSync(path.join(dir, binary)).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Whether Meteocons can be a default source: the npm package is installed and the clips can be
 * recorded (a Chromium and ffmpeg); otherwise leaving it out is quieter than skipping 201 clips.
 */
export function meteoconsAvailable(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    defaultMeteoconsDir() !== null &&
    hasSystemChromium(env) &&
    onPath(env.INSPO_FFMPEG ?? 'ffmpeg', env) &&
    onPath(env.INSPO_FFPROBE ?? 'ffprobe', env)
  );
}

/**
 * Sources when none are named: openmoji, plus openclipart where Debian's package is installed,
 * plus the demo shop (sweethome3d, where Debian's sweethome3d-furniture is installed) and the demo
 * videos (meteocons, where a Chromium and ffmpeg can record them). The first is what a fresh
 * clone serves first (`--first-source`); the others come in the server's background build.
 * `INSPO_SOURCES=openmoji,manifest` narrows or picks them; `INSPO_MANIFEST` adds the manifest,
 * `INSPO_GENERATED=<count>` the generated corpus.
 */
export function defaultSources(
  env: NodeJS.ProcessEnv = process.env,
  openclipartDir = DEFAULT_OPENCLIPART_DIR,
  {
    sweethome3dDir = DEFAULT_SWEETHOME3D_DIR,
    meteocons = meteoconsAvailable(env),
  }: { sweethome3dDir?: string; meteocons?: boolean } = {},
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
    : [
        'openmoji',
        ...(existsSync(openclipartDir) ? (['openclipart'] as const) : []),
        ...(existsSync(sweethome3dDir) ? (['sweethome3d'] as const) : []),
        ...(meteocons ? (['meteocons'] as const) : []),
      ];
  if (env.INSPO_MANIFEST && !picked.includes('manifest')) picked.push('manifest');
  if (env.INSPO_GENERATED && !picked.includes('generated')) picked.push('generated');
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
    // The writer's layout (BUILD_LAYOUT): an index laid out by an older writer is rebuilt.
    layout: BUILD_LAYOUT,
    // The cross-lingual lexicon's code and data (CLDR, emojibase, the FreeDict files installed).
    lexicon: lexiconVersion(),
  });
  return createHash('sha256').update(payload).digest('hex').slice(0, 16);
}

export async function readOpenmojiVersion(dir: string): Promise<string> {
  const pkg = JSON.parse(await fs.readFile(path.join(dir, 'package.json'), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Most popular first; a stable sort, so equally popular pins keep their source order. */
const sortByPopularity = (records: IndexRecord[]): IndexRecord[] =>
  records.sort((a, b) => b.popularity - a.popularity);

/** Two streams, each most popular first, as one; on a tie `a`'s record comes first. */
export function* mergeByPopularity<T extends { popularity: number }>(
  a: Iterable<T>,
  b: Iterable<T>,
): Generator<T> {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  let na = ia.next();
  let nb = ib.next();
  while (!na.done || !nb.done) {
    if (!na.done && (nb.done || na.value.popularity >= nb.value.popularity)) {
      yield na.value;
      na = ia.next();
    } else if (!nb.done) {
      yield nb.value;
      nb = ib.next();
    }
  }
}

type ItemOutcome = { record: IndexRecord; source: SourceName } | SkippedItem;

export async function buildIndex(opts: BuildIndexOptions): Promise<BuildReport> {
  // Started on the first clip that is not in the cache yet (meteocons); closed when the build ends.
  const recorder = createAnimationRecorder();
  // Opened on the first image to embed; closed when the build ends.
  const imageModel = opts.imageModel ?? process.env.INSPO_IMAGE_MODEL !== 'off';
  const embedder = imageModel ? lazyImageEmbedder({ dataDir: path.resolve(opts.dataDir) }) : null;
  try {
    return await buildWith(opts, recorder, embedder);
  } finally {
    await recorder.close();
    await embedder?.close();
  }
}

async function buildWith(
  opts: BuildIndexOptions,
  recorder: AnimationRecorder,
  embedder: ImageEmbedder | null,
): Promise<BuildReport> {
  const startedAt = performance.now();
  const dataDir = path.resolve(opts.dataDir);
  const sources = SOURCE_NAMES.filter((s) => opts.sources.includes(s));
  if (sources.length === 0) throw new Error('buildIndex: no sources selected');
  if (sources.includes('manifest') && !opts.manifestPath) {
    throw new Error('buildIndex: the manifest source needs manifestPath (or INSPO_MANIFEST)');
  }
  const generated = sources.includes('generated') ? opts.generated : undefined;
  if (sources.includes('generated') && !generated) {
    throw new Error('buildIndex: the generated source needs a pin count (--generated N or INSPO_GENERATED)');
  }
  if (generated && !(Number.isInteger(generated.count) && generated.count > 0)) {
    throw new Error(`buildIndex: the generated pin count must be a positive integer, got ${generated.count}`);
  }
  const generatedSeed = generated?.seed ?? DEFAULT_GENERATED_SEED;
  const openmojiDir = opts.openmojiDir ?? defaultOpenmojiDir();
  const openclipartDir = opts.openclipartDir ?? DEFAULT_OPENCLIPART_DIR;
  const sweethome3dDir = opts.sweethome3dDir ?? DEFAULT_SWEETHOME3D_DIR;
  const meteoconsDir = sources.includes('meteocons')
    ? (opts.meteoconsDir ?? defaultMeteoconsDir())
    : null;
  if (sources.includes('meteocons') && !meteoconsDir) {
    throw new Error('buildIndex: the meteocons source needs the npm package @iconify-json/meteocons (npm install)');
  }
  configureSharpForBatch();

  const skipped: SkippedItem[] = [];
  const candidates: { item: SourceItem; draft: PinDraft }[] = [];
  const seenIds = new Set<string>();
  for (const source of sources) {
    if (source === 'generated') continue; // streamed at write time, see generatedRecords below
    const scan: SourceScan =
      source === 'openmoji'
        ? scanOpenmoji({ packageDir: openmojiDir, limit: opts.limit })
        : source === 'openclipart'
          ? scanOpenclipart({ root: openclipartDir, limit: opts.limit })
          : source === 'sweethome3d'
            ? scanSweethome3d({
                dir: sweethome3dDir,
                copyrightFile: opts.sweethome3dCopyright ?? DEFAULT_SWEETHOME3D_COPYRIGHT,
                limit: opts.limit,
                ...(opts.pick?.sweethome3d ? { ids: opts.pick.sweethome3d } : {}),
              })
            : source === 'meteocons'
              ? scanMeteocons({
                  packageDir: meteoconsDir!,
                  dataDir,
                  recorder,
                  limit: opts.limit,
                  ...(opts.pick?.meteocons ? { names: opts.pick.meteocons } : {}),
                })
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
  let embedFailures = 0;
  let rendered = 0;
  let reused = 0;
  let imageSkips = 0;
  const recorded = { recorded: 0, cached: 0, failed: 0, ms: 0 };
  // Wall time from the first clip asked for to the last one made (clips are made several at once).
  let preparingFrom: number | null = null;
  const processItem = async ({
    item,
    draft,
  }: (typeof candidates)[number]): Promise<ItemOutcome> => {
    const skip = (reason: SkippedItem['reason'], detail: string): SkippedItem => ({
      source: item.source,
      ref: item.ref,
      reason,
      detail,
    });
    let outcome: ItemOutcome;
    const ensure = async (bytes: Buffer, aspect: number | undefined) => {
      const result = await store.ensure(bytes, aspect === undefined ? {} : { aspect });
      if (result.via === 'render') rendered++;
      else if (result.via === 'cache') reused++;
      return result.outcome;
    };
    try {
      // Files the source makes first (a clip recorded from an animation, or found in the cache).
      let prepared: Skip | null = null;
      if (item.prepare) {
        preparingFrom ??= performance.now();
        const made = await item.prepare();
        recorded.ms = performance.now() - preparingFrom;
        if (isSkip(made)) {
          prepared = made;
          recorded.failed++;
        } else if (made.via === 'render') recorded.recorded++;
        else recorded.cached++;
      }
      // A video pin's clip first (video.ts): its poster frame is also the card's image when
      // the pin has none of its own.
      let video: { stored: StoredVideo; posterPng: Buffer } | Skip | null = prepared;
      if (item.video && !prepared) {
        const ingested = await ingestVideo(item.video, dataDir);
        if (isSkip(ingested)) video = ingested;
        else {
          const poster = await ensure(
            ingested.posterPng,
            item.aspect ?? ingested.video.height / ingested.video.width,
          );
          video = isSkip(poster)
            ? { skip: 'invalid video', detail: `poster frame: ${poster.detail}` }
            : {
                stored: { ...ingested.video, poster: poster.visual.hash },
                posterPng: ingested.posterPng,
              };
        }
      }
      // An image handed over as bytes (an archive's entry) is not a file to stat.
      const stat =
        item.imagePath === null || item.imageBytes
          ? null
          : await fs.stat(item.imagePath).catch(() => null);
      const size = item.imageBytes?.length ?? stat?.size ?? 0;
      if (video && isSkip(video)) {
        outcome = skip(video.skip, video.detail);
      } else if (item.imagePath !== null && !item.imageBytes && !stat?.isFile()) {
        outcome = skip('missing file', item.imagePath);
      } else if (size > MAX_FILE_BYTES) {
        outcome = skip('file too large', `${size} bytes (cap ${MAX_FILE_BYTES})`);
      } else {
        const bytes =
          item.imageBytes ??
          (item.imagePath === null ? video!.posterPng : await fs.readFile(item.imagePath));
        const result = await ensure(
          bytes,
          item.aspect ??
            (item.imagePath === null && video ? video.stored.height / video.stored.width : undefined),
        );
        outcome = isSkip(result)
          ? skip(result.skip, result.detail)
          : {
              record: {
                ...draft,
                visual: result.visual,
                ...(video ? { video: video.stored } : {}),
              },
              source: item.source,
            };
      }
    } catch (error) {
      // Unexpected I/O trouble with one file (permissions, vanished mid-read) skips that file only.
      outcome = skip('missing file', error instanceof Error ? error.message : String(error));
    }
    // The image encoder on the thumbnail just made or found (image-embedding.ts); a failure
    // leaves the pin without an embedding, counted, rather than dropping the pin.
    if (embedder && 'record' in outcome) {
      try {
        const code = await embedder.codeFor(outcome.record.visual.hash);
        if (code) outcome.record.imageCode = code;
      } catch (error) {
        embedFailures++;
        if (embedFailures === 1) {
          console.warn(
            `image embedding failed: ${error instanceof Error ? error.message : String(error)}`,
          );
        }
      }
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
      ...(recorded.recorded > 0 ? { recorded: recorded.recorded } : {}),
      ...(embedder ? { embedded: embedder.stats.embedded } : {}),
    });
    return outcome;
  };
  // Items that make their files first (clips recorded in Chromium) go after the others, more at
  // a time: the recorder shares one page between several clips (animation-recorder.ts), and it
  // needs that many asking at once. Outcomes keep the candidates' order.
  const plain = candidates.filter((c) => !c.item.prepare);
  const preparing = candidates.filter((c) => c.item.prepare);
  const byCandidate = new Map<(typeof candidates)[number], ItemOutcome>();
  const plainOutcomes = await mapPool(plain, opts.concurrency ?? DEFAULT_CONCURRENCY, processItem);
  plain.forEach((c, i) => byCandidate.set(c, plainOutcomes[i]!));
  const preparedOutcomes = await mapPool(preparing, RECORD_CONCURRENCY, processItem);
  preparing.forEach((c, i) => byCandidate.set(c, preparedOutcomes[i]!));
  const outcomes = candidates.map((c) => byCandidate.get(c)!);

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

  // The generated corpus: its shared placeholders go through the thumbnail store once, then its
  // pins stream straight into the writer (a million drafts are never held at once).
  let generatedRecords: Iterable<IndexRecord> = [];
  if (generated) {
    opts.onProgress?.({ phase: 'scan', source: 'generated', items: generated.count });
    const visuals = [];
    for (let i = 0; i < PLACEHOLDER_COUNT; i++) {
      const { bytes, aspect } = placeholderSvg(i);
      const result = await store.ensure(bytes, { aspect });
      if (result.via === 'render') rendered++;
      else if (result.via === 'cache') reused++;
      if (isSkip(result.outcome)) throw new Error(`generated placeholder ${i}: ${result.outcome.detail}`);
      // Generated pins share a few placeholder images that say nothing about the pin: no
      // perceptual features, or every generated pin would be a near duplicate of thousands.
      const { dhash: _dhash, thumb12: _thumb12, ...placeholder } = result.outcome.visual;
      visuals.push(placeholder);
    }
    const concepts = loadConcepts(openmojiDir);
    // Ids are "gen-…": only a manifest can have taken one, and it is known before streaming.
    const taken = new Set<string>();
    for (const id of seenIds) {
      const index = Number.parseInt(id.slice(id.lastIndexOf('-') + 1), 36);
      if (index < generated.count && generatedId(generatedSeed, index) === id) taken.add(id);
    }
    for (const id of taken) skipped.push({ source: 'generated', ref: id, reason: 'duplicate id', detail: id });
    perSource.generated = generated.count - taken.size;
    const generator = pinGenerator({ seed: generatedSeed, concepts });
    const order = indexesByPopularity(generated.count, generatedSeed);
    generatedRecords = (function* () {
      for (const index of order) {
        const { draft, placeholder } = generator.pin(index);
        if (!taken.has(draft.id)) yield { ...draft, visual: visuals[placeholder]! };
      }
    })();
  }

  // Pins in other languages (manifest `lang`): their words mapped to English through the same
  // data the lexicon is built from (lexicon/pin-translation.ts), and the words they hold.
  let prepared: PreparedLexicon | undefined;
  const foreignWords = new Map<string, Map<string, number>>();
  const multilingual: NonNullable<BuildReport['multilingual']> = { pins: 0, languages: {}, translations: 0 };
  if (records.some((r) => r.langs)) {
    prepared = cachedPreparedLexicon();
    const translate = createPinTranslator(prepared);
    for (const record of records) {
      if (!record.langs) continue;
      const cross = translate(record);
      record.crossLingual = cross;
      multilingual.pins++;
      for (const tag of new Set(Object.values(record.langs)))
        multilingual.languages[tag] = (multilingual.languages[tag] ?? 0) + 1;
      multilingual.translations += cross?.translations.length ?? 0;
      for (const [lang, words] of cross?.foreignWords ?? []) {
        for (const word of words) {
          let byLang = foreignWords.get(word);
          if (!byLang) foreignWords.set(word, (byLang = new Map()));
          byLang.set(lang, (byLang.get(lang) ?? 0) + 1);
        }
      }
    }
  }

  opts.onProgress?.({ phase: 'write', pins: records.length + (generated?.count ?? 0) });
  // Predicted tags from pixels (visual/tag-head.ts), trained on this corpus's own tags: for pins
  // without tags and the held-out tenth of tagged pins, searchable at a lower weight.
  let tagHead: TagHeadReport | undefined;
  if (embedder && opts.predictTags !== false) {
    const examples = records.flatMap((r) =>
      r.imageCode
        ? [{ id: r.id, tags: r.tags, category: r.category, vector: unitFromImageCode(r.imageCode) }]
        : [],
    );
    const trained = await trainTagHead(examples);
    if (trained) {
      tagHead = trained.report;
      for (const record of records) {
        const suggested = trained.suggestions.get(record.id);
        if (suggested) record.suggestedTags = suggested;
      }
    }
  }
  // What else decides the index: the generated corpus's size and seed, the demo sources' inputs.
  const extra = {
    ...(generated ? { generated: generated.count, seed: generatedSeed } : {}),
    ...(sources.includes('sweethome3d') ? { sweethome3d: sweethome3dVersion(sweethome3dDir) } : {}),
    ...(meteoconsDir
      ? { meteocons: `${readMeteocons(meteoconsDir).version}/${RECORDER_VERSION}` }
      : {}),
    ...(opts.pick ? { pick: opts.pick } : {}),
  };
  const fingerprint = buildFingerprint({
    sources,
    limit: opts.limit,
    openmojiVersion: sources.includes('openmoji') || generated
      ? await readOpenmojiVersion(openmojiDir)
      : undefined,
    extra: Object.keys(extra).length > 0 ? JSON.stringify(extra) : undefined,
  });
  let embeddings: EmbeddingsReport | undefined;
  const { dbPath, bytes, pins } = writeIndex({
    dataDir,
    // Rowid order is the static rank (engine/schema.ts): most popular first, ties in source order.
    records: mergeByPopularity(sortByPopularity(records), generatedRecords),
    sources: perSource as Record<string, number>,
    startedAt,
    fingerprint,
    ...(embedder ? { imageEncoderVersion: embedder.version } : {}),
    // Embeddings are learned from the pins just written (src/server/retrieval).
    afterWrite: (db, finalPath) => {
      // The predicted-tag head's figures travel with the build (its model card's numbers).
      if (tagHead) {
        db.prepare('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)').run(
          TAG_HEAD_META_KEY,
          JSON.stringify(tagHead),
        );
      }
      // What a server would otherwise compute from every pin at start (seconds at 100k pins,
      // a minute at 1M): the spelling vocabulary and the completion index, stored once here.
      writeStoredVocabulary(db);
      const vocabulary = readStoredVocabulary(db)!;
      // Queries in other languages: words mapped to this index's English vocabulary (ingest/lexicon).
      writeStoredLexicon(db, buildLexicon({ vocabulary, ...(prepared ? { prepared } : {}) }));
      // Words the pins hold in other languages (engine/foreign-words.ts).
      writeForeignWords(db, { words: foreignWords, vocabulary });
      writeStoredCompletions(db, mineVocabularyIndex(db).index);
      // Broad queries at scale are ranked on the most popular pins' own FTS table (head-index.ts).
      writeHeadIndex(db);
      const pending = buildEmbeddings(db, { hnswPath: hnswPathFor(finalPath) });
      embeddings = pending.report;
      // Visual search's graph (visual/visual-search.ts): seconds to build, so here, not at load.
      const graph = writeVisualGraph(db, visualHnswPathFor(finalPath));
      return graph
        ? {
            commit: () => {
              pending.commit();
              graph.commit();
            },
            discard: () => {
              pending.discard();
              graph.discard();
            },
          }
        : pending;
    },
  });

  const typed = {
    products: records.filter((r) => r.product).length,
    videos: records.filter((r) => r.video).length,
  };
  const skippedByReason: BuildReport['skipped'] = {};
  for (const s of skipped) skippedByReason[s.reason] = (skippedByReason[s.reason] ?? 0) + 1;
  return {
    dataDir,
    dbPath,
    pins,
    sources: perSource,
    skipped: skippedByReason,
    skippedItems: skipped,
    rendered,
    reused,
    elapsedMs: Math.round(performance.now() - startedAt),
    dbBytes: bytes,
    embeddings,
    ...(multilingual.pins > 0 ? { multilingual } : {}),
    ...(typed.products + typed.videos > 0 ? { typed } : {}),
    ...(embedder
      ? {
          imageEmbeddings: {
            version: embedder.version,
            pins: records.filter((r) => r.imageCode).length,
            embedded: embedder.stats.embedded,
            cached: embedder.stats.cached,
            failed: embedFailures,
            ms: Math.round(embedder.stats.ms),
          },
        }
      : {}),
    ...(tagHead ? { tagHead } : {}),
    ...(recorded.recorded + recorded.cached + recorded.failed > 0
      ? { recorded: { ...recorded, ms: Math.round(recorded.ms) } }
      : {}),
  };
}
