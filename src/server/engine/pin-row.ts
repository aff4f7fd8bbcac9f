/** Maps a row of the `pins` table (see schema.ts) to the contract's Pin. */
import type { Database } from 'better-sqlite3';
import type { Pin } from '@/contract/api';
import { hasPinMedia, mediaColumnSql, mediaFields } from './pin-media';
import { thumbUrl } from './schema';

export interface PinRow {
  rowid: number;
  id: string;
  title: string;
  description: string;
  tags: string;
  category: string;
  image_hash: string;
  width: number;
  height: number;
  dominant_color: string;
  palette: string;
  source_name: string;
  source_attribution: string;
  source_url: string | null;
  license_name: string;
  license_url: string;
  popularity: number;
  /** pin_media.data (JSON), null for an untyped pin (pin-media.ts). */
  media: string | null;
  /** pin_suggested_tags.tags (JSON), null for a pin without predicted tags. */
  suggested?: string | null;
}

/** Columns to select for a PinRow, qualified with the table alias `p`. */
const PIN_COLUMN_NAMES = [
  'rowid',
  'id',
  'title',
  'description',
  'tags',
  'category',
  'image_hash',
  'width',
  'height',
  'dominant_color',
  'palette',
  'source_name',
  'source_attribution',
  'source_url',
  'license_name',
  'license_url',
  'popularity',
] as const;

/**
 * Columns to select for a PinRow from `pins p`: the pins table's own, then the pin's media
 * (a primary-key lookup in pin_media, or NULL for an index built before that table), then its
 * predicted tags (likewise in pin_suggested_tags).
 */
export const pinColumns = (withMedia: boolean, withSuggested = false): string =>
  `${PIN_COLUMN_NAMES.map((c) => `p.${c} AS ${c}`).join(', ')}, ${mediaColumnSql(withMedia)} AS media, ` +
  `${withSuggested ? '(SELECT s.tags FROM pin_suggested_tags s WHERE s.pin = p.rowid)' : 'NULL'} AS suggested`;

const hasSuggestedTags = (db: Database): boolean =>
  db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pin_suggested_tags'")
    .get() !== undefined;

/** pinColumns for this index. */
export const pinColumnsFor = (db: Database): string =>
  pinColumns(hasPinMedia(db), hasSuggestedTags(db));

export function rowToPin(row: PinRow): Pin {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    tags: JSON.parse(row.tags) as string[],
    category: row.category,
    imageUrl: thumbUrl(row.image_hash, 1),
    imageUrl2x: thumbUrl(row.image_hash, 2),
    width: row.width,
    height: row.height,
    dominantColor: row.dominant_color,
    palette: JSON.parse(row.palette) as string[],
    source: { name: row.source_name, attribution: row.source_attribution, url: row.source_url },
    license: { name: row.license_name, url: row.license_url },
    popularity: row.popularity,
    ...mediaFields(row.media),
    ...(row.suggested ? { suggestedTags: JSON.parse(row.suggested) as string[] } : {}),
  };
}

/** How many values a raw row (statement.raw()) of pinColumns() starts with. */
export const PIN_COLUMN_COUNT = PIN_COLUMN_NAMES.length + 2;

/**
 * A PinRow from a raw row whose first values are pinColumns(), in order. better-sqlite3 builds
 * a row object key by key (~10 µs for a pin's 17 columns); an object literal of a fixed shape is
 * several times cheaper, which counts when a search reads 300 candidates.
 */
export function pinRowFromRaw(v: readonly unknown[]): PinRow {
  return {
    rowid: v[0] as number,
    id: v[1] as string,
    title: v[2] as string,
    description: v[3] as string,
    tags: v[4] as string,
    category: v[5] as string,
    image_hash: v[6] as string,
    width: v[7] as number,
    height: v[8] as number,
    dominant_color: v[9] as string,
    palette: v[10] as string,
    source_name: v[11] as string,
    source_attribution: v[12] as string,
    source_url: v[13] as string | null,
    license_name: v[14] as string,
    license_url: v[15] as string,
    popularity: v[16] as number,
    media: v[17] as string | null,
    suggested: v[18] as string | null,
  };
}

/**
 * Reads whole pin rows by rowid, in one statement (raw rows through pinRowFromRaw): what the
 * engine does for the page it returns. The map is keyed by rowid; unknown rowids are absent.
 */
export function createPinRowReader(
  db: Database,
): (rowids: readonly number[]) => Map<number, PinRow> {
  const stmt = db
    .prepare<[string], unknown[]>(
      `SELECT ${pinColumnsFor(db)} FROM pins p WHERE p.rowid IN (SELECT value FROM json_each(?))`,
    )
    .raw();
  return (rowids) => {
    const rows = new Map<number, PinRow>();
    if (rowids.length === 0) return rows;
    for (const raw of stmt.all(JSON.stringify(rowids))) {
      const row = pinRowFromRaw(raw);
      rows.set(row.rowid, row);
    }
    return rows;
  };
}
