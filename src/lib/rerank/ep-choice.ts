/**
 * Which execution provider runs the reranker on this device, by measured cost. Pure: no
 * onnxruntime, no DOM, no storage (ep-memory.ts keeps the measurements, ep-measure.ts takes them).
 *
 * For a small model WebGPU is usually slower than WASM (a GPU round trip per run costs more than
 * the whole run on the CPU), and its runtime (the asyncify build) is the larger download. So:
 * - `?ep=` forces one EP, as before;
 * - no WebGPU adapter: WASM, and the WebGPU runtime is never fetched;
 * - an adapter, and a measurement of both EPs for this model version on this adapter: its winner;
 * - an adapter and no such measurement: WASM now; both EPs are measured once, in the background
 *   after a page was personalized, and the result is remembered for the next load.
 * WebGPU wins only when it is clearly faster (WEBGPU_MIN_SPEEDUP): a tie keeps the smaller runtime.
 */
import type { EpPreference, ExecutionProvider } from './ep';

/** Rows in the measured batch: the size of a whole candidate pool, not of one page. */
export const MEASURE_ROWS = 500;
/** Timed runs per EP after one warm-up run; the median counts. */
export const MEASURE_RUNS = 7;
/** WebGPU must be at least this many times faster than WASM to be chosen. */
export const WEBGPU_MIN_SPEEDUP = 1.1;
/** Measurements kept on a device (one per model version × adapter, newest first). */
export const MAX_REMEMBERED = 4;

/** Both EPs timed on one device for one model: what the choice is made from. */
export interface EpMeasurement {
  modelVersion: string;
  /** Adapter identity (adapterIdentity): a measurement holds for that GPU only. */
  adapter: string;
  rows: number;
  /** Median of MEASURE_RUNS warm runs of `rows` rows. */
  wasmMs: number;
  /** null when WebGPU could not run the model here; `webgpuError` says why. */
  webgpuMs: number | null;
  webgpuError?: string;
  /** When it was measured (ms since the epoch). */
  measuredAt: number;
  /** How long the measurement took, runtime download and session creation included. */
  durationMs: number;
}

/** What the WebGPU probe (navigator.gpu.requestAdapter) found. */
export type AdapterProbe = { ok: true; identity: string } | { ok: false; reason: string };

export type EpChoice =
  | { kind: 'forced'; ep: ExecutionProvider }
  | { kind: 'no-adapter'; ep: 'wasm'; reason: string }
  | { kind: 'unmeasured'; ep: 'wasm'; adapter: string; modelVersion: string }
  | { kind: 'measured'; ep: ExecutionProvider; measurement: EpMeasurement };

/** The EP a measurement says is cheaper. */
export function measuredWinner(m: EpMeasurement): ExecutionProvider {
  return m.webgpuMs !== null && m.webgpuMs * WEBGPU_MIN_SPEEDUP < m.wasmMs ? 'webgpu' : 'wasm';
}

/** One string per GPU, from the adapter's GPUAdapterInfo; the same GPU gives the same string. */
export function adapterIdentity(info: {
  vendor?: string;
  architecture?: string;
  device?: string;
  description?: string;
}): string {
  const parts = [info.vendor, info.architecture, info.device, info.description].map((p) =>
    (p ?? '').trim(),
  );
  return parts.some((p) => p !== '') ? parts.join(' / ') : 'unknown adapter';
}

export function chooseEp({
  preference,
  probe,
  modelVersion,
  remembered,
}: {
  preference: EpPreference;
  /** null when not probed (a forced EP needs no probe). */
  probe: AdapterProbe | null;
  modelVersion: string;
  remembered: readonly EpMeasurement[];
}): EpChoice {
  if (preference !== 'auto') return { kind: 'forced', ep: preference };
  if (!probe || !probe.ok)
    return { kind: 'no-adapter', ep: 'wasm', reason: probe?.reason ?? 'WebGPU was not probed' };
  const measurement = remembered.find(
    (m) => m.modelVersion === modelVersion && m.adapter === probe.identity,
  );
  if (!measurement)
    return { kind: 'unmeasured', ep: 'wasm', adapter: probe.identity, modelVersion };
  return { kind: 'measured', ep: measuredWinner(measurement), measurement };
}

