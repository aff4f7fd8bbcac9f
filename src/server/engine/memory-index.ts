/**
 * Test support: an in-memory index with the real schema (schema.ts) holding a few pins, for
 * unit tests of code that reads the `pins` table. Columns a test does not set get neutral
 * values; only the indexer (ingest/index-writer.ts) writes real ones.
 */
import Database from 'better-sqlite3';
import { storedMediaType, type StoredMedia } from './pin-media';
import { SCHEMA_SQL } from './schema';

export interface MemoryPin {
  /** Default `p<position>`. */
  id?: string;
  title?: string;
  description?: string;
  /** Tags, or the raw column text (to test a damaged row). */
  tags?: readonly string[] | string;
  category?: string;
  palette?: readonly string[];
  /**
   * A pin in another language: its FTS `crosslingual` text (ingest/lexicon/pin-translation.ts),
   * also recorded in `pin_languages` with `langs` (default: title in Spanish).
   */
  crosslingual?: string;
  langs?: Record<string, string>;
  /** A typed pin's offer or clip (pin-media.ts). */
  media?: StoredMedia;
  /** Tags predicted from its image (pin_suggested_tags, and the FTS `suggested` column). */
  suggested?: readonly string[];
}

/** The pins, in order, in a fresh in-memory index; with `fts`, also in the full-text table. */
export function memoryIndex(pins: readonly MemoryPin[], { fts = false } = {}): Database.Database {
  const db = new Database(':memory:');
  db.exec(SCHEMA_SQL);
  const insert = db.prepare(`
    INSERT INTO pins (id, title, description, tags, category, image_hash, width, height, dominant_color,
      dominant_r, dominant_g, dominant_b, palette, source_name, source_attribution, source_url,
      license_name, license_url, popularity)
    VALUES (@id, @title, @description, @tags, @category, 'h', 236, 236, '#ffffff', 255, 255, 255, @palette,
      'test', 'test', NULL, 'CC0', 'https://example.org', 0.5)`);
  const insertFts = db.prepare(
    'INSERT INTO pins_fts (rowid, title, tags, description, category, crosslingual, suggested) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  const insertSuggested = db.prepare('INSERT INTO pin_suggested_tags (pin, tags) VALUES (?, ?)');
  const insertLanguages = db.prepare(
    "INSERT INTO pin_languages (pin, langs, crosslingual, translations) VALUES (?, ?, ?, '[]')",
  );
  const insertMedia = db.prepare('INSERT INTO pin_media (pin, type, data) VALUES (?, ?, ?)');
  pins.forEach((pin, i) => {
    const row = {
      id: pin.id ?? `p${i}`,
      title: pin.title ?? '',
      description: pin.description ?? '',
      tags: typeof pin.tags === 'string' ? pin.tags : JSON.stringify(pin.tags ?? []),
      category: pin.category ?? '',
      palette: JSON.stringify(pin.palette ?? ['#ffffff']),
    };
    const { lastInsertRowid } = insert.run(row);
    if (pin.media) {
      insertMedia.run(lastInsertRowid, storedMediaType(pin.media), JSON.stringify(pin.media));
    }
    if (pin.crosslingual !== undefined) {
      insertLanguages.run(lastInsertRowid, JSON.stringify(pin.langs ?? { title: 'es' }), pin.crosslingual);
    }
    if (pin.suggested) insertSuggested.run(lastInsertRowid, JSON.stringify(pin.suggested));
    if (fts) {
      const tagText = Array.isArray(pin.tags) ? pin.tags.join(' ') : '';
      const suggested = (pin.suggested ?? []).join(' ');
      insertFts.run(
        lastInsertRowid,
        row.title,
        tagText,
        row.description,
        row.category,
        pin.crosslingual ?? '',
        suggested,
      );
    }
  });
  return db;
}
