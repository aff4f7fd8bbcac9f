/**
 * FTS5 MATCH expressions for an understood query, as TIERS that widen step by step, so
 * exact matches always rank first and an expansion can never push them down:
 *
 *   tier 1 (weight 1)   every word as searched (typed or corrected), stopwords included, AND
 *   tier 2 (weight 1)   + regional spellings; stopwords dropped
 *   tier 3 (weight 0.6) + WordNet synonyms
 *   tier 4 (weight 0.3) + hypernyms / hyponyms …   (one tier per distinct weight present)
 *
 * Each tier's expression matches a superset of the previous one. The engine ranks a pin by
 * the first tier that matches it, then by bm25 × that tier's weight; `total` is the count
 * of the last tier. Tiers whose expression equals the previous one are left out.
 *
 * Every term goes through the engine's quoteFtsString: user text never reaches MATCH raw.
 *
 * The same tiers serve the cluster engine (src/server/cluster), written in Lucene's syntax: a
 * `MatchSyntax` says how to write a term, an AND and an OR; FTS5's is the default.
 */
import { quoteFtsString, tokenizeQuery } from './fts-query';
import type { TermGroup } from '@/server/query/understand';

export interface MatchTier {
  match: string;
  weight: number;
}

/** How a query language writes a (quoted, escaped) term, a conjunction and a disjunction. */
export interface MatchSyntax {
  term(text: string): string;
  and(parts: readonly string[]): string;
  /** Of one part or more. */
  or(parts: readonly string[]): string;
  /** The match in every column but one (FTS5's column filter); absent where there is none. */
  exceptColumn?(match: string, column: string): string;
}

export const FTS5_SYNTAX: MatchSyntax = {
  term: quoteFtsString,
  and: (parts) => parts.join(' AND '),
  or: (parts) => (parts.length === 1 ? parts[0]! : `(${parts.join(' OR ')})`),
  exceptColumn: (match, column) => `- {${column}} : (${match})`,
};

/**
 * With a column of predicted tags (schema.ts `suggested`): a pin that needs a predicted tag to
 * match comes after every pin matched by written words, in a last tier of this weight relative to
 * the last written tier's.
 */
export const PREDICTED_TIER_WEIGHT = 0.5;

/** Refinements narrow every tier: their words are required as typed, never expanded. */
function refinementTerms(refine: readonly string[], taken: ReadonlySet<string>): string[] {
  const out = new Set<string>();
  for (const value of refine) for (const t of tokenizeQuery(value)) if (!taken.has(t)) out.add(t);
  return [...out];
}

/** The tiers for `groups` plus `refine`; empty when nothing searchable is left. */
export function matchTiers(
  {
    groups,
    refine = [],
    predictedColumn,
  }: {
    groups: readonly TermGroup[];
    refine?: readonly string[];
    /** The FTS column of predicted tags, when the index has one (see PREDICTED_TIER_WEIGHT). */
    predictedColumn?: string;
  },
  syntax: MatchSyntax = FTS5_SYNTAX,
): MatchTier[] {
  const extra = refinementTerms(refine, new Set(groups.map((g) => g.term))).map((t) => syntax.term(t));
  if (groups.length === 0 && extra.length === 0) return [];

  const tiers: MatchTier[] = [];
  const add = (parts: string[], weight: number) => {
    const all = [...parts, ...extra];
    const match = all.length === 0 ? '' : syntax.and(all);
    if (match !== '' && tiers[tiers.length - 1]?.match !== match) tiers.push({ match, weight });
  };

  add(groups.map((g) => syntax.term(g.term)), 1);
  const required = groups.filter((g) => !g.optional);
  const weights = [...new Set(required.flatMap((g) => g.alternatives.map((a) => a.weight)))].sort((a, b) => b - a);
  for (const threshold of weights) {
    add(
      required.map((g) =>
        syntax.or(g.alternatives.filter((a) => a.weight >= threshold).map((a) => syntax.term(a.term))),
      ),
      threshold,
    );
  }
  const last = tiers[tiers.length - 1];
  if (predictedColumn === undefined || !syntax.exceptColumn || !last) return tiers;
  // Every written tier leaves the predicted column out; the last tier, unrestricted, is still a
  // superset of all of them (what `total` counts).
  const except = syntax.exceptColumn;
  return [
    ...tiers.map((t) => ({ match: except(t.match, predictedColumn), weight: t.weight })),
    { match: last.match, weight: last.weight * PREDICTED_TIER_WEIGHT },
  ];
}
