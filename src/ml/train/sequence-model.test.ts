/**
 * The trainer's TensorFlow.js forward pass computes what the exported model computes: on random
 * weights and real inputs (pools, shown rows, histories with and without events), its scores equal
 * the TS reference scorer's (src/ranking/sequence-scorer.ts, itself held to the ONNX graph).
 */
import { describe, expect, it } from 'vitest';
import { hasListContext, sequenceScores } from '@/ranking/sequence-scorer';
import {
  fixtureCandidates,
  fixtureHistory,
  FIXTURE_NOW_MS,
} from '../../../bench/lib/rerank-fixtures';
import { createRng } from '../simulate/prng';
import { sequenceInputsFor, type SeqList } from './sequence-dataset';
import { assemble, DEFAULT_SEQUENCE_OPTIONS, forward, initVars, snapshot } from './sequence-model';
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
});
