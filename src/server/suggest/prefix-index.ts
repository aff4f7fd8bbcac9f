/**
 * Prefix search over completions in microseconds.
 *
 * Layout: one sorted array of match keys ("entries"). Each completion has an entry for its
 * whole key and one for every later word that is not a stopword or punctuation ("black cat" is also filed
 * under "cat"), so typing the second word of a phrase finds it too, scored lower
 * (INFIX_FACTOR). All entries starting with a prefix form one contiguous range, found by two
 * binary searches.
 *
 * Ranking a big range would mean scanning it, so at build time every prefix whose range holds
 * more than BUCKET_MIN entries gets its best TOP_K completions precomputed (bottom-up, merging
 * the children's lists: linear-ish in the number of entries). A lookup is then two binary
 * searches plus either a map hit or a sort of at most BUCKET_MIN entries.
 *
 * Typo tolerance walks the same sorted array as an implicit trie (a node = a range sharing a
 * prefix; its children = runs of the next character, found by binary search), carrying one
 * row of the Damerau–Levenshtein table (optimal string alignment) per node and pruning a
 * branch once every cell exceeds the allowed distance. A node whose last cell is within the
 * distance is a match: the typed text is that close to some prefix of its keys.
 */
import { foldForMatch } from './suggest-text';
import type { CorpusKind } from './suggestion-kind';

/** Matching a later word of a completion is worth this much of matching its start. */
export const INFIX_FACTOR = 0.5;
/** Ranges with more entries than this have their best completions precomputed. */
export const BUCKET_MIN = 32;
/** Completions kept per precomputed prefix: the most a lookup can ask for. */
export const TOP_K = 32;
/** A later word gets its own entry only if it starts like a word ("nature", not "&"). */
const WORD_START = /^[\p{L}\p{N}]/u;
/** Leading characters a typo match must get right. */
export const FUZZY_FIXED_PREFIX = 1;

export interface CompletionInput {
  text: string;
  kind: CorpusKind;
  /** Popularity: pins found, query counts, or a blend; higher ranks first. */
  weight: number;
}

export interface IndexedCompletion extends CompletionInput {
  key: string;
}

export interface PrefixMatch {
  /** Index into `completions`. */
  completion: number;
  /** Where in the completion's text the matched words start. */
  offset: number;
  /** How many characters from `offset` the typed text covered (for a typo, the aligned length). */
  length: number;
  /** Edit distance of the typed text to that part; 0 for an exact prefix. */
  distance: number;
  /** weight, times INFIX_FACTOR when the match starts at a later word. */
  score: number;
}

export interface FuzzyOptions {
  /** Allowed edit distance; 0 finds nothing. */
  maxDistance: number;
  limit: number;
  /** Completion ids to leave out (those already matched exactly). */
  exclude?: ReadonlySet<number>;
}

export interface FuzzyRange {
  lo: number;
  hi: number;
  length: number;
  distance: number;
}

/**
 * Everything a PrefixIndex computed from its inputs, for storing it and opening it again
 * without sorting or merging anything (stored-completions.ts): the completions, the sorted
 * entries (a key is its completion's key from the entry's offset) and the precomputed lists.
 */
export interface PrefixIndexSnapshot {
  completions: readonly IndexedCompletion[];
  entryCompletion: Int32Array;
  entryOffset: Int32Array;
  buckets: ReadonlyMap<string, Int32Array>;
}

export class PrefixIndex {
  readonly completions: readonly IndexedCompletion[];
  private readonly keys: string[];
  private readonly entryCompletion: Int32Array;
  private readonly entryOffset: Int32Array;
  private readonly entryScore: Float64Array;
  private readonly buckets = new Map<string, Int32Array>();
  private readonly byKey = new Map<string, number>();

  /** Reopens an index from its snapshot (see snapshot()): no sorting, no bucket merging. */
  static fromSnapshot(snapshot: PrefixIndexSnapshot): PrefixIndex {
    return new PrefixIndex([], { isStopword: () => false }, snapshot);
  }

