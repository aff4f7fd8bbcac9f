/**
 * The image encoder's worker: owns one image session, answers `load`, `embed` (a picture) and
 * `embed-input` (a ready input), and `measure-ep` (encoder-protocol.ts). Runs are serialized by
 * the session.
 */
import { errorReason } from '../ep';
import { encoderTransferables, type EncoderRequest, type EncoderResponse } from './encoder-protocol';
import { bitmapToInput, EncoderLoadError, loadEncoder, measureImageEps, type LoadedEncoder } from './load-encoder';

const scope = self as unknown as DedicatedWorkerGlobalScope;
let loaded: Promise<LoadedEncoder> | null = null;

function reply(message: EncoderResponse): void {
  scope.postMessage(message, encoderTransferables(message));
}

async function handle(request: EncoderRequest): Promise<void> {
  if (request.type === 'load') {
    loaded ??= loadEncoder(request.options, (done, total) =>
      reply({ type: 'progress', id: request.id, loaded: done, total }),
    );
    try {
      reply({ type: 'loaded', id: request.id, info: (await loaded).info });
    } catch (error) {
      loaded = null;
      const attempts = error instanceof EncoderLoadError ? error.attempts : [];
      reply({ type: 'load-failed', id: request.id, reason: errorReason(error), attempts });
    }
    return;
  }
  if (request.type === 'measure-ep') {
    try {
      if (!loaded) throw new Error('the image model is not loaded');
      const measured = await measureImageEps(await loaded);
      loaded = Promise.resolve(measured.loaded);
      reply({ type: 'ep-measured', id: request.id, measurement: measured.measurement, info: measured.loaded.info });
    } catch (error) {
      reply({ type: 'measure-failed', id: request.id, reason: errorReason(error) });
    }
    return;
  }
  try {
    if (!loaded) throw new Error('the image model is not loaded');
    const { session } = await loaded;
    const input = request.type === 'embed' ? bitmapToInput(request.bitmap) : request.input;
    const started = performance.now();
    const features = await session.run(input);
    reply({ type: 'embedded', id: request.id, features, ms: performance.now() - started });
  } catch (error) {
    reply({ type: 'embed-failed', id: request.id, reason: errorReason(error) });
  }
}

scope.addEventListener('message', (event: MessageEvent<EncoderRequest>) => {
  void handle(event.data);
});
