import { describe, expect, it } from 'vitest';
import {
  adapterIdentity,
  choiceFromMeasurement,
  chooseEp,
  describeChoice,
  epsForChoice,
  formatMeasuredAt,
  formatRunMs,
  measuredWinner,
  needsMeasurement,
  parseMeasurements,
  rememberMeasurement,
  type EpMeasurement,
} from './ep-choice';

const SWIFTSHADER = 'google / swiftshader /  / SwiftShader Device (Subzero)';
/** 2026-12-07 00:31:45 UTC */
const AT = Date.UTC(2026, 11, 7, 0, 31, 45);

const measurement = (over: Partial<EpMeasurement> = {}): EpMeasurement => ({
  modelVersion: 'm1',
  adapter: SWIFTSHADER,
  rows: 500,
  wasmMs: 0.42,
  webgpuMs: 14.2,
  measuredAt: AT,
  durationMs: 2100,
  ...over,
});

describe('measuredWinner', () => {
  it.each([
    [0.42, 14.2, 'wasm'],
    [9.8, 2.1, 'webgpu'],
    // A tie, or a win inside the 10 % margin, keeps the smaller runtime.
    [5, 5, 'wasm'],
    [5.5, 5, 'wasm'],
    [5.51, 5, 'webgpu'],
    [5, null, 'wasm'],
  ] as const)('wasm %s ms, webgpu %s ms → %s', (wasmMs, webgpuMs, winner) => {
    expect(measuredWinner(measurement({ wasmMs, webgpuMs }))).toBe(winner);
  });
});

describe('adapterIdentity', () => {
  it('joins what the adapter says about itself', () => {
    expect(
      adapterIdentity({
        vendor: 'google',
        architecture: 'swiftshader',
        device: '',
        description: 'SwiftShader Device (Subzero)',
      }),
    ).toBe(SWIFTSHADER);
  });
  it('names an adapter that says nothing', () => {
    expect(adapterIdentity({})).toBe('unknown adapter');
    expect(adapterIdentity({ vendor: ' ', description: '' })).toBe('unknown adapter');
  });
});

describe('chooseEp', () => {
  const adapter = { ok: true as const, identity: SWIFTSHADER };

  it('obeys ?ep= without looking further', () => {
    for (const ep of ['wasm', 'webgpu'] as const)
      expect(
        chooseEp({ preference: ep, probe: null, modelVersion: 'm1', remembered: [measurement()] }),
      ).toEqual({ kind: 'forced', ep });
  });

  it('runs WASM where there is no adapter, and says why', () => {
    expect(
      chooseEp({
        preference: 'auto',
        probe: { ok: false, reason: 'navigator.gpu is missing' },
        modelVersion: 'm1',
        remembered: [measurement({ webgpuMs: 0.01 })],
      }),
    ).toEqual({ kind: 'no-adapter', ep: 'wasm', reason: 'navigator.gpu is missing' });
  });

  it('runs WASM and asks for a measurement when this model was never measured on this adapter', () => {
    const choice = chooseEp({
      preference: 'auto',
      probe: adapter,
      modelVersion: 'm1',
      remembered: [],
    });
    expect(choice).toEqual({
      kind: 'unmeasured',
      ep: 'wasm',
      adapter: SWIFTSHADER,
      modelVersion: 'm1',
    });
    expect(needsMeasurement(choice)).toBe(true);
    expect(epsForChoice(choice)).toEqual(['wasm']);
  });

  it('measures again when the model version changes', () => {
    const choice = chooseEp({
      preference: 'auto',
      probe: adapter,
      modelVersion: 'm2',
      remembered: [measurement({ modelVersion: 'm1' })],
    });
    expect(choice.kind).toBe('unmeasured');
  });

  it('measures again on another adapter', () => {
    const choice = chooseEp({
      preference: 'auto',
      probe: { ok: true, identity: 'nvidia / ampere / 0x2204 / RTX 3090' },
      modelVersion: 'm1',
      remembered: [measurement()],
    });
    expect(choice.kind).toBe('unmeasured');
  });

  it('follows the remembered measurement for this model and adapter', () => {
    const slow = measurement();
    const fast = measurement({ modelVersion: 'm2', wasmMs: 9.8, webgpuMs: 2.1 });
    const remembered = [fast, slow];
    const m1 = chooseEp({ preference: 'auto', probe: adapter, modelVersion: 'm1', remembered });
    expect(m1).toEqual({ kind: 'measured', ep: 'wasm', measurement: slow });
    expect(epsForChoice(m1)).toEqual(['wasm']);
    expect(needsMeasurement(m1)).toBe(false);
    const m2 = chooseEp({ preference: 'auto', probe: adapter, modelVersion: 'm2', remembered });
    expect(m2).toEqual({ kind: 'measured', ep: 'webgpu', measurement: fast });
    // WebGPU measured faster earlier may still fail today: WASM stays behind it.
    expect(epsForChoice(m2)).toEqual(['webgpu', 'wasm']);
  });

  it('forced and no-adapter choices try their one EP and never measure', () => {
    expect(epsForChoice({ kind: 'forced', ep: 'webgpu' })).toEqual(['webgpu']);
    expect(needsMeasurement({ kind: 'forced', ep: 'webgpu' })).toBe(false);
    expect(epsForChoice({ kind: 'no-adapter', ep: 'wasm', reason: 'x' })).toEqual(['wasm']);
    expect(needsMeasurement({ kind: 'no-adapter', ep: 'wasm', reason: 'x' })).toBe(false);
  });
});

