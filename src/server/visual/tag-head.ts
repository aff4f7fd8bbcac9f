/**
 * Predicted tags from pixels: a small head on the image embeddings, trained at index time on the
 * corpus's own tags and categories (TF.js, WASM backend: dense layers train in seconds there), so
 * it speaks the vocabulary of whatever is indexed and costs nothing to ship.
 *
 * - Data: pins with an image embedding and tags. A fixed tenth of them (by a hash of the pin id,
 *   so the split is the same in every build) is held out: never trained on, scored for the build's
 *   report (precision@5 against their real tags, beside the most-frequent-tags baseline), and
 *   given suggestions like the pins without tags.
 * - Labels: tags used by at least MIN_TAG_PINS training pins (most frequent first, at most
 *   MAX_TAGS), plus each category as a label of its own (multi-task: categories are complete where
 *   tags are sparse); a multi-label sigmoid output, binary cross-entropy.
 * - Network: 1,280 → hidden (ReLU) → labels; Adam, at least `epochs` epochs and `minSteps` steps. Seeded (initializers and batch order), one thread:
 *   the same inputs give the same weights and suggestions.
 * - Output: for held-out pins and pins without tags, up to SUGGESTED_TAGS tags the head gives at
 *   least MIN_PROBABILITY, leaving out tags the pin already has.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { seededRandom } from '@/lib/random/seeded-random';

export const TAG_HEAD_VERSION = 1;
/** The meta key under which a build keeps its head's TagHeadReport (JSON). */
export const TAG_HEAD_META_KEY = 'tagHead';

export interface TagHeadOptions {
  seed: number;
  hidden: number;
  epochs: number;
  /** At least this many gradient steps: a small corpus trains for more epochs. */
  minSteps: number;
  batchSize: number;
  learningRate: number;
  /** A tag is a label when at least this many training pins carry it. */
  minTagPins: number;
  maxTags: number;
  /** Held-out share of tagged pins, by id hash (0 to 1). */
  heldOut: number;
  suggestedTags: number;
  minProbability: number;
}

export const DEFAULT_TAG_HEAD_OPTIONS: TagHeadOptions = {
  seed: 15,
  hidden: 256,
  epochs: 12,
  minSteps: 300,
  batchSize: 128,
  // Measured on the OpenMoji test index (held-out precision@5): 1e-3 0.233, 3e-3 0.266.
  learningRate: 3e-3,
  minTagPins: 5,
  maxTags: 1000,
  heldOut: 0.1,
  suggestedTags: 5,
  minProbability: 0.25,
};

export interface TagExample {
  id: string;
  tags: readonly string[];
  category: string;
  /** Unit-length image embedding. */
  vector: Float32Array;
}

export interface TagHeadReport {
  version: number;
  labels: { tags: number; categories: number };
  trainPins: number;
  heldOutPins: number;
  /** Mean over held-out pins of |top 5 predicted ∩ real tags| / 5. */
  precisionAt5: number;
  /** The same for the 5 most frequent training tags given to every pin. */
  baselinePrecisionAt5: number;
  parameters: number;
  epochs: number;
  finalLoss: number;
  ms: number;
  backend: string;
}

export interface TagHeadResult {
  /** Pin id → suggested tags, most likely first (held-out pins and pins without tags only). */
  suggestions: Map<string, string[]>;
  report: TagHeadReport;
}

/** Tags are compared case- and space-insensitively. */
export const normalizeTag = (tag: string): string => tag.trim().toLowerCase().replace(/\s+/gu, ' ');

