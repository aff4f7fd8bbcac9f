import { describe, expect, it } from 'vitest';
import { IMAGE_EMBEDDING_DIM } from '@/lib/image-model/image-model';
import { createImageEncoder, LoadFailure, type EncoderEngine } from './encoder-main';

const INFO = {
  ep: 'wasm' as const,
  choice: { kind: 'forced' as const, ep: 'wasm' as const },
  modelVersion: 'test',
  attempts: [{ ep: 'wasm' as const, ok: true, ms: 1 }],
  modelBytes: 2_000_000,
  loadMs: 10,
};

function fakeEngine(overrides: Partial<EncoderEngine> = {}): EncoderEngine & { loads: number } {
  const engine = {
    thread: 'worker' as const,
    loads: 0,
    async load(_options: unknown, onProgress: (loaded: number, total: number | null) => void) {
      engine.loads++;
      onProgress(1_000_000, 2_000_000);
      return INFO;
    },
    async embed() {
      const features = new Float32Array(IMAGE_EMBEDDING_DIM);
      features[0] = 3;
      features[1] = 4;
      return { features, ms: 12 };
    },
    measureEp: () => Promise.reject(new Error('not measured here')),
    dispose: () => undefined,
    ...overrides,
  };
  return engine;
}

describe('the image encoder controller', () => {
  it('reports the download, then ready, and normalises the features it returns', async () => {
    const engine = fakeEngine();
    const encoder = createImageEncoder({ preference: 'wasm', makeWorker: () => engine });
    const seen: string[] = [];
    encoder.subscribe(() => {
      const s = encoder.getStatus();
      seen.push(s.state === 'loading' ? `loading ${s.loaded}/${s.total}` : s.state);
    });
    const { vector, ms } = await encoder.embedInput(new Float32Array(3));
    expect(seen).toEqual(['loading 0/null', 'loading 1000000/2000000', 'ready', 'ready']);
    expect([vector[0], vector[1]]).toEqual([0.6000000238418579, 0.800000011920929]);
    expect(ms).toBe(12);
    await encoder.embedInput(new Float32Array(3));
    expect(engine.loads).toBe(1);
  });

  it('says why a load failed, and tries again when asked', async () => {
    let fail = true;
    const engine = fakeEngine({
      async load() {
        if (fail) throw new LoadFailure('the image model could not be downloaded: HTTP 503', []);
        return INFO;
      },
    });
    const encoder = createImageEncoder({ preference: 'wasm', makeWorker: () => engine });
    await expect(encoder.load()).rejects.toThrow(/could not be downloaded/);
    expect(encoder.getStatus()).toMatchObject({ state: 'failed', reason: /HTTP 503/ });
    fail = false;
    await expect(encoder.load()).resolves.toMatchObject({ ep: 'wasm', thread: 'worker' });
  });

  it('refuses a picture whose features are all zero (no direction to search)', async () => {
    const engine = fakeEngine({
      embed: async () => ({ features: new Float32Array(IMAGE_EMBEDDING_DIM), ms: 1 }),
    });
    const encoder = createImageEncoder({ preference: 'wasm', makeWorker: () => engine });
    await expect(encoder.embedInput(new Float32Array(3))).rejects.toThrow(/nothing to go on/);
  });

});
