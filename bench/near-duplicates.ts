/**
 * Near duplicates and diversity: does folding copies and spreading look-alikes over
 * the first screens (src/server/service/with-diversity.ts) clear the repeats without losing
 * relevance?
 *
 * - Near-duplicate pairs in the first 30 results of 15 broad queries, engine order (before,
 *   `diversity: false`) vs the service as shipped (after). Two measures: the (12×12 colour
 *   thumbnails within NEAR_THUMB_DISTANCE mean difference; it calls any two small glyphs on white
 *   near) and the stricter one (perceptual.ts isNearDuplicate: dHash and the difference over the
 *   drawn part too), the target's measure.
 * - NDCG@10 before/after on judgments built as the existing evaluations build them:
 *   precise title-word queries, gain 2 title / 1 tag (bench/retrieval-eval.ts and
 *   bench/query-understanding.ts), and tag queries (held-out-tags.ts's query tags on the
 *   unmodified index, relevant = pins with the tag, binary gain). Three readings: per pin (a
 *   folded copy counts as missing), copies credited (a card stands for the copies folded into it,
 *   listed right after it: the same picture is on screen) and per look-alike group.
 *   bench/diversity-evals.ts runs the existing evaluations themselves with and without.
 *
 * Corpora: the OpenMoji test index and the full index at INSPO_DATA_DIR (default ./data) when it
 * exists. Writes bench/results/near-duplicates.json. `tsx bench/near-duplicates.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { seededRandom } from '@/lib/random/seeded-random';
import { indexPath } from '@/server/engine/schema';
import type { SearchEngine } from '@/server/engine/types';
import { ensureTestIndex } from '@/server/ingest/test-index';
import { matchKey, matchTerms } from '@/server/query/normalize';
import { isStopword } from '@/server/query/stopwords';
import { openSearchService } from '@/server/service/search-service';
import { DIVERSITY_WINDOW } from '@/server/service/with-diversity';
import { collapseCopies, DEFAULT_DIVERSIFY } from '@/server/visual/diversify';
import {
  isNearDuplicate,
  NEAR_DHASH_BITS,
  NEAR_THUMB_DISTANCE,
  thumbDistance,
} from '@/server/visual/perceptual';
import { loadVisualIndex, type VisualIndex } from '@/server/visual/visual-index';
import { holdOut, loadRows, ndcgBinary, NDCG_K, shuffle, type Row } from './lib/held-out-tags';
import { writeResult } from './lib/results';

const SEED = 20_251_207;
const TOP = 30;
const PRECISE_QUERIES = 300;
/** Broad one-word queries a new user would try first (the examples among them). */
export const BROAD_QUERIES = [
  'star',
  'cat',
  'tree',
  'flower',
  'heart',
  'car',
  'house',
  'dog',
  'sun',
  'music',
  'food',
  'arrow',
  'christmas',
  'bird',
  'face',
];

const r4 = (x: number) => Math.round(x * 1e4) / 1e4;
const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : 0);
const ranked = (engine: SearchEngine, q: string, limit: number) =>
  engine.search({ q, refine: [], offset: 0, limit }).items.map((c) => c.id);

function pairs(ids: readonly string[], visual: VisualIndex) {
  let loose = 0;
  let strict = 0;
  for (let i = 0; i < ids.length; i++)
    for (let j = i + 1; j < ids.length; j++) {
      const a = visual.features(ids[i]!);
      const b = visual.features(ids[j]!);
      if (!a || !b) continue;
      if (thumbDistance(a.thumb, b.thumb) <= NEAR_THUMB_DISTANCE) loose++;
      if (isNearDuplicate(a, b)) strict++;
    }
  return { loose, strict };
}

function preciseJudgments(rows: readonly Row[]) {
  const keys = rows.map((r) => ({
    id: r.id,
    title: new Set(matchTerms(r.title).map(matchKey)),
    tags: new Set(matchTerms((JSON.parse(r.tags) as string[]).join(' ')).map(matchKey)),
  }));
  const words = new Set<string>();
  for (const r of rows)
    for (const w of matchTerms(r.title)) if (/^[a-z]{4,}$/u.test(w) && !isStopword(w)) words.add(w);
  return shuffle([...words].sort(), seededRandom(SEED))
    .slice(0, PRECISE_QUERIES)
    .map((word) => {
      const key = matchKey(word);
      return {
        q: word,
        gain: new Map(keys.map((k) => [k.id, k.title.has(key) ? 2 : k.tags.has(key) ? 1 : 0])),
      };
    });
}

