import { describe, expect, it } from 'vitest';
import { seededRandom } from '@/lib/random/seeded-random';
import { cosine, decodeEmbedding, EMBEDDING_DIM, encodeEmbedding } from './embedding';
import type { EngagementEvent } from './engagement';
import { buildFeatureMatrix, buildFeatureMatrixPrepared } from './feature-matrix';
import {
  ATTENTION_TEMPERATURE,
  DENSITY_WIDTH,
  FEATURE_COUNT,
  FEATURE_NAMES,
  RECENCY_HALF_LIFE_MS,
  type FeatureName,
  type RankingCandidate,
} from './feature-spec';
import { prepareHistory, recencyWeight } from './prepare-history';

const axis = (i: number): string => {
  const v = new Array<number>(EMBEDDING_DIM).fill(0);
  v[i] = 1;
  return encodeEmbedding(v);
};
const E1 = axis(0);
const E2 = axis(1);
const NOW = 1_750_000_000_000;

const candidates: RankingCandidate[] = [
  {
    id: 'c0',
    title: 'Red apple',
    category: 'Food',
    dominantColor: '#ff0000',
    popularity: 0.2,
    serverScore: 10,
    lexicalScore: 8,
    semanticScore: 0.5,
    embedding: E1,
  },
  {
    id: 'c1',
    title: 'Cat',
    category: 'Animals',
    dominantColor: '#000000',
    popularity: 1.5,
    serverScore: 6,
    lexicalScore: 0,
    semanticScore: -2,
    embedding: null,
  },
  {
    id: 'h2',
    title: 'Green pear',
    category: 'Food',
    dominantColor: '#00ff00',
    popularity: 0,
    serverScore: 2,
    lexicalScore: 4,
    semanticScore: 0,
    embedding: E2,
  },
];

const event = (
  e: Partial<EngagementEvent> & Pick<EngagementEvent, 'type' | 'pinId' | 'at'>,
): EngagementEvent => ({
  v: 1,
  query: 'fruit',
  category: 'Food',
  dominantColor: '#ff0000',
  embedding: null,
  ...e,
});

const history: EngagementEvent[] = [
  // weight 1 (click, age 0)
  event({ type: 'click', pinId: 'h1', at: NOW, embedding: E1 }),
  // weight 2 × 0.5 = 1 (save, one half-life old)
  event({
    type: 'save',
    pinId: 'h2',
    at: NOW - RECENCY_HALF_LIFE_MS,
    category: 'Animals',
    dominantColor: '#0000ff',
    embedding: E2,
  }),
  // a hide of the candidate c1 (weight 1), without an embedding
  event({ type: 'hide', pinId: 'c1', at: NOW, category: 'Animals', dominantColor: '#000000' }),
  // in the future: ignored
  event({ type: 'save', pinId: 'c1', at: NOW + 1, category: 'Animals', embedding: E2 }),
];

function rows(matrix: Float32Array): Record<FeatureName, number>[] {
  expect(matrix.length % FEATURE_COUNT).toBe(0);
  return Array.from(
    { length: matrix.length / FEATURE_COUNT },
    (_, r) =>
      Object.fromEntries(
        FEATURE_NAMES.map((n, f) => [n, matrix[r * FEATURE_COUNT + f] as number]),
      ) as Record<FeatureName, number>,
  );
}

const attention = Math.exp(4) / (Math.exp(4) + 1); // softmax of (cos/τ + ln w) = (4, 0) over cosines (1, 0)
const LN101 = Math.log(101);
const LN65 = Math.log(65);

