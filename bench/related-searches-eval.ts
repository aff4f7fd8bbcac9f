/**
 * Related searches, before (the engine's own: the query plus a co-occurring word, or a WordNet
 * sibling; src/server/query/related-searches.ts) and after (the query graph walk of
 * src/server/suggest/query-recommender.ts), in one run over the default index (`data`, or
 * INSPO_DATA_DIR). Writes bench/results/related-searches-eval.json. `tsx bench/related-searches-eval.ts`.
 *
 * Query sets:
 * - top100: the 100 single-word corpus completions with the most pins (what autocomplete offers
 *   first; the stand-in for the most common queries used by refinements-eval.ts too);
 * - labelled: LABELLED below, 24 everyday picture queries, each with the topics a person would
 *   accept as related. Labelled by the author of this file from general knowledge of the topics
 *   (not from the corpus tags), before this evaluation was run; some outputs for cat, party,
 *   flower, dog, heart, car, food, tree, music and sun had been seen while building.
 *
 * Measures, per set and side:
 * - returnsResults: share of recommendations whose search (the same engine, first page) finds
 *   pins. Must be 1.
 * - stemDuplicates: recommendations whose Porter stem set equals the query's or an earlier
 *   recommendation's ("flower"/"flowers"). Must be 0.
 * - artefacts: recommendations with a hyphen path, a glued word (tag-text.ts with WordNet), a
 *   tag translation for an English reader (the index's lexicon), or a digit.
 * - gluedToQuery: share that are the query plus more words ("cat face") — the complaint of #13.
 * - heldOutRelevance (the independent judgment): every pin's tags are split in two by a hash of
 *   (pin, tag); the after side is rebuilt from the visible half only, so it never sees the held-out
 *   half. A recommendation is judged relevant when the held-out tags of its top 20 results and
 *   of the query's top 20 results have cosine ≥ RELEVANCE_COSINE (as tag-count vectors, words of
 *   the query and the recommendation left out so a shared "cat" tag is no evidence). The
 *   before side is judged on its served output, which saw every tag (an advantage to it).
 *   Also `novelty`: share of a recommendation's top 20 that are not in the query's top 20.
 * - labelledHit (labelled set only): share whose stems contain some labelled topic's stems.
 *
 * The query log: the after side's log holds each evaluated query searched once, as a server
 * that has served them would (the log records only searches that found something).
 */
import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import { indexPath } from '@/server/engine/schema';
import { readStoredLexicon } from '@/server/engine/stored-lexicon';
import { matchKey, matchTerms } from '@/server/query/normalize';
import { sharedWordNet } from '@/server/query/query-context';
import { openSearchService } from '@/server/service/search-service';
import { buildVocabularyIndex } from '@/server/suggest/build-vocabulary-index';
import { QueryLog } from '@/server/suggest/query-log';
import { QueryRecommender, type RecommenderPin } from '@/server/suggest/query-recommender';
import { readRecommenderPins } from '@/server/suggest/recommender-pins';
import { createTagText } from '@/server/suggest/tag-text';
import { writeResult } from './lib/results';
import { percentile } from './lib/stats';

const TOP_QUERIES = 100;
const PAGE = 48;
const JUDGED_RESULTS = 20;
const RELEVANCE_COSINE = 0.1;

