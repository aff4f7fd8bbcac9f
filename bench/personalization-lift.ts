/**
 * What a reader sees personalization do, at the scale of a corpus rather than three e2e personas:
 * issue 12's first must-show ("save 5 pins of one kind from one query, then search a broader
 * query that contains that kind deeper than the first page: the top 20 holds at least 3 more of
 * that kind") for every persona this bench can find on the default index.
 *
 * Personas are found, not picked: for each of BROAD_QUERIES, the kinds are the one-word tags on
 * at least MIN_KIND_IN_POOL pins of its candidate pool (and on less than half of it, and on at
 * most MAX_KIND_IN_TOP of its first 20, so there is room to lift 3), the first KINDS_PER_QUERY by
 * count. A persona searches the kind's tag, saves the first 5 pins of the kind in that answer's
 * order (a click, the save, a dwell, as the closeup records them), then searches the broad query.
 *
 * Real parts: the server's HTTP answers (in-process, `inject`: pools with their tags and tag
 * counts, /pins for the tags that define a kind), the app's input builder and the committed
 * model's weights through the TS reference scorer (parity with onnxruntime ≤ 1e-4 is tested; it
 * is what scores a return visit's first page).
 *
 * `npx tsx bench/personalization-lift.ts` (needs the default index: `npm start` builds it);
 * writes bench/results/personalization-lift.json.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  PinsResponseSchema,
  SearchResponseSchema,
  type Pin,
  type PoolCandidate,
} from '@/contract/api';
import { API_PREFIX, MAX_BATCH_PINS } from '@/contract/constants';
import type { EngagementEvent } from '@/ranking/engagement';
import { firstTags } from '@/ranking/event-tags';
import { buildSequenceInputs } from '@/ranking/sequence-inputs';
import {
  sequenceScores,
  sequenceWeightsFromJson,
  type SequenceModelJson,
} from '@/ranking/sequence-scorer';
import { createServer } from '@/server/http/create-server';
import { openSearchService } from '@/server/service/search-service';
import { orderByScore } from '@/lib/rerank/rank-order';
import { writeResult } from './lib/results';

const DATA_DIR = path.resolve(process.env.INSPO_DATA_DIR ?? 'data');
const WEIGHTS = path.resolve('public', 'models', 'reranker-weights.json');
const BROAD_QUERIES = [
  'animal',
  'nature',
  'food',
  'plant',
  'music',
  'sport',
  'vehicle',
  'people',
  'holiday',
  'building',
  'art',
  'symbol',
  'fruit',
  'bird',
  'flower',
  'tool',
  'christmas',
  'sea',
  'space',
  'clothing',
];
const SAVES = 5;
const TOP = 20;
const MIN_GAIN = 3;
const MIN_KIND_IN_POOL = 10;
const MAX_KIND_IN_TOP = 10;
const KINDS_PER_QUERY = 6;
const NOW_MS = Date.UTC(2026, 11, 1, 12);

const engine = openSearchService({ dataDir: DATA_DIR, resultCache: false });
const app = createServer({ engine, distDir: null, thumbsDir: null, rateLimit: false });

async function get(url: string): Promise<unknown> {
  const response = await app.inject({ method: 'GET', url });
  if (response.statusCode !== 200) throw new Error(`${url}: HTTP ${response.statusCode}`);
  return response.json();
}

const pools = new Map<string, PoolCandidate[]>();
async function poolOf(q: string): Promise<PoolCandidate[]> {
  let pool = pools.get(q);
  if (!pool) {
    const answer = SearchResponseSchema.parse(
      await get(`${API_PREFIX}/search?${new URLSearchParams({ q })}`),
    );
    pool = answer.pool?.candidates ?? [];
    pools.set(q, pool);
  }
  return pool;
}

/** Every tag of a pin (the pool sends its first MAX_EVENT_TAGS): what defines a kind. */
const pinTags = new Map<string, readonly string[]>();
async function loadTags(ids: readonly string[]): Promise<void> {
  const missing = ids.filter((id) => !pinTags.has(id));
  for (let i = 0; i < missing.length; i += MAX_BATCH_PINS) {
    const ids = missing.slice(i, i + MAX_BATCH_PINS).join(',');
    const { items } = PinsResponseSchema.parse(await get(`${API_PREFIX}/pins?ids=${ids}`));
    for (const pin of items as Pin[]) pinTags.set(pin.id, pin.tags);
  }
}
const hasTag = (id: string, tag: string) => pinTags.get(id)?.includes(tag) ?? false;

