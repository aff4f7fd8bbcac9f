/**
 * "Related searches" as real query recommendations: a walk on the bipartite graph of queries
 * and the pins they find, after Pinterest's Pixie (random walks from the query's pins over a
 * pin–board graph, visits counted on the other side) with queries in the boards' place, as in
 * term–query graph recommenders.
 *
 * - **Query nodes**: every corpus tag, read as a person would type it (tag-text.ts: "plant-flower"
 *   → "plant flower", "unitedstates" → "united states"), and every query of the anonymous query
 *   log. One node per stem set (Porter, as FTS5 stems), so "flower" and "flowers" are one query,
 *   shown in its most common spelling (log searches count as spellings too).
 * - **Edges**: a query node links to the pins that contain all its word stems in title, tags,
 *   description or category — what the engine's all-words tier finds. A node with no pin is no
 *   node: every recommendation returns results.
 * - **Walk** (deterministic, the expectation of Pixie's sampled walk): start on the result pins
 *   (weighted 1/√rank);
 *   pin → query with probability ∝ the query's IDF (specific queries over "icons"); query → pin
 *   uniformly; visits of queries at steps 1 and 3 (the second, discounted, reaches sideways
 *   queries: "cat" → mammal → "dog"). Score = visits × IDF × (1 + ln(1 + searches)): visits
 *   alone grow with a query's degree.
 * - **Pick**: not the query or a part of it, not broader than MAX_SHARE of the corpus, no tag
 *   translation outside the reader's language (hl), at most MAX_NARROWER that only add words to
 *   the query ("cat face"), greedy by score × (1 − Jaccard of pins with those already picked).
 *   Each comes with the pin the walk visited most among its pins: the cover of an image tile.
 *
 * The log's nodes follow it, rebuilt at most every `refreshMs`.
 */
import { LruMap } from '@/lib/lru/lru-map';
import { foldText, hasDigit, matchKey, matchTerms } from '@/server/query/normalize';
import { isMiningStopword } from '@/server/query/stopwords';
import type { QueryLog } from './query-log';
import { MIN_PART_LENGTH, type TagText } from './tag-text';

export const MAX_RECOMMENDATIONS = 6;
/**
 * Queries found by more than this share of the corpus are too broad to recommend ("icons") and
 * are left out of the walk, as Pixie prunes its highest-degree boards: through them a walk
 * reaches everything.
 */
export const MAX_SHARE = 0.04;
/** Recommendations that only add words to the query ("cat face"), at most. */
export const MAX_NARROWER = 2;
/** Longer tags are sentences, not searches. */
const MAX_WORDS = 4;
/** Result pins the walk starts from. */
export const MAX_SEEDS = 48;
/** Weight of the second query step (sideways queries) against the first. */
const SECOND_STEP = 0.5;
const DEFAULT_REFRESH_MS = 5_000;
/**
 * A query written (as a tag or a search) less often than this share of the pins it finds is
 * mostly found through other words with its stem: "unit" finds every "united".
 */
const MIN_USE_SHARE = 0.2;
const sum = (values: Iterable<number>): number => {
  let total = 0;
  for (const v of values) total += v;
  return total;
};
const MAX_REMEMBERED_SPELLINGS = 200_000;
/** Recommendations remembered per graph (first in, first out). */
const MAX_MEMOIZED = 2_000;

export interface RecommenderPin {
  id: string;
  title: string;
  description: string;
  tags: readonly string[];
  category: string;
}

export interface Recommendation {
  text: string;
  /** Pins the query finds with all its words. */
  pins: number;
  /** The result-adjacent pin to show on its tile. */
  coverId: string;
}

export interface RecommendInput {
  /** The searched query, normalized (after correction). */
  query: string;
  /** Ids of the query's result pins, best first. */
  seedIds: readonly string[];
  hl?: string | undefined;
  max?: number;
}

interface QueryNode {
  key: string;
  words: string[];
  stems: string[];
  pins: Int32Array;
  /** Spelling → how often it was seen (tag uses; searches). */
  spellings: Map<string, number>;
  searches: number;
  /** Plain words a person would type (see `isPlain`), independent of the reader's language. */
  plain: boolean;
  idf: number;
  text: string;
}

const stemKey = (stems: readonly string[]): string => [...new Set(stems)].sort().join(' ');

function intersect(a: Int32Array, b: Int32Array): Int32Array {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i]! === b[j]!) {
      out.push(a[i]!);
      i++;
      j++;
    } else if (a[i]! < b[j]!) i++;
    else j++;
  }
  return Int32Array.from(out);
}