const LABELLED: Record<string, string[]> = {
  cat: ['kitten', 'kitty', 'lion', 'tiger', 'leopard', 'dog', 'pet', 'mammal', 'feline', 'animal', 'mouse', 'paw', 'big cats', 'fish', 'yarn', 'puppy'],
  dog: ['puppy', 'pet', 'cat', 'wolf', 'fox', 'bone', 'paw', 'mammal', 'animal', 'poodle', 'leash', 'canine', 'kennel'],
  party: ['birthday', 'balloon', 'confetti', 'cake', 'celebration', 'festive', 'gift', 'present', 'popper', 'champagne', 'dance', 'music', 'hat', 'christmas', 'fireworks', 'holiday'],
  flower: ['rose', 'tulip', 'daisy', 'blossom', 'bouquet', 'sunflower', 'plant', 'garden', 'petal', 'bloom', 'lily', 'hibiscus', 'spring', 'leaf', 'tree'],
  heart: ['love', 'valentine', 'romance', 'kiss', 'couple', 'wedding', 'emotion', 'hug', 'rose', 'cupid'],
  car: ['vehicle', 'automobile', 'truck', 'bus', 'taxi', 'transport', 'road', 'traffic', 'motorcycle', 'racing', 'wheel', 'van'],
  food: ['fruit', 'vegetable', 'meal', 'drink', 'restaurant', 'dessert', 'cake', 'bread', 'pizza', 'burger', 'cooking', 'kitchen', 'menu', 'snack'],
  tree: ['forest', 'plant', 'leaf', 'evergreen', 'christmas tree', 'palm', 'pine', 'wood', 'nature', 'garden', 'flower', 'oak'],
  music: ['guitar', 'piano', 'instrument', 'note', 'song', 'drum', 'violin', 'headphones', 'concert', 'radio', 'microphone', 'saxophone', 'trumpet'],
  sun: ['weather', 'sky', 'sunrise', 'sunset', 'moon', 'star', 'cloud', 'light', 'summer', 'hot', 'beach', 'rainbow', 'solar'],
  bird: ['eagle', 'owl', 'parrot', 'chicken', 'duck', 'penguin', 'feather', 'wing', 'nest', 'animal', 'dove', 'pigeon'],
  fish: ['ocean', 'sea', 'shark', 'whale', 'aquarium', 'fishing', 'water', 'dolphin', 'octopus', 'crab'],
  house: ['home', 'building', 'roof', 'door', 'window', 'city', 'hut', 'cottage', 'architecture', 'castle'],
  christmas: ['santa', 'tree', 'gift', 'snow', 'winter', 'holiday', 'xmas', 'ornament', 'reindeer', 'star', 'bell', 'snowman', 'candle'],
  winter: ['snow', 'snowman', 'ice', 'cold', 'christmas', 'ski', 'snowflake', 'holiday', 'sled'],
  book: ['library', 'read', 'school', 'education', 'page', 'paper', 'notebook', 'pen', 'study', 'literature'],
  phone: ['telephone', 'mobile', 'smartphone', 'call', 'cell', 'computer', 'communication', 'device', 'camera'],
  computer: ['laptop', 'keyboard', 'mouse', 'monitor', 'screen', 'desktop', 'technology', 'phone', 'internet', 'server'],
  sport: ['ball', 'soccer', 'football', 'basketball', 'tennis', 'baseball', 'game', 'athlete', 'olympics', 'running', 'golf'],
  money: ['coin', 'dollar', 'cash', 'bank', 'currency', 'euro', 'wallet', 'credit card', 'finance', 'gold', 'payment'],
  face: ['smile', 'emoji', 'smiley', 'eye', 'mouth', 'emotion', 'head', 'person', 'happy', 'sad'],
  star: ['sky', 'night', 'moon', 'planet', 'space', 'sparkle', 'galaxy', 'astronomy', 'sun', 'shooting star'],
  water: ['sea', 'ocean', 'wave', 'drop', 'rain', 'river', 'lake', 'ice', 'fish', 'bottle', 'swimming'],
  hat: ['cap', 'clothing', 'helmet', 'crown', 'fashion', 'head', 'wear', 'cowboy'],
};

const dataDir = path.resolve(process.env.INSPO_DATA_DIR || 'data');
const round = (x: number, digits = 3) => Number(x.toFixed(digits));
const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);
const stems = (text: string) => matchTerms(text).map(matchKey);
const stemKey = (text: string) => [...new Set(stems(text))].sort().join(' ');

/** A stable coin per (pin, tag): FNV-1a. */
function heldOut(pinId: string, tag: string): boolean {
  let h = 0x811c9dc5;
  for (const c of `${pinId}\u0000${tag}`) h = Math.imul(h ^ c.codePointAt(0)!, 0x01000193);
  return (h >>> 0) % 2 === 0;
}

const db = new Database(indexPath(dataDir), { readonly: true, fileMustExist: true });
const pins = readRecommenderPins(db);
const lexicon = readStoredLexicon(db);
const { index: vocabulary } = buildVocabularyIndex(db);
// Open until the end: the lexicon reads its rows on demand.
const tagText = createTagText({ wordnet: sharedWordNet(), lexicon });
const engine = openSearchService({ dataDir });
const pinById = new Map(pins.map((p) => [p.id, p]));

