/**
 * The exported image encoder against the network it was converted from: nsfwjs's MobileNetV2 run by
 * TF.js (WASM backend) up to the same layer, on the same input tensors. Also: the export is
 * byte-for-byte reproducible and hashes to the version src/lib/image-model names, and the Node
 * preprocessing feeds the graph what the shared module says.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  IMAGE_EMBEDDING_DIM,
  IMAGE_ENCODER_FILE,
  IMAGE_ENCODER_VERSION,
  IMAGE_INPUT_SIZE,
  normalizeImageFeatures,
  pixelsToInput,
} from '@/lib/image-model/image-model';
import { seededRandom } from '@/lib/random/seeded-random';
import {
  ensureImageEncoder,
  exportImageEncoder,
  imageToPixels,
  openImageEncoder,
  type ImageEncoder,
} from './image-encoder';
import { readStoredWeights } from './keras-to-onnx';
import { loadNsfwjsMobilenet, MOBILENET_FEATURE_LAYER } from './nsfwjs-mobilenet';

const PARITY = 1e-4;
const PLANE = IMAGE_INPUT_SIZE * IMAGE_INPUT_SIZE;
const openmojiSvg = (name: string) =>
  fs.readFileSync(
    path.join(
      path.dirname(createRequire(import.meta.url).resolve('openmoji/package.json')),
      'color',
      'svg',
      `${name}.svg`,
    ),
  );

/** NCHW input of one image → NHWC, what the Keras model takes. */
function toNhwc(input: Float32Array, n: number): Float32Array {
  const out = new Float32Array(input.length);
  for (let b = 0; b < n; b++)
    for (let c = 0; c < 3; c++)
      for (let i = 0; i < PLANE; i++)
        out[b * 3 * PLANE + i * 3 + c] = input[b * 3 * PLANE + c * PLANE + i]!;
  return out;
}

let dir: string;
let encoder: ImageEncoder;
let reference: tf.LayersModel;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'inspo-image-encoder-'));
  encoder = await openImageEncoder({ modelDir: dir });
  const ok = await tf.setBackend('wasm').catch(() => false);
  if (!ok) await tf.setBackend('cpu');
  await tf.ready();
  const source = loadNsfwjsMobilenet();
  const weightSpecs = source.json.weightsManifest.flatMap((g) => g.weights);
  const full = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: source.json.modelTopology as unknown as tf.io.ModelJSON['modelTopology'],
      weightSpecs: weightSpecs as tf.io.WeightsManifestEntry[],
      weightData: source.weightData.slice().buffer,
    }),
  );
  reference = tf.model({
    inputs: full.inputs,
    outputs: full.getLayer(MOBILENET_FEATURE_LAYER).output,
  });
}, 120_000);

afterAll(async () => {
  await encoder?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function tfjsFeatures(input: Float32Array, n: number): Promise<Float32Array> {
  const x = tf.tensor4d(toNhwc(input, n), [n, IMAGE_INPUT_SIZE, IMAGE_INPUT_SIZE, 3]);
  const y = reference.predict(x) as tf.Tensor;
  const data = (await y.data()) as Float32Array;
  x.dispose();
  y.dispose();
  return data;
}

const maxAbsDiff = (a: Float32Array, b: Float32Array) => {
  expect(a.length).toBe(b.length);
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
};

describe('image encoder (ONNX) against nsfwjs MobileNetV2 in TF.js', () => {
  it('gives the same pooled features on the same inputs (max abs diff ≤ 1e-4)', async () => {
    const rng = seededRandom(15);
    const images = [
      await imageToPixels(openmojiSvg('1F431')), // cat face
      await imageToPixels(openmojiSvg('1F333')), // tree
      Uint8Array.from({ length: PLANE * 3 }, () => Math.floor(rng() * 256)), // noise
      new Uint8Array(PLANE * 3).fill(255), // blank white
    ];
    const n = images.length;
    const input = new Float32Array(n * 3 * PLANE);
    images.forEach((px, i) => pixelsToInput(px, 3, input, i * 3 * PLANE));
    const onnx = await encoder.features(input, n);
    const tfjs = await tfjsFeatures(input, n);
    expect(onnx.length).toBe(n * IMAGE_EMBEDDING_DIM);
    // Not a trivially equal pair: the features vary between images and are far from zero.
    const norms = images.map((_, i) =>
      Math.hypot(...tfjs.subarray(i * IMAGE_EMBEDDING_DIM, (i + 1) * IMAGE_EMBEDDING_DIM)),
    );
    expect(Math.min(...norms)).toBeGreaterThan(1);
    expect(maxAbsDiff(onnx, tfjs)).toBeLessThanOrEqual(PARITY);
  }, 120_000);

  it('embeds an image file as a unit vector; look-alikes are nearer than different pictures', async () => {
    const cat = (await encoder.embed(openmojiSvg('1F431')))!;
    const catGrinning = (await encoder.embed(openmojiSvg('1F638')))!;
    const tree = (await encoder.embed(openmojiSvg('1F333')))!;
    const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, v, i) => s + v * b[i]!, 0);
    expect(dot(cat, cat)).toBeCloseTo(1, 5);
    expect(dot(cat, catGrinning)).toBeGreaterThan(dot(cat, tree));
  });
});

describe('image encoder file', () => {
  it('is reproducible and named by the version the shared module declares', () => {
    const a = exportImageEncoder();
    const b = exportImageEncoder();
    expect(Buffer.compare(Buffer.from(a.bytes), Buffer.from(b.bytes))).toBe(0);
    expect(a.version).toBe(IMAGE_ENCODER_VERSION);
    expect(fs.readFileSync(path.join(dir, IMAGE_ENCODER_FILE)).equals(Buffer.from(a.bytes))).toBe(
      true,
    );
    expect(ensureImageEncoder(dir).exported).toBe(false);
  });

  it('stores the converted weights as uint8, as the package does (a quarter of float32)', () => {
    const source = loadNsfwjsMobilenet();
    const weights = readStoredWeights(source.json, source.weightData);
    const quantized = [...weights.values()].filter((w) => w.kind === 'uint8').length;
    expect(quantized).toBe(weights.size);
    expect(exportImageEncoder().bytes.length).toBeLessThan(3_000_000);
  });
});

describe('preprocessing (src/lib/image-model)', () => {
  it('scales bytes by 1/255 into planar RGB and composites RGBA onto white', () => {
    const rgba = new Uint8Array(PLANE * 4);
    rgba.set([255, 0, 51, 255], 0); // opaque red-ish pixel
    rgba.set([0, 0, 0, 0], 4); // fully transparent → white
    rgba.set([0, 0, 0, 128], 8); // half-transparent black → mid grey
    const out = pixelsToInput(rgba, 4);
    expect([out[0], out[PLANE], out[2 * PLANE]]).toEqual([1, 0, Math.fround(0.2)]);
    expect([out[1], out[PLANE + 1], out[2 * PLANE + 1]]).toEqual([1, 1, 1]);
    expect(out[2]).toBeCloseTo(127 / 255, 2);
    expect(() => pixelsToInput(new Uint8Array(10), 3)).toThrow(/expected/);
    expect(normalizeImageFeatures(new Float32Array(4))).toBeNull();
  });
});
