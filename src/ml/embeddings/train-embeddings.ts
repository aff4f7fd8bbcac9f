/**
 * Learns word and pin embeddings from the corpus text alone (no pretrained weights exist
 * here): PPMI over within-pin co-occurrence → truncated SVD → word vectors; a pin's vector
 * is the IDF-weighted mean of its words' vectors. Pure: same pins and options, same vectors.
 */
import { cooccurrenceMatrix, DEFAULT_CONTEXT_ALPHA, ppmiMatrix, type WeightedDoc } from './ppmi';
import { normalizeVector, EMBEDDING_DIM } from './quantize';
import { DEFAULT_SVD_SEED, truncatedSvd } from './randomized-svd';
import { pinTokens, type FieldWeights, type PinText } from './tokens';

export interface TrainOptions {
  dim?: number;
  /** Words in fewer pins than this get no vector: one pin says nothing about a word's company. */
  minPins?: number;
  alpha?: number;
  /** Singular values enter word vectors as Σ^p (Levy et al.: p = 0 or 0.5 beat the classic p = 1; 0 was best here). */
  eigenWeight?: number;
  seed?: number;
  fieldWeights?: FieldWeights;
}

export interface TrainedEmbeddings {
  dim: number;
  /** Words (stemmed tokens) that have a vector, in vocabulary order. */
  words: string[];
  /** Unit word vectors, words.length × dim, row-major. */
  wordVectors: Float32Array;
  /** Unit pin vectors, pins × dim, row-major; a pin with no known word has a zero row. */
  pinVectors: Float32Array;
  /** Whether each pin got a vector. */
  pinHasVector: boolean[];
}

export const DEFAULT_MIN_PINS = 2;
export const DEFAULT_EIGEN_WEIGHT = 0;

export function trainEmbeddings(pins: readonly PinText[], opts: TrainOptions = {}): TrainedEmbeddings {
  const dim = opts.dim ?? EMBEDDING_DIM;
  const minPins = opts.minPins ?? DEFAULT_MIN_PINS;
  const tokenWeights = pins.map((pin) => pinTokens(pin, opts.fieldWeights));

  const pinCount = new Map<string, number>();
  for (const tokens of tokenWeights) for (const t of tokens.keys()) pinCount.set(t, (pinCount.get(t) ?? 0) + 1);
  const vocab = [...pinCount.entries()]
    .filter(([, n]) => n >= minPins)
    .map(([t]) => t)
    .sort();
  const ids = new Map(vocab.map((t, i) => [t, i]));

  const docs: WeightedDoc[] = tokenWeights.map((tokens) => {
    const known = [...tokens.entries()].filter(([t]) => ids.has(t));
    return { tokens: known.map(([t]) => ids.get(t)!), weights: known.map(([, w]) => w) };
  });
  const ppmi = ppmiMatrix(cooccurrenceMatrix(docs, vocab.length), opts.alpha ?? DEFAULT_CONTEXT_ALPHA);

  // A word whose PPMI row is empty (it only ever appears alone, or only with common words)
  // has no direction: leave it out rather than give it a meaningless one.
  const rank = Math.min(dim, vocab.length);
  const rawWords = new Float64Array(vocab.length * dim);
  if (rank > 0 && ppmi.values.length > 0) {
    const { u, s } = truncatedSvd(ppmi, rank, { seed: opts.seed ?? DEFAULT_SVD_SEED });
    const weight = Float64Array.from(s, (x) => x ** (opts.eigenWeight ?? DEFAULT_EIGEN_WEIGHT));
    for (let w = 0; w < vocab.length; w++) {
      for (let j = 0; j < rank; j++) rawWords[w * dim + j] = u[w * rank + j]! * weight[j]!;
    }
  }
  const words: string[] = [];
  const vectorOf = new Map<string, Float32Array>();
  const wordRows: Float32Array[] = [];
  vocab.forEach((word, w) => {
    const unit = normalizeVector(rawWords.subarray(w * dim, (w + 1) * dim));
    if (!unit) return;
    words.push(word);
    wordRows.push(unit);
    vectorOf.set(word, unit);
  });
  const wordVectors = new Float32Array(words.length * dim);
  wordRows.forEach((row, i) => wordVectors.set(row, i * dim));

  // IDF over all pins: words on every pin (boilerplate) pull a pin's vector least.
  const idf = (word: string) => Math.log((pins.length + 1) / (pinCount.get(word)! + 0.5));
  const pinVectors = new Float32Array(pins.length * dim);
  const pinHasVector = tokenWeights.map((tokens, p) => {
    const sum = new Float64Array(dim);
    for (const [token, fieldWeight] of tokens) {
      const v = vectorOf.get(token);
      if (!v) continue;
      const w = fieldWeight * idf(token);
      for (let j = 0; j < dim; j++) sum[j]! += w * v[j]!;
    }
    const unit = normalizeVector(sum);
    if (unit) pinVectors.set(unit, p * dim);
    return unit !== null;
  });
  return { dim, words, wordVectors, pinVectors, pinHasVector };
}