  constructor(
    inputs: readonly CompletionInput[],
    { isStopword }: { isStopword: (word: string) => boolean },
    snapshot?: PrefixIndexSnapshot,
  ) {
    if (snapshot) {
      this.completions = snapshot.completions;
      snapshot.completions.forEach((c, id) => this.byKey.set(c.key, id));
      this.entryCompletion = snapshot.entryCompletion;
      this.entryOffset = snapshot.entryOffset;
      this.keys = Array.from(this.entryCompletion, (c, i) =>
        snapshot.completions[c]!.key.slice(this.entryOffset[i]),
      );
      this.entryScore = Float64Array.from(this.entryCompletion, (c, i) => {
        const weight = snapshot.completions[c]!.weight;
        return this.entryOffset[i] === 0 ? weight : weight * INFIX_FACTOR;
      });
      this.buckets = new Map(snapshot.buckets);
      return;
    }
    const completions: IndexedCompletion[] = [];
    for (const input of inputs) {
      const key = foldForMatch(input.text);
      if (key.trim() === '') continue;
      const existing = this.byKey.get(key);
      if (existing === undefined) {
        this.byKey.set(key, completions.length);
        completions.push({ ...input, key });
      } else if (input.weight > completions[existing]!.weight) {
        // Two spellings of one key ("café", "cafe"): keep the more popular one's text and weight.
        completions[existing] = { ...input, key };
      }
    }
    this.completions = completions;

    const keys: string[] = [];
    const completionOf: number[] = [];
    const offsets: number[] = [];
    completions.forEach((completion, id) => {
      keys.push(completion.key);
      completionOf.push(id);
      offsets.push(0);
      for (let i = completion.key.indexOf(' '); i !== -1; i = completion.key.indexOf(' ', i + 1)) {
        const rest = completion.key.slice(i + 1);
        const word = rest.split(' ', 1)[0]!;
        if (!WORD_START.test(word) || isStopword(word)) continue;
        keys.push(rest);
        completionOf.push(id);
        offsets.push(i + 1);
      }
    });
    const order = keys.map((_, i) => i);
    order.sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
    this.keys = order.map((i) => keys[i]!);
    this.entryCompletion = Int32Array.from(order, (i) => completionOf[i]!);
    this.entryOffset = Int32Array.from(order, (i) => offsets[i]!);
    this.entryScore = Float64Array.from(order, (i) => {
      const weight = completions[completionOf[i]!]!.weight;
      return offsets[i] === 0 ? weight : weight * INFIX_FACTOR;
    });
    if (this.keys.length > 0) this.precompute(0, this.keys.length, 0);
  }

  get size(): number {
    return this.keys.length;
  }

  /** What fromSnapshot needs to reopen this index as it is. */
  snapshot(): PrefixIndexSnapshot {
    return {
      completions: this.completions,
      entryCompletion: this.entryCompletion,
      entryOffset: this.entryOffset,
      buckets: this.buckets,
    };
  }

  /** Number of prefixes with a precomputed list (for build reports). */
  get bucketCount(): number {
    return this.buckets.size;
  }

  /** Completion id of a match key, if indexed. */
  find(key: string): number | undefined {
    return this.byKey.get(key);
  }

  /**
   * Completions with a key (or a later word) starting with `prefix`, best first. A trailing
   * space means "this word is complete": "cat " matches "cat face" and "cat" itself, not "cats".
   */
  exact(prefix: string, limit: number): PrefixMatch[] {
    const [lo, hi] = this.range(prefix);
    let entries = this.best(lo, hi, prefix.length);
    const word = prefix.trimEnd();
    if (word !== prefix && word !== '') {
      const equalLo = this.lowerBound(word);
      const equalHi = this.lowerBound(`${word}\u0000`);
      if (equalHi > equalLo) {
        const pool = [...entries];
        for (let i = equalLo; i < equalHi; i++) pool.push(i);
        entries = this.topOf(pool);
      }
    }
    return [...entries.subarray(0, limit)].map((entry) => this.toMatch(entry, prefix.length, 0));
  }

