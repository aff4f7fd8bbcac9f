/**
 * Parity of the image encoder: the app's own encoder in the browser (src/lib/rerank/image-encoder,
 * through the rerank lab's `window.imageLab`, on the EP the project forces: WASM, or WebGPU on
 * SwiftShader with --enable-unsafe-webgpu) and onnxruntime-node, which embeds the index's
 * pictures, give the same features for the same input tensor, to 1e-3. The model is the one the
 * server serves. Runs in both Playwright projects (its name matches their rerank pattern).
 */
import { expect, test } from '@playwright/test';
import * as ort from 'onnxruntime-node';
import {
  IMAGE_EMBEDDING_DIM,
  IMAGE_ENCODER_URL,
  IMAGE_INPUT_NAME,
  IMAGE_INPUT_SIZE,
  IMAGE_OUTPUT_NAME,
  normalizeImageFeatures,
} from '@/lib/image-model/image-model';
import type { ImageLab } from '@/lib/rerank/lab/image-lab';
import { seededRandom } from '@/lib/random/seeded-random';

const TOLERANCE = 1e-3;
/** WebGPU on SwiftShader compiles its shaders on the CPU: the first load is slow. */
const LOAD_TIMEOUT_MS = 120_000;
const LENGTH = 3 * IMAGE_INPUT_SIZE * IMAGE_INPUT_SIZE;

function projectEp(): 'wasm' | 'webgpu' {
  const ep = test.info().project.metadata.ep as unknown;
  if (ep !== 'wasm' && ep !== 'webgpu') throw new Error(`project ${test.info().project.name} names no EP`);
  return ep;
}

/** Inputs as the preprocessing makes them (values in [0, 1]): noise, a flat grey, a gradient. */
function inputs(): Float32Array[] {
  const random = seededRandom(1280);
  const noise = Float32Array.from({ length: LENGTH }, () => random());
  const grey = new Float32Array(LENGTH).fill(0.5);
  const gradient = Float32Array.from({ length: LENGTH }, (_, i) => (i % IMAGE_INPUT_SIZE) / (IMAGE_INPUT_SIZE - 1));
  return [noise, grey, gradient];
}

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
};

test('the browser’s image encoder gives onnxruntime-node’s features for the same input (≤ 1e-3)', async ({
  page,
}) => {
  test.setTimeout(LOAD_TIMEOUT_MS + 60_000);
  const ep = projectEp();
  const model = await page.request.get(IMAGE_ENCODER_URL);
  expect(model.status(), `${IMAGE_ENCODER_URL} is served`).toBe(200);
  const node = await ort.InferenceSession.create(await model.body(), { executionProviders: ['cpu'] });

  await page.goto(`/rerank-lab.html?ep=${ep}`);
  const status = await page.evaluate(() => (window as unknown as { imageLab: ImageLab }).imageLab.load());
  expect(status.state, JSON.stringify(status)).toBe('ready');
  if (status.state !== 'ready') return;
  expect(status.info.ep).toBe(ep);
  expect(status.info.thread).toBe('worker');

  for (const [k, input] of inputs().entries()) {
    const out = await node.run({
      [IMAGE_INPUT_NAME]: new ort.Tensor('float32', input, [1, 3, IMAGE_INPUT_SIZE, IMAGE_INPUT_SIZE]),
    });
    const expected = out[IMAGE_OUTPUT_NAME]!.data as Float32Array;
    expect(expected).toHaveLength(IMAGE_EMBEDDING_DIM);
    const browser = await page.evaluate(
      (values) => (window as unknown as { imageLab: ImageLab }).imageLab.embedInput(values),
      Array.from(input),
    );
    expect(browser.ep).toBe(ep);
    const features = maxAbsDiff(browser.features, expected);
    const vectors = maxAbsDiff(browser.vector, normalizeImageFeatures(expected)!);
    test.info().annotations.push({
      type: 'max abs diff',
      description: `${ep}, input #${k}: features ${features.toExponential(2)}, unit vectors ${vectors.toExponential(2)} (largest feature ${Math.max(...expected).toFixed(3)})`,
    });
    expect(features, `input #${k}, features`).toBeLessThanOrEqual(TOLERANCE);
    expect(vectors, `input #${k}, unit vectors`).toBeLessThanOrEqual(TOLERANCE);
  }
  await node.release();
});
