/**
 * `category:<name>` and `color:<name>` refinements (grammar: src/contract/refine-value.ts), and
 * the search's pin type (`type=product|video`, engine/pin-media.ts), as one SQL condition the
 * engine adds to its full-text match.
 *
 * Per-pin facts are loaded once, on the first filtered search, into typed arrays indexed by
 * rowid: the category (as an id), the pin's type and the set of named colours of the palette
 * (a bit mask, the same nearest-colour mapping refinement mining uses, so a "Red" chip keeps
 * exactly the pins it counted). The condition is a deterministic SQL function of (rowid, filter), so the query
 * plan stays the FTS5 one and unfiltered searches pay nothing.
 */
import type { Database } from 'better-sqlite3';
import { PIN_TYPES, type PinType } from '@/contract/constants';
import { isColorName, parseRefineValue, type ColorName } from '@/contract/refine-value';
import { colorBit, paletteColorMask } from './named-colors';
import { hasPinMedia } from './pin-media';

export const REFINE_FILTER_FUNCTION = 'inspo_refine_ok';

/** A search's `refine` values as the engine applies them: several narrow together (AND). */
export interface RefinementFilters {
  /** Extra required words (each value as typed). */
  terms: string[];
  /** Distinct, compared case-insensitively by the engine. */
  categories: string[];
  /** Distinct colour names. */
  colors: ColorName[];
  /** True when some value can match no pin (an unknown colour, an empty category). */
  matchesNothing: boolean;
}

export function parseRefinements(values: readonly string[]): RefinementFilters {
  const terms: string[] = [];
  const categories = new Map<string, string>();
  const colors = new Set<ColorName>();
  let matchesNothing = false;
  for (const value of values) {
    const parsed = parseRefineValue(value);
    if (parsed.kind === 'term') terms.push(parsed.text);
    else if (parsed.kind === 'category') {
      if (parsed.category === '') matchesNothing = true;
      else if (!categories.has(parsed.category.toLowerCase())) {
        categories.set(parsed.category.toLowerCase(), parsed.category);
      }
    } else if (isColorName(parsed.name)) colors.add(parsed.name);
    else matchesNothing = true;
  }
  return { terms, categories: [...categories.values()], colors: [...colors], matchesNothing };
}

/** Where the engine's statements match full text; the filter goes right after it. */
const MATCH_CLAUSE = 'pins_fts MATCH ?';
const FILTERED_MATCH_CLAUSE = `${MATCH_CLAUSE} AND ${REFINE_FILTER_FUNCTION}(rowid, ?)`;

/**
 * The filtered form of a statement: every `pins_fts MATCH ?` also requires the filter, whose
 * parameter (the plan's `filter`) is bound right after that MATCH parameter.
 */
export const withRefineFilter = (sql: string): string =>
  sql.replaceAll(MATCH_CLAUSE, FILTERED_MATCH_CLAUSE);

export interface RefineFilterPlan {
  /** Refinement values that are words: they go into the MATCH expression. */
  terms: string[];
  /**
   * Parameter of the filter, or null when there is no category or colour to apply. Values
   * that can match no pin (unknown colour or category, two categories) give a filter that
   * keeps nothing, so the engine needs no special case.
   */
  filter: string | null;
}

export interface RefineFilter {
  /** `type`: only pins of that type (none: every pin). */
  plan(refine: readonly string[], type?: PinType): RefineFilterPlan;
  /**
   * The same filter in JS, for retrieval that does not go through `pins_fts MATCH` (e.g. a
   * semantic nearest-neighbour leg): does the pin with this rowid pass `filter`?
   */
  allows(rowid: number, filter: string | null): boolean;
}

interface PinFacts {
  categoryIds: Int32Array;
  colorMasks: Uint16Array;
  /** 0: untyped; else 1 + the index of the type in PIN_TYPES. */
  types: Uint8Array;
  categoryIdByName: Map<string, number>;
}

const NO_CATEGORY = -1;
/** A category id no pin has: the filter that keeps nothing. */
const IMPOSSIBLE_CATEGORY = -2;
const MATCHES_NOTHING = `${IMPOSSIBLE_CATEGORY}:0:0`;
const NO_TYPE = 0;
const typeCode = (type: PinType): number => PIN_TYPES.indexOf(type) + 1;

