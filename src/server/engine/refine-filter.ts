/**
 * `category:<name>` and `color:<name>` refinements (format: src/server/refine/refine-values.ts)
 * as one SQL condition the engine adds to its full-text match.
 *
 * Per-pin facts are loaded once, on the first filtered search, into typed arrays indexed by
 * rowid: the category (as an id) and the set of named colours of the palette (a bit mask, the
 * same nearest-colour mapping refinement mining uses, so a "Red" chip keeps exactly the pins it
 * counted). The condition is a deterministic SQL function of (rowid, filter), so the query
 * plan stays the FTS5 one and unfiltered searches pay nothing.
 */
import type { Database } from 'better-sqlite3';
import { colorBit, paletteColorMask } from '@/server/refine/named-colors';
import { parseRefinements } from '@/server/refine/refine-values';

export const REFINE_FILTER_FUNCTION = 'inspo_refine_ok';

export interface RefineFilterPlan {
  /** Refinement values that are words: they go into the MATCH expression. */
  terms: string[];
  /** The filter clause's parameter, or null when there is no category or colour to apply. */
  filter: string | null;
  /** Some value can match no pin (unknown colour or category, two categories): answer empty. */
  matchesNothing: boolean;
}

export interface RefineFilter {
  plan(refine: readonly string[]): RefineFilterPlan;
  /** An SQL condition with one `?` (the plan's `filter`) on a rowid expression. */
  clause(rowidExpression: string): string;
}

interface PinFacts {
  categoryIds: Int32Array;
  colorMasks: Uint16Array;
  categoryIdByName: Map<string, number>;
}

const NO_CATEGORY = -1;

function loadFacts(db: Database): PinFacts {
  const maxRowid = (db.prepare('SELECT coalesce(max(rowid), 0) FROM pins').pluck().get() as number) ?? 0;
  const categoryIds = new Int32Array(maxRowid + 1).fill(NO_CATEGORY);
  const colorMasks = new Uint16Array(maxRowid + 1);
  const categoryIdByName = new Map<string, number>();
  const rows = db
    .prepare<[], { rowid: number; category: string; palette: string }>('SELECT rowid, category, palette FROM pins')
    .iterate();
  for (const { rowid, category, palette } of rows) {
    const name = category.toLowerCase();
    let id = categoryIdByName.get(name);
    if (id === undefined) categoryIdByName.set(name, (id = categoryIdByName.size));
    categoryIds[rowid] = id;
    let colors: unknown;
    try {
      colors = JSON.parse(palette);
    } catch {
      colors = [];
    }
    colorMasks[rowid] = Array.isArray(colors) ? paletteColorMask(colors.filter((c) => typeof c === 'string')) : 0;
  }
  return { categoryIds, colorMasks, categoryIdByName };
}

/** Registers the SQL function on `db`; call before preparing statements that use clause(). */
export function createRefineFilter(db: Database): RefineFilter {
  let facts: PinFacts | null = null;
  const ensureFacts = (): PinFacts => (facts ??= loadFacts(db));

  // The parameter is "<categoryId>:<colorMask>"; decoding is cached for the run of one statement.
  let lastParam = '';
  let lastCategory = NO_CATEGORY;
  let lastMask = 0;
  db.function(REFINE_FILTER_FUNCTION, { deterministic: true }, (rowid: unknown, param: unknown) => {
    if (typeof rowid !== 'number' || typeof param !== 'string' || facts === null) return 0;
    if (param !== lastParam) {
      const [category, mask] = param.split(':').map(Number);
      lastParam = param;
      lastCategory = category ?? NO_CATEGORY;
      lastMask = mask ?? 0;
    }
    if (lastCategory !== NO_CATEGORY && facts.categoryIds[rowid] !== lastCategory) return 0;
    return ((facts.colorMasks[rowid] ?? 0) & lastMask) === lastMask ? 1 : 0;
  });

  return {
    plan(refine) {
      const parsed = parseRefinements(refine);
      const none = { terms: parsed.terms, filter: null, matchesNothing: true };
      if (parsed.matchesNothing || parsed.categories.length > 1) return none;
      if (parsed.categories.length === 0 && parsed.colors.length === 0) {
        return { terms: parsed.terms, filter: null, matchesNothing: false };
      }
      const { categoryIdByName } = ensureFacts();
      let category = NO_CATEGORY;
      if (parsed.categories.length === 1) {
        const id = categoryIdByName.get(parsed.categories[0]!.toLowerCase());
        if (id === undefined) return none;
        category = id;
      }
      const mask = parsed.colors.reduce((m, color) => m | colorBit(color), 0);
      return { terms: parsed.terms, filter: `${category}:${mask}`, matchesNothing: false };
    },
    clause: (rowidExpression) => `${REFINE_FILTER_FUNCTION}(${rowidExpression}, ?)`,
  };
}
