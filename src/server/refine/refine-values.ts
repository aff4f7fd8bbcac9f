/**
 * The `refine` values a search accepts, as the engine applies them:
 *   - `category:<name>`  only pins of that category (case-insensitive);
 *   - `color:<name>`     only pins whose palette has that named colour (see named-colors.ts);
 *                        an unknown colour name matches nothing;
 *   - anything else      more required words, like the query's own.
 * Several values narrow together (AND).
 */
import { isColorName, type ColorName } from './named-colors';

export const CATEGORY_PREFIX = 'category:';
export const COLOR_PREFIX = 'color:';

export type ParsedRefinement =
  | { kind: 'term'; text: string }
  | { kind: 'category'; category: string }
  /** `color` is null for a name outside COLOR_NAMES. */
  | { kind: 'color'; color: ColorName | null };

export const categoryRefinement = (category: string): string => `${CATEGORY_PREFIX}${category}`;
export const colorRefinement = (color: ColorName): string => `${COLOR_PREFIX}${color}`;

const startsWithPrefix = (value: string, prefix: string): boolean =>
  value.slice(0, prefix.length).toLowerCase() === prefix;

export function parseRefinement(value: string): ParsedRefinement {
  if (startsWithPrefix(value, CATEGORY_PREFIX)) {
    return { kind: 'category', category: value.slice(CATEGORY_PREFIX.length).trim() };
  }
  if (startsWithPrefix(value, COLOR_PREFIX)) {
    const name = value.slice(COLOR_PREFIX.length).trim().toLowerCase();
    return { kind: 'color', color: isColorName(name) ? name : null };
  }
  return { kind: 'term', text: value };
}

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
    const parsed = parseRefinement(value);
    if (parsed.kind === 'term') terms.push(parsed.text);
    else if (parsed.kind === 'category') {
      if (parsed.category === '') matchesNothing = true;
      else if (!categories.has(parsed.category.toLowerCase())) {
        categories.set(parsed.category.toLowerCase(), parsed.category);
      }
    } else if (parsed.color === null) matchesNothing = true;
    else colors.add(parsed.color);
  }
  return { terms, categories: [...categories.values()], colors: [...colors], matchesNothing };
}
