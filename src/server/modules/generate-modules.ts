/**
 * Modules of a results page, generated per query from what the search already has: its top
 * candidates (the refinement chips' wide search, refine/with-refinements.ts), the chips mined from
 * them, the related searches (the query graph, suggest/query-recommender.ts, or the engine's own)
 * and the query understanding. Pure: the HTTP route gathers the inputs (search.ts).
 *
 * - **narrow** ("Narrow it down"): one tile per refinement chip, its cover the best candidate the
 *   chip keeps. Only for a broad query (at least MIN_NARROW_TOTAL results) and only with
 *   MIN_TILES..MAX_TILES tiles with distinct covers: a handful of results needs no narrowing.
 * - **related** ("Related searches"): the related searches as tiles, each with a cover; a search
 *   is kept only if it returns results (the graph says how many pins it finds; for the engine's
 *   own strings, a top candidate holding all its words shows it finds one), once per stem set,
 *   never the query again, never a raw tag ("plant-flower" reads "plant flower").
 * - **shop** ("Shop <query>"): the candidates' product pins, when the query has shopping intent
 *   (`shoppingIntent`, documented there).
 * - **watch** ("Watch"): the candidates' video pins, when there is video supply (`videoSupply`).
 *
 * Modules are ranked by score (0..1), then given slots in that order (MODULE_SLOTS: rows of cards
 * before each block), so the most useful one comes first. A typed search (a Products or Videos
 * tab) gets the narrowing module only: the others would repeat the tab or leave it.
 */
import type {
  Candidate,
  ModulePin,
  ModuleTile,
  PinType,
  Refinement,
  SearchModule,
  UnderstoodQuery,
} from '@/contract/api';
import { parseRefineValue } from '@/contract/refine-value';
import { paletteColorNames } from '@/server/engine/named-colors';
import { ftsStems } from '@/server/refine/fts-tokens';

/** A narrowing module needs at least this many results: below, the reader sees them all anyway. */
export const MIN_NARROW_TOTAL = 40;
/** Tiles of a tile module: fewer is not worth a block, more do not fit a carousel's first screen. */
export const MIN_TILES = 4;
export const MAX_TILES = 8;
/** Related-search tiles need fewer: each is a whole other search. */
export const MIN_RELATED_TILES = 3;
/** Pins of a shopping or video module, at most. */
export const MAX_MODULE_PINS = 12;
/** Rows of result cards before the first, second, … module (best first). */
export const MODULE_SLOTS = [2, 6, 11, 17] as const;

/**
 * Shopping intent, scored from the candidates and the query words:
 *
 *     intent = 0.7 · clamp((productShare − PRODUCT_SHARE_FLOOR) / (PRODUCT_SHARE_FULL − PRODUCT_SHARE_FLOOR), 0, 1)
 *            + 0.3 · [a shopping word in the query]          (buy, shop, price, sale, …)
 *            − 0.5 · [a word asking for something else]       (icon, emoji, clipart, drawing, …)
 *
 * where productShare is the share of product pins among the top INTENT_CANDIDATES candidates.
 * A "Shop" module is shown when intent ≥ SHOP_INTENT_THRESHOLD and the candidates hold at least
 * MIN_MODULE_PINS products. Products must be a large part of what the query finds: below a
 * quarter they count for nothing ("fire" finds a few fireplaces among its pictures, "music" a
 * few pianos: the reader wants pictures), from 37.5 % they carry the module alone ("armchair"),
 * a shopping word lowers that to about 27 % ("buy lamp"), and "chair icon" gets none however many
 * products match. (A first rule, saturating at 10 %, was evaluated on bench/shopping-intent-eval.ts
 * before this one: precision 0.74, recall 0.88; the floor came from its false positives.)
 */
