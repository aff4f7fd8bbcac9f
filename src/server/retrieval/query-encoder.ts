/**
 * The query encoder (runs on the server, plain TS): the normalized mean of the query words'
 * vectors. Words without a vector are skipped; a query with none has no semantic leg.
 */
import { normalizeVector } from './quantize';
import { embeddingTokens } from './tokens';

export interface EncodedQuery {
  vector: Float32Array;
  /** The tokens that had a vector (for debugging and tests). */
  known: string[];
}

export function encodeQuery(text: string, words: ReadonlyMap<string, Float32Array>): EncodedQuery | null {
  let sum: Float64Array | null = null;
  const known: string[] = [];
  for (const token of embeddingTokens(text)) {
    const v = words.get(token);
    if (!v) continue;
    sum ??= new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) sum[i]! += v[i]!;
    known.push(token);
  }
  const vector = sum && normalizeVector(sum);
  return vector ? { vector, known } : null;
}
