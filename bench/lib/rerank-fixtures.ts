/**
 * Fixed reranker inputs for the latency bench (web and node), the parity tests
 * (unit and e2e) and the scorer's tests: candidates with embeddings, a history,
 * sequence-model inputs that cover their range, and a seeded synthetic model.
 * Seeded, so every run and every runtime sees the same numbers.
 */
import type { EngagementEvent } from '@/ranking/engagement';
import { EMBEDDING_DIM, encodeEmbedding } from '@/ranking/embedding';
import type { RankingCandidate } from '@/ranking/feature-spec';
import { buildSequenceInputs, type SequenceInputs } from '@/ranking/sequence-inputs';
import { headInputWidth, MODEL_KIND, type SequenceModelWeights } from '@/ranking/sequence-scorer';
import {
  CANDIDATE_FEATURE_COUNT,
  EVENT_META_COUNT,
  EVENT_META_INDEX,
  EVENT_WIDTH,
  ITEM_LAYOUT,
  ITEM_WIDTH,
  SEQUENCE_INPUT_NAMES,
  SEQUENCE_LENGTH,
} from '@/ranking/sequence-spec';
import { seededRandom } from '@/lib/random/seeded-random';

const CATEGORIES = ['Food & drink', 'Animals & nature', 'Travel & places', 'Symbols', 'Objects'];
const TITLES = [
  'Red apple',
  'Cat face',
  'Airplane departure',
  'Red circle',
  'Teapot',
  'Green salad',
];
/** The query the fixture page answers (query–title features). */
export const FIXTURE_QUERY = 'red apple';
const COLOURS = ['#d22f27', '#f1b31c', '#5c9e31', '#1e50a0', '#000000', '#ffffff'];
/** Tags for candidates and events (the tag features): broad ones and telling ones, shared. */
const TAGS = Array.from({ length: 40 }, (_, i) => `tag${i}`);
/** How many of the corpus's pins carry TAGS[i]: a few broad tags, many telling ones. */
const TAG_PINS = TAGS.map((_, i) => (i < 4 ? 900 - i * 100 : 4 + ((i * 37) % 120)));

/** 2–6 distinct tags, with the first always one of the broad ones (as a source's folder tag). */
function tagsFor(random: () => number): string[] {
  const tags = new Set<string>([TAGS[Math.floor(random() * 4)]!]);
  const n = 2 + Math.floor(random() * 5);
  while (tags.size < n) tags.add(TAGS[Math.floor(random() * TAGS.length)]!);
  return [...tags];
}
const tagPinsOf = (tags: readonly string[]) => tags.map((t) => TAG_PINS[TAGS.indexOf(t)]!);

function vector(random: () => number): number[] {
  return Array.from({ length: EMBEDDING_DIM }, () => random() * 2 - 1);
}

const withTags = (tags: string[]) => ({ tags, tagPins: tagPinsOf(tags) });

export function fixtureCandidates(count: number, seed = 7): RankingCandidate[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const serverScore = 10 - i * (8 / count) + random() * 0.1;
    return {
      id: `c${i}`,
      title: TITLES[i % TITLES.length]!,
      category: CATEGORIES[i % CATEGORIES.length]!,
      dominantColor: COLOURS[Math.floor(random() * COLOURS.length)]!,
      popularity: random(),
      serverScore,
      lexicalScore: random() < 0.8 ? serverScore * 0.9 : 0,
      semanticScore: random() * 1.6 - 0.6,
      // A few candidates without an embedding, as in a real page.
      embedding: i % 11 === 10 ? null : encodeEmbedding(vector(random)),
      // and a few without tags (a list built without them).
      ...(i % 13 === 12 ? {} : withTags(tagsFor(random))),
    } satisfies RankingCandidate;
  });
}

export function fixtureHistory(nowMs: number, seed = 11, count = 24): EngagementEvent[] {
  const random = seededRandom(seed);
  const types: EngagementEvent['type'][] = ['click', 'save', 'dwell', 'click', 'hide', 'save'];
  return Array.from({ length: count }, (_, i) => {
    const type = types[i % types.length]!;
    return {
      v: 1,
      type,
      pinId: i % 5 === 0 ? `c${i}` : `h${i}`,
      at: nowMs - (count - i) * 3_600_000,
      query: 'fixture',
      ...(type === 'dwell' ? { dwellMs: 2_000 + i * 500 } : {}),
      category: CATEGORIES[i % 3]!,
      dominantColor: COLOURS[i % COLOURS.length]!,
      embedding: encodeEmbedding(vector(random)),
      tags: tagsFor(random),
    } satisfies EngagementEvent;
  });
}

/** Events in the benches' history: enough to fill the sequence model's window. */
export const FIXTURE_HISTORY_EVENTS = 64;

/**
 * The sequence model's three input tensors for onnxruntime (node or web: pass its Tensor class).
 */
