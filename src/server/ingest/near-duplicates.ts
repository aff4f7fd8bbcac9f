/**
 * Fills pin_visual.dup_of (engine/schema.ts) from the features just written: near-duplicate
 * groups over the whole index (visual/near-duplicate-groups.ts), read in rowid = static-rank
 * order so a group is led by its most popular pin.
 */
import type Database from 'better-sqlite3';
import { nearDuplicateLeaders } from '@/server/visual/near-duplicate-groups';
import { comparable } from '@/server/visual/perceptual';

export function writeNearDuplicateGroups(db: Database.Database): { pins: number; grouped: number } {
  const rows = db.prepare('SELECT pin, dhash, thumb FROM pin_visual ORDER BY pin').all() as {
    pin: number;
    dhash: string;
    thumb: Buffer;
  }[];
  const leaders = nearDuplicateLeaders(
    rows.map((r) => comparable(r.dhash, new Uint8Array(r.thumb))),
  );
  const update = db.prepare('UPDATE pin_visual SET dup_of = ? WHERE pin = ?');
  let grouped = 0;
  leaders.forEach((leader, i) => {
    if (leader === i) return;
    update.run(rows[leader]!.pin, rows[i]!.pin);
    grouped++;
  });
  return { pins: rows.length, grouped };
}