describe('buildFeatureMatrix', () => {
  const [c0, c1, c2] = rows(
    buildFeatureMatrix({ candidates, history, nowMs: NOW, query: 'Red apples' }),
  );

  it('normalizes server scores within the page', () => {
    expect([c0?.server_score, c1?.server_score, c2?.server_score]).toEqual([1, 0.5, 0]);
    expect([c0?.lexical_score, c1?.lexical_score, c2?.lexical_score]).toEqual([1, 0, 0.5]);
    expect([c0?.semantic_score, c1?.semantic_score, c2?.semantic_score]).toEqual([0.5, -1, 0]);
    expect(c1?.log_rank).toBeCloseTo(Math.log(2) / LN101, 6);
    expect(c2?.log_rank).toBeCloseTo(Math.log(3) / LN101, 6);
    expect(c0?.log_rank).toBe(0);
    expect([c0?.popularity, c1?.popularity, c2?.popularity]).toEqual([Math.fround(0.2), 1, 0]);
    expect([c0?.query_title_match, c1?.query_title_match, c2?.query_title_match]).toEqual([
      0.5, 0, 0,
    ]);
  });

  it('attends over recent positive actions by cosine, recency and type', () => {
    expect(c0?.attention_similarity).toBeCloseTo(attention, 6);
    expect(c2?.attention_similarity).toBeCloseTo(attention, 6);
    expect([c0?.max_similarity, c2?.max_similarity]).toEqual([1, 1]);
    expect([c0?.top3_similarity, c2?.top3_similarity]).toEqual([0.5, 0.5]);
    // ln(1 + 1·e^0 + 1·e^(-1/0.1))
    expect(c0?.similarity_density).toBeCloseTo(Math.log(2 + Math.exp(-10)), 6);
    expect([c0?.save_similarity, c2?.save_similarity]).toEqual([0, 1]);
    // c0 and c2 are Food; the only Food action is h1 (E1)
    expect([c0?.category_similarity, c2?.category_similarity]).toEqual([1, 0]);
    expect([c0?.has_embedding, c1?.has_embedding, c2?.has_embedding]).toEqual([1, 0, 1]);
  });

  it('leaves similarity features at 0 for a candidate without an embedding', () => {
    for (const name of [
      'attention_similarity',
      'max_similarity',
      'top3_similarity',
      'similarity_density',
      'save_similarity',
      'category_similarity',
      'hide_similarity',
    ] as const) {
      expect(c1?.[name]).toBe(0);
    }
  });

  it('computes category and colour affinity from weighted positive actions', () => {
    // weights: h1 (Food) 1, h2 (Animals) 1
    expect([c0?.category_affinity, c1?.category_affinity, c2?.category_affinity]).toEqual([
      0.5, 0.5, 0.5,
    ]);
    expect(c0?.category_strength).toBeCloseTo(Math.log(2), 6);
    // c0 is h1's colour exactly; h2's (#0000ff) is 255·√2 away: exp(−130050 / 100²)
    expect(c0?.color_affinity).toBeCloseTo((1 + Math.exp(-13.005)) / 2, 6);
    // c1 (#000000): 255 from each
    expect(c1?.color_affinity).toBeCloseTo(Math.exp(-6.5025), 6);
  });

  it('marks hides, engaged pins and history size', () => {
    expect([c0?.hide_category, c1?.hide_category, c2?.hide_category]).toEqual([
      0,
      Math.fround(Math.log(2)),
      0,
    ]);
    expect([c0?.hidden_pin, c1?.hidden_pin, c2?.hidden_pin]).toEqual([0, 1, 0]);
    expect([c0?.engaged_pin, c1?.engaged_pin, c2?.engaged_pin]).toEqual([0, 0, 1]);
    expect([c0?.hide_similarity, c2?.hide_similarity]).toEqual([0, 0]); // the hide has no embedding
    // 2 positives + 1 hide (the future save is ignored)
    expect(c0?.history_size).toBeCloseTo(Math.log(4) / LN65, 6);
  });
});

