/**
 * Suggestions for what is being typed: corpus completions (weighted by the pins they find)
 * blended with the anonymous query log (weighted by how often people searched them).
 *
 *   popularity = pins + QUERY_COUNT_WEIGHT × searches
 *   score      = popularity × (INFIX_FACTOR when the match starts at a later word, else 1)
 *
 * Order: every exact-prefix match first (by score), then — only when those are fewer than
 * asked for and the prefix is long enough to guess from — typo matches within 1 edit
 * (prefixes of FUZZY_MIN_PREFIX..FUZZY_TWO_EDITS_MIN_PREFIX-1 characters) or 2 edits
 * (longer), nearest first. An empty prefix gives the most popular searches and completions.
 *
 * The log's index is rebuilt from its counts lazily, at most every `refreshMs`, so a burst of
 * searches costs one rebuild, not one per search.
 */
import { DEFAULT_SUGGEST_LIMIT, MAX_SUGGEST_LIMIT, type Suggestion } from '@/contract/api';
import { baseLanguage, ENGLISH } from '@/server/query/cross-lingual';
import type { Lexicon } from '@/server/query/lexicon';
import { isMiningStopword } from '@/server/query/stopwords';
import { foreignCompletions } from './foreign-completions';
import { matchRanges } from './match-ranges';
import { INFIX_FACTOR, PrefixIndex, TOP_K, type PrefixMatch } from './prefix-index';
import type { QueryLog } from './query-log';
import { readableCompletions } from './readable-completions';
import { foldForMatch, normalizeTypedPrefix } from './suggest-text';
import type { TagText } from './tag-text';

/** One search counts as much as this many pins found. */
export const QUERY_COUNT_WEIGHT = 10;
/**
 * A searched query that is not a corpus completion is suggested to others only once searched
 * this often (decayed count): one person's one-off search is not popular, and not theirs to share.
 */
export const MIN_QUERY_COUNT_TO_SUGGEST = 3;
/** Shorter prefixes are too ambiguous to guess typos in ("ca" is one edit from everything). */
export const FUZZY_MIN_PREFIX = 3;
export const FUZZY_TWO_EDITS_MIN_PREFIX = 5;
export const DEFAULT_LOG_REFRESH_MS = 2_000;
const SCORE_DECIMALS = 100;

export interface SuggesterOptions {
  /** Corpus completions, weight = pins found (buildVocabularyIndex). */
  vocabulary: PrefixIndex;
  queryLog?: QueryLog | null;
  refreshMs?: number;
  now?: () => number;
  /** The index's cross-lingual lexicon: completions in the reader's language (foreign-completions.ts). */
  lexicon?: Lexicon | null;
  /** Pins a folded English word finds (for ranking those completions). */
  pinsOf?: (term: string) => number;
  /** Tells glued tags ("unitedstates") apart (readable-completions.ts); without it none is. */
  tagText?: TagText | null;
}

/** Allowed typo distance for a typed prefix of this many characters. */
export function maxTypoDistance(length: number): number {
  if (length >= FUZZY_TWO_EDITS_MIN_PREFIX) return 2;
  if (length >= FUZZY_MIN_PREFIX) return 1;
  return 0;
}

interface Candidate {
  key: string;
  text: string;
  kind: Suggestion['kind'];
  offset: number;
  length: number;
  distance: number;
  score: number;
}

const EMPTY_INDEX = new PrefixIndex([], { isStopword: isMiningStopword });

export class Suggester {
  private readonly vocabulary: PrefixIndex;
  private readonly lexicon: Lexicon | null;
  private readonly pinsOf: (term: string) => number;
  private readonly tagText: TagText | null;
  private readonly queryLog: QueryLog | null;
  private readonly refreshMs: number;
  private readonly now: () => number;
  private logIndex = EMPTY_INDEX;
  private logVersion = -1;
  private builtAt = -Infinity;

  constructor({
    vocabulary,
    queryLog = null,
    refreshMs = DEFAULT_LOG_REFRESH_MS,
    now = Date.now,
    lexicon = null,
    pinsOf = () => 0,
    tagText = null,
  }: SuggesterOptions) {
    this.tagText = tagText;
    this.lexicon = lexicon;
    this.pinsOf = pinsOf;
    this.vocabulary = vocabulary;
    this.queryLog = queryLog;
    this.refreshMs = refreshMs;
    this.now = now;
    this.refresh();
  }

  /** Rebuilds the query-log index now (it otherwise follows the log every `refreshMs`). */
  refresh(): void {
    if (!this.queryLog) return;
    this.logVersion = this.queryLog.version;
    this.builtAt = this.now();
    const inputs = this.queryLog
      .entries()
      .filter(
        ({ text, count }) =>
          count >= MIN_QUERY_COUNT_TO_SUGGEST ||
          this.vocabulary.find(foldForMatch(text)) !== undefined,
      )
      .map(({ text, count }) => ({ text, kind: 'query' as const, weight: count }));
    this.logIndex = new PrefixIndex(inputs, { isStopword: isMiningStopword });
  }

