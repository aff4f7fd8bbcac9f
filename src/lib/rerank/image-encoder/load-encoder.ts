/**
 * Loads the image encoder (src/lib/image-model): the model's bytes, with progress (it is several
 * MB), then the EP chosen by measured cost (ep-choice.ts, the reranker's rule: WASM unless WebGPU
 * was measured clearly faster for this model version on this adapter), one EP at a time, until a
 * session is created and a warm-up run gives finite features. Also preprocesses pictures and
 * times both EPs (measureImageEps). Runs inside the worker, or on the main thread as the fallback.
 */
import {
  IMAGE_EMBEDDING_DIM,
  IMAGE_INPUT_NAME,
  IMAGE_INPUT_SIZE,
  IMAGE_OUTPUT_NAME,
  pixelsToInput,
} from '@/lib/image-model/image-model';
import { errorReason, type EpAttempt, type ExecutionProvider } from '../ep';
import {
  chooseEp,
  epsForChoice,
  type AdapterProbe,
  type EpMeasurement,
} from '../ep-choice';
import { measureBothEps, medianRunMs } from '../ep-measure';
import { probeWebGpu } from '../load-reranker';
import { createImageSession, type ImageSession } from '../ort-session';
import type { EncoderInfo, EncoderLoadOptions } from './encoder-protocol';

export const INPUT_SHAPE = [1, 3, IMAGE_INPUT_SIZE, IMAGE_INPUT_SIZE] as const;
export const INPUT_LENGTH = 3 * IMAGE_INPUT_SIZE * IMAGE_INPUT_SIZE;
/** Timed runs per EP after one warm-up run, when both are measured; the median counts. */
const MEASURE_RUNS = 5;

export class EncoderLoadError extends Error {
  constructor(
    message: string,
    readonly attempts: EpAttempt[],
  ) {
    super(message);
    this.name = 'EncoderLoadError';
  }
}

export interface LoadedEncoder {
  session: ImageSession;
  info: Omit<EncoderInfo, 'thread'>;
  model: Uint8Array;
}

/**
 * The model's bytes, reporting progress. `total` is the Content-Length when the body is sent as
 * is; a compressed answer's length is not the decoded size, so then it is null (the page shows
 * the megabytes so far instead of a fraction).
 */
export async function fetchModel(
  url: string,
  onProgress: (loaded: number, total: number | null) => void,
): Promise<Uint8Array> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const length = Number(response.headers.get('content-length'));
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const total = !encoded && length > 0 ? length : null;
  if (!response.body) {
    const bytes = new Uint8Array(await response.arrayBuffer());
    onProgress(bytes.length, bytes.length);
    return bytes;
  }
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let loaded = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    loaded += value.length;
    onProgress(loaded, total);
  }
  const bytes = new Uint8Array(loaded);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

async function tryImageEp(ep: ExecutionProvider, model: Uint8Array): Promise<ImageSession> {
  if (ep === 'webgpu') {
    const probe = await probeWebGpu();
    if (!probe.ok) throw new Error(probe.reason);
  }
  const session = await createImageSession({
    ep,
    model: model.slice(),
    inputName: IMAGE_INPUT_NAME,
    outputName: IMAGE_OUTPUT_NAME,
    inputShape: INPUT_SHAPE,
    outputSize: IMAGE_EMBEDDING_DIM,
  });
  try {
    // Warm-up: the first run compiles kernels (WebGPU: shaders) and grows the arena.
    const features = await session.run(new Float32Array(INPUT_LENGTH).fill(1));
    if (!features.every(Number.isFinite)) throw new Error('warm-up run returned non-finite features');
  } catch (error) {
    await session.release().catch(() => undefined);
    throw error;
  }
  return session;
}

export async function loadEncoder(
  options: EncoderLoadOptions,
  onProgress: (loaded: number, total: number | null) => void = () => undefined,
): Promise<LoadedEncoder> {
  const started = performance.now();
  let model: Uint8Array;
  try {
    model = await fetchModel(options.modelUrl, onProgress);
  } catch (error) {
    throw new EncoderLoadError(`the image model could not be downloaded: ${errorReason(error)}`, []);
  }
  const attempts: EpAttempt[] = [];
  let probe: AdapterProbe | null = null;
  if (options.preference === 'auto') {
    const probed = performance.now();
    probe = await probeWebGpu();
    if (!probe.ok) attempts.push({ ep: 'webgpu', ok: false, reason: probe.reason, ms: performance.now() - probed });
  }
  const choice = chooseEp({
    preference: options.preference,
    probe,
    modelVersion: options.modelVersion,
    remembered: options.measurements ?? [],
  });
  for (const ep of epsForChoice(choice)) {
    const tried = performance.now();
    try {
      const session = await tryImageEp(ep, model);
      attempts.push({ ep, ok: true, ms: performance.now() - tried });
      return {
        session,
        model,
        info: {
          ep,
          choice,
          modelVersion: options.modelVersion,
          attempts,
          modelBytes: model.length,
          loadMs: performance.now() - started,
        },
      };
    } catch (error) {
      attempts.push({ ep, ok: false, reason: errorReason(error), ms: performance.now() - tried });
    }
  }
  const summary = attempts.map((a) => `${a.ep}: ${a.reason}`).join('; ');
  throw new EncoderLoadError(`no execution provider could run the image model (${summary})`, attempts);
}

/**
 * A picture (already cut to its region) → the model's input: stretched to 224 × 224 as the
 * index's pictures are, its pixels through the shared preprocessing (pixelsToInput: onto white,
 * byte / 255, planar RGB).
 */
export function bitmapToInput(bitmap: ImageBitmap): Float32Array {
  const canvas = new OffscreenCanvas(IMAGE_INPUT_SIZE, IMAGE_INPUT_SIZE);
  const context = canvas.getContext('2d', { willReadFrequently: true });
  if (!context) throw new Error('no 2D canvas to read the picture’s pixels');
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(bitmap, 0, 0, IMAGE_INPUT_SIZE, IMAGE_INPUT_SIZE);
  bitmap.close();
  const { data } = context.getImageData(0, 0, IMAGE_INPUT_SIZE, IMAGE_INPUT_SIZE);
  return pixelsToInput(data, 4);
}

/**
 * Times both EPs on one picture's input (once per model version and adapter, after a search,
 * when the page is idle) and keeps the faster session; the main thread remembers the result.
 */
export function measureImageEps(
  loaded: LoadedEncoder,
  { now = Date.now }: { now?: () => number } = {},
): Promise<{ loaded: LoadedEncoder; measurement: EpMeasurement }> {
  // A mid-grey picture: the same input on every device.
  const input = new Float32Array(INPUT_LENGTH).fill(0.5);
  return measureBothEps(loaded, {
    open: (ep) => tryImageEp(ep, loaded.model),
    time: (session) =>
      medianRunMs(
        () => input.slice(),
        (copy) => session.run(copy),
        MEASURE_RUNS,
      ),
    rows: 1,
    release: (session) => void session.release().catch(() => undefined),
    now,
  });
}
