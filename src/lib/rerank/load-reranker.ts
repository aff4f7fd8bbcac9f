/**
 * Loads the reranker: model card (checked against FEATURE_NAMES), model bytes,
 * then one EP at a time until a session is created and a warm-up run gives
 * sane scores. Runs inside the worker, or on the main thread as the fallback.
 */
import { FEATURE_COUNT, FEATURE_NAMES } from '@/ranking/feature-spec';
import { epsToTry, errorReason, type EpAttempt, type ExecutionProvider } from './ep';
import { checkModelCard } from './model-card';
import { createScoringSession, type ScoringSession } from './ort-session';
import type { LoadOptions, RerankerInfo } from './rerank-protocol';

/** Rows in the warm-up run: a page of results, so shaders / kernels for that size are ready. */
const WARMUP_ROWS = 30;

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
}

async function fetchOk(url: string): Promise<Response> {
  // Default cache mode: the server answers `no-cache` + ETag, so a revisit costs a 304.
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response;
}

/** The one WebGPU call we make; TypeScript's DOM lib has no WebGPU types yet. */
interface GpuLike {
  requestAdapter(): Promise<object | null>;
}

/** Why WebGPU cannot be tried here, or null when an adapter exists. */
async function webGpuUnavailable(): Promise<string | null> {
  const gpu = (globalThis.navigator as (Navigator & { gpu?: GpuLike }) | undefined)?.gpu;
  if (!gpu) return 'navigator.gpu is missing (no WebGPU in this browser or context)';
  try {
    const adapter = await gpu.requestAdapter();
    return adapter ? null : 'navigator.gpu.requestAdapter() returned no adapter';
  } catch (error) {
    return `requestAdapter() failed: ${errorReason(error)}`;
  }
}

async function tryEp(
  ep: ExecutionProvider,
  model: Uint8Array,
  names: { inputName: string; outputName: string },
): Promise<ScoringSession> {
  if (ep === 'webgpu') {
    const why = await webGpuUnavailable();
    if (why) throw new Error(why);
  }
  // onnxruntime may detach or keep the buffer; each try gets its own copy.
  const session = await createScoringSession({
    ep,
    model: model.slice(),
    featureCount: FEATURE_COUNT,
    ...names,
  });
  try {
    const scores = await session.run(new Float32Array(WARMUP_ROWS * FEATURE_COUNT), WARMUP_ROWS);
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
    const checked = checkModelCard(await cardResponse.json(), FEATURE_NAMES);
    if (!checked.ok) throw new Error(checked.reason);
    card = checked.card;
    model = new Uint8Array(await modelResponse.arrayBuffer());
  } catch (error) {
    throw new RerankLoadError(errorReason(error), []);
  }

  const attempts: EpAttempt[] = [];
  for (const ep of epsToTry(options.preference)) {
    const tried = performance.now();
    try {
      const session = await tryEp(ep, model, card);
      attempts.push({ ep, ok: true, ms: performance.now() - tried });
      return {
        session,
        info: {
          ep,
          modelVersion: card.version,
          featureCount: FEATURE_COUNT,
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