describe('rememberMeasurement / parseMeasurements', () => {
  it('replaces the same model and adapter, keeps others newest first, capped', () => {
    const a = measurement({ modelVersion: 'a' });
    const b = measurement({ modelVersion: 'b' });
    const a2 = measurement({ modelVersion: 'a', wasmMs: 0.5 });
    expect(rememberMeasurement([a, b], a2)).toEqual([a2, b]);
    const many = ['c', 'd', 'e', 'f'].map((v) => measurement({ modelVersion: v }));
    expect(rememberMeasurement(many, a).map((m) => m.modelVersion)).toEqual(['a', 'c', 'd', 'e']);
  });

  it('round-trips through stored JSON', () => {
    const stored = [measurement(), measurement({ webgpuMs: null, webgpuError: 'no device' })];
    expect(parseMeasurements(JSON.stringify(stored))).toEqual(stored);
  });

  it('drops whatever it cannot read, so the EPs are measured again', () => {
    expect(parseMeasurements(null)).toEqual([]);
    expect(parseMeasurements('{not json')).toEqual([]);
    expect(parseMeasurements('{"modelVersion":"m1"}')).toEqual([]);
    const good = measurement();
    expect(
      parseMeasurements(
        JSON.stringify([{ ...good, wasmMs: 'fast' }, { ...good, webgpuMs: 'slow' }, null, good]),
      ),
    ).toEqual([good]);
    // An older entry without durationMs is still read.
    const { durationMs: _dropped, ...old } = good;
    expect(parseMeasurements(JSON.stringify([old]))).toEqual([{ ...good, durationMs: 0 }]);
  });
});

describe('describeChoice', () => {
  it.each([
    [0.4216, '0.42 ms'],
    [3.449, '3.4 ms'],
    [14.2, '14 ms'],
    [140.6, '141 ms'],
  ])('formatRunMs(%s) = %s', (ms, text) => {
    expect(formatRunMs(ms)).toBe(text);
  });

  it('formats the time of a measurement in UTC', () => {
    expect(formatMeasuredAt(AT)).toBe('2026-12-07 00:31 UTC');
  });

  it('says the measured reason in one line', () => {
    expect(describeChoice(choiceFromMeasurement(measurement()))).toBe(
      'wasm: 0.42 ms vs webgpu 14 ms for 500 rows, measured 2026-12-07 00:31 UTC, model m1',
    );
    expect(describeChoice(choiceFromMeasurement(measurement({ wasmMs: 9.8, webgpuMs: 2.1 })))).toBe(
      'webgpu: 2.1 ms vs wasm 9.8 ms for 500 rows, measured 2026-12-07 00:31 UTC, model m1',
    );
    expect(
      describeChoice(
        choiceFromMeasurement(measurement({ webgpuMs: null, webgpuError: 'device lost' })),
      ),
    ).toBe(
      'wasm: 0.42 ms; webgpu could not run it (device lost) for 500 rows, measured 2026-12-07 00:31 UTC, model m1',
    );
  });

  it('says why when nothing was measured', () => {
    expect(describeChoice({ kind: 'forced', ep: 'webgpu' })).toBe('webgpu: forced by ?ep=');
    expect(
      describeChoice({
        kind: 'no-adapter',
        ep: 'wasm',
        reason: 'navigator.gpu.requestAdapter() returned no adapter',
      }),
    ).toBe('wasm: no WebGPU here (navigator.gpu.requestAdapter() returned no adapter)');
    expect(
      describeChoice({ kind: 'unmeasured', ep: 'wasm', adapter: SWIFTSHADER, modelVersion: 'm1' }),
    ).toBe(
      'wasm for now: WebGPU not yet measured for model m1 on this adapter (measured in the background after a page is personalized)',
    );
  });
});
