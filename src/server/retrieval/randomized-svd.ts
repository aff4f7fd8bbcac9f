/**
 * Truncated SVD of a sparse matrix by randomized range finding (Halko, Martinsson & Tropp
 * 2011, algorithms 4.4 + 5.1): project onto a seeded Gaussian sketch, sharpen it with a few
 * power iterations, then solve the small problem exactly. Over a PPMI matrix of ~10k words
 * it needs a handful of sparse × thin-dense products: well under a second.
 */
import { mul, orthonormalizeColumns, symmetricEigen, transposeMul } from './dense';
import { gaussian, seededRandom } from '@/lib/random/seeded-random';
import { csrMulDense, csrTransposeMulDense, type CsrMatrix } from './sparse-matrix';

export interface SvdOptions {
  /** Extra sketch columns beyond the rank: they absorb the spectrum's tail. */
  oversample?: number;
  /** Power iterations: each one sharpens the gap between kept and dropped singular values. */
  powerIterations?: number;
  seed?: number;
}

export interface TruncatedSvd {
  rank: number;
  /** Left singular vectors, rows × rank, row-major. */
  u: Float64Array;
  /** Singular values, descending. */
  s: Float64Array;
  /** Right singular vectors, cols × rank, row-major. */
  v: Float64Array;
}

export const DEFAULT_OVERSAMPLE = 10;
export const DEFAULT_POWER_ITERATIONS = 4;
export const DEFAULT_SVD_SEED = 42;

/**
 * The `rank` leading singular triplets of A. Signs are canonical: each left vector's entry of
 * largest magnitude is positive, so equal inputs give identical outputs (and tests can be exact).
 */
export function truncatedSvd(a: CsrMatrix, rank: number, opts: SvdOptions = {}): TruncatedSvd {
  const maxRank = Math.min(a.rows, a.cols);
  if (!Number.isInteger(rank) || rank < 1 || rank > maxRank) {
    throw new RangeError(`rank must be an integer in [1, ${maxRank}], got ${rank}`);
  }
  const l = Math.min(maxRank, rank + (opts.oversample ?? DEFAULT_OVERSAMPLE));
  const normal = gaussian(seededRandom(opts.seed ?? DEFAULT_SVD_SEED));

  // Range finder: Q (rows × l) with orthonormal columns spanning A's dominant column space.
  const omega = Float64Array.from({ length: a.cols * l }, normal);
  let q = csrMulDense(a, omega, l);
  orthonormalizeColumns(q, a.rows, l);
  for (let it = 0; it < (opts.powerIterations ?? DEFAULT_POWER_ITERATIONS); it++) {
    const z = csrTransposeMulDense(a, q, l);
    orthonormalizeColumns(z, a.cols, l);
    q = csrMulDense(a, z, l);
    orthonormalizeColumns(q, a.rows, l);
  }

  // B = Qᵀ A (l × cols), kept as Bᵀ = Aᵀ Q. B Bᵀ = W Λ Wᵀ gives B = W Σ Vᵀ with Σ = √Λ.
  const bt = csrTransposeMulDense(a, q, l);
  const gram = transposeMul(bt, bt, a.cols, l, l);
  const { values, vectors: w } = symmetricEigen(gram, l);

  const u = mul(q, w, a.rows, l, l); // rows × l
  const vFull = mul(bt, w, a.cols, l, l); // cols × l, column j scaled by σ_j
  const s = new Float64Array(rank);
  const uOut = new Float64Array(a.rows * rank);
  const vOut = new Float64Array(a.cols * rank);
  for (let j = 0; j < rank; j++) {
    const sigma = Math.sqrt(Math.max(0, values[j]!));
    s[j] = sigma;
    let pivot = 0;
    for (let r = 0; r < a.rows; r++) if (Math.abs(u[r * l + j]!) > Math.abs(pivot)) pivot = u[r * l + j]!;
    const sign = pivot < 0 ? -1 : 1;
    for (let r = 0; r < a.rows; r++) uOut[r * rank + j] = sign * u[r * l + j]!;
    const inv = sigma > 0 ? sign / sigma : 0;
    for (let c = 0; c < a.cols; c++) vOut[c * rank + j] = inv * vFull[c * l + j]!;
  }
  return { rank, u: uOut, s, v: vOut };
}