/** EPs to try, one at a time, for a choice: a measured WebGPU falls back to WASM if it fails now. */
export function epsForChoice(choice: EpChoice): ExecutionProvider[] {
  if (choice.kind === 'measured' && choice.ep === 'webgpu') return ['webgpu', 'wasm'];
  return [choice.ep];
}

/** Whether both EPs should be measured now (in the background, the model already running). */
export function needsMeasurement(choice: EpChoice): boolean {
  return choice.kind === 'unmeasured';
}

/** The choice once a measurement exists. */
export function choiceFromMeasurement(measurement: EpMeasurement): EpChoice {
  return { kind: 'measured', ep: measuredWinner(measurement), measurement };
}

/** Adds a measurement, replacing the one for the same model and adapter; newest first, capped. */
export function rememberMeasurement(
  remembered: readonly EpMeasurement[],
  measurement: EpMeasurement,
  max = MAX_REMEMBERED,
): EpMeasurement[] {
  const others = remembered.filter(
    (m) => m.modelVersion !== measurement.modelVersion || m.adapter !== measurement.adapter,
  );
  return [measurement, ...others].slice(0, max);
}

const isFiniteNumber = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function asMeasurement(value: unknown): EpMeasurement | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (typeof v.modelVersion !== 'string' || typeof v.adapter !== 'string') return null;
  if (!isFiniteNumber(v.rows) || !isFiniteNumber(v.wasmMs) || !isFiniteNumber(v.measuredAt))
    return null;
  if (v.webgpuMs !== null && !isFiniteNumber(v.webgpuMs)) return null;
  return {
    modelVersion: v.modelVersion,
    adapter: v.adapter,
    rows: v.rows,
    wasmMs: v.wasmMs,
    webgpuMs: v.webgpuMs,
    ...(typeof v.webgpuError === 'string' ? { webgpuError: v.webgpuError } : {}),
    measuredAt: v.measuredAt,
    durationMs: isFiniteNumber(v.durationMs) ? v.durationMs : 0,
  };
}

/** Stored text → measurements; anything unreadable is dropped (the EPs are then measured again). */
export function parseMeasurements(text: string | null): EpMeasurement[] {
  if (text === null) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed
    .map(asMeasurement)
    .filter((m): m is EpMeasurement => m !== null)
    .slice(0, MAX_REMEMBERED);
}

/** "0.42 ms", "3.4 ms", "14 ms". */
export function formatRunMs(ms: number): string {
  if (ms < 1) return `${ms.toFixed(2)} ms`;
  if (ms < 10) return `${ms.toFixed(1)} ms`;
  return `${Math.round(ms)} ms`;
}

/** "2026-12-07 00:31 UTC": the same text wherever the test or the page runs. */
export function formatMeasuredAt(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** The measured reason, one line, for the debug panel. */
export function describeMeasurement(m: EpMeasurement): string {
  const when = `for ${m.rows} rows, measured ${formatMeasuredAt(m.measuredAt)}, model ${m.modelVersion}`;
  if (m.webgpuMs === null)
    return `wasm: ${formatRunMs(m.wasmMs)}; webgpu could not run it (${m.webgpuError ?? 'unknown error'}) ${when}`;
  const wasm = formatRunMs(m.wasmMs);
  const webgpu = formatRunMs(m.webgpuMs);
  return measuredWinner(m) === 'webgpu'
    ? `webgpu: ${webgpu} vs wasm ${wasm} ${when}`
    : `wasm: ${wasm} vs webgpu ${webgpu} ${when}`;
}

/** Why this EP: the debug panel's line. */
export function describeChoice(choice: EpChoice): string {
  switch (choice.kind) {
    case 'forced':
      return `${choice.ep}: forced by ?ep=`;
    case 'no-adapter':
      return `wasm: no WebGPU here (${choice.reason})`;
    case 'unmeasured':
      return `wasm for now: WebGPU not yet measured for model ${choice.modelVersion} on this adapter (measured in the background after a page is personalized)`;
    case 'measured':
      return describeMeasurement(choice.measurement);
  }
}
