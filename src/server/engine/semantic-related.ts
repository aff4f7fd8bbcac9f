/**
 * "More like this" from embeddings plus visual and tag evidence. Candidates: the pin's
 * RELATED_K nearest neighbours by embedding and the RELATED_TAG_CANDIDATES pins sharing the
 * most tags with it. Each is scored
 *
 *   score = 0.6 · max(0, cosine) + 0.25 · tag Jaccard + 0.1 · colour similarity + 0.05 · same category
 *
 * colour similarity = 1 − (RGB distance of dominant colours) / (largest possible distance).
 * Meaning leads; shared tags keep near-duplicates of the same set together; colour breaks the
 * many near-ties among icons of one family. `total` is the number of candidates.
 *
 * With image embeddings (src/server/visual/visual-search.ts) and a pin that has one, the pin's
 * RELATED_VISUAL_K nearest pins by image join the candidates, and the score blends in how alike
 * the pictures are:
 *
 *   score = (1 − RELATED_VISUAL_WEIGHT) · text score above + RELATED_VISUAL_WEIGHT · max(0, image cosine)
 *
 * so a pin with few or poor words still gets neighbours that look like it. A candidate without an
 * image embedding counts 0 there; a pin without one keeps the text score alone.
 */
import type Database from 'better-sqlite3';
import { normalizeVector } from '@/server/retrieval/quantize';
import type { VisualSearch } from '@/server/visual/visual-search';
import type { SemanticLeg } from './semantic-leg';

export const RELATED_K = 200;
export const RELATED_TAG_CANDIDATES = 300;
/**
 * Pins a shared tag brings in at most: its first ones in rowid order (the static rank, most
 * popular first). Above every tag of the real corpora (the largest is on 1,688 pins), so only a
 * corpus like the generated million ("art" on 300,000 pins) is cut, where counting every pin of
 * every tag cost more than the rest of the page.
 */
export const RELATED_PINS_PER_TAG = 2_000;
export const RELATED_WEIGHTS = { cosine: 0.6, tags: 0.25, colour: 0.1, category: 0.05 } as const;
/** Nearest pins by image embedding added to the candidates. */
export const RELATED_VISUAL_K = 100;
/**
 * Share of the image cosine in the blended score: the weight bench/related-visual-eval.ts chose
 * on half of the held-out tags of the test index (0.1-0.3 are within 0.6 % of text alone there:
 * emoji that look alike often mean different things, and their cosines sit in a narrow band;
 * scaling them within each candidate set did worse). What it buys is the candidates: a pin whose
 * words say little still gets the pins that look like it.
 */
export const RELATED_VISUAL_WEIGHT = 0.2;
const MAX_RGB_DISTANCE = Math.sqrt(3) * 255;

interface Facts {
  rowid: number;
  id: string;
  tags: string;
  category: string;
  dominant_r: number;
  dominant_g: number;
  dominant_b: number;
  popularity: number;
}

export interface RelatedCandidate {
  rowid: number;
  score: number;
  cosine: number;
}

export interface SemanticRelated {
  /** Every candidate for `rowid`, best first; null when the pin has no embedding. */
  rank(rowid: number): RelatedCandidate[] | null;
}

export function tagJaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let shared = 0;
  for (const t of a) if (b.has(t)) shared++;
  return shared / (a.size + b.size - shared);
}

export interface VisualRelatedOptions {
  /** The index's image embeddings; null or absent: text, tags and colour only. */
  visual?: VisualSearch | null;
  /** RELATED_VISUAL_WEIGHT unless given (the benchmark sweeps it; 0 = text only). */
  visualWeight?: number;
}

export function createSemanticRelated(
  db: Database.Database,
  leg: SemanticLeg,
  { visual = null, visualWeight = RELATED_VISUAL_WEIGHT }: VisualRelatedOptions = {},
): SemanticRelated {
  const factsStmt = db.prepare<[string], Facts>(`
    SELECT rowid, id, tags, category, dominant_r, dominant_g, dominant_b, popularity FROM pins
    WHERE rowid IN (SELECT value FROM json_each(?))`);
  // One statement per tag count: each tag contributes its first RELATED_PINS_PER_TAG pins.
  const sharedTagsStmts = new Map<number, Database.Statement<unknown[], number>>();
  const sharedTags = (tags: readonly string[], self: number, limit: number): number[] => {
    if (tags.length === 0) return [];
    let stmt = sharedTagsStmts.get(tags.length);
    if (!stmt) {
      const perTag = 'SELECT pin FROM (SELECT pin FROM pin_tags WHERE tag = ? AND pin <> ? ORDER BY pin LIMIT ?)';
      stmt = db
        .prepare<unknown[], number>(
          `SELECT pin FROM (${tags.map(() => perTag).join(' UNION ALL ')}) GROUP BY pin ORDER BY count(*) DESC, pin LIMIT ?`,
        )
        .pluck();
      sharedTagsStmts.set(tags.length, stmt);
    }
    return stmt.all(...tags.flatMap((tag) => [tag, self, RELATED_PINS_PER_TAG]), limit);
  };

  return {
    rank(rowid) {
      const decoded = leg.vectorOf(rowid);
      const vector = decoded && normalizeVector(decoded);
      if (!vector) return null;
      const [self] = factsStmt.all(JSON.stringify([rowid]));
      if (!self) return null;
      const ids = new Set(leg.nearest(vector, RELATED_K + 1).map((n) => n.rowid));
      const selfTags = new Set(JSON.parse(self.tags) as string[]);
      for (const id of sharedTags([...selfTags], rowid, RELATED_TAG_CANDIDATES)) ids.add(id);
      const stored = visualWeight > 0 ? visual?.vectorOf(self.id) : null;
      const picture = stored ? normalizeVector(stored) : null;
      if (picture) {
        for (const n of visual!.nearest(picture, RELATED_VISUAL_K, new Set([self.id]))) {
          const id = leg.rowidOf(n.id);
          if (id !== undefined) ids.add(id);
        }
      }
      ids.delete(rowid);

      const scored = factsStmt.all(JSON.stringify([...ids])).map((f) => {
        const cosine = leg.cosine(vector, f.rowid);
        const distance = Math.hypot(f.dominant_r - self.dominant_r, f.dominant_g - self.dominant_g, f.dominant_b - self.dominant_b);
        const text =
          RELATED_WEIGHTS.cosine * Math.max(0, cosine) +
          RELATED_WEIGHTS.tags * tagJaccard(selfTags, new Set(JSON.parse(f.tags) as string[])) +
          RELATED_WEIGHTS.colour * (1 - distance / MAX_RGB_DISTANCE) +
          RELATED_WEIGHTS.category * (f.category === self.category ? 1 : 0);
        const score = picture
          ? (1 - visualWeight) * text + visualWeight * Math.max(0, visual!.cosine(picture, f.id) ?? 0)
          : text;
        return { rowid: f.rowid, score, cosine, popularity: f.popularity };
      });
      scored.sort((a, b) => b.score - a.score || b.popularity - a.popularity || a.rowid - b.rowid);
      return scored.map(({ rowid: id, score, cosine }) => ({ rowid: id, score, cosine }));
    },
  };
}
