/**
 * Loads the reranker: model card (checked against the app's candidate features and
 * input layout, src/ranking/sequence-spec.ts), model bytes,
 * then the EP chosen by cost (ep-choice.ts), one at a time, until a session is
 * created and a warm-up run gives sane scores. Runs inside the worker, or on the
 * main thread as the fallback.
 */
import { packedInputLength } from '@/ranking/sequence-inputs';
import {
  CANDIDATE_FEATURE_COUNT,
  CANDIDATE_FEATURE_NAMES,
  SEQUENCE_INPUT_SIGNATURE,
} from '@/ranking/sequence-spec';
import { errorReason, type EpAttempt, type ExecutionProvider } from './ep';
import {
  adapterIdentity,
  chooseEp,
  epsForChoice,
  MEASURE_ROWS,
  type AdapterProbe,
} from './ep-choice';
import { checkModelCard } from './model-card';
import { createScoringSession, type ScoringSession } from './ort-session';
import type { LoadOptions, RerankerInfo } from './rerank-protocol';

/**
 * Rows in the warm-up run: a whole candidate pool (the EP measurement's size, as large as the pools
 * the app reranks), not one page. The first run at a size is onnxruntime's slow one (its arena and
 * the WebAssembly memory grow, shaders compile), and running the kernels is what makes V8 optimize
 * their WebAssembly: after a 30-row warm-up the first reranks of a 500-candidate pool paid both
 * (bench/rerank-latency-web.ts, afterLoad).
 */
const WARMUP_ROWS = MEASURE_ROWS;

export class RerankLoadError extends Error {
  constructor(
    message: string,
    readonly attempts: EpAttempt[],
  ) {
    super(message);
    this.name = 'RerankLoadError';
  }
}

export interface LoadedReranker {
  session: ScoringSession;
  info: Omit<RerankerInfo, 'thread'>;
  /** What a later EP measurement (ep-measure.ts) needs to open a session on the other EP. */
  model: Uint8Array;
  names: { inputName: string; outputName: string };
}

async function fetchOk(url: string): Promise<Response> {
  // Default cache mode: the server answers `no-cache` + ETag, so a revisit costs a 304.
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/**
 * The WebGPU calls we make, typed here: the WebGPU types in scope (via onnxruntime-web) predate
 * `GPUAdapter.info`, and a browser without it still gets a measurement key ('unknown adapter').
 */
interface GpuLike {
  requestAdapter(): Promise<{ info?: Parameters<typeof adapterIdentity>[0] } | null>;
}

/**
 * Whether WebGPU has an adapter here, and which (its identity keys the EP measurements).
 * Asking for an adapter downloads nothing: the WebGPU runtime loads only if WebGPU is chosen.
 */
export async function probeWebGpu(): Promise<AdapterProbe> {
  const gpu = (globalThis.navigator as { gpu?: GpuLike } | undefined)?.gpu;
  if (!gpu)
    return { ok: false, reason: 'navigator.gpu is missing (no WebGPU in this browser or context)' };
  try {
    const adapter = await gpu.requestAdapter();
    return adapter
      ? { ok: true, identity: adapterIdentity(adapter.info ?? {}) }
      : { ok: false, reason: 'navigator.gpu.requestAdapter() returned no adapter' };
  } catch (error) {
    return { ok: false, reason: `requestAdapter() failed: ${errorReason(error)}` };
  }
}

export async function tryEp(
  ep: ExecutionProvider,
  model: Uint8Array,
  names: { inputName: string; outputName: string },
): Promise<ScoringSession> {
  if (ep === 'webgpu') {
    const probe = await probeWebGpu();
    if (!probe.ok) throw new Error(probe.reason);
  }
  // onnxruntime may detach or keep the buffer; each try gets its own copy.
  const session = await createScoringSession({
    ep,
    model: model.slice(),
    ...names,
  });
  try {
    const scores = await session.run(new Float32Array(packedInputLength(WARMUP_ROWS)), WARMUP_ROWS);
    if (!scores.every(Number.isFinite)) throw new Error('warm-up run returned non-finite scores');
  } catch (error) {
    await session.release().catch(() => undefined);
    throw error;
  }
  return session;
}

export async function loadReranker(options: LoadOptions): Promise<LoadedReranker> {
  const started = performance.now();
  let card;
  let model: Uint8Array;
  try {
    const [cardResponse, modelResponse] = await Promise.all([
      fetchOk(options.cardUrl),
      fetchOk(options.modelUrl),
    ]);
    const checked = checkModelCard(
      await cardResponse.json(),
      CANDIDATE_FEATURE_NAMES,
      SEQUENCE_INPUT_SIGNATURE,
    );
    if (!checked.ok) throw new Error(checked.reason);
    card = checked.card;
    model = new Uint8Array(await modelResponse.arrayBuffer());
  } catch (error) {
    throw new RerankLoadError(errorReason(error), []);
  }

  const attempts: EpAttempt[] = [];
  // `auto`: WASM unless a measurement on this device says WebGPU is faster for this model
  // (ep-choice.ts). A missing adapter is on record as WebGPU's failed try.
  let probe: AdapterProbe | null = null;
  if (options.preference === 'auto') {
    const probed = performance.now();
    probe = await probeWebGpu();
    if (!probe.ok)
      attempts.push({
        ep: 'webgpu',
        ok: false,
        reason: probe.reason,
        ms: performance.now() - probed,
      });
  }
  const choice = chooseEp({
    preference: options.preference,
    probe,
    modelVersion: card.version,
    remembered: options.measurements ?? [],
  });
  for (const ep of epsForChoice(choice)) {
    const tried = performance.now();
    try {
      const session = await tryEp(ep, model, card);
      attempts.push({ ep, ok: true, ms: performance.now() - tried });
      return {
        session,
        model,
        names: { inputName: card.inputName, outputName: card.outputName },
        info: {
          ep,
          choice,
          modelVersion: card.version,
          featureCount: CANDIDATE_FEATURE_COUNT,
          attempts,
          loadMs: performance.now() - started,
        },
      };
    } catch (error) {
      attempts.push({ ep, ok: false, reason: errorReason(error), ms: performance.now() - tried });
    }
  }
  const summary = attempts.map((a) => `${a.ep}: ${a.reason}`).join('; ');
  throw new RerankLoadError(`no execution provider could run the model (${summary})`, attempts);
}