  suggest({ q, limit = DEFAULT_SUGGEST_LIMIT, hl }: { q: string; limit?: number; hl?: string | undefined }): Suggestion[] {
    const own = this.suggestOwn({ q, limit });
    if (!this.lexicon) return own;
    const foreign = foreignCompletions({ lexicon: this.lexicon, q, hl, pinsOf: this.pinsOf, limit });
    if (foreign.length === 0) return own;
    // The reader's own-language words rank with the corpus's; other languages only fill up.
    const reader = hl ? baseLanguage(hl) : ENGLISH;
    const seen = new Set(own.map((s) => s.text));
    const extra = foreign.filter((f) => !seen.has(f.text));
    const merged = reader === ENGLISH ? [...own, ...extra] : [...own, ...extra].sort((a, b) => b.score - a.score);
    return merged.slice(0, Math.max(0, Math.min(MAX_SUGGEST_LIMIT, Math.floor(limit))));
  }

  private suggestOwn({ q, limit = DEFAULT_SUGGEST_LIMIT }: { q: string; limit?: number }): Suggestion[] {
    const want = Math.max(0, Math.min(MAX_SUGGEST_LIMIT, Math.floor(limit)));
    if (want === 0) return [];
    this.maybeRefresh();
    const prefix = normalizeTypedPrefix(q);
    // Ask each source for more than shown: the blend can reorder them.
    const pool = Math.min(TOP_K, want * 2);

    const exact = this.merge([
      ...this.fromVocabulary(this.vocabulary.exact(prefix, pool)),
      ...this.fromLog(this.logIndex.exact(prefix, pool)),
    ]);
    // Readable and one per stem sequence before counting: "flowers" must not take a place.
    const ranked = readableCompletions([...exact.values()].sort(byScore), this.tagText);

    const maxDistance = maxTypoDistance(prefix.trim().length);
    if (ranked.length < want && maxDistance > 0) {
      const need = want - ranked.length;
      const excludeVocabulary = new Set(ranked.flatMap((c) => idOf(this.vocabulary, c.key)));
      const excludeLog = new Set(ranked.flatMap((c) => idOf(this.logIndex, c.key)));
      const fuzzy = this.merge([
        ...this.fromVocabulary(
          this.vocabulary.fuzzy(prefix, { maxDistance, limit: need, exclude: excludeVocabulary }),
        ),
        ...this.fromLog(
          this.logIndex.fuzzy(prefix, { maxDistance, limit: need, exclude: excludeLog }),
        ),
      ]);
      for (const key of exact.keys()) fuzzy.delete(key);
      ranked.push(...[...fuzzy.values()].sort(byDistanceThenScore));
    }

    return readableCompletions(ranked, this.tagText)
      .slice(0, want).map((c) => ({
      text: c.text,
      kind: c.kind,
      score: Math.round(c.score * SCORE_DECIMALS) / SCORE_DECIMALS,
      matches:
        prefix.trim() === ''
          ? []
          : matchRanges({
              key: c.key,
              offset: c.offset,
              length: c.length,
              completeLastWord: c.distance > 0,
            }),
    }));
  }

  private maybeRefresh(): void {
    if (!this.queryLog || this.queryLog.version === this.logVersion) return;
    if (this.now() - this.builtAt >= this.refreshMs) this.refresh();
  }

  /** popularity of a completion key from both sources. */
  private popularity(key: string): number {
    const vocabularyId = this.vocabulary.find(key);
    const logId = this.logIndex.find(key);
    const pins = vocabularyId === undefined ? 0 : this.vocabulary.completions[vocabularyId]!.weight;
    const searches = logId === undefined ? 0 : this.logIndex.completions[logId]!.weight;
    return pins + QUERY_COUNT_WEIGHT * searches;
  }

  private toCandidate(index: PrefixIndex, match: PrefixMatch): Candidate {
    const completion = index.completions[match.completion]!;
    const vocabularyId = this.vocabulary.find(completion.key);
    // A text known to the corpus keeps its corpus spelling and kind.
    const shown =
      vocabularyId === undefined ? completion : this.vocabulary.completions[vocabularyId]!;
    const factor = match.offset === 0 ? 1 : INFIX_FACTOR;
    return {
      key: completion.key,
      text: shown.text,
      kind: shown.kind,
      offset: match.offset,
      length: match.length,
      distance: match.distance,
      score: this.popularity(completion.key) * factor,
    };
  }

  private fromVocabulary(matches: PrefixMatch[]): Candidate[] {
    return matches.map((m) => this.toCandidate(this.vocabulary, m));
  }

  private fromLog(matches: PrefixMatch[]): Candidate[] {
    return matches.map((m) => this.toCandidate(this.logIndex, m));
  }

  /** One candidate per key: the closer match, then the better-placed one. */
  private merge(candidates: Candidate[]): Map<string, Candidate> {
    const out = new Map<string, Candidate>();
    for (const candidate of candidates) {
      const previous = out.get(candidate.key);
      if (!previous || byDistanceThenScore(candidate, previous) < 0)
        out.set(candidate.key, candidate);
    }
    return out;
  }
}

const idOf = (index: PrefixIndex, key: string): number[] => {
  const id = index.find(key);
  return id === undefined ? [] : [id];
};

function byScore(a: Candidate, b: Candidate): number {
  if (a.score !== b.score) return b.score - a.score;
  return a.text < b.text ? -1 : a.text > b.text ? 1 : a.offset - b.offset;
}

function byDistanceThenScore(a: Candidate, b: Candidate): number {
  return a.distance !== b.distance ? a.distance - b.distance : byScore(a, b);
}