const top100 = vocabulary.completions
  .filter((c) => !/[\s\-_'&]/u.test(c.text) && c.kind !== 'category')
  .sort((a, b) => b.weight - a.weight || (a.text < b.text ? -1 : 1))
  .slice(0, TOP_QUERIES)
  .map((c) => c.text);
const labelled = Object.keys(LABELLED);

const log = new QueryLog({ file: null });
for (const q of new Set([...top100, ...labelled])) log.record(q, { results: 1 });
const loadBefore = os.loadavg();
let started = performance.now();
const cpuBefore = process.cpuUsage();
const served = new QueryRecommender({ pins, tagText, queryLog: log });
const buildMs = performance.now() - started;
// CPU time too: on a shared machine the wall time is mostly waiting for a core.
const buildCpu = process.cpuUsage(cpuBefore);
const buildCpuMs = (buildCpu.user + buildCpu.system) / 1000;
const visible: RecommenderPin[] = pins.map((p) => ({ ...p, tags: p.tags.filter((t) => !heldOut(p.id, t)) }));
const blind = new QueryRecommender({ pins: visible, tagText, queryLog: log });

const searchCache = new Map<string, { total: number; ids: string[] }>();
function search(q: string) {
  let hit = searchCache.get(q);
  if (!hit) {
    const page = engine.search({ q, refine: [], offset: 0, limit: PAGE, exact: false });
    hit = { total: page.total, ids: page.items.map((i) => i.id) };
    searchCache.set(q, hit);
  }
  return hit;
}

/** Held-out tag counts over pins, words of `exclude` left out. */
function heldOutVector(ids: readonly string[], exclude: ReadonlySet<string>): Map<string, number> {
  const v = new Map<string, number>();
  for (const id of ids.slice(0, JUDGED_RESULTS)) {
    const pin = pinById.get(id)!;
    for (const tag of pin.tags) {
      if (!heldOut(pin.id, tag) || stems(tag).some((s) => exclude.has(s))) continue;
      v.set(tag, (v.get(tag) ?? 0) + 1);
    }
  }
  return v;
}
function cosine(a: Map<string, number>, b: Map<string, number>): number {
  let dot = 0;
  for (const [k, x] of a) dot += x * (b.get(k) ?? 0);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, x) => s + x * x, 0));
  const d = norm(a) * norm(b);
  return d === 0 ? 0 : dot / d;
}

interface Judged {
  text: string;
  returns: boolean;
  duplicate: boolean;
  artefact: string | null;
  gluedToQuery: boolean;
  relevant: boolean;
  novelty: number;
  labelledHit: boolean | null;
}

function artefactOf(text: string): string | null {
  if (/-/u.test(text)) return 'hyphen';
  if (/\p{N}/u.test(text)) return 'digit';
  const words = matchTerms(text);
  if (words.some((w) => tagText.gluedParts(w) !== null)) return 'glued';
  if (words.some((w) => tagText.isForeign(w))) return 'foreign';
  return null;
}

function judge(q: string, recs: readonly string[], relevanceRecs: readonly string[]): Judged[] {
  const query = search(q);
  const queryStems = new Set(stems(q));
  const seen = new Set([stemKey(q)]);
  const labels = LABELLED[q]?.map((l) => stems(l));
  return recs.map((text, i) => {
    const found = search(text);
    const key = stemKey(text);
    const duplicate = seen.has(key);
    seen.add(key);
    const judgedText = relevanceRecs[i];
    let relevant = false;
    let novelty = 0;
    if (judgedText !== undefined) {
      const judged = search(judgedText);
      const exclude = new Set([...queryStems, ...stems(judgedText)]);
      relevant = cosine(heldOutVector(query.ids, exclude), heldOutVector(judged.ids, exclude)) >= RELEVANCE_COSINE;
      const top = new Set(query.ids.slice(0, JUDGED_RESULTS));
      const theirs = judged.ids.slice(0, JUDGED_RESULTS);
      novelty = theirs.length === 0 ? 0 : theirs.filter((id) => !top.has(id)).length / theirs.length;
    }
    const recStems = new Set(stems(text));
    return {
      text,
      returns: found.total > 0,
      duplicate,
      artefact: artefactOf(text),
      gluedToQuery: [...queryStems].every((s) => recStems.has(s)),
      relevant,
      novelty,
      labelledHit: labels ? labels.some((l) => l.every((s) => recStems.has(s))) : null,
    };
  });
}

const walkMs: number[] = [];
function after(q: string, recommender: QueryRecommender): string[] {
  const page = engine.search({ q, refine: [], offset: 0, limit: PAGE, exact: false });
  const t = performance.now();
  const recs = recommender.recommend({ query: page.query.normalized, seedIds: page.items.map((i) => i.id) });
  if (recommender === served) walkMs.push(performance.now() - t);
  return recs.map((r) => r.text);
}
const before = (q: string) => engine.search({ q, refine: [], offset: 0, limit: PAGE, exact: false }).relatedSearches;