export function sequenceFeeds<T>(
  Tensor: new (type: 'float32', data: Float32Array, dims: number[]) => T,
  x: SequenceInputs,
): Record<string, T> {
  const [features, items, history] = SEQUENCE_INPUT_NAMES;
  return {
    [features]: new Tensor('float32', x.features, [x.rows, CANDIDATE_FEATURE_COUNT]),
    [items]: new Tensor('float32', x.items, [x.rows, ITEM_WIDTH]),
    [history]: new Tensor('float32', x.history, [SEQUENCE_LENGTH, EVENT_WIDTH]),
  };
}

/** A fixed "now" so features (recency) never depend on the clock. */
export const FIXTURE_NOW_MS = Date.UTC(2026, 0, 15, 12);

/**
 * Inputs for the sequence model's parity checks (unit test and e2e): a real pool with a
 * 24-event history, a history longer than the model's window (80 events, with categories beyond
 * the slots), a pool without history, and seeded random tensors across the inputs' ranges
 * (valid and hide flags stay 0/1, as the builder writes them).
 */
export function sequenceParityInputs(): SequenceInputs[] {
  const real = buildSequenceInputs({
    candidates: fixtureCandidates(40),
    history: fixtureHistory(FIXTURE_NOW_MS),
    nowMs: FIXTURE_NOW_MS,
    query: FIXTURE_QUERY,
  });
  const long = buildSequenceInputs({
    candidates: fixtureCandidates(60, 9),
    history: fixtureHistory(FIXTURE_NOW_MS, 13, 80).map((e, i) => ({
      ...e,
      category: `category ${i % 20}`,
    })),
    nowMs: FIXTURE_NOW_MS,
    query: FIXTURE_QUERY,
  });
  const empty = buildSequenceInputs({
    candidates: fixtureCandidates(10),
    history: [],
    nowMs: FIXTURE_NOW_MS,
  });
  const random = seededRandom(3);
  const rows = 25;
  const history = new Float32Array(SEQUENCE_LENGTH * EVENT_WIDTH);
  for (let e = 0; e < SEQUENCE_LENGTH; e++) {
    const row = e * EVENT_WIDTH;
    const valid = random() < 0.7 ? 1 : 0;
    if (!valid) continue;
    for (let d = 0; d < ITEM_WIDTH; d++)
      history[row + d] = d < ITEM_LAYOUT.category.start ? random() * 2 - 1 : random() < 0.2 ? 1 : 0;
    const meta = row + ITEM_WIDTH;
    for (let m = 0; m < EVENT_META_INDEX.valid; m++) history[meta + m] = random();
    history[meta + EVENT_META_INDEX.hide] = random() < 0.3 ? 1 : 0;
    history[meta + EVENT_META_INDEX.valid] = 1;
  }
  const randomInputs: SequenceInputs = {
    rows,
    features: Float32Array.from({ length: rows * CANDIDATE_FEATURE_COUNT }, () => random() * 3 - 1),
    items: Float32Array.from({ length: rows * ITEM_WIDTH }, (_, i) =>
      i % ITEM_WIDTH < ITEM_LAYOUT.category.start ? random() * 2 - 1 : random() < 0.2 ? 1 : 0,
    ),
    history,
    events: SEQUENCE_LENGTH,
  };
  return [real, long, empty, randomInputs];
}

/**
 * A seeded sequence model with random weights, for tests that need any model of this shape
 * (`context`: with the list-level context channels).
 */
export function syntheticSequenceModel(
  seed = 7,
  heads = 2,
  projection = 8,
  context = false,
): SequenceModelWeights {
  const random = seededRandom(seed);
  const normal = () =>
    Math.sqrt(-2 * Math.log(Math.max(random(), 1e-12))) * Math.cos(2 * Math.PI * random());
  const vec = (n: number, s: number) => Float32Array.from({ length: n }, () => normal() * s);
  const sizes = [headInputWidth(heads, context), 12, 6, 1];
  return {
    kind: MODEL_KIND,
    projection,
    heads: Array.from({ length: heads }, () => ({
      query: vec(EMBEDDING_DIM * projection, 0.4),
      key: vec(EMBEDDING_DIM * projection, 0.4),
      pair: vec(3, 1.5),
      event: vec(EVENT_META_COUNT, 1),
      sink: vec(CANDIDATE_FEATURE_COUNT, 1),
      sinkBias: Math.fround(normal()),
    })),
    mlp: sizes.slice(1).map((out, k) => ({
      inputSize: sizes[k]!,
      outputSize: out,
      weight: vec(sizes[k]! * out, 0.5),
      bias: vec(out, 0.1),
      activation: k < sizes.length - 2 ? ('relu' as const) : ('linear' as const),
    })),
    prior: { rankWeight: 1, gateScale: 1e4 },
  };
}
