import { describe, expect, it } from 'vitest';
import { FEATURE_COUNT, FEATURE_INDEX, FEATURE_NAMES } from './feature-spec';

describe('FEATURE_NAMES', () => {
  it('has a fixed, unique feature order', () => {
    expect(new Set(FEATURE_NAMES).size).toBe(FEATURE_COUNT);
    expect(FEATURE_NAMES[0]).toBe('server_score');
    expect(FEATURE_NAMES[FEATURE_COUNT - 1]).toBe('has_embedding');
  });

  it('indexes every feature by its column', () => {
    expect(FEATURE_INDEX.server_score).toBe(0);
    expect(FEATURE_INDEX.has_embedding).toBe(FEATURE_COUNT - 1);
    FEATURE_NAMES.forEach((name, i) => expect(FEATURE_INDEX[name]).toBe(i));
  });
});