  /**
   * Completions within `maxDistance` edits of `prefix` (but not starting with it exactly),
   * nearest first, then best; `exclude` holds completion ids already shown.
   */
  fuzzy(prefix: string, { maxDistance, limit, exclude }: FuzzyOptions): PrefixMatch[] {
    if (maxDistance <= 0 || prefix.length === 0 || limit <= 0) return [];
    const fuzzy = new Map<number, PrefixMatch>();
    for (const range of this.fuzzyRanges(prefix, maxDistance)) {
      // Lists are best first, so no range can contribute more than `limit` winners.
      let taken = 0;
      for (const entry of this.best(range.lo, range.hi, range.length)) {
        if (taken === limit) break;
        const match = this.toMatch(entry, range.length, range.distance);
        if (exclude?.has(match.completion)) continue;
        taken++;
        const previous = fuzzy.get(match.completion);
        if (!previous || compareFuzzy(match, previous, this.completions) < 0)
          fuzzy.set(match.completion, match);
      }
    }
    return [...fuzzy.values()].sort((a, b) => compareFuzzy(a, b, this.completions)).slice(0, limit);
  }

  /** [lo, hi) of the entries whose key starts with `prefix`. */
  range(prefix: string): [number, number] {
    if (prefix === '') return [0, this.keys.length];
    const lo = this.lowerBound(prefix);
    const last = prefix.charCodeAt(prefix.length - 1);
    const hi = this.lowerBound(prefix.slice(0, -1) + String.fromCharCode(last + 1));
    return [lo, hi];
  }

  /**
   * Nodes of the implicit trie whose prefix is within `maxDistance` edits of `typed`
   * (excluding exact ones), shallowest first along each path. The first character must be
   * right (FUZZY_FIXED_PREFIX, like Elasticsearch's completion suggester `prefix_length: 1`):
   * first-letter typos are rare, and anchoring cuts the search by the size of the alphabet.
   */
  fuzzyRanges(typed: string, maxDistance: number): FuzzyRange[] {
    const n = typed.length;
    const out: FuzzyRange[] = [];
    if (n < FUZZY_FIXED_PREFIX) return out;
    const [rootLo, rootHi] = this.range(typed.slice(0, FUZZY_FIXED_PREFIX));
    // No key can be aligned past this depth within maxDistance; one row per depth, reused.
    const maxDepth = n + maxDistance;
    const rows = new Int32Array((maxDepth + 2) * (n + 1));
    const rowAt = (depth: number) => rows.subarray(depth * (n + 1), (depth + 1) * (n + 1));
    // Rows for the key prefixes "" and typed[0]: distance of typed[0..k) to them.
    for (let k = 0; k <= n; k++) rows[k] = k;
    const fixed = rowAt(FUZZY_FIXED_PREFIX);
    fixed[0] = FUZZY_FIXED_PREFIX;
    for (let k = 1; k <= n; k++) fixed[k] = k - FUZZY_FIXED_PREFIX;

    const visit = (lo: number, hi: number, depth: number, prevChar: number) => {
      if (depth >= maxDepth) return;
      const row = rowAt(depth);
      const prevRow = rowAt(depth - 1);
      const next = rowAt(depth + 1);
      let i = lo;
      while (i < hi && this.keys[i]!.length === depth) i++;
      while (i < hi) {
        const char = this.keys[i]!.charCodeAt(depth);
        const j = this.endOfRun(i, hi, depth, char);
        next[0] = depth + 1;
        let rowMin = next[0];
        for (let k = 1; k <= n; k++) {
          const typedChar = typed.charCodeAt(k - 1);
          let v = Math.min(
            row[k]! + 1,
            next[k - 1]! + 1,
            row[k - 1]! + (typedChar === char ? 0 : 1),
          );
          // Two neighbours swapped ("flwoer" → "flower") cost one edit.
          if (k > 1 && typedChar === prevChar && typed.charCodeAt(k - 2) === char) {
            v = Math.min(v, prevRow[k - 2]! + 1);
          }
          next[k] = v;
          if (v < rowMin) rowMin = v;
        }
        const distance = next[n]!;
        const matched = distance <= maxDistance;
        if (matched && distance > 0) out.push({ lo: i, hi: j, length: depth + 1, distance });
        // Go deeper while some alignment can still get within reach, or get closer than this node.
        if (rowMin <= maxDistance && (!matched || rowMin < distance)) visit(i, j, depth + 1, char);
        i = j;
      }
    };
    // The anchor itself may already be close enough ("abc" is 2 edits from "a").
    const anchorDistance = fixed[n]!;
    if (rootHi > rootLo && anchorDistance <= maxDistance && anchorDistance > 0) {
      out.push({ lo: rootLo, hi: rootHi, length: FUZZY_FIXED_PREFIX, distance: anchorDistance });
    }
    visit(rootLo, rootHi, FUZZY_FIXED_PREFIX, typed.charCodeAt(FUZZY_FIXED_PREFIX - 1));
    return out;
  }

