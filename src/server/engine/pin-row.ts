/** Maps a row of the `pins` table (see schema.ts) to the contract's Pin. */
import type { Pin } from '@/contract/api';
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
}

/** Columns to select for a PinRow, qualified with the table alias `p`. */
export const PIN_COLUMNS = [
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
]
  .map((c) => `p.${c} AS ${c}`)
  .join(', ');

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
  };
}