/** FNV-1a of the id: which pins are held out does not depend on the corpus around them. */
function idHash(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export const isHeldOut = (id: string, share: number): boolean => idHash(id) % 1000 < share * 1000;

let backendReady: Promise<string> | null = null;
/** The WASM backend (about 5× the plain-JS one), or CPU if WASM cannot start. */
function initBackend(): Promise<string> {
  backendReady ??= (async () => {
    const ok = await tf.setBackend('wasm').catch(() => false);
    if (!ok) await tf.setBackend('cpu');
    await tf.ready();
    return tf.getBackend();
  })();
  return backendReady;
}

export async function trainTagHead(
  examples: readonly TagExample[],
  options: Partial<TagHeadOptions> = {},
): Promise<TagHeadResult | null> {
  const opts = { ...DEFAULT_TAG_HEAD_OPTIONS, ...options };
  const started = performance.now();
  const tagged = examples.filter((e) => e.tags.length > 0);
  const train = tagged.filter((e) => !isHeldOut(e.id, opts.heldOut));
  const heldOut = tagged.filter((e) => isHeldOut(e.id, opts.heldOut));
  const tagCounts = new Map<string, number>();
  for (const e of train) {
    for (const tag of new Set(e.tags.map(normalizeTag)))
      tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  }
  const tagLabels = [...tagCounts]
    .filter(([, n]) => n >= opts.minTagPins)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, opts.maxTags)
    .map(([tag]) => tag);
  if (train.length === 0 || tagLabels.length === 0) return null;
  const categories = [...new Set(train.map((e) => e.category).filter(Boolean))].sort();
  const labelCount = tagLabels.length + categories.length;
  const tagIndex = new Map(tagLabels.map((t, i) => [t, i]));
  const categoryIndex = new Map(categories.map((c, i) => [c, tagLabels.length + i]));
  const dim = train[0]!.vector.length;

  const backend = await initBackend();
  // Standardised inputs (per dimension, training mean and spread): unit embeddings have components
  // of about 1/√1280 and a large shared mean (ReLU6 features are ≥ 0), which leaves the first layer
  // learning slowly; z-scores give every dimension the same footing.
  const mean = new Float64Array(dim);
  const spread = new Float64Array(dim);
  for (const e of train) {
    for (let k = 0; k < dim; k++) mean[k] = mean[k]! + e.vector[k]! / train.length;
  }
  for (const e of train) {
    for (let k = 0; k < dim; k++)
      spread[k] = spread[k]! + (e.vector[k]! - mean[k]!) ** 2 / train.length;
  }
  for (let k = 0; k < dim; k++) spread[k] = Math.sqrt(spread[k]!) + 1e-6;
  const standardise = (v: Float32Array, out: Float32Array, offset: number) => {
    for (let k = 0; k < dim; k++) out[offset + k] = (v[k]! - mean[k]!) / spread[k]!;
  };
  const x = new Float32Array(train.length * dim);
  const y = new Float32Array(train.length * labelCount);
  train.forEach((e, i) => {
    standardise(e.vector, x, i * dim);
    for (const tag of e.tags) {
      const k = tagIndex.get(normalizeTag(tag));
      if (k !== undefined) y[i * labelCount + k] = 1;
    }
    const c = categoryIndex.get(e.category);
    if (c !== undefined) y[i * labelCount + c] = 1;
  });

  const model = tf.sequential({
    layers: [
      tf.layers.dense({
        inputShape: [dim],
        units: opts.hidden,
        activation: 'relu',
        kernelInitializer: tf.initializers.glorotUniform({ seed: opts.seed }),
      }),
      tf.layers.dense({
        units: labelCount,
        activation: 'sigmoid',
        kernelInitializer: tf.initializers.glorotUniform({ seed: opts.seed + 1 }),
      }),
    ],
  });
  model.compile({ optimizer: tf.train.adam(opts.learningRate), loss: 'binaryCrossentropy' });
  const random = seededRandom(opts.seed);
  const order = Array.from({ length: train.length }, (_, i) => i);
  let finalLoss = NaN;
  const epochs = Math.max(
    opts.epochs,
    Math.ceil(opts.minSteps / Math.ceil(train.length / opts.batchSize)),
  );
  const xs = tf.tensor2d(x, [train.length, dim]);
  const ys = tf.tensor2d(y, [train.length, labelCount]);
  try {
    for (let epoch = 0; epoch < epochs; epoch++) {
      // Fisher–Yates with the seeded generator: the batch order is part of what is reproducible.
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      const idx = tf.tensor1d(Int32Array.from(order), 'int32');
      const bx = tf.gather(xs, idx);
      const by = tf.gather(ys, idx);
      const history = await model.fit(bx, by, {
        batchSize: opts.batchSize,
        epochs: 1,
        shuffle: false,
        verbose: 0,
      });
      finalLoss = history.history.loss!.at(-1) as number;
      tf.dispose([idx, bx, by]);
    }
  } finally {
    tf.dispose([xs, ys]);
  }

  const predict = (rows: readonly TagExample[]): Float32Array => {
    if (rows.length === 0) return new Float32Array(0);
    const input = new Float32Array(rows.length * dim);
    rows.forEach((e, i) => standardise(e.vector, input, i * dim));
    return tf.tidy(() => {
      const out = model.predict(tf.tensor2d(input, [rows.length, dim])) as tf.Tensor;
      // Only the tag outputs: categories were labels to learn from, not suggestions.
      return out.slice([0, 0], [rows.length, tagLabels.length]).dataSync() as Float32Array;
    });
  };
  const ranked = (probs: Float32Array, row: number): number[] => {
    const offset = row * tagLabels.length;
    return Array.from({ length: tagLabels.length }, (_, k) => k).sort(
      (a, b) => probs[offset + b]! - probs[offset + a]! || a - b,
    );
  };

  // Held-out precision@5 (against all of a pin's real tags, in the vocabulary or not).
  const heldProbs = predict(heldOut);
  const baseline = tagLabels.slice(0, 5);
  let hits = 0;
  let baselineHits = 0;
  heldOut.forEach((e, i) => {
    const real = new Set(e.tags.map(normalizeTag));
    hits += ranked(heldProbs, i)
      .slice(0, 5)
      .filter((k) => real.has(tagLabels[k]!)).length;
    baselineHits += baseline.filter((t) => real.has(t)).length;
  });

  const suggestions = new Map<string, string[]>();
  const untagged = examples.filter((e) => e.tags.length === 0);
  const suggest = (rows: readonly TagExample[], probs: Float32Array) =>
    rows.forEach((e, i) => {
      const own = new Set(e.tags.map(normalizeTag));
      const tags = ranked(probs, i)
        .filter((k) => probs[i * tagLabels.length + k]! >= opts.minProbability)
        .map((k) => tagLabels[k]!)
        .filter((t) => !own.has(t))
        .slice(0, opts.suggestedTags);
      if (tags.length > 0) suggestions.set(e.id, tags);
    });
  suggest(heldOut, heldProbs);
  // In slices: the output matrix of a large manifest never has to exist at once.
  for (let from = 0; from < untagged.length; from += 2048) {
    const slice = untagged.slice(from, from + 2048);
    suggest(slice, predict(slice));
  }
  const parameters = model.countParams();
  model.dispose();
  return {
    suggestions,
    report: {
      version: TAG_HEAD_VERSION,
      labels: { tags: tagLabels.length, categories: categories.length },
      trainPins: train.length,
      heldOutPins: heldOut.length,
      precisionAt5: heldOut.length ? hits / (5 * heldOut.length) : 0,
      baselinePrecisionAt5: heldOut.length ? baselineHits / (5 * heldOut.length) : 0,
      parameters,
      epochs,
      finalLoss,
      ms: Math.round(performance.now() - started),
      backend,
    },
  };
}