function summarize(judged: Judged[][], lists: string[][]) {
  const all = judged.flat();
  const share = (f: (j: Judged) => boolean) => round(all.filter(f).length / Math.max(all.length, 1));
  const artefacts: Record<string, number> = {};
  for (const j of all) if (j.artefact) artefacts[j.artefact] = (artefacts[j.artefact] ?? 0) + 1;
  const hits = all.filter((j) => j.labelledHit !== null);
  return {
    queries: lists.length,
    queriesWithRecommendations: lists.filter((l) => l.length > 0).length,
    recommendations: all.length,
    meanPerQuery: round(mean(lists.map((l) => l.length)), 2),
    returnsResults: share((j) => j.returns),
    stemDuplicates: all.filter((j) => j.duplicate).length,
    artefacts: { total: Object.values(artefacts).reduce((a, b) => a + b, 0), ...artefacts },
    artefactExamples: [...new Set(all.filter((j) => j.artefact).map((j) => `${j.text} (${j.artefact})`))].slice(0, 12),
    gluedToQuery: share((j) => j.gluedToQuery),
    heldOutRelevance: share((j) => j.relevant),
    meanNovelty: round(mean(all.map((j) => j.novelty))),
    ...(hits.length ? { labelledHit: round(hits.filter((j) => j.labelledHit).length / hits.length) } : {}),
  };
}

function evaluate(queries: readonly string[]) {
  const beforeLists = queries.map(before);
  const afterLists = queries.map((q) => after(q, served));
  const blindLists = queries.map((q) => after(q, blind));
  return {
    before: summarize(queries.map((q, i) => judge(q, beforeLists[i]!, beforeLists[i]!)), beforeLists),
    after: summarize(queries.map((q, i) => judge(q, afterLists[i]!, blindLists[i]!)), afterLists),
    // The held-out build judged on its own output (what heldOutRelevance of `after` uses).
    afterHeldOutBuild: summarize(queries.map((q, i) => judge(q, blindLists[i]!, blindLists[i]!)), blindLists),
    examples: Object.fromEntries(
      queries.slice(0, 12).map((q, i) => [q, { before: beforeLists[i], after: afterLists[i] }]),
    ),
  };
}

started = performance.now();
const result = {
  corpus: `${pins.length} pins (${dataDir})`,
  top100: evaluate(top100),
  labelled: evaluate(labelled),
};
const evalMs = performance.now() - started;
engine.close();
db.close();
const file = writeResult('related-searches-eval', {
  description:
    'Related searches before (the engine: query + co-occurring word, WordNet siblings) and after (the query graph walk, ' +
    'src/server/suggest/query-recommender.ts), over the top 100 single-word completions and a labelled set of 24 queries. ' +
    'See the header of bench/related-searches-eval.ts for every measure.',
  labelledSet: { how: 'author-labelled from general knowledge of each topic, not from corpus tags', queries: LABELLED },
  relevance: { judgedResults: JUDGED_RESULTS, cosineAtLeast: RELEVANCE_COSINE, split: 'FNV-1a(pin id, tag) % 2' },
  ...result,
  timing: {
    graphBuildMs: round(buildMs, 1),
    graphBuildCpuMs: round(buildCpuMs, 1),
    graphNodes: served.size,
    walkMs: { p50: round(percentile(walkMs, 50), 2), p95: round(percentile(walkMs, 95), 2) },
    evalMs: Math.round(evalMs),
    loadAverage: { start: loadBefore.map((x) => round(x, 2)), end: os.loadavg().map((x) => round(x, 2)) },
  },
  notes: ['Shared 2-core development machine: timings are noisy; the shares are deterministic.'],
});
for (const set of ['top100', 'labelled'] as const) {
  for (const side of ['before', 'after'] as const) {
    const s = result[set][side];
    console.log(
      `${set} ${side}: ${s.recommendations} recs, returns ${s.returnsResults}, dups ${s.stemDuplicates}, artefacts ${s.artefacts.total}, ` +
        `glued-to-query ${s.gluedToQuery}, held-out relevance ${s.heldOutRelevance}, novelty ${s.meanNovelty}` +
        ('labelledHit' in s ? `, labelled hit ${s.labelledHit}` : ''),
    );
  }
}
console.log(`wrote ${file}`);
