/**
 * The image encoder in Node: exporting it (nsfwjs's MobileNetV2 → ONNX, keras-to-onnx.ts), making
 * sure the file is there (`ensureImageEncoder`: written when missing, so a fresh clone never
 * downloads anything), and running it with onnxruntime-node (`openImageEncoder`). What goes in and
 * comes out is src/lib/image-model's contract, shared with the browser.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as ort from 'onnxruntime-node';
import sharp from 'sharp';
import {
  IMAGE_EMBEDDING_DIM,
  IMAGE_ENCODER_FILE,
  IMAGE_ENCODER_VERSION,
  IMAGE_INPUT_NAME,
  IMAGE_INPUT_SIZE,
  IMAGE_OUTPUT_NAME,
  normalizeImageFeatures,
  pixelsToInput,
} from '@/lib/image-model/image-model';
import { kerasToOnnx, readStoredWeights } from './keras-to-onnx';
import { loadNsfwjsMobilenet, MOBILENET_FEATURE_LAYER, nsfwjsPackageDir } from './nsfwjs-mobilenet';

/** public/models: the server's static files in development, copied to /models by the SPA build. */
export const DEFAULT_MODEL_DIR = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  '..',
  '..',
  'public',
  'models',
);

export const imageEncoderVersionOf = (bytes: Uint8Array): string =>
  createHash('sha256').update(bytes).digest('hex').slice(0, 12);

/** The ONNX file's bytes, built from the installed nsfwjs package (a second or two). */
export function exportImageEncoder(packageDir = nsfwjsPackageDir()): {
  bytes: Uint8Array;
  version: string;
} {
  const source = loadNsfwjsMobilenet(packageDir);
  const bytes = kerasToOnnx(source.json, readStoredWeights(source.json, source.weightData), {
    stopAt: MOBILENET_FEATURE_LAYER,
    inputName: IMAGE_INPUT_NAME,
    outputName: IMAGE_OUTPUT_NAME,
    inputSize: IMAGE_INPUT_SIZE,
    channels: 3,
    graphName: 'inspo_image_encoder',
    docString:
      'MobileNetV2 (alpha 1.0, 224) from nsfwjs up to the global average pool: 1,280 features. ' +
      'Input NCHW RGB, byte / 255. See src/server/visual/image-model/README.md.',
    metadata: {
      source: `nsfwjs@${source.version} dist/models/mobilenet_v2`,
      layer: MOBILENET_FEATURE_LAYER,
      preprocessing: 'RGB on white, stretched to 224x224, value = byte / 255, NCHW',
    },
  });
  return { bytes, version: imageEncoderVersionOf(bytes) };
}

export const imageEncoderPath = (modelDir = DEFAULT_MODEL_DIR): string =>
  path.join(modelDir, IMAGE_ENCODER_FILE);

/**
 * The encoder's file, exported first if it is not there. The export must hash to
 * IMAGE_ENCODER_VERSION: a change to the exporter or to the nsfwjs weights is a new model, whose
 * version src/lib/image-model must name (the browser fetches it by that name, and stored
 * embeddings from another version are not comparable).
 */
export function ensureImageEncoder(modelDir = DEFAULT_MODEL_DIR): {
  path: string;
  exported: boolean;
} {
  const file = imageEncoderPath(modelDir);
  if (fs.existsSync(file)) return { path: file, exported: false };
  const { bytes, version } = exportImageEncoder();
  if (version !== IMAGE_ENCODER_VERSION) {
    throw new Error(
      `the exported image encoder hashes to ${version}, but src/lib/image-model/image-model.ts names ` +
        `${IMAGE_ENCODER_VERSION}: a changed exporter or nsfwjs version is a new model, set IMAGE_ENCODER_VERSION`,
    );
  }
  fs.mkdirSync(modelDir, { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(tmp, bytes);
  fs.renameSync(tmp, file);
  return { path: file, exported: true };
}

export interface ImageEncoder {
  readonly version: string;
  /** Pooled features of a batch of preprocessed inputs (pixelsToInput), [n × 1280]. */
  features(input: Float32Array, n: number): Promise<Float32Array>;
  /** An image file's bytes (any format sharp reads) → its unit-length embedding; null when blank. */
  embed(image: Buffer): Promise<Float32Array | null>;
  close(): Promise<void>;
}

/** An image as the encoder sees it: flattened on white, stretched to 224 × 224, RGB bytes. */
export async function imageToPixels(image: Buffer): Promise<Uint8Array> {
  const data = await sharp(image)
    .flatten({ background: '#ffffff' })
    .resize(IMAGE_INPUT_SIZE, IMAGE_INPUT_SIZE, { fit: 'fill', kernel: 'linear' })
    .toColourspace('srgb')
    .removeAlpha()
    .raw()
    .toBuffer();
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}

/**
 * An onnxruntime-node session on the encoder. One intra-op thread by default: the ingest runs two
 * images at a time beside sharp on a 2-core machine, and more threads per run only contend.
 */
export async function openImageEncoder({
  modelDir = DEFAULT_MODEL_DIR,
  threads = 1,
}: { modelDir?: string; threads?: number } = {}): Promise<ImageEncoder> {
  const { path: file } = ensureImageEncoder(modelDir);
  const session = await ort.InferenceSession.create(file, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all',
  });
  const features = async (input: Float32Array, n: number): Promise<Float32Array> => {
    const out = await session.run({
      [IMAGE_INPUT_NAME]: new ort.Tensor('float32', input, [
        n,
        3,
        IMAGE_INPUT_SIZE,
        IMAGE_INPUT_SIZE,
      ]),
    });
    const result = out[IMAGE_OUTPUT_NAME];
    if (!result || result.dims[1] !== IMAGE_EMBEDDING_DIM)
      throw new Error('image encoder: unexpected output');
    return result.data as Float32Array;
  };
  return {
    version: IMAGE_ENCODER_VERSION,
    features,
    async embed(image) {
      const input = pixelsToInput(await imageToPixels(image), 3);
      return normalizeImageFeatures(await features(input, 1));
    },
    close: () => session.release(),
  };
}
