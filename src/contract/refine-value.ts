/**
 * The grammar of a `refine` value, the one owner for the server (which applies it) and the
 * browser (which draws it as a chip). Plain TypeScript, no zod: the chip rail is on the first
 * paint.
 *   - `category:<name>`  only pins of that category (the engine compares names in any case);
 *   - `color:<name>`     only pins whose palette has that named colour (COLOR_NAMES); an
 *                        unknown name matches nothing;
 *   - anything else      more required words, like the query's own.
 * Prefixes are recognised in any case (`Color:Red` is a colour); names are trimmed, colour
 * names lowercased. formatRefineValue writes the canonical form (lowercase prefix).
 */

export const CATEGORY_PREFIX = 'category:';
export const COLOR_PREFIX = 'color:';

/** The colour names a `color:` value may use (the server maps palettes onto them). */
export const COLOR_NAMES = [
  'red',
  'orange',
  'yellow',
  'green',
  'blue',
  'purple',
  'pink',
  'brown',
  'black',
  'white',
  'gray',
] as const;
export type ColorName = (typeof COLOR_NAMES)[number];

export const isColorName = (value: string): value is ColorName =>
  (COLOR_NAMES as readonly string[]).includes(value);

export type ParsedRefineValue =
  /** `text` as typed (not trimmed: the engine reads words out of it). */
  | { kind: 'term'; text: string }
  /** `category` trimmed, case kept (labels show it). */
  | { kind: 'category'; category: string }
  /**
   * `name` trimmed and lowercased; it filters only when isColorName(name). The parse does not
   * check it, so the chips (on the first paint) do not carry the list: they only draw the name.
   */
  | { kind: 'color'; name: string };

const startsWithPrefix = (value: string, prefix: string): boolean =>
  value.slice(0, prefix.length).toLowerCase() === prefix;

export function parseRefineValue(value: string): ParsedRefineValue {
  if (startsWithPrefix(value, CATEGORY_PREFIX)) {
    return { kind: 'category', category: value.slice(CATEGORY_PREFIX.length).trim() };
  }
  if (startsWithPrefix(value, COLOR_PREFIX)) {
    const name = value.slice(COLOR_PREFIX.length).trim().toLowerCase();
    return { kind: 'color', name };
  }
  return { kind: 'term', text: value };
}

export const categoryRefinement = (category: string): string => `${CATEGORY_PREFIX}${category}`;
export const colorRefinement = (color: ColorName): string => `${COLOR_PREFIX}${color}`;

/**
 * The canonical value of a parsed one: parseRefineValue(formatRefineValue(p)) equals p for any
 * p that parseRefineValue returned. (A term that starts with a prefix has no value of its own.)
 */
export function formatRefineValue(parsed: ParsedRefineValue): string {
  switch (parsed.kind) {
    case 'term':
      return parsed.text;
    case 'category':
      return categoryRefinement(parsed.category);
    case 'color':
      return `${COLOR_PREFIX}${parsed.name}`;
  }
}