export class QueryRecommender {
  private readonly pins: readonly RecommenderPin[];
  private readonly idIndex = new Map<string, number>();
  private readonly postings = new Map<string, Int32Array>();
  private readonly corpusSpellings = new Map<string, Map<string, number>>();
  /** Node keys some tag writes as a phrase, with spaces (not a hyphen path nor glued). */
  private readonly tagPhrases = new Set<string>();
  /** Folded words of titles and descriptions, and adjacent word pairs of titles: text people wrote. */
  private readonly prose = new Set<string>();
  private readonly readableCache = new Map<string, string>();
  private readonly spellingOf = new Map<string, { key: string; shown: string } | null>();
  private readonly stems = new Map<string, string>();
  private readonly tagText: TagText;
  private readonly queryLog: QueryLog | null;
  private readonly refreshMs: number;
  private readonly now: () => number;
  private readonly maxShare: number;
  private nodes: QueryNode[] = [];
  /** Per pin, the nodes that find it, and the sum of their IDFs (a walk step's normalizer). */
  private nodesOfPin: Int32Array[] = [];
  private idfOfPin = new Float64Array();
  private logVersion = -1;
  private builtAt = -Infinity;

  constructor({
    pins,
    tagText,
    queryLog = null,
    refreshMs = DEFAULT_REFRESH_MS,
    now = Date.now,
    maxShare = MAX_SHARE,
  }: {
    pins: readonly RecommenderPin[];
    tagText: TagText;
    queryLog?: QueryLog | null;
    refreshMs?: number;
    now?: () => number;
    /** MAX_SHARE; small test corpora need a larger one. */
    maxShare?: number;
  }) {
    this.maxShare = maxShare;
    this.pins = pins;
    this.tagText = tagText;
    this.queryLog = queryLog;
    this.refreshMs = refreshMs;
    this.now = now;
    const lists = new Map<string, number[]>();
    pins.forEach((pin, n) => {
      this.idIndex.set(pin.id, n);
      const text = `${pin.title} ${pin.tags.join(' ')} ${pin.description} ${pin.category}`;
      for (const stem of new Set(matchTerms(text).map(this.stem))) {
        const list = lists.get(stem);
        if (list) list.push(n);
        else lists.set(stem, [n]);
      }
      for (const w of matchTerms(pin.description)) this.prose.add(w);
      // Phrases from titles only: descriptions are often generated from the tag path
      // ("Animal mammal emoji from OpenMoji").
      const titled = matchTerms(pin.title);
      titled.forEach((w, i) => {
        this.prose.add(w);
        if (i > 0) this.prose.add(`${titled[i - 1]} ${w}`);
      });
    });
    // Tags once every title is read (the phrase test below reads them).
    for (const pin of pins) {
      for (const tag of pin.tags) this.addSpelling(this.corpusSpellings, tag, 1);
    }
    for (const [tag, spelling] of this.spellingOf) {
      if (spelling && !/[-_]/u.test(tag) && this.readable(foldText(tag)) === foldText(tag))
        this.tagPhrases.add(spelling.key);
    }
    for (const [stem, list] of lists) this.postings.set(stem, Int32Array.from(list));
    this.rebuild();
  }

  /** Recommendations of the current graph, by query, reader language and result pins. */
  private readonly memo = new LruMap<string, Recommendation[]>(MAX_MEMOIZED);
  private memoBuild = -1;
  private builds = 0;

  /** Query nodes in the graph now (corpus and log). */
  get size(): number {
    this.maybeRefresh();
    return this.nodes.length;
  }

  /** Rebuilds the graph with the log's current queries. */
  rebuild(): void {
    this.logVersion = this.queryLog?.version ?? 0;
    this.builtAt = this.now();
    this.builds++;
    const spellings = new Map<string, Map<string, number>>();
    for (const [key, bySpelling] of this.corpusSpellings) spellings.set(key, new Map(bySpelling));
    const searches = new Map<string, number>();
    for (const { text, count } of this.queryLog?.entries() ?? []) {
      const key = this.addSpelling(spellings, text, count);
      if (key !== null) searches.set(key, (searches.get(key) ?? 0) + count);
    }
    const nodes: QueryNode[] = [];
    const nodesOfPin: number[][] = this.pins.map(() => []);
    const total = Math.max(this.pins.length, 1);
    const maxPins = Math.max(2, this.maxShare * total);
    for (const [key, bySpelling] of spellings) {
      const stems = key.split(' ');
      let found: Int32Array | null = null;
      for (const stem of stems) {
        const list = this.postings.get(stem) ?? new Int32Array();
        found = found === null ? list : intersect(found, list);
        if (found.length === 0) break;
      }
      if (!found || found.length === 0 || found.length > maxPins) continue;
      const text = [...bySpelling].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
      const words = text.split(' ');
      const searched = searches.get(key) ?? 0;
      const id = nodes.length;
      nodes.push({
        key,
        words,
        stems,
        pins: found,
        spellings: bySpelling,
        searches: searched,
        plain:
          this.isPlain(key, words, searched) &&
          sum(bySpelling.values()) >= MIN_USE_SHARE * found.length,
        idf: Math.log(1 + total / found.length),
        text,
      });
      for (const n of found) nodesOfPin[n]!.push(id);
    }
    this.nodes = nodes;
    this.nodesOfPin = nodesOfPin.map((ids) => Int32Array.from(ids));
    this.idfOfPin = Float64Array.from(nodesOfPin, (ids) =>
      ids.reduce((sum, q) => sum + nodes[q]!.idf, 0),
    );
  }