  private toMatch(entry: number, length: number, distance: number): PrefixMatch {
    return {
      completion: this.entryCompletion[entry]!,
      offset: this.entryOffset[entry]!,
      length,
      distance,
      score: this.entryScore[entry]!,
    };
  }

  /** Best entries of [lo, hi), one per completion, at most TOP_K. */
  private best(lo: number, hi: number, depth: number): Int32Array {
    if (hi - lo <= BUCKET_MIN) return this.scan(lo, hi);
    return this.buckets.get(this.keys[lo]!.slice(0, depth)) ?? this.scan(lo, hi);
  }

  private scan(lo: number, hi: number): Int32Array {
    const entries: number[] = [];
    for (let i = lo; i < hi; i++) entries.push(i);
    return this.topOf(entries);
  }

  private topOf(entries: number[]): Int32Array {
    entries.sort((a, b) => this.compareEntries(a, b));
    const out: number[] = [];
    const seen = new Set<number>();
    for (const entry of entries) {
      const completion = this.entryCompletion[entry]!;
      if (seen.has(completion)) continue;
      seen.add(completion);
      out.push(entry);
      if (out.length === TOP_K) break;
    }
    return Int32Array.from(out);
  }

  /** Higher score first; then text, then earlier offset: a total order, so results are stable. */
  private compareEntries(a: number, b: number): number {
    const byScore = this.entryScore[b]! - this.entryScore[a]!;
    if (byScore !== 0) return byScore;
    const ta = this.completions[this.entryCompletion[a]!]!.text;
    const tb = this.completions[this.entryCompletion[b]!]!.text;
    if (ta !== tb) return ta < tb ? -1 : 1;
    return this.entryOffset[a]! - this.entryOffset[b]!;
  }

  /** Bottom-up: a node's list is the merge of its children's lists and the keys ending at it. */
  private precompute(lo: number, hi: number, depth: number): Int32Array {
    if (hi - lo <= BUCKET_MIN) return this.scan(lo, hi);
    const pool: number[] = [];
    let i = lo;
    while (i < hi && this.keys[i]!.length === depth) pool.push(i++);
    while (i < hi) {
      const j = this.endOfRun(i, hi, depth, this.keys[i]!.charCodeAt(depth));
      for (const entry of this.precompute(i, j, depth + 1)) pool.push(entry);
      i = j;
    }
    const top = this.topOf(pool);
    this.buckets.set(this.keys[lo]!.slice(0, depth), top);
    return top;
  }

  /** First index in [lo, hi) whose character at `depth` is greater than `char` (keys there are longer than depth). */
  private endOfRun(lo: number, hi: number, depth: number, char: number): number {
    let a = lo;
    let b = hi;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (this.keys[mid]!.charCodeAt(depth) <= char) a = mid + 1;
      else b = mid;
    }
    return a;
  }

  private lowerBound(target: string): number {
    let a = 0;
    let b = this.keys.length;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (this.keys[mid]! < target) a = mid + 1;
      else b = mid;
    }
    return a;
  }
}

/** Fewer edits first, then higher score, then text. */
function compareFuzzy(
  a: PrefixMatch,
  b: PrefixMatch,
  completions: readonly IndexedCompletion[],
): number {
  if (a.distance !== b.distance) return a.distance - b.distance;
  if (a.score !== b.score) return b.score - a.score;
  const ta = completions[a.completion]!.text;
  const tb = completions[b.completion]!.text;
  return ta < tb ? -1 : ta > tb ? 1 : a.offset - b.offset;
}