describe('buildFeatureMatrix edge cases', () => {
  it('with no history, every personal feature is 0', () => {
    const [r0, r1] = rows(buildFeatureMatrix({ candidates, history: [], nowMs: NOW }));
    const personal: FeatureName[] = FEATURE_NAMES.filter(
      (n) =>
        ![
          'server_score',
          'lexical_score',
          'semantic_score',
          'log_rank',
          'popularity',
          'has_embedding',
        ].includes(n),
    );
    for (const name of personal) {
      expect(r0?.[name]).toBe(0);
      expect(r1?.[name]).toBe(0);
    }
  });

  it('weights dwell by its length and counts hides by similarity', () => {
    const dwell = event({ type: 'dwell', pinId: 'h3', at: NOW, dwellMs: 15_000, embedding: E1 });
    const hide = event({ type: 'hide', pinId: 'h4', at: NOW, embedding: E2, category: 'Other' });
    const h = prepareHistory([dwell, hide], NOW);
    expect(h.positives[0]?.weight).toBe(0.5);
    const [r0, , r2] = rows(buildFeatureMatrix({ candidates, history: [dwell, hide], nowMs: NOW }));
    expect([r0?.hide_similarity, r2?.hide_similarity]).toEqual([0, 1]);
    expect(r0?.category_strength).toBeCloseTo(Math.log(1.5), 6);
  });

  it('stays finite and bounded on hostile input', () => {
    const weird: RankingCandidate[] = [
      {
        ...candidates[0]!,
        serverScore: Number.NaN,
        lexicalScore: Number.POSITIVE_INFINITY,
        embedding: '!!!',
        dominantColor: 'nope',
      },
      { ...candidates[1]!, serverScore: 1e300, semanticScore: Number.NaN, popularity: -3 },
    ];
    const m = buildFeatureMatrix({ candidates: weird, history, nowMs: NOW, query: '' });
    expect(m.every((x) => Number.isFinite(x) && Math.abs(x) <= 3)).toBe(true);
    expect(buildFeatureMatrix({ candidates: [], history, nowMs: NOW })).toHaveLength(0);
  });
});

describe('similarity features against a direct computation', () => {
  // Random embeddings, and weights from a month old to now: the softmax must not lose old actions.
  const random = seededRandom(23);
  const vector = () => encodeEmbedding(Array.from({ length: EMBEDDING_DIM }, () => random() - 0.5));
  const many = Array.from({ length: 12 }, (_, i) =>
    event({
      type: i % 3 === 0 ? 'save' : 'click',
      pinId: `p${i}`,
      at: NOW - i * 2.5 * 24 * 3_600_000,
      category: i % 2 === 0 ? 'Food' : 'Animals',
      embedding: vector(),
    }),
  );
  const page: RankingCandidate[] = Array.from({ length: 6 }, (_, i) => ({
    ...candidates[0]!,
    id: `x${i}`,
    category: i % 2 === 0 ? 'Food' : 'Animals',
    embedding: vector(),
  }));

  it('matches attention, max, top-3, density, save and category similarity', () => {
    const matrix = rows(buildFeatureMatrix({ candidates: page, history: many, nowMs: NOW }));
    page.forEach((c, r) => {
      const v = decodeEmbedding(c.embedding!);
      const actions = many.map((e) => ({
        cos: cosine(v, decodeEmbedding(e.embedding!)),
        weight: (e.type === 'save' ? 2 : 1) * recencyWeight(e.at, NOW),
        save: e.type === 'save',
        category: e.category,
      }));
      const logits = actions.map((a) => a.cos / ATTENTION_TEMPERATURE + Math.log(a.weight));
      const top = Math.max(...logits);
      const p = logits.map((l) => Math.exp(l - top));
      const z = p.reduce((x, y) => x + y, 0);
      const sorted = actions.map((a) => a.cos).sort((x, y) => y - x);
      const row = matrix[r]!;
      expect(row.attention_similarity).toBeCloseTo(
        actions.reduce((acc, a, j) => acc + (p[j]! / z) * a.cos, 0),
        6,
      );
      expect(row.max_similarity).toBeCloseTo(sorted[0]!, 6);
      expect(row.top3_similarity).toBeCloseTo((sorted[0]! + sorted[1]! + sorted[2]!) / 3, 6);
      expect(row.similarity_density).toBeCloseTo(
        Math.log1p(
          actions.reduce((d, a) => d + a.weight * Math.exp((a.cos - 1) / DENSITY_WIDTH), 0),
        ),
        6,
      );
      expect(row.save_similarity).toBeCloseTo(
        Math.max(...actions.filter((a) => a.save).map((a) => a.cos)),
        6,
      );
      expect(row.category_similarity).toBeCloseTo(
        Math.max(...actions.filter((a) => a.category === c.category).map((a) => a.cos)),
        6,
      );
    });
  });

  it('gives the same matrix for one history page after page (history decoding is memoized)', () => {
    const expected = buildFeatureMatrixPrepared(page, prepareHistory(many, NOW), 'fruit');
    for (let i = 0; i < 3; i++)
      expect(
        buildFeatureMatrix({ candidates: page, history: many, nowMs: NOW, query: 'fruit' }),
      ).toEqual(expected);
  });
});