/** DCG@10 of the gains listed over that of the best order of the relevant gains (exponential gain). */
function dcgRatio(listed: readonly number[], relevant: readonly number[]): number {
  const dcg = (gs: readonly number[]) =>
    gs.slice(0, NDCG_K).reduce((s, g, i) => s + (2 ** g - 1) / Math.log2(i + 2), 0);
  const ideal = dcg(relevant.filter((g) => g > 0).sort((a, b) => b - a));
  return ideal === 0 ? 0 : dcg(listed) / ideal;
}

function gradedNdcg(list: readonly string[], gain: ReadonlyMap<string, number>): number {
  return dcgRatio(
    list.map((id) => gain.get(id) ?? 0),
    [...gain.values()],
  );
}

/**
 * The same NDCG over near-duplicate groups (visual-index.ts) instead of pins: a second pin of a
 * group already listed gains nothing (it shows the reader the same picture again), and the ideal
 * list holds each relevant group once, at its best gain. Judgments deduplicated this way are how
 * a system that folds duplicates can be compared with one that lists them: the pin-level figure
 * charges the folded system for every copy it does not repeat, though the card shows them.
 */
function groupNdcg(
  list: readonly string[],
  gain: ReadonlyMap<string, number>,
  visual: VisualIndex,
): number {
  const best = new Map<string, number>();
  for (const [id, g] of gain) {
    if (g <= 0) continue;
    const k = visual.groupOf(id);
    best.set(k, Math.max(best.get(k) ?? 0, g));
  }
  const seen = new Set<string>();
  const gains = list.map((id) => {
    const k = visual.groupOf(id);
    if (seen.has(k)) return 0;
    seen.add(k);
    return gain.get(id) ?? 0;
  });
  return dcgRatio(gains, [...best.values()]);
}

/**
 * A card's list expanded by the copies folded into it (collapseCopies over the engine's window,
 * as the service folds them), each right after its card: how a copy is counted as present.
 */
function withCopies(
  engine: SearchEngine,
  raw: SearchEngine,
  visual: VisualIndex,
  q: string,
  limit: number,
): string[] {
  const window = raw.search({ q, refine: [], offset: 0, limit: DIVERSITY_WINDOW }).items;
  const { folded } = collapseCopies(window, visual);
  return ranked(engine, q, limit).flatMap((id) => [id, ...(folded.get(id) ?? [])]);
}