  recommend(input: RecommendInput): Recommendation[] {
    this.maybeRefresh();
    if (this.memoBuild !== this.builds) {
      this.memo.clear();
      this.memoBuild = this.builds;
    }
    const key = JSON.stringify([
      input.query,
      input.hl ?? '',
      input.max ?? 0,
      input.seedIds.slice(0, MAX_SEEDS),
    ]);
    let out = this.memo.get(key);
    if (!out) {
      out = this.walk(input);
      this.memo.set(key, out);
    }
    return out;
  }

  private walk({
    query,
    seedIds,
    hl,
    max = MAX_RECOMMENDATIONS,
  }: RecommendInput): Recommendation[] {
    const queryWords = matchTerms(query).filter((w) => !isMiningStopword(w));
    if (queryWords.length === 0 || max <= 0) return [];
    const queryStems = new Set(queryWords.map(matchKey));
    const seeds = seedIds
      .map((id) => this.idIndex.get(id))
      .filter((n): n is number => n !== undefined)
      .slice(0, MAX_SEEDS);
    if (seeds.length === 0) return [];

    // Step 1: result pins → queries; step 2: → pins; step 3: → queries again. Dense arrays:
    // a step touches thousands of pins, and Maps cost more than the arithmetic.
    const seedMass = new Float64Array(this.pins.length);
    // Better-ranked results weigh more (1/√rank): the tail of a page drifts off the query.
    const weights = seeds.map((_, i) => 1 / Math.sqrt(i + 1));
    const total = weights.reduce((a, b) => a + b, 0);
    seeds.forEach((n, i) => (seedMass[n]! += weights[i]! / total));
    const first = this.toQueries(seedMass, seeds);
    const pinMass = new Float64Array(this.pins.length);
    const reached: number[] = [];
    for (let q = 0; q < first.length; q++) {
      if (first[q] === 0) continue;
      const pins = this.nodes[q]!.pins;
      const share = first[q]! / pins.length;
      for (const n of pins) {
        if (pinMass[n] === 0) reached.push(n);
        pinMass[n]! += share;
      }
    }
    const third = this.toQueries(pinMass, reached);
    const scored: Array<{ node: QueryNode; score: number }> = [];
    for (let q = 0; q < third.length; q++) {
      if (third[q] === 0) continue;
      const node = this.nodes[q]!;
      const visits = first[q]! + SECOND_STEP * third[q]!;
      scored.push({ node, score: visits * node.idf * (1 + Math.log1p(node.searches)) });
    }
    scored.sort((a, b) => b.score - a.score || (a.node.text < b.node.text ? -1 : 1));
    return this.pick(scored, { queryWords, queryStems, hl, max, pinMass });
  }

  private pick(
    scored: ReadonlyArray<{ node: QueryNode; score: number }>,
    {
      queryWords,
      queryStems,
      hl,
      max,
      pinMass,
    }: {
      queryWords: string[];
      queryStems: Set<string>;
      hl: string | undefined;
      max: number;
      pinMass: Float64Array;
    },
  ): Recommendation[] {
    const chosen: Array<{ node: QueryNode; members: Set<number> }> = [];
    let narrower = 0;
    // Greedy over a pool of the best: a pick's diversity depends on the picks before it.
    const pool: Array<{ node: QueryNode; score: number }> = [];
    for (const entry of scored) {
      if (pool.length >= max * 8) break;
      if (this.eligible(entry.node, queryStems, hl)) pool.push(entry);
    }
    while (chosen.length < max) {
      let best: { node: QueryNode; value: number } | null = null;
      for (const { node, score } of pool) {
        if (chosen.some((c) => c.node === node)) continue;
        const isNarrower = this.isNarrower(node, queryWords, queryStems);
        if (isNarrower && narrower >= MAX_NARROWER) continue;
        const overlap = Math.max(0, ...chosen.map((c) => jaccard(node.pins, c.members)));
        const value = score * (1 - overlap);
        if (value > 0 && (!best || value > best.value)) best = { node, value };
      }
      if (!best) break;
      if (this.isNarrower(best.node, queryWords, queryStems)) narrower++;
      chosen.push({ node: best.node, members: new Set(best.node.pins) });
    }
    return chosen.map(({ node }) => ({
      text: node.text,
      pins: node.pins.length,
      coverId: this.pins[cover(node.pins, pinMass)]!.id,
    }));
  }

