import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPageScorer, fetchReferenceWeights } from './first-page-scorer';
import { createRerankController, ModelFailure, type Engine } from './rerank-main';
import type { ReferenceEngine } from './reference-engine';
import type { RerankerInfo } from './rerank-protocol';

const INFO: Omit<RerankerInfo, 'thread'> = {
  ep: 'wasm',
  choice: { kind: 'forced', ep: 'wasm' },
  modelVersion: 'm1',
  featureCount: 7,
  attempts: [{ ep: 'wasm', ok: true, ms: 5 }],
  loadMs: 10,
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const features = () => Float32Array.from([1, 2, 3]);

/** onnxruntime in a fake worker: loads after `loadMs` (or fails), scores x → 2x. */
function controllerLoadingFor(loadMs: number, fail = false) {
  const engine: Engine = {
    thread: 'worker',
    load: async () => {
      await sleep(loadMs);
      if (fail) throw new ModelFailure('HTTP 404');
      return INFO;
    },
    score: async (f) => ({ scores: f.map((x) => x * 2), ms: 0.5 }),
    measureEp: async () => {
      throw new Error('not measured here');
    },
    dispose: () => undefined,
  };
  return createRerankController({
    preference: 'wasm',
    options: { modelUrl: '/m.onnx', cardUrl: '/c.json' },
    engines: { worker: () => engine, main: () => engine },
    schedule: () => undefined,
  });
}

/** The TS reference, ready after `loadMs` (or failing): scores x → −x. */
function reference(loadMs: number, fail = false) {
  let loads = 0;
  const load = async (): Promise<ReferenceEngine> => {
    loads += 1;
    await sleep(loadMs);
    if (fail) throw new Error('weights: HTTP 500');
    return {
      modelVersion: 'm1',
      loadMs,
      readyAt: performance.now(),
      score: (packed) => ({ scores: packed.map((x) => -x), ms: 0.1 }),
    };
  };
  return { load, loads: () => loads };
}

describe('createPageScorer', () => {
  it('scores with the TS reference while onnxruntime loads, and says why', async () => {
    const ref = reference(5);
    const scorer = createPageScorer({
      controller: controllerLoadingFor(400),
      loadReference: ref.load,
    });
    const outcome = await scorer.score({ features: features(), rows: 3, budgetMs: 150 });
    expect(outcome).toMatchObject({
      kind: 'scored-reference',
      scores: Float32Array.from([-1, -2, -3]),
      modelVersion: 'm1',
    });
    expect(outcome.kind === 'scored-reference' && outcome.why).toMatch(
      /^onnxruntime still loading \d+ ms after page load; the TS scorer \(same weights\) was ready after \d+ ms$/,
    );
    expect(scorer.referenceStatus().state).toBe('ready');
  });

  it('hands later pages to onnxruntime once it is ready, loading the reference once', async () => {
    const ref = reference(1);
    const controller = controllerLoadingFor(20);
    const scorer = createPageScorer({ controller, loadReference: ref.load });
    scorer.warmUp();
    expect((await scorer.score({ features: features(), rows: 3, budgetMs: 150 })).kind).toBe(
      'scored-reference',
    );
    await controller.warmUp();
    const later = await scorer.score({ features: features(), rows: 3, budgetMs: 150 });
    expect(later).toMatchObject({ kind: 'scored', scores: Float32Array.from([2, 4, 6]) });
    expect(ref.loads()).toBe(1);
  });

  it('starts onnxruntime only once the first page is decided', async () => {
    const controller = controllerLoadingFor(5);
    const deferred: (() => void)[] = [];
    const scorer = createPageScorer({
      controller,
      loadReference: reference(1).load,
      deferOrt: (start) => deferred.push(start),
    });
    scorer.warmUp();
    await sleep(10);
    expect(controller.status.getState().state).toBe('idle');
    expect((await scorer.score({ features: features(), rows: 3, budgetMs: 150 })).kind).toBe(
      'scored-reference',
    );
    expect(controller.status.getState().state).toBe('idle');
    expect(deferred).toHaveLength(1);
    deferred[0]!();
    expect(controller.status.getState().state).toBe('loading');
    await controller.warmUp();
    expect((await scorer.score({ features: features(), rows: 3, budgetMs: 150 })).kind).toBe(
      'scored',
    );
  });

  it('starts onnxruntime at once when the reference fails', async () => {
    const controller = controllerLoadingFor(5);
    const scorer = createPageScorer({
      controller,
      loadReference: reference(0, true).load,
      deferOrt: () => undefined,
    });
    scorer.warmUp();
    await sleep(1);
    expect(scorer.referenceStatus()).toEqual({ state: 'failed', reason: 'weights: HTTP 500' });
    expect(controller.status.getState().state).toBe('loading');
  });

  it('prefers onnxruntime when it is ready first (loading already, e.g. after a search box got focus)', async () => {
    const controller = controllerLoadingFor(1);
    void controller.warmUp();
    const scorer = createPageScorer({ controller, loadReference: reference(100).load });
    expect((await scorer.score({ features: features(), rows: 3, budgetMs: 150 })).kind).toBe(
      'scored',
    );
  });

  it('keeps server order past the budget, naming both paths’ states', async () => {
    const scorer = createPageScorer({
      controller: controllerLoadingFor(400),
      loadReference: reference(0, true).load,
    });
    expect(await scorer.score({ features: features(), rows: 3, budgetMs: 30 })).toEqual({
      kind: 'server-order',
      reason: 'reranker still loading after 30 ms (TS scorer failed: weights: HTTP 500)',
    });
  });

  it('does not stand in for a model that failed to load: server order with the failure', async () => {
    const controller = controllerLoadingFor(0, true);
    const scorer = createPageScorer({ controller, loadReference: reference(0).load });
    await controller.warmUp();
    expect(await scorer.score({ features: features(), rows: 3, budgetMs: 150 })).toEqual({
      kind: 'server-order',
      reason: 'HTTP 404',
    });
  });

  it('keeps server order when the reference cannot score the inputs', async () => {
    const scorer = createPageScorer({
      controller: controllerLoadingFor(400),
      loadReference: async () => ({
        modelVersion: 'm1',
        loadMs: 0,
        readyAt: 0,
        score: () => {
          throw new Error('expected 10 packed input values');
        },
      }),
    });
    expect(await scorer.score({ features: features(), rows: 3, budgetMs: 150 })).toEqual({
      kind: 'server-order',
      reason: 'TS scorer failed: expected 10 packed input values',
    });
  });
});

describe('fetchReferenceWeights', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('reads the JSON, or fails with the HTTP status', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('{"kind":"x"}')),
    );
    expect(await fetchReferenceWeights('/w.json')).toEqual({ kind: 'x' });
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response('gone', { status: 404 })),
    );
    await expect(fetchReferenceWeights('/w.json')).rejects.toThrow('/w.json: HTTP 404');
  });
});
