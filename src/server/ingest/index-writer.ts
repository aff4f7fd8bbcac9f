/**
 * Writes the index artifact: a fresh SQLite file built under a temporary name and renamed over
 * `<data>/index/inspo.sqlite` in one step, so a reader sees either the old index or the new one,
 * never half of one (a server that has the old file open keeps reading it).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { hexToRgb } from '@/ranking/color';
import { storedMediaType, type StoredMedia, type StoredVideo } from '@/server/engine/pin-media';
import { INDEX_VERSION, META_KEYS, SCHEMA_SQL, indexPath } from '@/server/engine/schema';
import { writeImageEmbeddings } from '@/server/visual/image-embeddings';
import type { CrossLingualText } from './lexicon/pin-translation';
import { writeNearDuplicateGroups } from './near-duplicates';
import type { Visual } from './thumbnails';
import type { PinDraft } from './types';

export type IndexRecord = PinDraft & {
  visual: Visual;
  /** A pin with fields in other languages: what they add to the search (pin-translation.ts). */
  crossLingual?: CrossLingualText | null;
  /** A video pin's clip, checked and stored (ingest/video.ts). */
  video?: StoredVideo;
  /** The image encoder's embedding of the pin's own image, as its int8 code (visual/image-embeddings.ts). */
  imageCode?: Int8Array;
  /** Tags predicted from the image (visual/tag-head.ts), most likely first. */
  suggestedTags?: string[];
};

/** What pin_media holds for a record, if it is typed. */
export function storedMedia(r: Pick<IndexRecord, 'product' | 'video'>): StoredMedia | null {
  if (r.product) return { product: r.product };
  if (r.video) return { video: r.video };
  return null;
}

export interface WriteIndexOptions {
  dataDir: string;
  /** Any iterable: a generated corpus streams its million records instead of holding them. */
  records: Iterable<IndexRecord>;
  /** Pins per source, stored for /api/health. */
  sources: Record<string, number>;
  /** performance.now() when the build began; buildMs is measured up to the final commit. */
  startedAt: number;
  /** Describes the inputs (see build-index.ts); lets callers tell whether a rebuild is needed. */
  fingerprint: string;
  /**
   * Runs on the complete temporary database before it is renamed into place (the embedding
   * step). What it returns is published right before that rename, or discarded on failure.
   */
  afterWrite?: (db: Database.Database, dbPath: string) => { commit(): void; discard(): void };
  /** The image encoder's version, when records carry image embeddings (`imageCode`). */
  imageEncoderVersion?: string;
}

