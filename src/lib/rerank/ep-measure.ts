/**
 * Times both EPs for the loaded model on this device (ep-choice.ts decides from the result).
 * Called once per model version and adapter, in the background, while the model keeps serving
 * on WASM: the current session is timed as it is, the other EP gets a session of its own (for
 * WebGPU this is the one time its runtime is downloaded just to be measured). Each EP runs one
 * warm-up batch of MEASURE_ROWS rows (kernels / shaders for that size), then MEASURE_RUNS timed
 * batches; the median counts. The slower session is released, the faster one is kept.
 * measureBothEps is that procedure for any model; the image encoder's measurement uses it too.
 */
import { seededRandom } from '@/lib/random/seeded-random';
import { packedInputLength } from '@/ranking/sequence-inputs';
import { errorReason, type ExecutionProvider } from './ep';
import {
  choiceFromMeasurement,
  MEASURE_ROWS,
  MEASURE_RUNS,
  measuredWinner,
  type EpChoice,
  type EpMeasurement,
} from './ep-choice';
import { tryEp, type LoadedReranker } from './load-reranker';
import type { ScoringSession } from './ort-session';

/** A session's old runs may still be queued behind the swap: release it a little later. */
const RELEASE_DELAY_MS = 1000;

/** Input values like a real batch's (in [0, 1)), the same on every device; the model's packed layout. */
function measureInput(rows: number): Float32Array {
  const random = seededRandom(rows);
  return Float32Array.from({ length: packedInputLength(rows) }, () => random());
}

/**
 * Median time of `runs` calls of `run` after one warm-up call (the first at a size compiles
 * kernels; WebGPU: shaders), each on a fresh `prepare()`d input made outside the timing (runs
 * transfer their input). Shared with the image encoder's measurement.
 */
export async function medianRunMs<T>(
  prepare: () => T,
  run: (input: T) => Promise<unknown>,
  runs = MEASURE_RUNS,
): Promise<number> {
  await run(prepare());
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const input = prepare();
    const started = performance.now();
    await run(input);
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)]!;
}

/** A session's batch of `rows` measured (a fresh copy of the input per run: it is transferred). */
const medianBatchMs = (session: ScoringSession, rows: number): Promise<number> => {
  const input = measureInput(rows);
  return medianRunMs(
    () => input.slice(),
    (copy) => session.run(copy, rows),
  );
};

/** What measureBothEps needs of a loaded model: its session and what is known about it. */
export interface MeasurableModel<S extends { readonly ep: ExecutionProvider }> {
  session: S;
  info: { ep: ExecutionProvider; choice: EpChoice; modelVersion: string };
}

export interface BothEpsOptions<S> {
  /** A session of the model on the other EP (a WebGPU failure is recorded, a WASM one thrown). */
  open: (ep: ExecutionProvider) => Promise<S>;
  /** A session's median run in ms (medianRunMs). */
  time: (session: S) => Promise<number>;
  /** The rows of a timed run, as the measurement records them. */
  rows: number;
  /** Lets the slower session go. */
  release: (session: S) => void;
  now: () => number;
}

/**
 * Times the loaded session and one on the other EP, and keeps the faster: the measurement and
 * the model with the kept session and the choice it implies. Refuses a forced EP or a device
 * without an adapter (nothing to choose).
 */
export async function measureBothEps<
  S extends { readonly ep: ExecutionProvider },
  L extends MeasurableModel<S>,
>(
  loaded: L,
  { open, time, rows, release, now }: BothEpsOptions<S>,
): Promise<{ loaded: L; measurement: EpMeasurement }> {
  const { choice } = loaded.info;
  if (choice.kind === 'forced')
    throw new Error(`${choice.ep} is forced by ?ep=: nothing to choose`);
  if (choice.kind === 'no-adapter') throw new Error(`no WebGPU adapter here (${choice.reason})`);
  const adapter = choice.kind === 'unmeasured' ? choice.adapter : choice.measurement.adapter;
  const started = performance.now();

  const sessions: Partial<Record<ExecutionProvider, S>> = {
    [loaded.session.ep]: loaded.session,
  };
  const other: ExecutionProvider = loaded.session.ep === 'wasm' ? 'webgpu' : 'wasm';
  let otherError: string | undefined;
  try {
    sessions[other] = await open(other);
  } catch (error) {
    if (other === 'wasm') throw error;
    otherError = errorReason(error);
  }

  const wasmMs = await time(sessions.wasm!);
  let webgpuMs: number | null = null;
  let webgpuError = otherError;
  if (sessions.webgpu) {
    try {
      webgpuMs = await time(sessions.webgpu);
    } catch (error) {
      webgpuError = errorReason(error);
    }
  }
  const measurement: EpMeasurement = {
    modelVersion: loaded.info.modelVersion,
    adapter,
    rows,
    wasmMs,
    webgpuMs,
    ...(webgpuMs === null && webgpuError !== undefined ? { webgpuError } : {}),
    measuredAt: now(),
    durationMs: performance.now() - started,
  };

  const keep = measuredWinner(measurement);
  for (const [ep, session] of Object.entries(sessions))
    if (ep !== keep && session) release(session);
  return {
    measurement,
    loaded: {
      ...loaded,
      session: sessions[keep]!,
      info: { ...loaded.info, ep: keep, choice: choiceFromMeasurement(measurement) },
    },
  };
}

export function measureEps(
  loaded: LoadedReranker,
  { now = Date.now }: { now?: () => number } = {},
): Promise<{ loaded: LoadedReranker; measurement: EpMeasurement }> {
  return measureBothEps(loaded, {
    open: (ep) => tryEp(ep, loaded.model, loaded.names),
    time: (session) => medianBatchMs(session, MEASURE_ROWS),
    rows: MEASURE_ROWS,
    release: (session) =>
      setTimeout(() => void session.release().catch(() => undefined), RELEASE_DELAY_MS),
    now,
  });
}
