import { describe, expect, it } from 'vitest';
import {
  buildId,
  isCachedApi,
  isModelFile,
  isRuntimeAsset,
  isShellNavigation,
  isThumbnail,
  modelCacheKey,
  pinsBatchIds,
  pinsInAnswer,
  singlePinId,
  singlePinKey,
  splitPrecacheManifest,
} from './cache-policy';
import { loadedAddresses } from './register-sw';

const ORIGIN = 'http://localhost:8080';
const url = (path: string) => new URL(path, ORIGIN);

describe('what the service worker keeps', () => {
  it.each([
    ['/', true],
    ['/search', true],
    ['/pin/om-1f431', true],
    ['/rerank-lab.html', false],
    ['/sw.js', false],
    ['/api/v1/search', false],
    ['/searching', false],
  ])('shell navigation %s → %s', (path, expected) => {
    expect(isShellNavigation(path)).toBe(expected);
  });

  it.each([
    ['/assets/ort-wasm-simd-threaded-DcHrbrbl.wasm', true],
    ['/assets/ort-wasm-simd-threaded.asyncify-D5D0fo7z.wasm', true],
    ['/assets/ort.wasm.bundle.min-0A5rgwmB.js', true],
    ['/assets/ort.webgpu.bundle.min-Bu8H9oLj.mjs', true],
    ['/assets/other-DcHrbrbl.wasm', false],
    ['/assets/main-DHva0vaT.js', false],
    ['/ort-wasm-simd-threaded-DcHrbrbl.wasm', false],
  ])('runtime asset %s → %s', (path, expected) => {
    expect(isRuntimeAsset(path)).toBe(expected);
  });

  it('tells the other kinds apart', () => {
    expect(isModelFile('/models/reranker.onnx')).toBe(true);
    expect(isModelFile('/models/sub/reranker.onnx')).toBe(false);
    expect(isThumbnail('/thumbs/5d5167f3080dfb2d4ac0374da8793f41-472.webp')).toBe(true);
    expect(isThumbnail('/thumbs/x.svg')).toBe(false);
    expect(
      ['/api/v1/search', '/api/v1/pins', '/api/v1/pins/a', '/api/v1/pins/a/related'].map(
        isCachedApi,
      ),
    ).toEqual([true, true, true, true]);
    expect(['/api/v1/suggest', '/api/health', '/api/v1/openapi.json'].map(isCachedApi)).toEqual([
      false,
      false,
      false,
    ]);
  });
});

describe('splitPrecacheManifest', () => {
  it('precaches the shell, lends the model its revision and lists the runtime by name', () => {
    const { precache, modelRevisions, runtimeAssets } = splitPrecacheManifest([
      { url: 'index.html', revision: 'aaa' },
      { url: 'assets/main-DHva0vaT.js', revision: null },
      { url: 'assets/ort-wasm-simd-threaded-DcHrbrbl.wasm', revision: null },
      { url: 'models/reranker.onnx', revision: '2603d682' },
      { url: 'models/model-card.json', revision: '019ed6e1' },
      'favicon.svg',
    ]);
    expect(precache).toEqual([
      { url: 'index.html', revision: 'aaa' },
      { url: 'assets/main-DHva0vaT.js', revision: null },
      'favicon.svg',
    ]);
    expect([...modelRevisions]).toEqual([
      ['/models/reranker.onnx', '2603d682'],
      ['/models/model-card.json', '019ed6e1'],
    ]);
    expect(runtimeAssets).toEqual(['/assets/ort-wasm-simd-threaded-DcHrbrbl.wasm']);
  });

  it('keys a model by name and content hash, so a new model is a new key', () => {
    expect(modelCacheKey(url('/models/reranker.onnx'), '2603d682')).toBe(
      `${ORIGIN}/models/reranker.onnx?rev=2603d682`,
    );
    expect(modelCacheKey(url('/models/reranker.onnx'), 'ffff')).not.toBe(
      modelCacheKey(url('/models/reranker.onnx'), '2603d682'),
    );
  });

  it('names a build by its manifest: any changed revision is a new version', () => {
    const a = [{ url: 'index.html', revision: 'aaa' }, 'favicon.svg'];
    expect(buildId(a)).toBe(buildId([...a]));
    expect(buildId(a)).toMatch(/^[0-9a-f]{8}$/);
    expect(buildId([{ url: 'index.html', revision: 'aab' }, 'favicon.svg'])).not.toBe(buildId(a));
  });
});

describe('pins kept one by one', () => {
  it('finds the pins of every answer that carries some', () => {
    const items = [{ id: 'a', title: 'A' }, { id: 'b' }, { title: 'no id' }];
    expect(pinsInAnswer(url('/api/v1/search?q=cat'), { items }).map((p) => p.id)).toEqual([
      'a',
      'b',
    ]);
    expect(
      pinsInAnswer(url('/api/v1/pins?ids=a,b'), { items, missing: [] }).map((p) => p.id),
    ).toEqual(['a', 'b']);
    expect(pinsInAnswer(url('/api/v1/pins/a/related'), { items }).map((p) => p.id)).toEqual([
      'a',
      'b',
    ]);
    expect(pinsInAnswer(url('/api/v1/pins/a'), { pin: { id: 'a' } })).toEqual([{ id: 'a' }]);
    expect(pinsInAnswer(url('/api/v1/search?q=cat'), null)).toEqual([]);
    expect(pinsInAnswer(url('/api/v1/search?q=cat'), { error: { code: 'x' } })).toEqual([]);
  });

  it('reads the ids a batch or a closeup asks for', () => {
    expect(pinsBatchIds(url('/api/v1/pins?ids=om-1,oc-2.x,om-3'))).toEqual([
      'om-1',
      'oc-2.x',
      'om-3',
    ]);
    expect(singlePinId(url('/api/v1/pins/om-1f431'))).toBe('om-1f431');
    expect(singlePinId(url('/api/v1/pins/om-1f431/related'))).toBeNull();
    expect(singlePinId(url('/api/v1/pins?ids=a'))).toBeNull();
    expect(singlePinKey(ORIGIN, 'a b')).toBe(`${ORIGIN}/api/v1/pins?ids=a%20b`);
  });
});

describe('loadedAddresses', () => {
  it('hands the worker what it would have kept: same-origin API answers, thumbnails and the runtime', () => {
    expect(
      loadedAddresses(
        [
          { name: `${ORIGIN}/api/v1/search?q=cat` },
          { name: `${ORIGIN}/api/v1/search?q=cat` },
          { name: `${ORIGIN}/api/v1/suggest?q=ca` },
          { name: `${ORIGIN}/thumbs/5d5167f3080dfb2d4ac0374da8793f41-236.webp` },
          { name: `${ORIGIN}/assets/main-DHva0vaT.js` },
          { name: `${ORIGIN}/assets/ort-wasm-simd-threaded-DcHrbrbl.wasm` },
          { name: 'https://elsewhere.example/api/v1/search?q=cat' },
        ],
        ORIGIN,
      ),
    ).toEqual([
      `${ORIGIN}/api/v1/search?q=cat`,
      `${ORIGIN}/thumbs/5d5167f3080dfb2d4ac0374da8793f41-236.webp`,
      `${ORIGIN}/assets/ort-wasm-simd-threaded-DcHrbrbl.wasm`,
    ]);
  });
});