export function writeIndex({
  dataDir,
  records,
  sources,
  startedAt,
  fingerprint,
  afterWrite,
  imageEncoderVersion,
}: WriteIndexOptions): {
  dbPath: string;
  bytes: number;
  /** Records written. */
  pins: number;
} {
  const dbPath = indexPath(dataDir);
  fs.mkdirSync(path.dirname(dbPath), { recursive: true });
  const tmp = `${dbPath}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  const db = new Database(tmp);
  let sideFiles: { commit(): void; discard(): void } | undefined;
  let pins = 0;
  try {
    // A half-written temp file is simply discarded, so durability pragmas only cost time here.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.exec(SCHEMA_SQL);

    const insertPin = db.prepare(`
      INSERT INTO pins (rowid, id, title, description, tags, category, image_hash, width, height,
        dominant_color, dominant_r, dominant_g, dominant_b, palette, source_name, source_attribution,
        source_url, license_name, license_url, popularity)
      VALUES (@rowid, @id, @title, @description, @tags, @category, @image_hash, @width, @height,
        @dominant_color, @dominant_r, @dominant_g, @dominant_b, @palette, @source_name, @source_attribution,
        @source_url, @license_name, @license_url, @popularity)`);
    const insertFts = db.prepare(
      'INSERT INTO pins_fts (rowid, title, tags, description, category, crosslingual, suggested) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    const insertSuggested = db.prepare('INSERT INTO pin_suggested_tags (pin, tags) VALUES (?, ?)');
    const insertLanguages = db.prepare(
      'INSERT INTO pin_languages (pin, langs, crosslingual, translations) VALUES (?, ?, ?, ?)',
    );
    const insertTag = db.prepare('INSERT OR IGNORE INTO pin_tags (tag, pin) VALUES (?, ?)');
    const insertMedia = db.prepare('INSERT INTO pin_media (pin, type, data) VALUES (?, ?, ?)');
    const insertMeta = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)');
    const insertVisual = db.prepare(
      'INSERT INTO pin_visual (pin, dhash, thumb, dup_of) VALUES (?, ?, ?, NULL)',
    );

    db.transaction(() => {
      const imageCodes: { id: string; code: Int8Array }[] = [];
      for (const r of records) {
        const rowid = ++pins;
        const [red, g, b] = hexToRgb(r.visual.dominantColor);
        insertPin.run({
          rowid,
          id: r.id,
          title: r.title,
          description: r.description,
          tags: JSON.stringify(r.tags),
          category: r.category,
          image_hash: r.visual.hash,
          width: r.visual.width,
          height: r.visual.height,
          dominant_color: r.visual.dominantColor,
          dominant_r: red,
          dominant_g: g,
          dominant_b: b,
          palette: JSON.stringify(r.visual.palette),
          source_name: r.source.name,
          source_attribution: r.source.attribution,
          source_url: r.source.url,
          license_name: r.license.name,
          license_url: r.license.url,
          popularity: r.popularity,
        });
        const cross = r.crossLingual?.text ?? '';
        const suggested = r.suggestedTags ?? [];
        insertFts.run(
          rowid,
          r.title,
          r.tags.join(', '),
          r.description,
          r.category,
          cross,
          suggested.join(', '),
        );
        if (suggested.length > 0) insertSuggested.run(rowid, JSON.stringify(suggested));
        if (r.langs) {
          const provenance = (r.crossLingual?.translations ?? []).map((t) => [
            t.field,
            t.word,
            t.lang,
            t.target,
            Math.round(t.weight * 1000) / 1000,
            t.sources,
          ]);
          insertLanguages.run(rowid, JSON.stringify(r.langs), cross, JSON.stringify(provenance));
        }
        for (const tag of r.tags) insertTag.run(tag, rowid);
        const media = storedMedia(r);
        if (media) insertMedia.run(rowid, storedMediaType(media), JSON.stringify(media));
        if (r.visual.dhash !== undefined && r.visual.thumb12 !== undefined)
          insertVisual.run(rowid, r.visual.dhash, Buffer.from(r.visual.thumb12, 'base64'));
        if (r.imageCode) imageCodes.push({ id: r.id, code: r.imageCode });
      }
      if (imageEncoderVersion !== undefined) writeImageEmbeddings(db, imageCodes, imageEncoderVersion);
      writeNearDuplicateGroups(db);
      db.prepare("INSERT INTO pins_fts (pins_fts) VALUES ('optimize')").run();
      db.exec('ANALYZE');
      const meta: Record<string, string> = {
        [META_KEYS.version]: String(INDEX_VERSION),
        [META_KEYS.builtAt]: new Date().toISOString(),
        [META_KEYS.pins]: String(pins),
        [META_KEYS.sources]: JSON.stringify(sources),
        [META_KEYS.fingerprint]: fingerprint,
        [META_KEYS.buildMs]: String(Math.round(performance.now() - startedAt)),
      };
      for (const [key, value] of Object.entries(meta)) insertMeta.run(key, value);
    })();
    sideFiles = afterWrite?.(db, dbPath);
    db.close();
    // Side files first: a reader that opens the new database finds them already in place
    // (one that opens the old database meanwhile notices the mismatch, see vector-index.ts).
    sideFiles?.commit();
    fs.renameSync(tmp, dbPath);
  } catch (error) {
    if (db.open) db.close();
    sideFiles?.discard();
    fs.rmSync(tmp, { force: true });
    throw error;
  }
  return { dbPath, bytes: fs.statSync(dbPath).size, pins };
}
