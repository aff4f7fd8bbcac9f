/**
 * The main thread's side of the reranker: a small controller that loads the
 * model in a Web Worker (falling back to the main thread if the worker cannot
 * start or dies), tracks its state for the UI, and scores feature matrices
 * within a time budget. Nothing here imports onnxruntime-web: the worker and
 * the fallback load it with dynamic imports, so it stays out of the initial bundle.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { captureEpPreference, errorReason, type EpAttempt, type EpPreference } from './ep';
import { needsMeasurement, type EpMeasurement } from './ep-choice';
import { readMeasurements, saveMeasurement } from './ep-memory';
import {
  transferablesOf,
  type LoadOptions,
  type RerankerInfo,
  type RerankRequest,
  type RerankResponse,
} from './rerank-protocol';

export const MODEL_URL = `${import.meta.env.BASE_URL}models/reranker.onnx`;
export const MODEL_CARD_URL = `${import.meta.env.BASE_URL}models/model-card.json`;

export type RerankerStatus =
  | { state: 'idle'; preference: EpPreference }
  | { state: 'loading'; preference: EpPreference; thread: 'worker' | 'main' }
  | { state: 'ready'; preference: EpPreference; info: RerankerInfo; lastInferenceMs: number | null }
  | {
      state: 'failed';
      preference: EpPreference;
      reason: string;
      attempts: EpAttempt[];
      thread: 'worker' | 'main';
      /** Why the worker was abandoned for the main thread, when it was. */
      workerError: string | null;
    };

export type ScoreOutcome =
  | { kind: 'scored'; scores: Float32Array; ms: number; info: RerankerInfo }
  | { kind: 'server-order'; reason: string };

/** Where the session lives: the worker, or the main thread as the fallback. */
export interface Engine {
  readonly thread: 'worker' | 'main';
  load(options: LoadOptions): Promise<Omit<RerankerInfo, 'thread'>>;
  score(features: Float32Array, rows: number): Promise<{ scores: Float32Array; ms: number }>;
  /** Times both EPs and keeps the faster (ep-measure.ts); the info says which now runs. */
  measureEp(): Promise<{ measurement: EpMeasurement; info: Omit<RerankerInfo, 'thread'> }>;
  dispose(): void;
}

/** The worker itself failed (would not start, crashed): the main thread may still work. */
export class WorkerFailure extends Error {
  override name = 'WorkerFailure';
}

/** The model could not be loaded or run: trying again elsewhere would fail the same way. */
export class ModelFailure extends Error {
  override name = 'ModelFailure';
  constructor(
    message: string,
    readonly attempts: EpAttempt[] = [],
  ) {
    super(message);
  }
}

function createWorkerEngine(): Engine {
  const worker = new Worker(new URL('./rerank-worker.ts', import.meta.url), {
    type: 'module',
    name: 'rerank',
  });
  let nextId = 1;
  const pending = new Map<number, (response: RerankResponse) => void>();
  let broken: WorkerFailure | null = null;
  const failAll = (error: WorkerFailure) => {
    broken = error;
    for (const settle of pending.values())
      settle({ type: 'score-failed', id: -1, reason: error.message });
    pending.clear();
  };
  worker.addEventListener('message', (event: MessageEvent<RerankResponse>) => {
    const settle = pending.get(event.data.id);
    pending.delete(event.data.id);
    settle?.(event.data);
  });
  worker.addEventListener('error', (event) => {
    event.preventDefault();
    failAll(new WorkerFailure(`rerank worker failed: ${event.message || 'could not start'}`));
  });
  worker.addEventListener('messageerror', () =>
    failAll(new WorkerFailure('rerank worker sent an unreadable message')),
  );

  const request = (message: RerankRequest): Promise<RerankResponse> =>
    new Promise((resolve, reject) => {
      if (broken) return reject(broken);
      pending.set(message.id, (response) => (broken ? reject(broken) : resolve(response)));
      worker.postMessage(message, transferablesOf(message));
    });

  return {
    thread: 'worker',
    async load(options) {
      const response = await request({ type: 'load', id: nextId++, options });
      if (response.type === 'loaded') return response.info;
      if (response.type === 'load-failed')
        throw new ModelFailure(response.reason, response.attempts);
      throw new WorkerFailure(`unexpected reply to load: ${response.type}`);
    },
    async score(features, rows) {
      const response = await request({ type: 'score', id: nextId++, features, rows });
      if (response.type === 'scores') return { scores: response.scores, ms: response.ms };
      if (response.type === 'score-failed') throw new ModelFailure(response.reason);
      throw new WorkerFailure(`unexpected reply to score: ${response.type}`);
    },
    async measureEp() {
      const response = await request({ type: 'measure-ep', id: nextId++ });
      if (response.type === 'ep-measured')
        return { measurement: response.measurement, info: response.info };
      if (response.type === 'measure-failed') throw new ModelFailure(response.reason);
      throw new WorkerFailure(`unexpected reply to measure-ep: ${response.type}`);
    },
    dispose: () => worker.terminate(),
  };
}