export const PRODUCT_SHARE_FLOOR = 0.25;
export const PRODUCT_SHARE_FULL = 0.5;
export const SHOP_INTENT_THRESHOLD = 0.35;
export const INTENT_CANDIDATES = 60;
export const MIN_MODULE_PINS = 2;
const SHOPPING_WORDS = new Set([
  'buy',
  'shop',
  'shopping',
  'price',
  'prices',
  'sale',
  'cheap',
  'deal',
  'deals',
  'store',
  'order',
  'product',
  'products',
]);
const NOT_SHOPPING_WORDS = new Set([
  'icon',
  'icons',
  'emoji',
  'clipart',
  'drawing',
  'svg',
  'vector',
  'symbol',
  'sketch',
  'coloring',
  'cartoon',
]);
/**
 * Video supply: at least MIN_MODULE_PINS video pins among the candidates. Its score grows with
 * their share of the top candidates (saturating at VIDEO_SHARE_FULL), plus VIDEO_WORD_BONUS when
 * the query asks for moving pictures ("animated", "video").
 */
export const VIDEO_SHARE_FULL = 0.1;
const VIDEO_WORD_BONUS = 0.3;
const VIDEO_WORDS = new Set([
  'video',
  'videos',
  'animation',
  'animated',
  'watch',
  'clip',
  'motion',
]);

export interface RelatedInput {
  text: string;
  /** Pins it finds, when known (the query graph); unknown for an engine's own related searches. */
  pins?: number;
  /** The graph's cover, when it gave one. */
  coverId?: string;
}

export interface GenerateModulesInput {
  /** The query as the reader typed it (what tile links keep). */
  q: string;
  refine: readonly string[];
  query: UnderstoodQuery;
  type?: PinType | undefined;
  /** All results of the search. */
  total: number;
  /** The search's top candidates, best first (the chips' wide search). */
  candidates: readonly Candidate[];
  refinements: readonly Refinement[];
  related: readonly RelatedInput[];
  /** Pins of related-search covers that are not among the candidates (read by the caller). */
  extraCovers?: ReadonlyMap<string, ModulePin>;
}

export const modulePin = (pin: ModulePin): ModulePin => ({
  id: pin.id,
  title: pin.title,
  imageUrl: pin.imageUrl,
  imageUrl2x: pin.imageUrl2x,
  width: pin.width,
  height: pin.height,
  dominantColor: pin.dominantColor,
  ...(pin.product ? { product: pin.product } : {}),
  ...(pin.video ? { video: pin.video } : {}),
});

/**
 * The stems a candidate is found by (title, tags, description, category), as FTS stems them;
 * each candidate is tokenized once, when a matcher first asks.
 */
function stemIndex(): (c: Candidate) => ReadonlySet<string> {
  const memo = new Map<Candidate, Set<string>>();
  return (c) => {
    let stems = memo.get(c);
    if (!stems) {
      stems = new Set(ftsStems([c.title, ...c.tags, c.description, c.category].join(' ')));
      memo.set(c, stems);
    }
    return stems;
  };
}

type Matcher = (c: Candidate) => boolean;

const allStems =
  (stemsOf: (c: Candidate) => ReadonlySet<string>, stems: readonly string[]): Matcher =>
  (c) => {
    if (stems.length === 0) return false;
    const have = stemsOf(c);
    return stems.every((s) => have.has(s));
  };

/** Whether a candidate is kept by a refinement value (as the engine's refine filter keeps it). */
function refinementMatcher(value: string, stemsOf: (c: Candidate) => ReadonlySet<string>): Matcher {
  const parsed = parseRefineValue(value);
  if (parsed.kind === 'category') {
    const category = parsed.category.toLowerCase();
    return (c) => c.category.toLowerCase() === category;
  }
  if (parsed.kind === 'color') {
    const name = parsed.name;
    return (c) => (paletteColorNames(c.palette) as string[]).includes(name);
  }
  return allStems(stemsOf, ftsStems(parsed.text));
}

/** The first candidate (best ranked) the matcher keeps whose cover is not taken yet. */
function pickCover(
  candidates: readonly Candidate[],
  matches: Matcher,
  taken: Set<string>,
): Candidate | null {
  for (const c of candidates) if (!taken.has(c.id) && matches(c)) return c;
  return null;
}

const wordsOf = (text: string): string[] =>
  text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);