  private eligible(node: QueryNode, queryStems: Set<string>, hl: string | undefined): boolean {
    // Not the query, nor a part of it (searching less of it is not a recommendation).
    if (!node.plain || node.stems.every((s) => queryStems.has(s))) return false;
    return !node.words.some((w) => this.tagText.isForeign(w, hl));
  }

  /**
   * Words a person would type: each of ≥ 3 letters, no digits, not only stopwords, each an
   * English word or one written in some title or description ("felini", "mapsym" are tag-only
   * artefacts); several words only as a phrase some tag, title, description or searcher wrote
   * ("animal mammal" is only OpenMoji's "animal-mammal" path).
   */
  private isPlain(key: string, words: readonly string[], searches: number): boolean {
    if (words.every(isMiningStopword)) return false;
    for (const w of words) {
      if (w.length < MIN_PART_LENGTH || hasDigit(w)) return false;
      if (this.tagText.gluedParts(w) !== null || !(this.prose.has(w) || this.tagText.isEnglish(w)))
        return false;
    }
    if (words.length === 1 || searches > 0 || this.tagPhrases.has(key)) return true;
    return words.every((w, i) => i === 0 || this.prose.has(`${words[i - 1]} ${w}`));
  }

  private readable(folded: string): string {
    let text = this.readableCache.get(folded);
    if (text === undefined) {
      // Titles glue words too ("fatherchristmas"): split even a written word.
      text = this.tagText.readable(folded);
      this.readableCache.set(folded, text);
    }
    return text;
  }

  /** Adds words to the query, or glues a word to one of its words ("housecats" for "cat"). */
  private isNarrower(node: QueryNode, queryWords: string[], queryStems: Set<string>): boolean {
    if ([...queryStems].every((s) => node.stems.includes(s))) return true;
    return node.words.some((w) =>
      queryWords.some((q) => q.length >= MIN_PART_LENGTH && w !== q && w.includes(q)),
    );
  }

  /** One walk step from pins to queries, each pin's mass split ∝ the queries' IDF. */
  private toQueries(mass: Float64Array, pins: readonly number[]): Float64Array {
    const out = new Float64Array(this.nodes.length);
    for (const n of new Set(pins)) {
      const sum = this.idfOfPin[n]!;
      if (sum === 0) continue;
      const m = mass[n]! / sum;
      for (const q of this.nodesOfPin[n]!) out[q]! += m * this.nodes[q]!.idf;
    }
    return out;
  }

  private maybeRefresh(): void {
    if (!this.queryLog || this.queryLog.version === this.logVersion) return;
    if (this.now() - this.builtAt >= this.refreshMs) this.rebuild();
  }

  /** Counts a spelling under its node key; returns the key (null: not a query worth a node). */
  private addSpelling(
    into: Map<string, Map<string, number>>,
    raw: string,
    weight: number,
  ): string | null {
    const spelling = this.spellingOf.get(raw) ?? this.spell(raw);
    if (!spelling) return null;
    const { key, shown } = spelling;
    let bySpelling = into.get(key);
    if (!bySpelling) into.set(key, (bySpelling = new Map()));
    bySpelling.set(shown, (bySpelling.get(shown) ?? 0) + weight);
    return key;
  }

  /** A tag's or query's shown form and node key, once per distinct text (tags repeat ~10×). */
  private spell(raw: string): { key: string; shown: string } | null {
    const text = this.readable(foldText(raw).trim().replace(/\s+/gu, ' '));
    const words = matchTerms(text);
    const spelling =
      words.length === 0 || words.length > MAX_WORDS
        ? null
        : { key: stemKey(words.map(this.stem)), shown: words.join(' ') };
    // Bounded: log queries come and go over a server's life.
    if (this.spellingOf.size < MAX_REMEMBERED_SPELLINGS) this.spellingOf.set(raw, spelling);
    return spelling;
  }

  /** Porter stems, memoized: the corpus repeats its words. */
  private readonly stem = (word: string): string => {
    let stem = this.stems.get(word);
    if (stem === undefined) {
      stem = matchKey(word);
      this.stems.set(word, stem);
    }
    return stem;
  };
}

function jaccard(pins: Int32Array, members: ReadonlySet<number>): number {
  let shared = 0;
  for (const n of pins) if (members.has(n)) shared++;
  return shared / (pins.length + members.size - shared);
}

/** The pin the walk visited most (ties: the better static rank, i.e. the lower number). */
function cover(pins: Int32Array, mass: Float64Array): number {
  let best = pins[0]!;
  let bestMass = mass[best]!;
  for (const n of pins) {
    const m = mass[n]!;
    if (m > bestMass) {
      best = n;
      bestMass = m;
    }
  }
  return best;
}
