/**
 * The image encoder as the page sees it (the visual search UI, the lab page, the parity e2e):
 * a worker running onnxruntime-web (encoder-worker.ts), or the main thread when the worker cannot
 * start or dies. Loaded on first use only; the model's download reports progress through
 * `status`. Like the reranker, the EP is chosen by measured cost (ep-choice.ts): WASM until both
 * EPs were timed on this device for this model version; the timing runs once, when the page is
 * idle after a search, and is remembered (ep-memory.ts).
 */
import { IMAGE_ENCODER_URL, IMAGE_ENCODER_VERSION, normalizeImageFeatures } from '@/lib/image-model/image-model';
import { captureEpPreference, errorReason, type EpAttempt, type EpPreference } from '../ep';
import { needsMeasurement, type EpMeasurement } from '../ep-choice';
import { readMeasurements, saveMeasurement } from '../ep-memory';
import {
  encoderTransferables,
  type EncoderInfo,
  type EncoderLoadOptions,
  type EncoderRequest,
  type EncoderResponse,
} from './encoder-protocol';

export type EncoderStatus =
  | { state: 'idle' }
  | { state: 'loading'; loaded: number; total: number | null }
  | { state: 'ready'; info: EncoderInfo; lastRunMs: number | null }
  | { state: 'failed'; reason: string; attempts: EpAttempt[] };

export interface Embedding {
  /** The picture's embedding: the pooled features, L2-normalised. */
  vector: Float32Array;
  /** The model's raw output (parity checks compare these). */
  features: Float32Array;
  /** session.run time. */
  ms: number;
}

export interface ImageEncoder {
  /** Loads the model (once; a failed load may be tried again). Rejects with the reason. */
  load(): Promise<EncoderInfo>;
  /** A picture already cut to its region (createImageBitmap); transferred. */
  embedBitmap(bitmap: ImageBitmap): Promise<Embedding>;
  /** A ready model input ([1, 3, 224, 224] as pixelsToInput writes it); transferred. */
  embedInput(input: Float32Array): Promise<Embedding>;
  getStatus(): EncoderStatus;
  subscribe(listener: () => void): () => void;
}

class EncoderWorkerFailure extends Error {
  override name = 'EncoderWorkerFailure';
}

/** Where the encoder runs (worker or main thread); tests pass their own. */
export interface EncoderEngine {
  thread: EncoderInfo['thread'];
  load(options: EncoderLoadOptions, onProgress: (loaded: number, total: number | null) => void): Promise<Omit<EncoderInfo, 'thread'>>;
  embed(request: { bitmap: ImageBitmap } | { input: Float32Array }): Promise<{ features: Float32Array; ms: number }>;
  measureEp(): Promise<{ measurement: EpMeasurement; info: Omit<EncoderInfo, 'thread'> }>;
  dispose(): void;
}

export class LoadFailure extends Error {
  constructor(
    message: string,
    readonly attempts: EpAttempt[],
  ) {
    super(message);
  }
}

function createWorkerEngine(): EncoderEngine {
  const worker = new Worker(new URL('./encoder-worker.ts', import.meta.url), { type: 'module', name: 'image-encoder' });
  let nextId = 1;
  const pending = new Map<number, (response: EncoderResponse) => void>();
  const progress = new Map<number, (loaded: number, total: number | null) => void>();
  let broken: EncoderWorkerFailure | null = null;
  const failAll = (error: EncoderWorkerFailure) => {
    broken = error;
    for (const settle of pending.values()) settle({ type: 'embed-failed', id: -1, reason: error.message });
    pending.clear();
  };
  worker.addEventListener('message', (event: MessageEvent<EncoderResponse>) => {
    const message = event.data;
    if (message.type === 'progress') return progress.get(message.id)?.(message.loaded, message.total);
    const settle = pending.get(message.id);
    pending.delete(message.id);
    progress.delete(message.id);
    settle?.(message);
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    failAll(new EncoderWorkerFailure(`image encoder worker failed: ${event.message || 'could not start'}`));
  });
  worker.addEventListener('messageerror', () =>
    failAll(new EncoderWorkerFailure('image encoder worker sent an unreadable message')),
  );
  const request = (message: EncoderRequest): Promise<EncoderResponse> =>
    new Promise((resolve, reject) => {
      if (broken) return reject(broken);
      pending.set(message.id, (response) => (broken ? reject(broken) : resolve(response)));
      worker.postMessage(message, encoderTransferables(message));
    });
  return {
    thread: 'worker',
    async load(options, onProgress) {
      const id = nextId++;
      progress.set(id, onProgress);
      const response = await request({ type: 'load', id, options });
      if (response.type === 'loaded') return response.info;
      if (response.type === 'load-failed') throw new LoadFailure(response.reason, response.attempts);
      throw new EncoderWorkerFailure(`unexpected reply to load: ${response.type}`);
    },
    async embed(what) {
      const id = nextId++;
      const response = await request(
        'bitmap' in what ? { type: 'embed', id, bitmap: what.bitmap } : { type: 'embed-input', id, input: what.input },
      );
      if (response.type === 'embedded') return { features: response.features, ms: response.ms };
      if (response.type === 'embed-failed') throw new Error(response.reason);
      throw new EncoderWorkerFailure(`unexpected reply to embed: ${response.type}`);
    },
    async measureEp() {
      const response = await request({ type: 'measure-ep', id: nextId++ });
      if (response.type === 'ep-measured') return { measurement: response.measurement, info: response.info };
      if (response.type === 'measure-failed') throw new Error(response.reason);
      throw new EncoderWorkerFailure(`unexpected reply to measure-ep: ${response.type}`);
    },
    dispose: () => worker.terminate(),
  };
}

