import { describe, expect, it, vi } from 'vitest';
import type { EpAttempt } from './ep';
import type { EpMeasurement } from './ep-choice';
import {
  createRerankController,
  ModelFailure,
  WorkerFailure,
  type Engine,
  type EngineFactory,
  type EpMemory,
} from './rerank-main';
import type { LoadOptions, RerankerInfo } from './rerank-protocol';

const INFO: Omit<RerankerInfo, 'thread'> = {
  ep: 'wasm',
  choice: { kind: 'no-adapter', ep: 'wasm', reason: 'navigator.gpu is missing' },
  modelVersion: 'm1',
  featureCount: 2,
  attempts: [{ ep: 'wasm', ok: true, ms: 5 }],
  loadMs: 10,
};
const OPTIONS = { modelUrl: '/m.onnx', cardUrl: '/card.json' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface FakeEngine extends Engine {
  disposed: boolean;
  loads: number;
  loadOptions: LoadOptions[];
  measured: number;
}

function fakeEngine(
  thread: 'worker' | 'main',
  {
    load = async () => INFO,
    score = async (features: Float32Array) => ({ scores: features.map((x) => x * 2), ms: 0.5 }),
    measureEp = async () => {
      throw new Error('this engine measures nothing');
    },
  }: {
    load?: () => Promise<Omit<RerankerInfo, 'thread'>>;
    score?: (features: Float32Array, rows: number) => Promise<{ scores: Float32Array; ms: number }>;
    measureEp?: Engine['measureEp'];
  } = {},
): FakeEngine {
  const engine: FakeEngine = {
    thread,
    disposed: false,
    loads: 0,
    loadOptions: [],
    measured: 0,
    load: async (options) => {
      engine.loads += 1;
      engine.loadOptions.push(options);
      return load();
    },
    score,
    measureEp: async () => {
      engine.measured += 1;
      return measureEp();
    },
    dispose: () => {
      engine.disposed = true;
    },
  };
  return engine;
}

function factory(
  worker: FakeEngine | Error,
  main: FakeEngine,
): EngineFactory & { mainCalls: number } {
  const f = {
    mainCalls: 0,
    worker: () => {
      if (worker instanceof Error) throw worker;
      return worker;
    },
    main: () => {
      f.mainCalls += 1;
      return main;
    },
  };
  return f;
}

const features = () => Float32Array.from([1, 2, 3]);

describe('createRerankController', () => {
  it('loads in the worker and scores there', async () => {
    const engines = factory(fakeEngine('worker'), fakeEngine('main'));
    const controller = createRerankController({ preference: 'auto', options: OPTIONS, engines });
    expect(controller.status.getState()).toEqual({ state: 'idle', preference: 'auto' });
    const outcome = await controller.score({ features: features(), rows: 3, budgetMs: 1000 });
    expect(outcome).toEqual({
      kind: 'scored',
      scores: Float32Array.from([2, 4, 6]),
      ms: 0.5,
      info: { ...INFO, thread: 'worker' },
    });
    expect(controller.status.getState()).toEqual({
      state: 'ready',
      preference: 'auto',
      info: { ...INFO, thread: 'worker' },
      lastInferenceMs: 0.5,
    });
    expect(engines.mainCalls).toBe(0);
  });

  it('leaves no budget timer behind once a page is scored in time', async () => {
    const controller = createRerankController({
      preference: 'auto',
      options: OPTIONS,
      engines: factory(fakeEngine('worker'), fakeEngine('main')),
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const outcome = await controller.score({ features: features(), rows: 3, budgetMs: 60_000 });
      expect(outcome.kind).toBe('scored');
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to the main thread when the worker fails', async () => {
    const worker = fakeEngine('worker', {
      load: async () => {
        throw new WorkerFailure('rerank worker failed: could not start');
      },
    });
    const main = fakeEngine('main');
    const controller = createRerankController({
      preference: 'wasm',
      options: OPTIONS,
      engines: factory(worker, main),
    });
    await controller.warmUp();
    expect(worker.disposed).toBe(true);
    expect(main.loads).toBe(1);
    const state = controller.status.getState();
    expect(state.state === 'ready' && state.info.thread).toBe('main');
  });

  it('falls back to the main thread when no worker can be created', async () => {
    const main = fakeEngine('main');
    const engines = factory(new Error('Web Workers are not available'), main);
    const controller = createRerankController({ preference: 'auto', options: OPTIONS, engines });
    await controller.warmUp();
    expect(engines.mainCalls).toBe(1);
    expect(controller.status.getState().state).toBe('ready');
  });

  it('fails without a main-thread retry when the model itself is the problem, and keeps server order', async () => {
    const attempts: EpAttempt[] = [{ ep: 'wasm', ok: false, reason: 'bad protobuf', ms: 3 }];
    const worker = fakeEngine('worker', {
      load: async () => {
        throw new ModelFailure(
          'no execution provider could run the model (wasm: bad protobuf)',
          attempts,
        );
      },
    });
    const engines = factory(worker, fakeEngine('main'));
    const controller = createRerankController({ preference: 'wasm', options: OPTIONS, engines });
    const outcome = await controller.score({ features: features(), rows: 3, budgetMs: 1000 });
    expect(outcome).toEqual({
      kind: 'server-order',
      reason: 'no execution provider could run the model (wasm: bad protobuf)',
    });
    expect(controller.status.getState()).toEqual({
      state: 'failed',
      preference: 'wasm',
      reason: 'no execution provider could run the model (wasm: bad protobuf)',
      attempts,
      thread: 'worker',
      workerError: null,
    });
    expect(engines.mainCalls).toBe(0);
  });

  it('keeps server order for a page when loading outlasts the budget, then scores once ready', async () => {
    const worker = fakeEngine('worker', { load: () => sleep(80).then(() => INFO) });
    const controller = createRerankController({
      preference: 'auto',
      options: OPTIONS,
      engines: factory(worker, fakeEngine('main')),
    });
    const early = await controller.score({ features: features(), rows: 3, budgetMs: 10 });
    expect(early).toEqual({ kind: 'server-order', reason: 'reranker still loading after 10 ms' });
    expect(controller.status.getState().state).toBe('loading');
    await controller.warmUp();
    const later = await controller.score({ features: features(), rows: 3, budgetMs: 10 });
    expect(later.kind).toBe('scored');
    expect(worker.loads).toBe(1);
  });

  it('keeps server order when a run outlasts the budget', async () => {
    const worker = fakeEngine('worker', {
      score: () => sleep(60).then(() => ({ scores: new Float32Array(3), ms: 60 })),
    });
    const controller = createRerankController({
      preference: 'auto',
      options: OPTIONS,
      engines: factory(worker, fakeEngine('main')),
    });
    await controller.warmUp();
    const outcome = await controller.score({ features: features(), rows: 3, budgetMs: 10 });
    expect(outcome).toEqual({
      kind: 'server-order',
      reason: 'inference took longer than the 10 ms budget',
    });
  });

  it('moves to the main thread when the worker dies during a run', async () => {
    const worker = fakeEngine('worker', {
      score: async () => {
        throw new WorkerFailure('rerank worker failed: out of memory');
      },
    });
    const main = fakeEngine('main');
    const controller = createRerankController({
      preference: 'auto',
      options: OPTIONS,
      engines: factory(worker, main),
    });
    await controller.warmUp();
    const failed = await controller.score({ features: features(), rows: 3, budgetMs: 1000 });
    expect(failed).toEqual({
      kind: 'server-order',
      reason: 'inference failed: rerank worker failed: out of memory',
    });
    expect(worker.disposed).toBe(true);
    await controller.warmUp();
    const next = await controller.score({ features: features(), rows: 3, budgetMs: 1000 });
    expect(next.kind === 'scored' && next.info.thread).toBe('main');
  });
});

describe('EP measurement', () => {
  const SWIFTSHADER = 'google / swiftshader /  / SwiftShader Device (Subzero)';
  const MEASUREMENT: EpMeasurement = {
    modelVersion: 'm1',
    adapter: SWIFTSHADER,
    rows: 500,
    wasmMs: 0.42,
    webgpuMs: 14.2,
    measuredAt: 1_000,
    durationMs: 2_000,
  };
  const UNMEASURED: Omit<RerankerInfo, 'thread'> = {
    ...INFO,
    choice: { kind: 'unmeasured', ep: 'wasm', adapter: SWIFTSHADER, modelVersion: 'm1' },
  };
  const MEASURED: Omit<RerankerInfo, 'thread'> = {
    ...INFO,
    choice: { kind: 'measured', ep: 'wasm', measurement: MEASUREMENT },
  };

  function memory(initial: EpMeasurement[] = []): EpMemory & { saved: EpMeasurement[] } {
    const saved: EpMeasurement[] = [];
    return { saved, read: () => [...initial], save: (m) => saved.push(m) };
  }

  /** Runs scheduled work when the test says so. */
  function manualSchedule() {
    const queued: (() => void)[] = [];
    return {
      queued,
      schedule: (run: () => void) => queued.push(run),
      runAll: () => queued.splice(0).forEach((run) => run()),
    };
  }

  it('hands the remembered measurements to the load', async () => {
    const remembered = memory([MEASUREMENT]);
    const worker = fakeEngine('worker', { load: async () => MEASURED });
    const controller = createRerankController({
      preference: 'auto',
      options: OPTIONS,
      engines: factory(worker, fakeEngine('main')),
      memory: remembered,
    });
    await controller.warmUp();
    expect(worker.loadOptions).toEqual([
      { ...OPTIONS, preference: 'auto', measurements: [MEASUREMENT] },
    ]);
  });

  it('measures once, after the first scored page, remembers it and shows the faster EP', async () => {
    const remembered = memory();
    const idle = manualSchedule();
    const worker = fakeEngine('worker', {
      load: async () => UNMEASURED,
      measureEp: async () => ({ measurement: MEASUREMENT, info: MEASURED }),
    });
    const controller = createRerankController({
      preference: 'auto',
      options: OPTIONS,
      engines: factory(worker, fakeEngine('main')),
      memory: remembered,
      schedule: idle.schedule,
    });
    await controller.warmUp();
    // Loaded, nothing scored yet: nothing to measure for.
    expect(idle.queued).toHaveLength(0);
    await controller.score({ features: features(), rows: 3, budgetMs: 1000 });
    expect(idle.queued).toHaveLength(1);
    expect(worker.measured).toBe(0);
    idle.runAll();
    expect(await controller.measureEp()).toEqual(MEASUREMENT);
    expect(worker.measured).toBe(1);
    expect(remembered.saved).toEqual([MEASUREMENT]);
    expect(controller.status.getState()).toEqual({
      state: 'ready',
      preference: 'auto',
      info: { ...MEASURED, thread: 'worker' },
      lastInferenceMs: 0.5,
    });
    // Measured: later pages schedule nothing, and asking again does not measure again.
    await controller.score({ features: features(), rows: 3, budgetMs: 1000 });
    expect(idle.queued).toHaveLength(0);
    await controller.measureEp();
    expect(worker.measured).toBe(1);
  });

  it('never measures a forced EP, an adapter-less device or a remembered measurement', async () => {
    for (const info of [
      { ...INFO, choice: { kind: 'forced', ep: 'wasm' } } as const,
      INFO,
      MEASURED,
    ]) {
      const idle = manualSchedule();
      const controller = createRerankController({
        preference: 'auto',
        options: OPTIONS,
        engines: factory(fakeEngine('worker', { load: async () => info }), fakeEngine('main')),
        memory: memory(),
        schedule: idle.schedule,
      });
      await controller.score({ features: features(), rows: 3, budgetMs: 1000 });
      expect(idle.queued, info.choice.kind).toHaveLength(0);
    }
  });

  it('asked before the model is loaded, measures nothing yet, and still can later', async () => {
    const worker = fakeEngine('worker', {
      load: async () => UNMEASURED,
      measureEp: async () => ({ measurement: MEASUREMENT, info: MEASURED }),
    });
    const controller = createRerankController({
      preference: 'auto',
      options: OPTIONS,
      engines: factory(worker, fakeEngine('main')),
      memory: memory(),
      schedule: () => undefined,
    });
    expect(await controller.measureEp()).toBeNull();
    await controller.warmUp();
    expect(await controller.measureEp()).toEqual(MEASUREMENT);
    expect(worker.measured).toBe(1);
  });

  it('a failed measurement remembers nothing and keeps the EP in use', async () => {
    const remembered = memory();
    const worker = fakeEngine('worker', {
      load: async () => UNMEASURED,
      measureEp: async () => {
        throw new ModelFailure('webgpu session failed');
      },
    });
    const controller = createRerankController({
      preference: 'auto',
      options: OPTIONS,
      engines: factory(worker, fakeEngine('main')),
      memory: remembered,
      schedule: () => undefined,
    });
    await controller.warmUp();
    expect(await controller.measureEp()).toBeNull();
    expect(remembered.saved).toEqual([]);
    const state = controller.status.getState();
    expect(state.state === 'ready' && state.info.choice).toEqual(UNMEASURED.choice);
  });
});
