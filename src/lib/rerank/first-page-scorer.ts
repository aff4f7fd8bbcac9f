/**
 * The app's page scorer: onnxruntime-web (the controller, rerank-main.ts) once it is loaded, and
 * until then the TS reference scorer with the same weights (reference-engine.ts), whichever is
 * ready first within the page's budget. On a return visit the reference starts loading at page
 * load (src/features/personalization/personalize-page.ts, warm-up.ts) and is ready in tens of
 * milliseconds; onnxruntime, about a second of heavy loading, starts once the first page is
 * decided, so it does not compete with the first screen. The first page of a fresh load is scored
 * in TypeScript, later pages by onnxruntime once it is ready. Only "still loading" hands a page to
 * the reference: a model that failed to load keeps server order, as before (the reference reads
 * the same model's weights).
 *
 * The rerank lab (parity specs, latency bench) keeps the plain controller: what it times and
 * compares is onnxruntime, never this fallback.
 */
import weightsUrl from '../../../public/models/reranker-weights.json?url';
import { errorReason } from './ep';
import { getRerankController, type RerankController, type ScoreOutcome } from './rerank-main';
import type { ReferenceEngine } from './reference-engine';

/** A page the reference scored, and why it was not onnxruntime. */
export interface ReferenceOutcome {
  kind: 'scored-reference';
  scores: Float32Array;
  ms: number;
  modelVersion: string;
  why: string;
}

export type PageScoreOutcome = ScoreOutcome | ReferenceOutcome;

export type ReferenceStatus =
  | { state: 'idle' }
  | { state: 'loading' }
  | { state: 'ready'; engine: ReferenceEngine }
  | { state: 'failed'; reason: string };

export interface PageScorer {
  /** Starts loading the reference (idempotent); onnxruntime follows the first page (see startOrt). */
  warmUp(): void;
  score(request: {
    features: Float32Array;
    rows: number;
    budgetMs: number;
  }): Promise<PageScoreOutcome>;
  referenceStatus(): ReferenceStatus;
}

const since = (t: number) => `${Math.round(t)} ms`;

/** Runs `start` when the page is idle (or after `timeoutMs`): after the first page is decided. */
function whenIdle(start: () => void, timeoutMs = 1000): void {
  if (typeof requestIdleCallback === 'function') requestIdleCallback(start, { timeout: timeoutMs });
  else setTimeout(start, 0);
}

export function createPageScorer({
  controller,
  loadReference,
  deferOrt = whenIdle,
}: {
  controller: RerankController;
  loadReference: () => Promise<ReferenceEngine>;
  /** How onnxruntime's start waits for the first page to be decided (default: an idle moment). */
  deferOrt?: (start: () => void) => void;
}): PageScorer {
  let reference: ReferenceStatus = { state: 'idle' };
  /** Resolves with the engine once ready; never resolves when it failed (a race ignores it). */
  let referenceReady: Promise<ReferenceEngine> | null = null;
  let ortStarted = false;
  const referenceStatus = (): ReferenceStatus => reference;

  /**
   * onnxruntime's load (a worker, a ~10 MB WebAssembly compile, a session) is heavy CPU work. While
   * the reference can score the first page, it starts once that page is decided, so it does not
   * compete with the first screen (measured: bench/fresh-load-personalization.ts); at once when
   * there is no reference to wait for.
   */
  const startOrt = () => {
    if (ortStarted) return;
    ortStarted = true;
    const unsubscribe = controller.status.subscribe((status) => {
      if (status.state !== 'ready' && status.state !== 'failed') return;
      unsubscribe();
      // User Timing marks of both paths becoming ready (bench/fresh-load-personalization.ts).
      if (status.state === 'ready')
        performance.mark('inspo:scorer-ready', {
          detail: { path: 'ort', loadMs: status.info.loadMs, ep: status.info.ep },
        });
    });
    void controller.warmUp();
  };

  const warmUp = () => {
    if (referenceReady) return;
    reference = { state: 'loading' };
    referenceReady = loadReference().then(
      (engine) => {
        reference = { state: 'ready', engine };
        performance.mark('inspo:scorer-ready', { detail: { path: 'ts', loadMs: engine.loadMs } });
        return engine;
      },
      (error: unknown) => {
        reference = { state: 'failed', reason: errorReason(error) };
        startOrt();
        return new Promise<never>(() => undefined);
      },
    );
  };

  /** Resolves when onnxruntime is ready or failed (without starting it). */
  const ortSettled = () =>
    new Promise<'ort'>((resolve) => {
      const settled = () => {
        const state = controller.status.getState().state;
        return state === 'ready' || state === 'failed';
      };
      if (settled()) return resolve('ort');
      const unsubscribe = controller.status.subscribe(() => {
        if (!settled()) return;
        unsubscribe();
        resolve('ort');
      });
    });

  async function score(request: {
    features: Float32Array;
    rows: number;
    budgetMs: number;
  }): Promise<PageScoreOutcome> {
    warmUp();
    const ortState = controller.status.getState().state;
    if (ortState === 'ready' || ortState === 'failed' || reference.state === 'failed') {
      startOrt();
      return controller.score(request);
    }
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const expired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), request.budgetMs);
    });
    const winner = await Promise.race([ortSettled(), referenceReady!, expired]);
    clearTimeout(timer);
    // The first page is decided (whichever way): onnxruntime may load now, for the later pages.
    deferOrt(startOrt);
    if (winner === 'timeout') {
      const now = referenceStatus(); // it may have changed during the wait
      return {
        kind: 'server-order',
        reason:
          `reranker still loading after ${request.budgetMs} ms ` +
          `(TS scorer ${now.state === 'failed' ? `failed: ${now.reason}` : now.state})`,
      };
    }
    if (winner === 'ort' || controller.status.getState().state === 'ready') {
      const left = Math.max(0, request.budgetMs - (performance.now() - started));
      return controller.score({ ...request, budgetMs: left });
    }
    try {
      const { scores, ms } = winner.score(request.features, request.rows);
      return {
        kind: 'scored-reference',
        scores,
        ms,
        modelVersion: winner.modelVersion,
        why:
          `onnxruntime still loading ${since(performance.now())} after page load; ` +
          `the TS scorer (same weights) was ready after ${since(winner.readyAt)}`,
      };
    } catch (error) {
      return { kind: 'server-order', reason: `TS scorer failed: ${errorReason(error)}` };
    }
  }

  return { warmUp, score, referenceStatus };
}

/**
 * The model's weights as JSON (reranker-weights.json, written by the trainer with the .onnx). A
 * build asset (Vite `?url`): content-hashed and served immutable, so a return visit reads it from
 * the HTTP cache without a round trip (/models/ files are revalidated on every load).
 */
export const REFERENCE_WEIGHTS_URL: string = weightsUrl;

export async function fetchReferenceWeights(url: string = REFERENCE_WEIGHTS_URL): Promise<unknown> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  return response.json();
}

let appScorer: PageScorer | null = null;

/** The app's page scorer, around the app's one controller. */
export function getPageScorer(): PageScorer {
  appScorer ??= createPageScorer({
    controller: getRerankController(),
    // The weights are fetched while the engine's chunk loads, not after it.
    loadReference: () => {
      const started = performance.now();
      const weights = fetchReferenceWeights();
      weights.catch(() => undefined); // reported through loadReferenceEngine, if its chunk loads
      return import('./reference-engine').then((m) => m.loadReferenceEngine(weights, started));
    },
  });
  return appScorer;
}

/** What warm-up.ts calls at page load on a device with a history (a lazy chunk of its own). */
export function warmUpPageScorer(): void {
  getPageScorer().warmUp();
}