function loadFacts(db: Database): PinFacts {
  const maxRowid =
    (db.prepare('SELECT coalesce(max(rowid), 0) FROM pins').pluck().get() as number) ?? 0;
  const categoryIds = new Int32Array(maxRowid + 1).fill(NO_CATEGORY);
  const colorMasks = new Uint16Array(maxRowid + 1);
  const types = new Uint8Array(maxRowid + 1);
  if (hasPinMedia(db)) {
    const typed = db
      .prepare<[], { pin: number; type: PinType }>('SELECT pin, type FROM pin_media')
      .iterate();
    for (const { pin, type } of typed) if (pin <= maxRowid) types[pin] = typeCode(type);
  }
  const categoryIdByName = new Map<string, number>();
  const rows = db
    .prepare<[], { rowid: number; category: string; palette: string }>(
      'SELECT rowid, category, palette FROM pins',
    )
    .iterate();
  // Palettes repeat (a generated corpus shares 60 images): each distinct one is parsed once.
  const maskByPalette = new Map<string, number>();
  for (const { rowid, category, palette } of rows) {
    const name = category.toLowerCase();
    let id = categoryIdByName.get(name);
    if (id === undefined) categoryIdByName.set(name, (id = categoryIdByName.size));
    categoryIds[rowid] = id;
    let mask = maskByPalette.get(palette);
    if (mask === undefined) {
      let colors: unknown;
      try {
        colors = JSON.parse(palette);
      } catch {
        colors = [];
      }
      mask = Array.isArray(colors)
        ? paletteColorMask(colors.filter((c) => typeof c === 'string'))
        : 0;
      maskByPalette.set(palette, mask);
    }
    colorMasks[rowid] = mask;
  }
  return { categoryIds, colorMasks, types, categoryIdByName };
}

/** Registers the SQL function on `db`; call before preparing statements that use clause(). */
export function createRefineFilter(db: Database): RefineFilter {
  let facts: PinFacts | null = null;
  const ensureFacts = (): PinFacts => (facts ??= loadFacts(db));

  // The parameter is "<categoryId>:<colorMask>:<typeCode>"; decoding is cached for the run of
  // one statement.
  let lastParam = '';
  let lastCategory = NO_CATEGORY;
  let lastMask = 0;
  let lastType = NO_TYPE;
  const allows = (rowid: number, param: string): boolean => {
    // Only the keeps-nothing filter is planned without loading the facts.
    if (facts === null) return false;
    if (param !== lastParam) {
      const [category, mask, type] = param.split(':').map(Number);
      lastParam = param;
      lastCategory = category ?? NO_CATEGORY;
      lastMask = mask ?? 0;
      lastType = type ?? NO_TYPE;
    }
    if (lastCategory !== NO_CATEGORY && facts.categoryIds[rowid] !== lastCategory) return false;
    if (lastType !== NO_TYPE && facts.types[rowid] !== lastType) return false;
    return ((facts.colorMasks[rowid] ?? 0) & lastMask) === lastMask;
  };
  db.function(REFINE_FILTER_FUNCTION, { deterministic: true }, (rowid: unknown, param: unknown) =>
    typeof rowid === 'number' && typeof param === 'string' && allows(rowid, param) ? 1 : 0,
  );

  return {
    plan(refine, type) {
      const parsed = parseRefinements(refine);
      const terms = parsed.terms;
      if (parsed.matchesNothing || parsed.categories.length > 1)
        return { terms, filter: MATCHES_NOTHING };
      if (parsed.categories.length === 0 && parsed.colors.length === 0 && type === undefined)
        return { terms, filter: null };
      const { categoryIdByName } = ensureFacts();
      let category = NO_CATEGORY;
      if (parsed.categories.length === 1) {
        category = categoryIdByName.get(parsed.categories[0]!.toLowerCase()) ?? IMPOSSIBLE_CATEGORY;
      }
      const mask = parsed.colors.reduce((m, color) => m | colorBit(color), 0);
      return {
        terms,
        filter: `${category}:${mask}:${type === undefined ? NO_TYPE : typeCode(type)}`,
      };
    },
    allows: (rowid, filter) => filter === null || allows(rowid, filter),
  };
}
