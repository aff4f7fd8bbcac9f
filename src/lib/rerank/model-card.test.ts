import { describe, expect, it } from 'vitest';
import { checkModelCard, describeFeatureMismatch } from './model-card';

const FEATURES = ['server_score', 'log_rank', 'category_affinity'];
const card = {
  version: 'reranker-abc',
  createdAt: '2026-01-01T00:00:00.000Z',
  featureNames: FEATURES,
  inputName: 'features',
  outputName: 'scores',
  opset: 17,
  parameters: 100,
};

describe('checkModelCard', () => {
  it('accepts a card whose features are exactly the app’s', () => {
    expect(checkModelCard(card, FEATURES)).toEqual({
      ok: true,
      card: {
        version: 'reranker-abc',
        createdAt: '2026-01-01T00:00:00.000Z',
        featureNames: FEATURES,
        inputName: 'features',
        outputName: 'scores',
        opset: 17,
      },
    });
  });

  it('refuses features in another order, naming the first difference', () => {
    const swapped = { ...card, featureNames: ['server_score', 'category_affinity', 'log_rank'] };
    expect(checkModelCard(swapped, FEATURES)).toEqual({
      ok: false,
      reason:
        'model features differ from the app\'s: feature #1 is "category_affinity", this app expects "log_rank" (model has 3 features, app 3)',
    });
  });

  it('refuses a model with a feature the app does not compute', () => {
    const longer = { ...card, featureNames: [...FEATURES, 'new_feature'] };
    expect(checkModelCard(longer, FEATURES)).toEqual({
      ok: false,
      reason:
        'model features differ from the app\'s: feature #3 is "new_feature", this app expects nothing (model has 4 features, app 3)',
    });
  });

  it.each([
    [null, 'model card is not a JSON object'],
    [[], 'model card is not a JSON object'],
    [{ ...card, version: '' }, 'model card has no version'],
    [{ ...card, featureNames: 'server_score' }, 'model card has no featureNames list'],
    [{ ...card, featureNames: [1, 2, 3] }, 'model card has no featureNames list'],
    [{ ...card, outputName: undefined }, 'model card has no inputName/outputName'],
  ])('refuses a malformed card (%#)', (raw, reason) => {
    expect(checkModelCard(raw, FEATURES)).toEqual({ ok: false, reason });
  });

  it('checks the input signature when the app gives one', () => {
    const signature = { sequenceLength: 64, eventMeta: ['click', 'hide'] };
    expect(
      checkModelCard(
        { ...card, inputSignature: { eventMeta: ['click', 'hide'], sequenceLength: 64 } },
        FEATURES,
        signature,
      ).ok,
    ).toBe(true);
    const other = checkModelCard(
      { ...card, inputSignature: { ...signature, sequenceLength: 32 } },
      FEATURES,
      signature,
    );
    expect(other.ok).toBe(false);
    expect(!other.ok && other.reason).toMatch(
      /^model inputs differ from the app's: model expects .*"sequenceLength":32/,
    );
    const none = checkModelCard(card, FEATURES, signature);
    expect(!none.ok && none.reason).toMatch(/model has no inputSignature/);
  });

  it('accepts a numeric version as text', () => {
    const result = checkModelCard({ ...card, version: 3 }, FEATURES);
    expect(result.ok && result.card.version).toBe('3');
  });
});

describe('describeFeatureMismatch', () => {
  it('says when the app has more features than the model', () => {
    expect(describeFeatureMismatch(['a'], ['a', 'b'])).toBe(
      'feature #1 is missing, this app expects "b" (model has 1 features, app 2)',
    );
  });
});
