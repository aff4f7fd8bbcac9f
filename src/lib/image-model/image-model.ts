/**
 * The image encoder's contract, the one place Node (ingest, src/server/visual/image-model) and the
 * browser (visual search) take it from: which file, what goes in, what comes out.
 *
 * The network is the MobileNetV2 that the npm package nsfwjs ships (see
 * src/server/visual/image-model/README.md, the model card), converted to ONNX up to its global
 * average pool: 1,280 features per image. Plain TypeScript (no DOM, no Node APIs), so a worker, a
 * page and Node preprocess pixels the same way.
 *
 * Input: float32 `image` [N, 3, 224, 224] (NCHW), RGB, each value = byte / 255 (what nsfwjs feeds
 * its model: `img.toFloat().div(255)`, no mean subtraction), the picture stretched to 224 × 224 and
 * flattened onto white where it has transparency (as the index's thumbnails are).
 * Output: float32 `features` [N, 1280], the pooled activations (ReLU6, so ≥ 0); an embedding is
 * that vector L2-normalised (normalizeImageFeatures).
 */

/** sha256 of the exported file, first 12 hex digits: the file's name and its cache key. */
export const IMAGE_ENCODER_VERSION = 'fdd759a26f49';
export const IMAGE_ENCODER_FILE = `image-encoder-${IMAGE_ENCODER_VERSION}.onnx`;
/** Where a browser fetches it (the build copies public/models to /models). */
export const IMAGE_ENCODER_URL = `/models/${IMAGE_ENCODER_FILE}`;

export const IMAGE_INPUT_NAME = 'image';
export const IMAGE_OUTPUT_NAME = 'features';
export const IMAGE_INPUT_SIZE = 224;
export const IMAGE_EMBEDDING_DIM = 1280;
export const IMAGE_INPUT_LAYOUT = 'NCHW' as const;
/** Each channel byte is divided by this (nsfwjs's normalizationOffset). */
export const IMAGE_VALUE_SCALE = 255;

const PLANE = IMAGE_INPUT_SIZE * IMAGE_INPUT_SIZE;

/**
 * Interleaved 224 × 224 pixels (RGB, or RGBA as a canvas's ImageData gives them) → the model's
 * input for one image, [3, 224, 224] planar, byte / 255. RGBA is composited onto white first
 * (alpha as straight, not premultiplied, as ImageData holds it). Writes into `out` at `offset`
 * when given, so a batch fills one buffer.
 */
export function pixelsToInput(
  pixels: ArrayLike<number>,
  channels: 3 | 4,
  out: Float32Array = new Float32Array(3 * PLANE),
  offset = 0,
): Float32Array {
  if (pixels.length !== PLANE * channels) {
    throw new Error(
      `expected ${IMAGE_INPUT_SIZE}×${IMAGE_INPUT_SIZE}×${channels} = ${PLANE * channels} values, got ${pixels.length}`,
    );
  }
  if (out.length < offset + 3 * PLANE) throw new Error('output buffer too small for one image');
  for (let i = 0; i < PLANE; i++) {
    const p = i * channels;
    let r = pixels[p] as number;
    let g = pixels[p + 1] as number;
    let b = pixels[p + 2] as number;
    if (channels === 4) {
      const a = (pixels[p + 3] as number) / 255;
      r = r * a + 255 * (1 - a);
      g = g * a + 255 * (1 - a);
      b = b * a + 255 * (1 - a);
    }
    out[offset + i] = r / IMAGE_VALUE_SCALE;
    out[offset + PLANE + i] = g / IMAGE_VALUE_SCALE;
    out[offset + 2 * PLANE + i] = b / IMAGE_VALUE_SCALE;
  }
  return out;
}

/** Pooled features → unit-length embedding; null for the zero vector (a blank image has no direction). */
export function normalizeImageFeatures(features: ArrayLike<number>): Float32Array | null {
  let norm = 0;
  for (let i = 0; i < features.length; i++) norm += (features[i] as number) ** 2;
  if (!(norm > 0)) return null;
  const inv = 1 / Math.sqrt(norm);
  return Float32Array.from({ length: features.length }, (_, i) => (features[i] as number) * inv);
}