export function shoppingIntent(
  query: string,
  candidates: readonly Pick<Candidate, 'product'>[],
): number {
  const top = candidates.slice(0, INTENT_CANDIDATES);
  const share = top.length === 0 ? 0 : top.filter((c) => c.product).length / top.length;
  const words = wordsOf(query);
  const shopping = words.some((w) => SHOPPING_WORDS.has(w)) ? 1 : 0;
  const elsewhere = words.some((w) => NOT_SHOPPING_WORDS.has(w)) ? 1 : 0;
  const fromShare = Math.min(
    1,
    Math.max(0, (share - PRODUCT_SHARE_FLOOR) / (PRODUCT_SHARE_FULL - PRODUCT_SHARE_FLOOR)),
  );
  const intent = 0.7 * fromShare + 0.3 * shopping - 0.5 * elsewhere;
  return Math.max(0, Math.min(1, intent));
}

export function videoSupply(
  query: string,
  candidates: readonly Pick<Candidate, 'video'>[],
): number {
  const videos = candidates.filter((c) => c.video).length;
  if (videos < MIN_MODULE_PINS) return 0;
  const top = candidates.slice(0, INTENT_CANDIDATES);
  const share = top.filter((c) => c.video).length / Math.max(1, top.length);
  const asked = wordsOf(query).some((w) => VIDEO_WORDS.has(w)) ? VIDEO_WORD_BONUS : 0;
  return Math.min(1, 0.3 + 0.4 * Math.min(1, share / VIDEO_SHARE_FULL) + asked);
}

/** Letters and digits glued together: a raw tag artefact ("arrow08", "icon2"), not a search. */
const GLUED_DIGITS = /\p{L}\d|\d\p{L}/u;

/** Stem-set key: "flower" and "flowers" are one search. */
const stemKey = (text: string): string => [...new Set(ftsStems(text))].sort().join(' ');