function createMainThreadEngine(): EncoderEngine {
  let loaded: Promise<import('./load-encoder').LoadedEncoder> | null = null;
  const module = () => import('./load-encoder');
  return {
    thread: 'main',
    async load(options, onProgress) {
      const { loadEncoder, EncoderLoadError } = await module();
      loaded ??= loadEncoder(options, onProgress);
      try {
        return (await loaded).info;
      } catch (error) {
        loaded = null;
        throw new LoadFailure(errorReason(error), error instanceof EncoderLoadError ? error.attempts : []);
      }
    },
    async embed(what) {
      if (!loaded) throw new Error('the image model is not loaded');
      const { bitmapToInput } = await module();
      const { session } = await loaded;
      const input = 'bitmap' in what ? bitmapToInput(what.bitmap) : what.input;
      const started = performance.now();
      const features = await session.run(input);
      return { features, ms: performance.now() - started };
    },
    async measureEp() {
      if (!loaded) throw new Error('the image model is not loaded');
      const { measureImageEps } = await module();
      const measured = await measureImageEps(await loaded);
      loaded = Promise.resolve(measured.loaded);
      return { measurement: measured.measurement, info: measured.loaded.info };
    },
    dispose: () => undefined,
  };
}

/** After a search, when the page has nothing else to do: then both EPs are timed once. */
const MEASURE_AFTER_MS = 3000;

export function createImageEncoder({
  preference,
  modelUrl = IMAGE_ENCODER_URL,
  modelVersion = IMAGE_ENCODER_VERSION,
  makeWorker = createWorkerEngine,
}: {
  preference: EpPreference;
  modelUrl?: string;
  modelVersion?: string;
  makeWorker?: () => EncoderEngine;
}): ImageEncoder {
  let status: EncoderStatus = { state: 'idle' };
  const listeners = new Set<() => void>();
  const set = (next: EncoderStatus) => {
    status = next;
    for (const listener of listeners) listener();
  };
  let engine: EncoderEngine | null = null;
  let loading: Promise<EncoderInfo> | null = null;
  let measureTimer: ReturnType<typeof setTimeout> | null = null;

  const options = (): EncoderLoadOptions => ({ preference, modelUrl, modelVersion, measurements: readMeasurements() });
  const onProgress = (loaded: number, total: number | null) => set({ state: 'loading', loaded, total });

  async function loadOn(next: EncoderEngine): Promise<EncoderInfo> {
    engine = next;
    return { ...(await next.load(options(), onProgress)), thread: next.thread };
  }

  function load(): Promise<EncoderInfo> {
    if (status.state === 'ready') return Promise.resolve(status.info);
    loading ??= (async () => {
      set({ state: 'loading', loaded: 0, total: null });
      try {
        let info: EncoderInfo;
        try {
          info = await loadOn(engine ?? makeWorker());
        } catch (error) {
          // The worker could not start or died: the same load on the main thread.
          if (!(error instanceof EncoderWorkerFailure) && !(error instanceof Error && error.name === 'SecurityError')) throw error;
          engine?.dispose();
          info = await loadOn(createMainThreadEngine());
        }
        set({ state: 'ready', info, lastRunMs: null });
        return info;
      } catch (error) {
        const attempts = error instanceof LoadFailure ? error.attempts : [];
        set({ state: 'failed', reason: errorReason(error), attempts });
        throw error;
      } finally {
        loading = null;
      }
    })();
    return loading;
  }

  function measureLater(info: EncoderInfo): void {
    if (!needsMeasurement(info.choice) || measureTimer !== null) return;
    measureTimer = setTimeout(() => {
      const idle = (globalThis as { requestIdleCallback?: (run: () => void) => void }).requestIdleCallback;
      const run = () =>
        void engine
          ?.measureEp()
          .then(({ measurement, info: measured }) => {
            saveMeasurement(measurement);
            if (status.state === 'ready') set({ ...status, info: { ...measured, thread: status.info.thread } });
          })
          .catch(() => undefined);
      if (idle) idle(run);
      else run();
    }, MEASURE_AFTER_MS);
  }

  async function embed(what: { bitmap: ImageBitmap } | { input: Float32Array }): Promise<Embedding> {
    const info = await load();
    const { features, ms } = await engine!.embed(what);
    if (status.state === 'ready') set({ ...status, lastRunMs: ms });
    const vector = normalizeImageFeatures(features);
    if (!vector) throw new Error('the picture gave the image model nothing to go on (all its features are 0)');
    measureLater(info);
    return { vector, features, ms };
  }

  return {
    load,
    embedBitmap: (bitmap) => embed({ bitmap }),
    embedInput: (input) => embed({ input }),
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

let shared: ImageEncoder | null = null;

/** The page's one encoder; `?ep=` on the page's first URL forces an EP, as for the reranker. */
export function getImageEncoder(): ImageEncoder {
  shared ??= createImageEncoder({
    preference: captureEpPreference(typeof location === 'undefined' ? '' : location.search),
  });
  return shared;
}