function evaluate(name: string, dataDir: string) {
  const visual = loadVisualIndex(dataDir);
  const before = openSearchService({ dataDir, diversity: false, resultCache: false });
  const after = openSearchService({ dataDir, diversity: {} });
  const perQuery = BROAD_QUERIES.map((q) => {
    const b = ranked(before, q, TOP);
    const a = ranked(after, q, TOP);
    return { q, before: pairs(b, visual), after: pairs(a, visual) };
  });
  const rows = loadRows(dataDir);
  const precise = preciseJudgments(rows);
  const tagQueries = holdOut(rows, seededRandom(SEED)).queries;
  const started = performance.now();
  const binary = (relevant: ReadonlySet<string>) =>
    new Map([...relevant].map((id) => [id, 1] as const));
  // Copies are credited only where they were folded: the engine's own list shows each of them.
  const ndcg = (engine: SearchEngine, folds: boolean) => {
    const lists = {
      precise: precise.map((p) => ranked(engine, p.q, NDCG_K)),
      tags: tagQueries.map((t) => ranked(engine, t.tag, NDCG_K)),
    };
    const credited = {
      precise: folds
        ? precise.map((p) => withCopies(engine, before, visual, p.q, NDCG_K))
        : lists.precise,
      tags: folds
        ? tagQueries.map((t) => withCopies(engine, before, visual, t.tag, NDCG_K))
        : lists.tags,
    };
    return {
      precise: r4(mean(precise.map((p, i) => gradedNdcg(lists.precise[i]!, p.gain)))),
      tags: r4(mean(tagQueries.map((t, i) => ndcgBinary(lists.tags[i]!, t.relevant)))),
      preciseCopiesCredited: r4(
        mean(precise.map((p, i) => gradedNdcg(credited.precise[i]!, p.gain))),
      ),
      tagsCopiesCredited: r4(
        mean(tagQueries.map((t, i) => ndcgBinary(credited.tags[i]!, t.relevant))),
      ),
      preciseByGroup: r4(mean(precise.map((p, i) => groupNdcg(lists.precise[i]!, p.gain, visual)))),
      tagsByGroup: r4(
        mean(tagQueries.map((t, i) => groupNdcg(lists.tags[i]!, binary(t.relevant), visual))),
      ),
    };
  };
  const ndcgBefore = ndcg(before, false);
  const ndcgAfter = ndcg(after, true);
  const ms = performance.now() - started;
  before.close();
  after.close();
  const sum = (k: 'before' | 'after', m: 'loose' | 'strict') =>
    r4(mean(perQuery.map((p) => p[k][m])));
  const change = (k: keyof typeof ndcgBefore) =>
    r4(ndcgBefore[k] === 0 ? 0 : (ndcgAfter[k] - ndcgBefore[k]) / ndcgBefore[k]);
  const result = {
    corpus: name,
    pinsWithFeatures: visual.size,
    nearDuplicatePairsTop30: {
      meanPerQuery: {
        before: { loose: sum('before', 'loose'), strict: sum('before', 'strict') },
        after: { loose: sum('after', 'loose'), strict: sum('after', 'strict') },
      },
      perQuery,
    },
    ndcgAt10: {
      before: ndcgBefore,
      after: ndcgAfter,
      relativeChange: {
        precise: change('precise'),
        tags: change('tags'),
        preciseCopiesCredited: change('preciseCopiesCredited'),
        tagsCopiesCredited: change('tagsCopiesCredited'),
        preciseByGroup: change('preciseByGroup'),
        tagsByGroup: change('tagsByGroup'),
      },
      queries: { precise: precise.length, tags: tagQueries.length },
    },
    evalMs: Math.round(ms),
  };
  console.log(
    `${name}: pairs/query strict ${result.nearDuplicatePairsTop30.meanPerQuery.before.strict} → ` +
      `${result.nearDuplicatePairsTop30.meanPerQuery.after.strict}, loose ${result.nearDuplicatePairsTop30.meanPerQuery.before.loose} → ` +
      `${result.nearDuplicatePairsTop30.meanPerQuery.after.loose}; NDCG@10 ${JSON.stringify(ndcgBefore)} → ${JSON.stringify(ndcgAfter)}`,
  );
  return result;
}

async function main(): Promise<void> {
  const corpora = [{ name: 'openmoji', dir: await ensureTestIndex() }];
  const full = path.resolve(process.env.INSPO_DATA_DIR ?? 'data');
  if (fs.existsSync(indexPath(full))) corpora.push({ name: 'default index', dir: full });
  const results = corpora.map((c) => evaluate(c.name, c.dir));
  const file = writeResult('near-duplicates', {
    description:
      'Near-duplicate pairs in the first 30 results of 15 broad queries and NDCG@10, engine order (before) vs copy ' +
      'collapse + look-alike MMR (after, src/server/service/with-diversity.ts). loose = 12×12 colour thumbnails within ' +
      `${NEAR_THUMB_DISTANCE} mean difference; strict = isNearDuplicate (src/server/visual/perceptual.ts: dHash within ${NEAR_DHASH_BITS} bits ` +
      `and ink distance, or a very close thumbnail), what MMR spreads out. ` +
      'NDCG@10: precise title-word queries (gain 2 title / 1 tag) and tag queries (relevant = pins with the tag); per pin, ' +
      'with folded copies credited right after their card, and per look-alike group.',
    method: { queries: BROAD_QUERIES, top: TOP, diversify: DEFAULT_DIVERSIFY },
    loadAverage: (await import('node:os')).loadavg().map((x) => Math.round(x * 100) / 100),
    corpora: results,
  });
  console.log(`wrote ${file}`);
}

await main();
