/**
 * The perceptual features and near-duplicate groups of an index (pin_visual, engine/schema.ts),
 * held in memory by pin id: ~450 bytes a pin. Read from the SQLite artifact, also when the
 * cluster engine serves (the build it publishes is the same artifact, see ingest/publish-cluster.ts).
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { indexPath } from '@/server/engine/schema';
import { comparable, type ComparableFeatures } from './perceptual';

export interface VisualIndex {
  features(id: string): ComparableFeatures | undefined;
  /** The id of the pin leading id's near-duplicate group (id itself when it leads or has none). */
  groupOf(id: string): string;
  /** The other pins of id's group, most popular first; [] when it has none. */
  membersOf(id: string): readonly string[];
  /** Pins with features. */
  readonly size: number;
}

export const EMPTY_VISUAL_INDEX: VisualIndex = {
  features: () => undefined,
  groupOf: (id) => id,
  membersOf: () => [],
  size: 0,
};

export function visualIndexFromRows(
  rows: readonly { id: string; dhash: string; thumb: Uint8Array; leader: string | null }[],
): VisualIndex {
  const features = new Map<string, ComparableFeatures>();
  const group = new Map<string, string>();
  const members = new Map<string, string[]>();
  for (const r of rows) {
    features.set(r.id, comparable(r.dhash, r.thumb));
    if (r.leader === null) continue;
    group.set(r.id, r.leader);
    const list = members.get(r.leader) ?? [r.leader];
    if (list.length === 1) members.set(r.leader, list);
    list.push(r.id);
  }
  return {
    features: (id) => features.get(id),
    groupOf: (id) => group.get(id) ?? id,
    membersOf: (id) => (members.get(group.get(id) ?? id) ?? []).filter((m) => m !== id),
    size: features.size,
  };
}

/** Loads an index's features; an index built before pin_visual existed has none (EMPTY_VISUAL_INDEX). */
export function loadVisualIndex(dataDir: string): VisualIndex {
  const file = indexPath(dataDir);
  if (!fs.existsSync(file)) return EMPTY_VISUAL_INDEX;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const hasTable = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'pin_visual'")
      .get();
    if (!hasTable) return EMPTY_VISUAL_INDEX;
    const rows = db
      .prepare(
        `SELECT p.id AS id, v.dhash AS dhash, v.thumb AS thumb, l.id AS leader
         FROM pin_visual v JOIN pins p ON p.rowid = v.pin LEFT JOIN pins l ON l.rowid = v.dup_of
         ORDER BY v.pin`,
      )
      .all() as { id: string; dhash: string; thumb: Buffer; leader: string | null }[];
    return visualIndexFromRows(rows.map((r) => ({ ...r, thumb: new Uint8Array(r.thumb) })));
  } finally {
    db.close();
  }
}
