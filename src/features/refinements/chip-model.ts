/**
 * Which chips the rail shows, in what order, and what pressing one does — pure, so the
 * rules are tested without a DOM. Active refinements (from the URL) come first, in the order
 * they were chosen; then the current response's suggestions.
 */
import type { Refinement } from '@/contract/api';
import { parseRefineValue } from '@/contract/refine-value';

export interface Chip {
  /** The `refine` value (`category:<name>`, `color:<name>` or words). */
  value: string;
  label: string;
  kind: Refinement['kind'];
  /** A CSS colour for colour chips, else null. */
  swatch: string | null;
  pressed: boolean;
}

const capitalize = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s);

/**
 * A chip for a value the server did not describe (a shared link, or an active refinement the
 * narrowed response no longer lists), read with the server's grammar (prefixes in any case).
 * Colour names are also CSS colour keywords, so the swatch needs no table.
 */
export function chipForValue(value: string): Omit<Chip, 'pressed'> {
  const parsed = parseRefineValue(value);
  switch (parsed.kind) {
    case 'category':
      return { value, label: parsed.category, kind: 'category', swatch: null };
    case 'color': {
      const swatch = /^[a-z]+$/.test(parsed.name) ? parsed.name : null;
      return { value, label: capitalize(parsed.name), kind: 'color', swatch };
    }
    case 'term':
      return { value, label: value, kind: 'term', swatch: null };
  }
}

const fromRefinement = (r: Refinement): Omit<Chip, 'pressed'> => ({
  value: r.value,
  label: r.label,
  kind: r.kind,
  swatch: r.kind === 'color' ? (r.swatch ?? chipForValue(r.value).swatch) : null,
});

export interface ChipSources {
  /** The response's suggestions (possibly the previous response's while the next one loads). */
  refinements: readonly Refinement[];
  /** Active values, from the URL, in the order they were chosen. */
  active: readonly string[];
  /** Refinements seen earlier on this page, so an active chip keeps its label and swatch. */
  known?: ReadonlyMap<string, Refinement>;
}

export function buildChips({ refinements, active, known }: ChipSources): Chip[] {
  const returned = new Map(refinements.map((r) => [r.value, r]));
  const activeSet = new Set(active);
  const chips: Chip[] = [];
  for (const value of activeSet) {
    const described = returned.get(value) ?? known?.get(value);
    chips.push({ ...(described ? fromRefinement(described) : chipForValue(value)), pressed: true });
  }
  for (const r of returned.values()) {
    if (!activeSet.has(r.value)) chips.push({ ...fromRefinement(r), pressed: false });
  }
  return chips;
}

/** Pressing a chip: an active one is removed, another is added last (up to `max` in all). */
export function toggleRefinement(active: readonly string[], value: string, max: number): string[] {
  if (active.includes(value)) return active.filter((v) => v !== value);
  return [...active, value].slice(-max);
}
