/**
 * Held-out tag judgments for bench/retrieval-eval.ts: query tags are hidden from part of their
 * pins, and the pins that had the tag are the relevant ones. Shared with tuning scripts.
 */
import Database from 'better-sqlite3';
import type { PinRow } from '@/server/engine/pin-row';
import { indexPath } from '@/server/engine/schema';
import type { IndexRecord } from '@/server/ingest/index-writer';
import { isStopword } from '@/server/query/stopwords';

export const MAX_QUERIES = 200;
export const MIN_DF = 6;
export const MAX_DF = 150;
export const HIDE_FRACTION = 0.5;
export const NDCG_K = 10;
export const RECALL_K = 100;
const TAG_WORD = /^[a-z]{3,}$/u;

/**
 * A row of the `pins` table (the engine's own PinRow) with its perceptual features where the index
 * has them (pin_visual): a variant index built from these rows folds and spreads look-alikes as
 * the original does (src/server/service/with-diversity.ts).
 */
export type Row = PinRow & { dhash?: string | null; thumb?: Buffer | null };

export function loadRows(dataDir: string): Row[] {
  const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
  const hasVisual = db
    .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pin_visual'")
    .get();
  const rows = db
    .prepare(
      hasVisual
        ? 'SELECT p.rowid, p.*, v.dhash, v.thumb FROM pins p LEFT JOIN pin_visual v ON v.pin = p.rowid ORDER BY p.rowid'
        : 'SELECT rowid, * FROM pins ORDER BY rowid',
    )
    .all() as Row[];
  db.close();
  return rows;
}

export const toRecord = (r: Row, tags: string[]): IndexRecord => ({
  id: r.id,
  title: r.title,
  description: r.description,
  tags,
  category: r.category,
  source: { name: r.source_name, attribution: r.source_attribution, url: r.source_url },
  license: { name: r.license_name, url: r.license_url },
  popularity: r.popularity,
  visual: {
    hash: r.image_hash,
    width: r.width,
    height: r.height,
    dominantColor: r.dominant_color,
    palette: JSON.parse(r.palette) as string[],
    ...(r.dhash && r.thumb ? { dhash: r.dhash, thumb12: r.thumb.toString('base64') } : {}),
  },
});

export function shuffle<T>(list: readonly T[], random: () => number): T[] {
  const copy = [...list];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

export interface HeldOutQuery {
  tag: string;
  relevant: Set<string>;
  hidden: Set<string>;
}

/** Picks query tags and hides each from part of its pins; returns the modified tag lists. */
export function holdOut(rows: readonly Row[], random: () => number): { queries: HeldOutQuery[]; tagsById: Map<string, string[]> } {
  const tagsById = new Map(rows.map((r) => [r.id, JSON.parse(r.tags) as string[]]));
  const pinsByTag = new Map<string, string[]>();
  for (const [id, tags] of tagsById) for (const t of tags) pinsByTag.set(t, [...(pinsByTag.get(t) ?? []), id]);
  const eligible = [...pinsByTag.entries()]
    .filter(([tag, ids]) => TAG_WORD.test(tag) && !isStopword(tag) && ids.length >= MIN_DF && ids.length <= MAX_DF)
    .map(([tag]) => tag)
    .sort();
  const chosen = shuffle(eligible, random).slice(0, MAX_QUERIES);
  const lostOne = new Set<string>();
  const queries = chosen.map((tag): HeldOutQuery => {
    const ids = pinsByTag.get(tag)!;
    const hidden = new Set<string>();
    for (const id of shuffle(ids, random).slice(0, Math.round(ids.length * HIDE_FRACTION))) {
      if (lostOne.has(id)) continue;
      lostOne.add(id);
      hidden.add(id);
      tagsById.set(id, tagsById.get(id)!.filter((t) => t !== tag));
    }
    return { tag, relevant: new Set(ids), hidden };
  });
  return { queries, tagsById };
}


export function ndcgBinary(ranked: readonly string[], relevant: ReadonlySet<string>, k = NDCG_K): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((id, i) => {
    if (relevant.has(id)) dcg += 1 / Math.log2(i + 2);
  });
  let ideal = 0;
  for (let i = 0; i < Math.min(k, relevant.size); i++) ideal += 1 / Math.log2(i + 2);
  return ideal === 0 ? 0 : dcg / ideal;
}

export function recall(ranked: readonly string[], relevant: ReadonlySet<string>, k = RECALL_K): number {
  if (relevant.size === 0) return 0;
  return ranked.slice(0, k).filter((id) => relevant.has(id)).length / relevant.size;
}

