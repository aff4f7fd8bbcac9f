/** The few dense linear-algebra steps randomized SVD needs, on row-major Float64Arrays. */

/** Below this norm a column is treated as numerically zero (it adds no direction). */
const ZERO_NORM = 1e-12;

/**
 * Orthonormalizes the k columns of X (n × k, row-major) in place: modified Gram–Schmidt,
 * run twice ("twice is enough") so the result stays orthogonal to machine precision even
 * when power iteration made the columns nearly parallel. A column that collapses to zero
 * (X had rank < k) is left zero.
 */
export function orthonormalizeColumns(x: Float64Array, n: number, k: number): void {
  for (let pass = 0; pass < 2; pass++) {
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < n; r++) dot += x[r * k + i]! * x[r * k + j]!;
        for (let r = 0; r < n; r++) x[r * k + j]! -= dot * x[r * k + i]!;
      }
      let norm = 0;
      for (let r = 0; r < n; r++) norm += x[r * k + j]! ** 2;
      norm = Math.sqrt(norm);
      const scale = norm > ZERO_NORM ? 1 / norm : 0;
      for (let r = 0; r < n; r++) x[r * k + j]! *= scale;
    }
  }
}

/** Aᵀ · B for A (n × a) and B (n × b), both row-major; returns a × b. */
export function transposeMul(a: Float64Array, b: Float64Array, n: number, aCols: number, bCols: number): Float64Array {
  const out = new Float64Array(aCols * bCols);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < aCols; i++) {
      const v = a[r * aCols + i]!;
      if (v === 0) continue;
      for (let j = 0; j < bCols; j++) out[i * bCols + j]! += v * b[r * bCols + j]!;
    }
  }
  return out;
}

/** A · B for A (n × m) and B (m × p), row-major; returns n × p. */
export function mul(a: Float64Array, b: Float64Array, n: number, m: number, p: number): Float64Array {
  const out = new Float64Array(n * p);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < m; i++) {
      const v = a[r * m + i]!;
      if (v === 0) continue;
      for (let j = 0; j < p; j++) out[r * p + j]! += v * b[i * p + j]!;
    }
  }
  return out;
}

const JACOBI_MAX_SWEEPS = 100;
const JACOBI_TOLERANCE = 1e-22;

/**
 * Eigen-decomposition of a small symmetric matrix (n × n, row-major) by cyclic Jacobi
 * rotations: exact to machine precision and simple, which is all a (k × k) Gram matrix needs.
 * Returns eigenvalues in descending order and the matching unit eigenvectors as columns.
 */
export function symmetricEigen(matrix: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < JACOBI_MAX_SWEEPS; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p * n + q]! ** 2;
    if (off < JACOBI_TOLERANCE) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q]!;
        if (apq === 0) continue;
        const theta = (a[q * n + q]! - a[p * n + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akq = a[k * n + q]!;
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const aqk = a[q * n + k]!;
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkq = v[k * n + q]!;
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => a[j * n + j]! - a[i * n + i]!);
  const values = Float64Array.from(order, (i) => a[i * n + i]!);
  const vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    for (let k = 0; k < n; k++) vectors[k * n + dst] = v[k * n + src]!;
  });
  return { values, vectors };
}
