/**
 * The words embeddings are learned over and queries are encoded from: the same folding and
 * Porter stem FTS5 applies (src/server/query/normalize.ts), so "cats", "Cat" and "cat's" share
 * one vector, and a word the query stage corrected lands on the corpus word's vector.
 */
import { matchKey, matchTerms } from '@/server/query/normalize';
import { isStopword } from '@/server/query/stopwords';

/** One-letter tokens and bare numbers ("13" in "Jigsaw red 13") carry no meaning of their own. */
const MIN_TOKEN_LENGTH = 2;
const NUMBER = /^\p{N}+$/u;

/**
 * A corpus repeats its fields endlessly (every flag is tagged "flag"; a million generated pins
 * share a few thousand tags): tokens of a text are memoized. Bounded: cleared when full.
 */
const TOKEN_CACHE_MAX = 100_000;
const tokenCache = new Map<string, readonly string[]>();

/** Embedding tokens of a text, in order of first appearance, without repeats. Do not mutate the result. */
export function embeddingTokens(text: string): readonly string[] {
  const cached = tokenCache.get(text);
  if (cached) return cached;
  const out = new Set<string>();
  for (const term of matchTerms(text)) {
    if (term.length < MIN_TOKEN_LENGTH || NUMBER.test(term) || isStopword(term)) continue;
    out.add(matchKey(term));
  }
  const tokens = [...out];
  if (tokenCache.size >= TOKEN_CACHE_MAX) tokenCache.clear();
  tokenCache.set(text, tokens);
  return tokens;
}

/** The text fields of a pin the embeddings read. */
export interface PinText {
  title: string;
  tags: readonly string[];
  category: string;
  description: string;
}

/**
 * Title, tags and category describe the picture; descriptions are mostly boilerplate here
 * ("Clip art by …", "… icon from OpenMoji"), so their words count for less.
 */
export const FIELD_WEIGHTS: FieldWeights = { title: 1, tags: 1, category: 1, description: 0.5 };

export interface FieldWeights {
  title: number;
  tags: number;
  category: number;
  description: number;
}

/** A pin's tokens with their weight (the strongest field each appears in). */
export function pinTokens(pin: PinText, fieldWeights: FieldWeights = FIELD_WEIGHTS): Map<string, number> {
  const weights = new Map<string, number>();
  const add = (text: string, weight: number) => {
    for (const token of embeddingTokens(text)) weights.set(token, Math.max(weights.get(token) ?? 0, weight));
  };
  add(pin.title, fieldWeights.title);
  // One tag at a time (cacheable): the same tokens, in the same order, as the tags joined.
  for (const tag of pin.tags) add(tag, fieldWeights.tags);
  add(pin.category, fieldWeights.category);
  if (fieldWeights.description > 0) add(pin.description, fieldWeights.description);
  return weights;
}
