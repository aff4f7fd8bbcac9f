/**
 * The rerank worker: owns one scoring session, answers `load` and `score`
 * requests (see rerank-protocol.ts). Runs are serialized by the session.
 */
import { errorReason } from './ep';
import { measureEps } from './ep-measure';
import { loadReranker, RerankLoadError, type LoadedReranker } from './load-reranker';
import { transferablesOf, type RerankRequest, type RerankResponse } from './rerank-protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let loaded: Promise<LoadedReranker> | null = null;

function reply(message: RerankResponse): void {
  scope.postMessage(message, transferablesOf(message));
}

async function handle(request: RerankRequest): Promise<void> {
  if (request.type === 'load') {
    loaded ??= loadReranker(request.options);
    try {
      const { info } = await loaded;
      reply({ type: 'loaded', id: request.id, info });
    } catch (error) {
      loaded = null;
      const attempts = error instanceof RerankLoadError ? error.attempts : [];
      reply({ type: 'load-failed', id: request.id, reason: errorReason(error), attempts });
    }
    return;
  }
  if (request.type === 'measure-ep') {
    try {
      if (!loaded) throw new Error('the reranker is not loaded');
      const measured = await measureEps(await loaded);
      // Later runs use the faster EP's session.
      loaded = Promise.resolve(measured.loaded);
      reply({
        type: 'ep-measured',
        id: request.id,
        measurement: measured.measurement,
        info: measured.loaded.info,
      });
    } catch (error) {
      reply({ type: 'measure-failed', id: request.id, reason: errorReason(error) });
    }
    return;
  }
  try {
    if (!loaded) throw new Error('the reranker is not loaded');
    const { session } = await loaded;
    const started = performance.now();
    const scores = await session.run(request.features, request.rows);
    reply({ type: 'scores', id: request.id, scores, ms: performance.now() - started });
  } catch (error) {
    reply({ type: 'score-failed', id: request.id, reason: errorReason(error) });
  }
}

scope.addEventListener('message', (event: MessageEvent<RerankRequest>) => {
  void handle(event.data);
});
