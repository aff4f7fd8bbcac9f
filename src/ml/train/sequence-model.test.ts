/**
 * The trainer's TensorFlow.js forward pass computes what the exported model computes: on random
 * weights and real inputs (pools, shown rows, histories with and without events), its scores equal
 * the TS reference scorer's (src/ranking/sequence-scorer.ts, itself held to the ONNX graph).
 */
import { describe, expect, it } from 'vitest';
import { hasListContext, sequenceScores } from '@/ranking/sequence-scorer';
import { CANDIDATE_FEATURE_COUNT, CANDIDATE_FEATURE_INDEX } from '@/ranking/sequence-spec';
import {
  fixtureCandidates,
  fixtureHistory,
  FIXTURE_NOW_MS,
} from '../../../bench/lib/rerank-fixtures';
import { createRng } from '../simulate/prng';
import { sequenceInputsFor, type SeqList } from './sequence-dataset';
import {
  assemble,
  DEFAULT_SEQUENCE_OPTIONS,
  forward,
  initVars,
  snapshot,
  trainSequenceRanker,
} from './sequence-model';
import { initTfjs, tf } from './tfjs-backend';

function list(rows: number[], events: number, query = 'red apple'): SeqList {
  const history = fixtureHistory(FIXTURE_NOW_MS, 3, 80).slice(0, events);
  return {
    user: 'u',
    query,
    candidates: fixtureCandidates(60),
    rows,
    size: rows.length,
    labels: Float32Array.from(rows, (_, i) => (i % 3 === 0 ? 1 : 0)),
    grades: null,
    events: history,
    at: FIXTURE_NOW_MS + 1,
    historyEvents: history.length,
    historyPositives: history.filter((e) => e.type !== 'hide').length,
  };
}

describe('sequence trainer', () => {
  // With the list-level context, the padded rows of a short list must not count: lists of 2 and 3
  // rows are padded to N = 5 here.
  it.each([
    ['without', false],
    ['with', true],
  ])(
    'computes the reference scorer’s scores (≤ 1e-4) on random weights, %s list context',
    async (_, context) => {
      await initTfjs('cpu');
      const opts = { ...DEFAULT_SEQUENCE_OPTIONS, seed: 5, context };
      const vars = initVars(opts);
      // Randomize the weights that start at constants, so every path is exercised.
      const rng = createRng(17);
      for (const h of vars.heads)
        for (const v of [h.pair, h.event, h.sink, h.sinkBias])
          v.assign(
            tf.tensor(
              Array.from({ length: v.size }, () => rng.normal()),
              v.shape,
            ),
          );
      for (const l of vars.mlp)
        l.b.assign(
          tf.tensor(
            Array.from({ length: l.b.size }, () => rng.normal() * 0.3),
            l.b.shape,
          ),
        );
      const model = snapshot(vars, opts);
      expect(hasListContext(model)).toBe(context);
      const lists = [
        list([5, 0, 33, 2, 59], 24),
        list([1, 2], 80, ''),
        list([7, 8, 9], 1),
        list([3, 4], 0),
      ];
      const N = 5;
      const batch = assemble(lists, N, false);
      const got = forward(vars, opts, batch).arraySync();
      lists.forEach((l, b) => {
        const want = sequenceScores(model, sequenceInputsFor(l));
        for (let i = 0; i < l.size; i++)
          expect(Math.abs(got[b]![i]! - want[i]!)).toBeLessThanOrEqual(1e-4);
      });
      // Without history the gate is shut in both: −log_rank only.
      expect(batch.gate[3]).toBe(0);
    },
  );

  it('adds title pairs between equally labelled rows (or both engaged ones) only when asked', () => {
    const rows = Array.from({ length: 12 }, (_, i) => i);
    const l = list(rows, 10);
    // Labels 2, 0, 0, 2, 0, 0, …: ties among clicked and among unclicked rows ('Red apple',
    // 'Red circle' and the rest match the query 'red apple' 1, ½ and 0).
    l.labels = Float32Array.from(rows, (i) => (i % 3 === 0 ? 2 : i % 3 === 1 ? 0 : 1 + i / 100));
    const x = sequenceInputsFor(l);
    const title = (i: number) =>
      x.features[i * CANDIDATE_FEATURE_COUNT + CANDIDATE_FEATURE_INDEX.query_title_match]!;
    expect(new Set(rows.map(title)).size).toBe(3);
    const N = rows.length;
    const y = l.labels;
    const plain = assemble([l], N, false);
    const equal = assemble([l], N, false, 0.5);
    const positive = assemble([l], N, false, 0.5, 'positive');
    let labelPairs = 0;
    for (const i of rows)
      for (const j of rows) {
        const p = (b: typeof plain) => b.pairs[i * N + j];
        if (y[i]! > y[j]!) {
          labelPairs++;
          for (const b of [plain, equal, positive]) expect(p(b)).toBe(1);
          continue;
        }
        expect(p(plain)).toBe(0);
        const better = title(i) > title(j);
        expect(p(equal)).toBe(better && y[i] === y[j] ? 0.5 : 0);
        expect(p(positive)).toBe(better && y[i]! > 0 && y[j]! > 0 ? 0.5 : 0);
      }
    expect(plain.pairCount).toBe(labelPairs);
    expect(equal.pairCount).toBeGreaterThan(labelPairs);
    expect(positive.pairCount).toBeGreaterThan(labelPairs);
  });

  it('is reproducible with the cosine learning-rate schedule', async () => {
    await initTfjs('cpu');
    const lists = [list([5, 0, 33, 2, 59], 24), list([1, 2, 3, 4], 30), list([7, 8, 9], 6)];
    const opts = {
      ...DEFAULT_SEQUENCE_OPTIONS,
      seed: 3,
      epochs: 2,
      batchLists: 2,
      lrSchedule: 'cosine' as const,
    };
    const a = await trainSequenceRanker(lists, [], opts);
    const b = await trainSequenceRanker(lists, [], opts);
    expect(a.epochs).toHaveLength(2);
    expect(Array.from(a.model.mlp[0]!.weight)).toEqual(Array.from(b.model.mlp[0]!.weight));
    const constant = await trainSequenceRanker(lists, [], { ...opts, lrSchedule: 'constant' });
    expect(Array.from(constant.model.mlp[0]!.weight)).not.toEqual(
      Array.from(a.model.mlp[0]!.weight),
    );
  });
});
