import { describe, expect, it } from 'vitest';
import {
  fixtureCandidates,
  fixtureHistory,
  FIXTURE_NOW_MS,
  FIXTURE_QUERY,
  syntheticSequenceModel,
} from '../../bench/lib/rerank-fixtures';
import type { EngagementEvent } from './engagement';
import { buildSequenceInputs } from './sequence-inputs';
import {
  HISTORY_GROUPS,
  sequenceContributions,
  sequenceForward,
  sequenceParameterCount,
  sequenceScores,
  sequenceWeightsFromJson,
  sequenceWeightsToJson,
} from './sequence-scorer';
import { CANDIDATE_FEATURE_NAMES, SEQUENCE_LENGTH } from './sequence-spec';

const inputs = (history: EngagementEvent[], n = 30) =>
  buildSequenceInputs({
    candidates: fixtureCandidates(n),
    history,
    nowMs: FIXTURE_NOW_MS,
    query: FIXTURE_QUERY,
  });

describe('sequence scorer', () => {
  it('keeps the server order exactly without history, and reorders with it', () => {
    const model = syntheticSequenceModel(5);
    const cold = sequenceScores(model, inputs([]));
    for (let r = 1; r < cold.length; r++) expect(cold[r]).toBeLessThan(cold[r - 1]!);
    const warm = sequenceScores(model, inputs(fixtureHistory(FIXTURE_NOW_MS)));
    expect(Array.from(warm).some((s, r) => r > 0 && s > warm[r - 1]!)).toBe(true);
  });

  it('attends over real events and the sink only, each head summing to 1', () => {
    const model = syntheticSequenceModel(6);
    const history = fixtureHistory(FIXTURE_NOW_MS).slice(0, 5);
    const { attention } = sequenceForward(model, inputs(history, 4), { keepAttention: true });
    const width = SEQUENCE_LENGTH + 1;
    for (let block = 0; block < 4 * model.heads.length; block++) {
      const a = attention!.subarray(block * width, (block + 1) * width);
      expect(a.reduce((x, y) => x + y, 0)).toBeCloseTo(1, 5);
      // Padding (events 5 … 63) gets exactly nothing.
      expect(Array.from(a.subarray(history.length, SEQUENCE_LENGTH)).every((v) => v === 0)).toBe(
        true,
      );
    }
  });

  it('explains by occlusion: features and history groups, zero for a group with no events', () => {
    const model = syntheticSequenceModel(8);
    const history = fixtureHistory(FIXTURE_NOW_MS).filter((e) => e.type !== 'hide');
    const x = inputs(history, 6);
    const baseline = new Array<number>(CANDIDATE_FEATURE_NAMES.length).fill(0);
    const { names, values } = sequenceContributions(model, x, baseline, CANDIDATE_FEATURE_NAMES);
    expect(names).toEqual([...CANDIDATE_FEATURE_NAMES, ...Object.keys(HISTORY_GROUPS)]);
    const hides = names.indexOf('history: hides');
    const saves = names.indexOf('history: saves');
    for (let r = 0; r < 6; r++) expect(values[r * names.length + hides]).toBe(0);
    expect(
      Array.from({ length: 6 }, (_, r) => values[r * names.length + saves]).some((v) => v !== 0),
    ).toBe(true);
  });

  it('round-trips its weights through JSON', () => {
    const model = syntheticSequenceModel(9);
    const back = sequenceWeightsFromJson(JSON.parse(JSON.stringify(sequenceWeightsToJson(model))));
    expect(back).toEqual(model);
    expect(sequenceParameterCount(back)).toBe(sequenceParameterCount(model));
    expect(() =>
      sequenceWeightsFromJson({ ...sequenceWeightsToJson(model), projection: 3 }),
    ).toThrow();
  });
});
