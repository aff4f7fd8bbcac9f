import { describe, expect, it, vi } from 'vitest';
import type { EpAttempt } from './ep';
import {
  createRerankController,
  ModelFailure,
  WorkerFailure,
  type Engine,
  type EngineFactory,
} from './rerank-main';
import type { RerankerInfo } from './rerank-protocol';

const INFO: Omit<RerankerInfo, 'thread'> = {
  ep: 'wasm',
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
}

function fakeEngine(
  thread: 'worker' | 'main',
  {
    load = async () => INFO,
    score = async (features: Float32Array) => ({ scores: features.map((x) => x * 2), ms: 0.5 }),
  }: {
    load?: () => Promise<Omit<RerankerInfo, 'thread'>>;
    score?: (features: Float32Array, rows: number) => Promise<{ scores: Float32Array; ms: number }>;
  } = {},
): FakeEngine {
  const engine: FakeEngine = {
    thread,
    disposed: false,
    loads: 0,
    load: async () => {
      engine.loads += 1;
      return load();
    },
    score,
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
