/**
 * The on-disk layout of the index artifact (`<data>/index/inspo.sqlite`).
 * Shared by the writer (src/server/ingest) and the reader (this folder), so the two
 * can never disagree about a table or column name.
 */
import path from 'node:path';

/**
 * Bump when the schema or the meaning of a column changes; the engine refuses other versions.
 * 2: pin embeddings, word vectors and the HNSW file (src/server/retrieval/store.ts).
 */
export const INDEX_VERSION = 2;

export const INDEX_DIR_NAME = 'index';
export const INDEX_FILE_NAME = 'inspo.sqlite';
export const THUMBS_DIR_NAME = 'thumbs';

export const indexPath = (dataDir: string): string => path.join(dataDir, INDEX_DIR_NAME, INDEX_FILE_NAME);
export const thumbsDir = (dataDir: string): string => path.join(dataDir, THUMBS_DIR_NAME);

/**
 * FTS5 column order matters: bm25() weights are positional (see BM25_WEIGHTS).
 * Contentless (`content=''`): we only need rowids and ranks back from FTS; the text
 * lives once, in `pins` (and, for pins in other languages, `pin_languages`).
 *
 * `crosslingual` is empty but for pins whose text is not in English (manifest `lang`): their
 * words' English translations and the forms a query reaches their own words by
 * (ingest/lexicon/pin-translation.ts). Indexes built before it have four columns; a bm25()
 * weight past the last column is ignored, so the engine reads both.
 *
 * `suggested` holds the tags predicted from the pin's pixels (visual/tag-head.ts) for pins without
 * tags and the held-out tenth; empty for the others. Guesses, so they weigh least of all.
 */
export const FTS_COLUMNS = [
  'title',
  'tags',
  'description',
  'category',
  'crosslingual',
  'suggested',
] as const;
export type FtsColumn = (typeof FTS_COLUMNS)[number];

/**
 * Title and tags describe the picture; description and category are weaker evidence; a word
 * translated at index time weighs less than the author's own title or tag word.
 */
export const BM25_WEIGHTS: Record<FtsColumn, number> = {
  title: 10,
  tags: 6,
  description: 2,
  category: 3,
  crosslingual: 4,
  suggested: 1,
};

export const FTS_TOKENIZER = 'porter unicode61 remove_diacritics 2';

/**
 * Rowid order is the static rank: the indexer writes pins most popular first (ties in source
 * order), so FTS5 — which yields matches in rowid order — finds the most popular matches of a
 * broad query first and can stop there (engine/understood-search.ts RANK_WINDOW).
 */
export const SCHEMA_SQL = `
CREATE TABLE pins (
  rowid INTEGER PRIMARY KEY,     -- static rank: 1 = most popular (see above)
  id TEXT NOT NULL UNIQUE,
  title TEXT NOT NULL,
  description TEXT NOT NULL,
  tags TEXT NOT NULL,            -- JSON array of strings
  category TEXT NOT NULL,
  image_hash TEXT NOT NULL,      -- thumbnails are /thumbs/<image_hash>-236.webp and -472.webp
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  dominant_color TEXT NOT NULL,  -- #rrggbb
  dominant_r INTEGER NOT NULL,   -- the same colour split up, so related() can sort by distance in SQL
  dominant_g INTEGER NOT NULL,
  dominant_b INTEGER NOT NULL,
  palette TEXT NOT NULL,         -- JSON array of #rrggbb
  source_name TEXT NOT NULL,
  source_attribution TEXT NOT NULL,
  source_url TEXT,
  license_name TEXT NOT NULL,
  license_url TEXT NOT NULL,
  popularity REAL NOT NULL       -- prior in [0,1]
);
CREATE INDEX pins_category ON pins(category);

CREATE VIRTUAL TABLE pins_fts USING fts5(
  ${FTS_COLUMNS.join(', ')},
  content='',
  tokenize='${FTS_TOKENIZER}'
);

-- One row per (tag, pin): "pins sharing the most tags" is a GROUP BY over this.
CREATE TABLE pin_tags (
  tag TEXT NOT NULL,
  pin INTEGER NOT NULL,
  PRIMARY KEY (tag, pin)
) WITHOUT ROWID;

-- Pins whose text is not (all) in English: one row each (ingest/lexicon/pin-translation.ts).
CREATE TABLE pin_languages (
  pin INTEGER PRIMARY KEY,       -- pins.rowid
  langs TEXT NOT NULL,           -- JSON {"title": "es", ...}: the fields not in English, BCP 47
  crosslingual TEXT NOT NULL,    -- what pins_fts's crosslingual column holds for the pin
  translations TEXT NOT NULL     -- JSON [[field, word, lang, English word, weight, lexicon_sources ids]]
);

-- Typed pins (engine/pin-media.ts): a shopping pin's offer or a video pin's clip.
CREATE TABLE pin_media (
  pin INTEGER PRIMARY KEY,       -- pins.rowid
  type TEXT NOT NULL,            -- 'product' | 'video' (what search's type= filters on)
  data TEXT NOT NULL             -- JSON StoredMedia: {"product": {...}} or {"video": {...}}
);

-- Perceptual features (src/server/visual/perceptual.ts) of pins whose image is their own (not
-- generated placeholders), and the near-duplicate group each belongs to: dup_of is the rowid of
-- the group's first (most popular) pin, NULL for that pin itself and for pins without duplicates.
CREATE TABLE pin_visual (
  pin INTEGER PRIMARY KEY,
  dhash TEXT NOT NULL,
  thumb BLOB NOT NULL,
  dup_of INTEGER
);

-- Image embeddings from pixels (src/server/visual/image-embeddings.ts) of pins whose image is
-- their own (not generated placeholders): the image encoder's pooled features, L2-normalised, as
-- int8 codes in the pin-embedding wire format (src/ranking/embedding.ts quantizeInt8).
CREATE TABLE pin_image_embedding (
  pin TEXT PRIMARY KEY,          -- pins.id
  vec BLOB NOT NULL              -- IMAGE_EMBEDDING_DIM int8 (src/lib/image-model)
);

-- Tags predicted from pixels (src/server/visual/tag-head.ts): pins without tags and the held-out
-- tenth of tagged pins; the same words are in pins_fts's suggested column. Pin.suggestedTags.
CREATE TABLE pin_suggested_tags (
  pin INTEGER PRIMARY KEY,       -- pins.rowid
  tags TEXT NOT NULL             -- JSON array of strings, most likely first
);

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
`;

/** Keys of the meta table. `sources` is a JSON object {sourceName: pinCount}. */
export const META_KEYS = {
  version: 'version',
  builtAt: 'builtAt',
  buildMs: 'buildMs',
  sources: 'sources',
  pins: 'pins',
  fingerprint: 'fingerprint',
} as const;

/** Grid column width in CSS px: the 1x thumbnail is this wide, the 2x one twice as wide. */
export const THUMB_WIDTH_1X = 236;
export const THUMB_WIDTH_2X = THUMB_WIDTH_1X * 2;

export type ThumbScale = 1 | 2;

export const thumbFileName = (hash: string, scale: ThumbScale): string =>
  `${hash}-${scale === 1 ? THUMB_WIDTH_1X : THUMB_WIDTH_2X}.webp`;

/** URL path the HTTP server serves `<data>/thumbs` under. */
export const thumbUrl = (hash: string, scale: ThumbScale): string =>
  `/${THUMBS_DIR_NAME}/${thumbFileName(hash, scale)}`;