/** What the closeup records for a save: the open, the save, the look (src/features/personalization). */
function savedFromCloseup(pins: readonly PoolCandidate[], query: string): EngagementEvent[] {
  let at = NOW_MS - 15 * 60_000;
  return pins.flatMap((c) => {
    const base = {
      v: 1 as const,
      pinId: c.id,
      query,
      category: c.category,
      dominantColor: c.dominantColor,
      embedding: c.embedding,
      ...(c.tags ? { tags: firstTags(c.tags) } : {}),
    };
    at += 30_000;
    return [
      { ...base, type: 'click' as const, at },
      { ...base, type: 'save' as const, at: at + 4_000 },
      { ...base, type: 'dwell' as const, at: at + 8_000, dwellMs: 8_000 },
    ];
  });
}

interface Persona {
  broadQuery: string;
  kind: string;
  kindInPool: number;
  before: number;
  after: number;
}

async function main() {
  const weights = JSON.parse(readFileSync(WEIGHTS, 'utf8')) as SequenceModelJson & {
    version: string;
  };
  const model = sequenceWeightsFromJson(weights);
  const personas: Persona[] = [];
  for (const broadQuery of BROAD_QUERIES) {
    const pool = await poolOf(broadQuery);
    await loadTags(pool.map((c) => c.id));
    const counts = new Map<string, number>();
    for (const c of pool)
      for (const t of new Set(pinTags.get(c.id) ?? [])) counts.set(t, (counts.get(t) ?? 0) + 1);
    const kinds = [...counts]
      .filter(
        ([tag, n]) =>
          /^\p{L}{3,}$/u.test(tag) &&
          tag !== broadQuery &&
          n >= MIN_KIND_IN_POOL &&
          n < pool.length / 2,
      )
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, KINDS_PER_QUERY);
    for (const [kind, kindInPool] of kinds) {
      const before = pool.slice(0, TOP).filter((c) => hasTag(c.id, kind)).length;
      if (before > MAX_KIND_IN_TOP) continue;
      const kindPool = await poolOf(kind);
      await loadTags(kindPool.map((c) => c.id));
      const saved = kindPool.filter((c) => hasTag(c.id, kind)).slice(0, SAVES);
      if (saved.length < SAVES) continue;
      const x = buildSequenceInputs({
        candidates: pool,
        history: savedFromCloseup(saved, kind),
        nowMs: NOW_MS,
        query: broadQuery,
      });
      const order = orderByScore(sequenceScores(model, x));
      const after = order.slice(0, TOP).filter((r) => hasTag(pool[r]!.id, kind)).length;
      personas.push({ broadQuery, kind, kindInPool, before, after });
      console.log(
        `${broadQuery.padEnd(10)} ${kind.padEnd(14)} in pool ${String(kindInPool).padStart(3)}, top ${TOP}: ${before} → ${after}${after - before >= MIN_GAIN ? '' : '  (missed)'}`,
      );
    }
  }
  const met = personas.filter((p) => p.after - p.before >= MIN_GAIN).length;
  const gains = personas.map((p) => p.after - p.before).sort((a, b) => a - b);
  const summary = {
    personas: personas.length,
    met,
    metShare: Number((met / personas.length).toFixed(3)),
    medianGain: gains[Math.floor(gains.length / 2)],
  };
  console.log(
    `${met} of ${personas.length} personas gain ≥ ${MIN_GAIN} of their kind in the top ${TOP}`,
  );
  writeResult('personalization-lift', {
    description:
      `Save ${SAVES} pins of a kind (a one-word tag) from the kind's own search, then search a broader word: ` +
      `how many of the kind the top ${TOP} holds, server order → reranked by the committed model (TS reference scorer, ` +
      `the app's inputs) over the broader word's candidate pool. Personas found on the default index: for each of ` +
      `${BROAD_QUERIES.length} broad words, up to ${KINDS_PER_QUERY} tags on ≥ ${MIN_KIND_IN_POOL} of its pool's pins ` +
      `(< half of them) and ≤ ${MAX_KIND_IN_TOP} of its top ${TOP}.`,
    model: weights.version,
    summary,
    personas,
  });
  await app.close();
  engine.close();
}

await main();