/** A tag as a person would type it: hyphen and underscore paths become words. */
const readable = (text: string): string =>
  text
    .replace(/[-_/]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/** A module before its slot is given (Omit over each member of the union). */
type Scored = SearchModule extends infer M
  ? M extends SearchModule
    ? Omit<M, 'slot'>
    : never
  : never;

/** What the page's modules already show: covers (no pin twice) and searches (by stem set). */
interface Shown {
  covers: Set<string>;
  searches: Set<string>;
}

function narrowModule(
  input: GenerateModulesInput,
  stemsOf: (c: Candidate) => ReadonlySet<string>,
  shown: Shown,
): Scored | null {
  const { candidates, refinements, total, q, refine } = input;
  if (total < MIN_NARROW_TOTAL) return null;
  const taken = new Set(shown.covers);
  const tiles: ModuleTile[] = [];
  // Words and categories first, colours after: a picture says "mammal" better than "gray".
  const ordered = [
    ...refinements.filter((r) => r.kind !== 'color'),
    ...refinements.filter((r) => r.kind === 'color'),
  ];
  for (const r of ordered) {
    if (tiles.length === MAX_TILES) break;
    // A file-name tag ("arrow08") is a chip but no picture's name.
    if (GLUED_DIGITS.test(r.label)) continue;
    const cover = pickCover(candidates, refinementMatcher(r.value, stemsOf), taken);
    if (!cover || r.count <= 0) continue;
    taken.add(cover.id);
    tiles.push({
      label: r.label,
      q,
      refine: [...refine, r.value],
      count: r.count,
      cover: modulePin(cover),
    });
  }
  if (tiles.length < MIN_TILES) return null;
  for (const tile of tiles) {
    shown.covers.add(tile.cover.id);
    const value = parseRefineValue(tile.refine.at(-1)!);
    if (value.kind === 'term') shown.searches.add(stemKey(value.text));
  }
  // Broader queries need it more: 40 results → 0.5, ≥ 400 → 0.9 (log scale), times how full it is.
  const breadth = Math.min(0.9, 0.5 + 0.4 * Math.log10(total / MIN_NARROW_TOTAL));
  return {
    kind: 'narrow',
    title: 'Narrow it down',
    score: round(breadth * (0.75 + 0.25 * (tiles.length / MAX_TILES))),
    tiles,
  };
}

function relatedModule(
  input: GenerateModulesInput,
  stemsOf: (c: Candidate) => ReadonlySet<string>,
  shown: Shown,
): Scored | null {
  const { candidates, related, query, extraCovers } = input;
  const byId = new Map(candidates.map((c) => [c.id, c]));
  // A word the narrowing module offers already is not a related search as well.
  const seen = new Set([stemKey(query.normalized), stemKey(input.q), ...shown.searches]);
  const queryStems = new Set(ftsStems(query.normalized));
  const taken = new Set(shown.covers);
  const tiles: ModuleTile[] = [];
  for (const r of related) {
    if (tiles.length === MAX_TILES) break;
    const text = readable(r.text);
    const stems = ftsStems(text);
    const key = stemKey(text);
    // Nothing new: the query again, a stem duplicate, or only words of the query; or a raw tag.
    if (key === '' || seen.has(key) || stems.every((s) => queryStems.has(s))) continue;
    if (GLUED_DIGITS.test(text)) continue;
    // An engine's own related search is mostly the query and a co-occurring word ("cat
    // housecats"): narrowing is the narrowing module's job, so those are left out. (The
    // query graph's, with a pin count, may add words to the query, at most two: its own rule.)
    if (r.pins === undefined && [...queryStems].every((s) => stems.includes(s))) continue;
    const matches = allStems(stemsOf, stems);
    // The graph's cover when it is free; else the best top candidate holding all its words.
    const graphCover = r.coverId
      ? (byId.get(r.coverId) ?? null) || (extraCovers?.get(r.coverId) ?? null)
      : null;
    const cover =
      graphCover && !taken.has(graphCover.id) ? graphCover : pickCover(candidates, matches, taken);
    // Returns results: the graph counted its pins; an engine's own string shows it by a candidate.
    const count = r.pins ?? (cover ? candidates.filter(matches).length : 0);
    if (!cover || count <= 0) continue;
    seen.add(key);
    taken.add(cover.id);
    tiles.push({ label: text, q: text, refine: [], count, cover: modulePin(cover) });
  }
  if (tiles.length < MIN_RELATED_TILES) return null;
  return {
    kind: 'related',
    title: 'Related searches',
    // Below a full narrowing module: narrowing the query comes before leaving it.
    score: round(0.35 + 0.15 * (tiles.length / MAX_TILES)),
    tiles,
  };
}

function pinModule(
  kind: 'shop' | 'watch',
  input: GenerateModulesInput,
  score: number,
): Scored | null {
  const pins = input.candidates
    .filter((c) => (kind === 'shop' ? c.product : c.video))
    .slice(0, MAX_MODULE_PINS)
    .map(modulePin);
  if (pins.length < MIN_MODULE_PINS) return null;
  return {
    kind,
    title: kind === 'shop' ? `Shop ${input.query.normalized}` : 'Watch',
    score: round(score),
    pins,
  };
}

const round = (x: number): number => Math.round(x * 1000) / 1000;

export function generateModules(input: GenerateModulesInput): SearchModule[] {
  const stemsOf = stemIndex();
  const modules: Scored[] = [];
  const shown: Shown = { covers: new Set(), searches: new Set() };
  const narrow = narrowModule(input, stemsOf, shown);
  if (narrow) modules.push(narrow);
  if (input.type === undefined) {
    const related = relatedModule(input, stemsOf, shown);
    if (related) modules.push(related);
    const text = input.query.raw;
    const intent = shoppingIntent(text, input.candidates);
    if (intent >= SHOP_INTENT_THRESHOLD) {
      const shop = pinModule('shop', input, intent);
      if (shop) modules.push(shop);
    }
    const supply = videoSupply(text, input.candidates);
    if (supply > 0) {
      const watch = pinModule('watch', input, supply);
      if (watch) modules.push(watch);
    }
  }
  // Best first; equal scores keep the order above (narrow, related, shop, watch).
  const ranked = modules
    .map((m, i) => ({ m, i }))
    .sort((a, b) => b.m.score - a.m.score || a.i - b.i)
    .slice(0, MODULE_SLOTS.length);
  return ranked.map(({ m }, rank) => ({ ...m, slot: MODULE_SLOTS[rank]! }) as SearchModule);
}
