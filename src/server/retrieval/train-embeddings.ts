/**
 * Learns word and pin embeddings from the corpus text alone (no pretrained weights exist
 * here): PPMI over within-pin co-occurrence → truncated SVD → word vectors; a pin's vector
 * is the IDF-weighted mean of its words' vectors. Pure: same pins and options, same vectors.
 */
import { EMBEDDING_DIM } from '@/ranking/embedding';
import { cooccurrenceMatrix, DEFAULT_CONTEXT_ALPHA, ppmiMatrix, type WeightedDoc } from './ppmi';
import { normalizeVector } from './quantize';
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

/**
 * A corpus as flat arrays: pin p's tokens are ids[start[p]..start[p + 1]) with their field
 * weights, in the order pinTokens gives them. 12 bytes a token instead of a Map a pin, so a
 * million pins fit in ~150 MB.
 */
interface TokenizedCorpus {
  pins: number;
  tokens: string[];
  start: Int32Array;
  ids: Int32Array;
  weights: Float64Array;
  /** Pins each token id occurs in. */
  pinCount: Int32Array;
}

/** Growable Int32/Float32 storage (typed arrays do not grow). */
class Growable<T extends Int32Array | Float64Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(x: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = x;
  }
  done(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

const INITIAL_CAPACITY = 1024;

function tokenizeCorpus(pins: Iterable<PinText>, fieldWeights: FieldWeights | undefined): TokenizedCorpus {
  const idOf = new Map<string, number>();
  const tokens: string[] = [];
  const start = new Growable(new Int32Array(INITIAL_CAPACITY), (n) => new Int32Array(n));
  const ids = new Growable(new Int32Array(INITIAL_CAPACITY), (n) => new Int32Array(n));
  const weights = new Growable(new Float64Array(INITIAL_CAPACITY), (n) => new Float64Array(n));
  const counts = new Growable(new Int32Array(INITIAL_CAPACITY), (n) => new Int32Array(n));
  let pinCount = 0;
  start.push(0);
  for (const pin of pins) {
    for (const [token, weight] of pinTokens(pin, fieldWeights)) {
      let id = idOf.get(token);
      if (id === undefined) {
        id = tokens.length;
        idOf.set(token, id);
        tokens.push(token);
        counts.push(0);
      }
      counts.data[id]!++;
      ids.push(id);
      weights.push(weight);
    }
    start.push(ids.length);
    pinCount++;
  }
  return { pins: pinCount, tokens, start: start.done(), ids: ids.done(), weights: weights.done(), pinCount: counts.done() };
}

export function trainEmbeddings(pins: Iterable<PinText>, opts: TrainOptions = {}): TrainedEmbeddings {
  const dim = opts.dim ?? EMBEDDING_DIM;
  const minPins = opts.minPins ?? DEFAULT_MIN_PINS;
  const corpus = tokenizeCorpus(pins, opts.fieldWeights);
  const { start, ids, weights, pinCount } = corpus;

  // Vocabulary: tokens on ≥ minPins pins, alphabetical; vocabId[token id] = its row, or -1.
  const vocab = corpus.tokens.filter((_, id) => pinCount[id]! >= minPins).sort();
  const row = new Map(vocab.map((t, i) => [t, i]));
  const vocabId = Int32Array.from(corpus.tokens, (t) => row.get(t) ?? -1);

  function* docs(): Generator<WeightedDoc> {
    for (let p = 0; p < corpus.pins; p++) {
      const tokens: number[] = [];
      const docWeights: number[] = [];
      for (let k = start[p]!; k < start[p + 1]!; k++) {
        const v = vocabId[ids[k]!]!;
        if (v < 0) continue;
        tokens.push(v);
        docWeights.push(weights[k]!);
      }
      yield { tokens, weights: docWeights };
    }
  }
  const ppmi = ppmiMatrix(cooccurrenceMatrix(docs(), vocab.length), opts.alpha ?? DEFAULT_CONTEXT_ALPHA);

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
  const wordRows: Float32Array[] = [];
  /** Unit vector of each vocabulary row, or null (no direction). */
  const vectorOfRow: (Float32Array | null)[] = vocab.map((word, w) => {
    const unit = normalizeVector(rawWords.subarray(w * dim, (w + 1) * dim));
    if (unit) {
      words.push(word);
      wordRows.push(unit);
    }
    return unit;
  });
  const wordVectors = new Float32Array(words.length * dim);
  wordRows.forEach((r, i) => wordVectors.set(r, i * dim));

  // IDF over all pins: words on every pin (boilerplate) pull a pin's vector least.
  const idfOfToken = Float64Array.from(pinCount, (n) => Math.log((corpus.pins + 1) / (n + 0.5)));
  const pinVectors = new Float32Array(corpus.pins * dim);
  const pinHasVector: boolean[] = new Array<boolean>(corpus.pins);
  const sum = new Float64Array(dim);
  for (let p = 0; p < corpus.pins; p++) {
    sum.fill(0);
    for (let k = start[p]!; k < start[p + 1]!; k++) {
      const v = vocabId[ids[k]!]!;
      const vector = v < 0 ? null : vectorOfRow[v]!;
      if (!vector) continue;
      const w = weights[k]! * idfOfToken[ids[k]!]!;
      for (let j = 0; j < dim; j++) sum[j]! += w * vector[j]!;
    }
    const unit = normalizeVector(sum);
    if (unit) pinVectors.set(unit, p * dim);
    pinHasVector[p] = unit !== null;
  }
  return { dim, words, wordVectors, pinVectors, pinHasVector };
}
