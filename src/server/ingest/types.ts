/** Shared vocabulary of the ingest pipeline: sources, pin drafts, skip reasons, the build report. */
import type { Pin } from '@/contract/api';
import type { EmbeddingsReport } from '@/server/retrieval/build-embeddings';
import type { TagHeadReport } from '@/server/visual/tag-head';

/**
 * In build order (a taken id is skipped in the later source). sweethome3d and meteocons are the
 * demo product and video pins (docs/demo-content.md).
 */
export const SOURCE_NAMES = [
  'openmoji',
  'openclipart',
  'manifest',
  'generated',
  'sweethome3d',
  'meteocons',
] as const;
export type SourceName = (typeof SOURCE_NAMES)[number];

/** Why an input did not become a pin. Every skip is counted under one of these. */
export const SKIP_REASONS = [
  'no title',
  'invalid manifest line',
  'duplicate id',
  'missing file',
  'file too large',
  'unsupported format',
  'doctype/entity',
  'external reference',
  'huge dimensions',
  'invalid image',
  'blank image',
  'render timeout',
  'invalid video',
  'ffmpeg missing',
  'recording failed',
  'unknown licence',
  'invalid catalogue entry',
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export interface Skip {
  skip: SkipReason;
  detail: string;
}

export const isSkip = (value: unknown): value is Skip =>
  typeof value === 'object' && value !== null && 'skip' in value;

/** The text fields of a pin that may be written in another language than English. */
export const TEXT_FIELDS = ['title', 'description', 'tags'] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

/** Canonical BCP 47 tag per text field NOT in English (an absent field is English). */
export type FieldLanguages = Partial<Record<TextField, string>>;

/** Everything about a pin that comes from its source's metadata (the image adds the rest). */
export type PinDraft = Omit<
  Pin,
  'imageUrl' | 'imageUrl2x' | 'width' | 'height' | 'dominantColor' | 'palette' | 'video'
> & {
  /** Fields written in another language (manifest `lang`); absent: all English. */
  langs?: FieldLanguages;
};

/** A video pin's clip as a source gives it (manifest `video`); ingest/video.ts checks and stores it. */
export interface VideoInput {
  /** Absolute path of the WebM or MP4 file. */
  file: string;
  /** A WebVTT file and its language (BCP 47). */
  captions?: { file: string; lang: string };
  /** Seconds into the clip of the poster frame. */
  posterAt?: number;
  /** What the source says the clip is: checked against the file (seconds, pixels). */
  expect: { duration?: number; width?: number; height?: number };
}

/** One input of a source: where its image is and how to describe it. */
export interface SourceItem {
  source: SourceName;
  /** Human-readable reference for skip reports: a path, or `file:line` for a manifest. */
  ref: string;
  /**
   * Null only for a video pin without an image of its own: its poster frame is its image. With
   * `imageBytes`, only where those bytes came from (an archive entry), for reports.
   */
  imagePath: string | null;
  /** The image itself, when it is not a file of its own (an icon inside a ZIP archive). */
  imageBytes?: Buffer;
  /**
   * Makes the item's files before the image stage reads them: a clip recorded from an animation
   * ('render'), or found already made ('cache'); a Skip when it cannot be made.
   */
  prepare?: () => Promise<{ via: 'render' | 'cache' } | Skip>;
  /** A video pin's clip. */
  video?: VideoInput;
  /** Desired aspect ratio (height / width) when the source knows it better than the image. */
  aspect?: number;
  /** The pin's metadata, or why this item is skipped before its image is even read. */
  draft: PinDraft | Skip;
}

/** A source's scan: its items plus the inputs it already rejected (e.g. malformed manifest lines). */
export interface SourceScan {
  items: SourceItem[];
  rejected: { ref: string; skip: Skip }[];
}

export interface SkippedItem {
  source: SourceName;
  ref: string;
  reason: SkipReason;
  detail: string;
}

export type BuildProgress =
  | { phase: 'scan'; source: SourceName; items: number }
  | {
      phase: 'images';
      done: number;
      total: number;
      rendered: number;
      reused: number;
      skipped: number;
      /** Clips recorded from animations so far (meteocons), when the build records any. */
      recorded?: number;
      /** Images run through the image encoder so far (the others' embeddings come from the cache). */
      embedded?: number;
    }
  | { phase: 'write'; pins: number };

export interface BuildReport {
  dataDir: string;
  dbPath: string;
  pins: number;
  /** Pins per source (sources that were asked for but produced nothing appear with 0). */
  sources: Partial<Record<SourceName, number>>;
  /** Skipped inputs per reason (only reasons that occurred). */
  skipped: Partial<Record<SkipReason, number>>;
  /** Every skipped input: those rejected from metadata first, then those rejected at the image stage. */
  skippedItems: SkippedItem[];
  /** Images rasterized in this run. */
  rendered: number;
  /** Images whose thumbnails were already in the content-addressed cache. */
  reused: number;
  elapsedMs: number;
  dbBytes: number;
  /** The embedding step (src/server/retrieval/build-embeddings.ts). */
  embeddings?: EmbeddingsReport;
  /** Typed pins (manifest `product` / `video`), when there were any. */
  typed?: { products: number; videos: number };
  /**
   * Clips recorded from animations (meteocons), when the build had any to make; `ms` is the wall
   * time from the first clip asked for to the last one made.
   */
  recorded?: { recorded: number; cached: number; failed: number; ms: number };
  /**
   * Image embeddings (image-embedding.ts): pins that got one, images run through the encoder in
   * this build and read from the cache, failures, and the encoder's summed time (ms).
   */
  /** The predicted-tag head trained in this build (visual/tag-head.ts), when it was. */
  tagHead?: TagHeadReport;
  imageEmbeddings?: {
    version: string;
    pins: number;
    embedded: number;
    cached: number;
    failed: number;
    ms: number;
  };
  /** Pins with text in other languages (manifest `lang`), when there were any. */
  multilingual?: {
    pins: number;
    /** Pins per language tag (a pin counts once per tag it uses). */
    languages: Record<string, number>;
    /** Word → English pairs added (lexicon/pin-translation.ts). */
    translations: number;
  };
}
