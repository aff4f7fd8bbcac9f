/**
 * A pin as a Solr document (configset/schema.xml) and back. The document carries the pin's
 * display fields (stored), its text fields (analysed as FTS5 analyses them; a pin in another
 * language also its cross-lingual text, indexed only), exact values for
 * filters and related pins (each tag, the category, the named colours of the palette), the
 * static rank (the embedded index's rowid: 1 = most popular) and its embedding twice: the int8
 * code the API sends, and the same vector as floats for HNSW.
 */
import type { Pin } from '@/contract/api';
import type { PinType } from '@/contract/constants';
import { dequantizeInt8, int8ToBase64 } from '@/ranking/embedding';
import { paletteColorNames } from '@/server/engine/named-colors';
import { mediaFields, storedMediaType, type StoredMedia } from '@/server/engine/pin-media';
import type { PinRow } from '@/server/engine/pin-row';
import { thumbUrl } from '@/server/engine/schema';

export const PIN_KIND = 'pin';
export const MODEL_KIND = 'model';
/** Every pin query filters on this: model documents never appear among results. */
export const PIN_FILTER = `kind:${PIN_KIND}`;

export interface PinDocument {
  id: string;
  kind: typeof PIN_KIND;
  rank: number;
  popularity: number;
  title: string;
  tags: string[];
  description: string;
  category: string;
  /** Pins in other languages: their English translations and query forms (indexed, not stored). */
  crosslingual?: string;
  tag_key: string[];
  category_key: string;
  color: string[];
  image_hash: string;
  width: number;
  height: number;
  dominant_color: string;
  palette: string[];
  source_name: string;
  source_attribution: string;
  source_url?: string;
  license_name: string;
  license_url: string;
  /** A typed pin's type (`type=` filters on it) and its offer or clip as stored (pin_media.data). */
  pin_type?: PinType;
  media?: string;
  embedding?: string;
  vector?: number[];
}

const parseStrings = (json: string): string[] => {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
};

/** Vector components are written with this many decimals (int8 codes / 127 need no more). */
const VECTOR_DECIMALS = 1e5;

export function pinToDocument(
  row: PinRow,
  code: Int8Array | null,
  /** The pin's cross-lingual text (engine/schema.ts `crosslingual`); '' for pins in English. */
  crosslingual = '',
): PinDocument {
  const tags = parseStrings(row.tags);
  const palette = parseStrings(row.palette);
  const doc: PinDocument = {
    id: row.id,
    kind: PIN_KIND,
    rank: row.rowid,
    popularity: row.popularity,
    title: row.title,
    tags,
    description: row.description,
    category: row.category,
    tag_key: tags,
    category_key: row.category,
    color: paletteColorNames(palette),
    image_hash: row.image_hash,
    width: row.width,
    height: row.height,
    dominant_color: row.dominant_color,
    palette,
    source_name: row.source_name,
    source_attribution: row.source_attribution,
    license_name: row.license_name,
    license_url: row.license_url,
  };
  if (row.source_url !== null) doc.source_url = row.source_url;
  if (row.media !== null) {
    doc.pin_type = storedMediaType(JSON.parse(row.media) as StoredMedia);
    doc.media = row.media;
  }
  if (crosslingual !== '') doc.crosslingual = crosslingual;
  // A zero vector has no direction: cosine similarity is undefined for it, so no HNSW entry.
  if (code && code.some((v) => v !== 0)) {
    doc.embedding = int8ToBase64(code);
    doc.vector = Array.from(
      dequantizeInt8(code),
      (v) => Math.round(v * VECTOR_DECIMALS) / VECTOR_DECIMALS,
    );
  }
  return doc;
}

/** The stored fields of a pin document, as Solr returns them (`fl` = PIN_FIELDS). */
export interface StoredPin {
  id: string;
  rank: number;
  popularity: number;
  title: string;
  tags?: string[];
  description: string;
  category: string;
  image_hash: string;
  width: number;
  height: number;
  dominant_color: string;
  palette?: string[];
  source_name: string;
  source_attribution: string;
  source_url?: string;
  license_name: string;
  license_url: string;
  media?: string;
  embedding?: string;
}

export const PIN_FIELDS = [
  'id',
  'rank',
  'popularity',
  'title',
  'tags',
  'description',
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
  'media',
  'embedding',
].join(',');

/**
 * The parameters of a /select that reads documents by id (at most `ids.length`, in no order).
 *
 * Never a real-time get (/get): with TLOG replicas (collections.ts) Solr serves /get from each
 * shard's leader only, so when a node stops, every /get of a shard it led fails or waits for the
 * new leader ("No registered leader was found after waiting for 4000ms") — measured on
 * `npm run cluster` with a leader's node stopped: /get through a live node answered 500, then
 * 3.85 s; a /select of the same ids 10–30 ms throughout, from the shard's other copy. Under load
 * that wait held every uncached search, closeup and related page for seconds (bench/cluster-drills.ts).
 * A build is committed before its alias names it, so a search sees every document /get would.
 * Ids are letters, digits, "-", "_", "." (PIN_ID) or the model's parts: never a comma.
 */
export function byIdsParams(
  ids: readonly string[],
  fl: string,
): { q: string; rows: number; fl: string; 'distrib.singlePass': boolean } {
  return {
    q: `{!terms f=id}${ids.join(',')}`,
    rows: ids.length,
    fl,
    // One phase: each shard returns the stored fields with its matches.
    'distrib.singlePass': true,
  };
}

export function storedToPin(doc: StoredPin): Pin {
  return {
    id: doc.id,
    title: doc.title,
    description: doc.description,
    tags: doc.tags ?? [],
    category: doc.category,
    imageUrl: thumbUrl(doc.image_hash, 1),
    imageUrl2x: thumbUrl(doc.image_hash, 2),
    width: doc.width,
    height: doc.height,
    dominantColor: doc.dominant_color,
    palette: doc.palette ?? [],
    source: {
      name: doc.source_name,
      attribution: doc.source_attribution,
      url: doc.source_url ?? null,
    },
    license: { name: doc.license_name, url: doc.license_url },
    popularity: doc.popularity,
    ...mediaFields(doc.media ?? null),
  };
}