function createMainThreadEngine(): Engine {
  let loaded: Promise<import('./load-reranker').LoadedReranker> | null = null;
  return {
    thread: 'main',
    async load(options) {
      const { loadReranker, RerankLoadError } = await import('./load-reranker');
      loaded ??= loadReranker(options);
      try {
        return (await loaded).info;
      } catch (error) {
        loaded = null;
        throw new ModelFailure(
          errorReason(error),
          error instanceof RerankLoadError ? error.attempts : [],
        );
      }
    },
    async score(features, rows) {
      if (!loaded) throw new ModelFailure('the reranker is not loaded');
      const { session } = await loaded;
      const started = performance.now();
      const scores = await session.run(features, rows);
      return { scores, ms: performance.now() - started };
    },
    async measureEp() {
      if (!loaded) throw new ModelFailure('the reranker is not loaded');
      const { measureEps } = await import('./ep-measure');
      const measured = await measureEps(await loaded);
      loaded = Promise.resolve(measured.loaded);
      return { measurement: measured.measurement, info: measured.loaded.info };
    },
    dispose: () => {
      void loaded?.then(({ session }) => session.release()).catch(() => undefined);
    },
  };
}

export interface RerankController {
  readonly status: StoreApi<RerankerStatus>;
  /** Starts loading in the background (idempotent); resolves when loaded or failed. */
  warmUp(): Promise<void>;
  /**
   * Scores a feature matrix if the reranker is (or becomes) ready within `budgetMs`
   * and the run finishes within it; otherwise says why the page keeps server order.
   * Never rejects. The buffer is transferred to the worker: do not reuse it.
   */
  score(options: { features: Float32Array; rows: number; budgetMs: number }): Promise<ScoreOutcome>;
  /**
   * Measures both EPs once (ep-choice.ts), remembers the result on the device and moves to the
   * faster EP. Starts by itself in the background after the first scored page when `auto` found
   * an adapter and no measurement for this model; null when it cannot run or failed.
   */
  measureEp(): Promise<EpMeasurement | null>;
}

/** Where the device keeps its EP measurements (ep-memory.ts: localStorage). */
export interface EpMemory {
  read(): EpMeasurement[];
  save(measurement: EpMeasurement): void;
}

const DEVICE_EP_MEMORY: EpMemory = { read: () => readMeasurements(), save: saveMeasurement };

/**
 * The EP measurement waits until no page was scored for QUIET_MS, then for an idle moment (or
 * IDLE_TIMEOUT_MS): compiling WebGPU kernels takes seconds of CPU (SwiftShader: all of it), which
 * should not land on the pages of someone still searching.
 */
const QUIET_MS = 3000;
const IDLE_TIMEOUT_MS = 2000;
function whenQuiet(): (run: () => void) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (run) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      if (typeof requestIdleCallback === 'function')
        requestIdleCallback(run, { timeout: IDLE_TIMEOUT_MS });
      else run();
    }, QUIET_MS);
  };
}

export interface EngineFactory {
  /** Throws when no worker can be started here. */
  worker(): Engine;
  main(): Engine;
}

const BROWSER_ENGINES: EngineFactory = {
  worker: () => {
    if (typeof Worker === 'undefined') throw new Error('Web Workers are not available');
    return createWorkerEngine();
  },
  main: createMainThreadEngine,
};

