import { describe, expect, it } from 'vitest';
import { errorReason, isExecutionProvider, parseEpPreference } from './ep';

describe('parseEpPreference', () => {
  it.each([
    ['?ep=wasm', 'wasm'],
    ['?ep=webgpu', 'webgpu'],
    ['?q=cat&ep=webgpu&debug=1', 'webgpu'],
    ['', 'auto'],
    ['?ep=WASM', 'auto'],
    ['?ep=webgl', 'auto'],
    ['?ep=', 'auto'],
  ])('%s → %s', (search, expected) => {
    expect(parseEpPreference(search)).toBe(expected);
  });
});

describe('isExecutionProvider / errorReason', () => {
  it('knows the two EPs only', () => {
    expect([
      isExecutionProvider('wasm'),
      isExecutionProvider('webgpu'),
      isExecutionProvider('cpu'),
    ]).toEqual([true, true, false]);
  });
  it('turns anything thrown into a line of text', () => {
    expect(errorReason(new Error('no adapter'))).toBe('no adapter');
    expect(errorReason(new TypeError(''))).toBe('TypeError');
    expect(errorReason('plain')).toBe('plain');
  });
});
