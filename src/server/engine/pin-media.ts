/**
 * Pin types in the index: a shopping pin's offer or a video pin's clip, one row of
 * `pin_media` each (schema.ts), read with the pin. Indexes built before the table have no typed
 * pins: they still open and serve (hasPinMedia), and `type=` finds nothing in them.
 */
import path from 'node:path';
import type { Database } from 'better-sqlite3';
import { MEDIA_PREFIX, type PinType } from '@/contract/constants';
import type { Pin, Product, Video } from '@/contract/api';
import { thumbUrl } from './schema';

export const MEDIA_DIR_NAME = 'media';
/** Clips and captions, content-addressed: `<sha256 of the bytes>.<webm|mp4|vtt>`. */
export const mediaDir = (dataDir: string): string => path.join(dataDir, MEDIA_DIR_NAME);
export const mediaUrl = (file: string): string => `${MEDIA_PREFIX}${file}`;
/** The one kind of name /media serves (no folders, no ".."). */
export const MEDIA_FILE_NAME = /^[0-9a-f]{64}\.(?:webm|mp4|vtt)$/u;

/** A clip as stored: file names in the media folder, the poster frame's thumbnail hash. */
export interface StoredVideo {
  file: string;
  mimeType: Video['mimeType'];
  /** Thumbnail hash of the poster frame (thumbs/<hash>-472.webp). */
  poster: string;
  durationMs: number;
  width: number;
  height: number;
  captions?: { file: string; lang: string };
}

/** `pin_media.data`: exactly one of the two. */
export type StoredMedia = { product: Product } | { video: StoredVideo };

export const storedMediaType = (media: StoredMedia): PinType =>
  'product' in media ? 'product' : 'video';

/** The contract's fields for a pin's stored media (none when `json` is null). */
export function mediaFields(json: string | null): Pick<Pin, 'product' | 'video'> {
  if (json === null) return {};
  const media = JSON.parse(json) as StoredMedia;
  if ('product' in media) return { product: media.product };
  const v = media.video;
  return {
    video: {
      url: mediaUrl(v.file),
      mimeType: v.mimeType,
      poster: thumbUrl(v.poster, 2),
      durationMs: v.durationMs,
      width: v.width,
      height: v.height,
      ...(v.captions
        ? { captions: { url: mediaUrl(v.captions.file), lang: v.captions.lang } }
        : {}),
    },
  };
}

/** True when the index has the pin_media table (built with BUILD_LAYOUT 4 or later). */
export function hasPinMedia(db: Database): boolean {
  return (
    db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pin_media'").get() !==
    undefined
  );
}

/** The SQL of the `media` column of a pin row (table alias `p`): a primary-key lookup, or NULL. */
export const mediaColumnSql = (withMedia: boolean): string =>
  withMedia ? '(SELECT m.data FROM pin_media m WHERE m.pin = p.rowid)' : 'NULL';