export function createRerankController({
  preference,
  options = { modelUrl: MODEL_URL, cardUrl: MODEL_CARD_URL },
  engines = BROWSER_ENGINES,
  memory = DEVICE_EP_MEMORY,
  schedule = whenQuiet(),
}: {
  preference: EpPreference;
  options?: Omit<LoadOptions, 'preference'>;
  engines?: EngineFactory;
  memory?: EpMemory;
  /** Runs the background EP measurement; called after every scored page while one is needed
   * (default: QUIET_MS after the last of them, when the page is idle). */
  schedule?: (run: () => void) => void;
}): RerankController {
  const status = createStore<RerankerStatus>(() => ({ state: 'idle', preference }));
  let engine: Engine | null = null;
  let loading: Promise<void> | null = null;
  let measuring: Promise<EpMeasurement | null> | null = null;
  const loadOptions: LoadOptions = { ...options, preference };

  async function loadOn(next: Engine, workerError: string | null): Promise<void> {
    engine = next;
    status.setState({ state: 'loading', preference, thread: next.thread }, true);
    try {
      const info = await next.load({ ...loadOptions, measurements: memory.read() });
      status.setState(
        {
          state: 'ready',
          preference,
          info: { ...info, thread: next.thread },
          lastInferenceMs: null,
        },
        true,
      );
    } catch (error) {
      if (error instanceof WorkerFailure && next.thread === 'worker') {
        next.dispose();
        return loadOn(engines.main(), error.message);
      }
      engine = null;
      status.setState(
        {
          state: 'failed',
          preference,
          reason: errorReason(error),
          attempts: error instanceof ModelFailure ? error.attempts : [],
          thread: next.thread,
          workerError,
        },
        true,
      );
    }
  }

  const warmUp = (): Promise<void> => {
    loading ??= (() => {
      let worker: Engine;
      try {
        worker = engines.worker();
      } catch (error) {
        return loadOn(engines.main(), `could not start the rerank worker: ${errorReason(error)}`);
      }
      return loadOn(worker, null);
    })();
    return loading;
  };

  /** Resolves to 'timeout' after `ms` unless cancelled: a page scored in time leaves no timer behind. */
  const timeout = (ms: number) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), ms);
    });
    return { expired, cancel: () => clearTimeout(timer) };
  };

  async function score({
    features,
    rows,
    budgetMs,
  }: {
    features: Float32Array;
    rows: number;
    budgetMs: number;
  }): Promise<ScoreOutcome> {
    const deadline = performance.now() + budgetMs;
    const ready = warmUp();
    if (status.getState().state !== 'ready' && status.getState().state !== 'failed') {
      const loadTimer = timeout(budgetMs);
      const loaded = await Promise.race([ready, loadTimer.expired]);
      loadTimer.cancel();
      if (loaded === 'timeout')
        return { kind: 'server-order', reason: `reranker still loading after ${budgetMs} ms` };
    }
    const current = status.getState();
    if (current.state === 'failed') return { kind: 'server-order', reason: current.reason };
    if (current.state !== 'ready' || !engine)
      return { kind: 'server-order', reason: 'reranker is not ready' };
    const runOn = engine;
    const left = Math.max(0, deadline - performance.now());
    const run = runOn.score(features, rows).then(
      (result) => ({ ok: true as const, ...result }),
      (error: unknown) => ({ ok: false as const, error }),
    );
    const runTimer = timeout(left);
    const result = await Promise.race([run, runTimer.expired]);
    runTimer.cancel();
    if (result === 'timeout') {
      // The run goes on (runs are serialized); its result is simply not used for this page.
      void run.then((late) => late.ok && recordInference(late.ms));
      return {
        kind: 'server-order',
        reason: `inference took longer than the ${budgetMs} ms budget`,
      };
    }
    if (!result.ok) {
      if (result.error instanceof WorkerFailure) {
        runOn.dispose();
        loading = loadOn(engines.main(), result.error.message);
      }
      return { kind: 'server-order', reason: `inference failed: ${errorReason(result.error)}` };
    }
    recordInference(result.ms);
    if (needsMeasurement(current.info.choice) && !measuring) schedule(() => void measureEp());
    return { kind: 'scored', scores: result.scores, ms: result.ms, info: current.info };
  }

  function measureEp(): Promise<EpMeasurement | null> {
    const runOn = engine;
    // Nothing loaded yet: nothing to measure, and a later call still may.
    if (status.getState().state !== 'ready' || !runOn) return Promise.resolve(null);
    measuring ??= (async () => {
      try {
        const { measurement, info } = await runOn.measureEp();
        memory.save(measurement);
        const now = status.getState();
        if (now.state === 'ready' && engine === runOn)
          status.setState({ ...now, info: { ...info, thread: runOn.thread } }, true);
        return measurement;
      } catch {
        // Nothing is remembered: the next load measures again. The page keeps its EP.
        return null;
      }
    })();
    return measuring;
  }

  function recordInference(ms: number): void {
    const current = status.getState();
    if (current.state === 'ready') status.setState({ ...current, lastInferenceMs: ms }, true);
  }

  return { status, warmUp, score, measureEp };
}

let appController: RerankController | null = null;

/**
 * The app's one reranker. `?ep=wasm|webgpu` on the page's first URL forces an EP
 * (see captureEpPreference: the app records it at start-up).
 */
export function getRerankController(): RerankController {
  appController ??= createRerankController({
    preference: captureEpPreference(typeof location === 'undefined' ? '' : location.search),
  });
  return appController;
}
