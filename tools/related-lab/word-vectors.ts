/**
 * Word vectors learned from the collection's own abstracts (issue 14's
 * "model learned from the collection itself"): positive pointwise mutual
 * information of words seen within a window of each other, context counts
 * smoothed (^0.75), factored by a randomized truncated SVD, each word's vector
 * U·√S (Levy, Goldberg & Dagan 2015, "Improving distributional similarity
 * with lessons learned from word embeddings"). Nothing is downloaded. The
 * words are the shipped analysis's stems (lib/core/text.ts), compounds by
 * their parts, stop words skipped. Build time only.
 */
import { analyzeWords, type AnalysisOptions } from '../../lib/core/text';

/** How the vectors are learned. */
export interface WordVectorOptions {
  /** Words on each side counted as context. */
  window: number;
  dims: number;
  /** Words in fewer papers get no vector. */
  minDf: number;
  /** Power iterations of the randomized SVD. */
  powerIterations: number;
  seed: number;
}

export const WORD_VECTOR_DEFAULTS: WordVectorOptions = { window: 5, dims: 128, minDf: 5, powerIterations: 2, seed: 7 };

/** Unit word vectors, row `i` of `data` (length `dims`) for `vocab[i]`. */
export interface WordVectors {
  vocab: string[];
  index: Map<string, number>;
  dims: number;
  data: Float32Array;
}

/** Each text's words as vocabulary numbers, in order; words in fewer than `minDf` texts dropped. */
export function wordSequences(
  texts: string[],
  analysis: AnalysisOptions,
  minDf: number,
): { vocab: string[]; seqs: Int32Array[] } {
  const index = new Map<string, number>();
  const all: string[] = [];
  const raw = texts.map((text) => {
    const ids: number[] = [];
    for (const w of analyzeWords(text, analysis)) {
      if (!w) continue;
      const words = w.parts?.length ? w.parts.map((p) => p.term) : w.term.split(' ');
      for (const t of words) {
        let i = index.get(t);
        if (i === undefined) index.set(t, (i = all.push(t) - 1));
        ids.push(i);
      }
    }
    return ids;
  });
  const df = new Int32Array(all.length);
  for (const ids of raw) for (const i of new Set(ids)) df[i]++;
  const slot = new Int32Array(all.length).fill(-1);
  const vocab: string[] = [];
  all.forEach((t, i) => {
    if (df[i] >= minDf) slot[i] = vocab.push(t) - 1;
  });
  return { vocab, seqs: raw.map((ids) => Int32Array.from(ids.map((i) => slot[i]).filter((i) => i >= 0))) };
}

/** A sparse matrix, compressed rows. */
export interface Csr {
  n: number;
  rowStart: Int32Array;
  col: Int32Array;
  val: Float32Array;
}

/** The PPMI matrix of word × context-word counts within `window`, contexts smoothed by ^0.75. */
export function ppmiMatrix(seqs: Int32Array[], n: number, window: number): Csr {
  if (n * n > 2 ** 31) throw new Error(`vocabulary of ${n} words is too large for pair keys`);
  let pairs = 0;
  for (const s of seqs) pairs += s.length * 2 * window;
  const keys = new Int32Array(pairs);
  let m = 0;
  for (const s of seqs)
    for (let i = 0; i < s.length; i++)
      for (let j = Math.max(0, i - window); j < Math.min(s.length, i + window + 1); j++)
        if (s[i] !== s[j]) keys[m++] = s[i] * n + s[j];
  const sorted = keys.subarray(0, m).sort();
  const rowStart = new Int32Array(n + 1);
  const col: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < m;) {
    let j = i;
    while (j < m && sorted[j] === sorted[i]) j++;
    const r = Math.floor(sorted[i] / n);
    col.push(sorted[i] - r * n);
    count.push(j - i);
    rowStart[r + 1]++;
    i = j;
  }
  for (let r = 0; r < n; r++) rowStart[r + 1] += rowStart[r];
  const rowSum = new Float64Array(n);
  const ctx = new Float64Array(n);
  for (let r = 0; r < n; r++)
    for (let e = rowStart[r]; e < rowStart[r + 1]; e++) {
      rowSum[r] += count[e];
      ctx[col[e]] += count[e];
    }
  const smoothed = ctx.map((c) => c ** 0.75);
  const smoothedTotal = smoothed.reduce((a, b) => a + b, 0);
  const val = new Float32Array(col.length);
  for (let r = 0; r < n; r++)
    for (let e = rowStart[r]; e < rowStart[r + 1]; e++) {
      const pmi = Math.log((count[e] * smoothedTotal) / (rowSum[r] * smoothed[col[e]]));
      val[e] = pmi > 0 ? pmi : 0;
    }
  return { n, rowStart, col: Int32Array.from(col), val };
}

/** A seeded generator (LCG), so the vectors are the same on every run. */
function random(seed: number) {
  let s = seed;
  return () => {
    s = (Math.imul(s, 1103515245) + 12345) & 0x7fffffff;
    return s / 0x7fffffff - 0.5;
  };
}

/** Y = A·B (`transpose`: Aᵀ·B) for an n × L dense B, row-major. */
function multiply(a: Csr, b: Float32Array, L: number, transpose: boolean): Float32Array {
  const y = new Float32Array(a.n * L);
  for (let r = 0; r < a.n; r++)
    for (let e = a.rowStart[r]; e < a.rowStart[r + 1]; e++) {
      const x = a.val[e];
      if (!x) continue;
      const [to, from] = transpose ? [a.col[e] * L, r * L] : [r * L, a.col[e] * L];
      for (let k = 0; k < L; k++) y[to + k] += x * b[from + k];
    }
  return y;
}

/** Orthonormalises the L columns of an n × L row-major matrix in place (modified Gram–Schmidt). */
function orthonormalise(y: Float32Array, n: number, L: number): Float32Array {
  for (let k = 0; k < L; k++) {
    for (let j = 0; j < k; j++) {
      let d = 0;
      for (let r = 0; r < n; r++) d += y[r * L + k] * y[r * L + j];
      for (let r = 0; r < n; r++) y[r * L + k] -= d * y[r * L + j];
    }
    let s = 0;
    for (let r = 0; r < n; r++) s += y[r * L + k] ** 2;
    s = Math.sqrt(s) || 1;
    for (let r = 0; r < n; r++) y[r * L + k] /= s;
  }
  return y;
}

/** Eigen-decomposition of a symmetric L × L matrix by cyclic Jacobi rotations; `g` ends diagonal. */
function jacobiEigen(g: Float64Array, L: number): Float64Array {
  const v = new Float64Array(L * L);
  for (let i = 0; i < L; i++) v[i * L + i] = 1;
  const rotate = (m: Float64Array, i: number, j: number, c: number, s: number, rows: boolean) => {
    for (let k = 0; k < L; k++) {
      const [a, b] = rows ? [i * L + k, j * L + k] : [k * L + i, k * L + j];
      const x = m[a];
      const y = m[b];
      m[a] = c * x - s * y;
      m[b] = s * x + c * y;
    }
  };
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let p = 0; p < L; p++)
      for (let q = p + 1; q < L; q++) {
        const apq = g[p * L + q];
        off += apq * apq;
        if (Math.abs(apq) < 1e-12) continue;
        const theta = (g[q * L + q] - g[p * L + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        rotate(g, p, q, c, t * c, false);
        rotate(g, p, q, c, t * c, true);
        rotate(v, p, q, c, t * c, false);
      }
    if (off < 1e-10) break;
  }
  return v;
}

/** The top `dims` left singular vectors of `a`, scaled by √σ, by randomized SVD (Halko et al. 2011). */
export function leftSingularVectors(a: Csr, o: WordVectorOptions): Float32Array {
  const { n } = a;
  const L = o.dims + 16;
  const rnd = random(o.seed);
  let q = orthonormalise(multiply(a, Float32Array.from({ length: n * L }, rnd), L, false), n, L);
  for (let i = 0; i < o.powerIterations; i++)
    q = orthonormalise(multiply(a, orthonormalise(multiply(a, q, L, true), n, L), L, false), n, L);
  // B = Qᵀ A; its Gram matrix B Bᵀ (L × L) has A's leading singular values squared.
  const bt = multiply(a, q, L, true);
  const g = new Float64Array(L * L);
  for (let r = 0; r < n; r++)
    for (let i = 0; i < L; i++) {
      const x = bt[r * L + i];
      if (x) for (let j = 0; j < L; j++) g[i * L + j] += x * bt[r * L + j];
    }
  const evec = jacobiEigen(g, L);
  const order = [...Array(L).keys()].sort((x, y) => g[y * L + y] - g[x * L + x]).slice(0, o.dims);
  const out = new Float32Array(n * o.dims);
  order.forEach((c, j) => {
    const scale = Math.max(0, g[c * L + c]) ** 0.25; // √σ, σ = √eigenvalue
    for (let r = 0; r < n; r++) {
      let s = 0;
      for (let i = 0; i < L; i++) s += q[r * L + i] * evec[i * L + c];
      out[r * o.dims + j] = s * scale;
    }
  });
  return out;
}

/** Learns unit word vectors from `texts`. */
export function learnWordVectors(
  texts: string[],
  analysis: AnalysisOptions,
  o: WordVectorOptions = WORD_VECTOR_DEFAULTS,
): WordVectors {
  const { vocab, seqs } = wordSequences(texts, analysis, o.minDf);
  const data = leftSingularVectors(ppmiMatrix(seqs, vocab.length, o.window), o);
  for (let r = 0; r < vocab.length; r++) {
    const row = data.subarray(r * o.dims, (r + 1) * o.dims);
    const norm = Math.hypot(...row) || 1;
    for (let k = 0; k < o.dims; k++) row[k] /= norm;
  }
  return { vocab, index: new Map(vocab.map((w, i) => [w, i])), dims: o.dims, data };
}

/** A term's unit vector: a word's own, a phrase's the mean of its words'; null when none has one. */
export function termVector(wv: WordVectors, term: string): Float32Array | null {
  const rows = term
    .split(' ')
    .map((w) => wv.index.get(w))
    .filter((i): i is number => i !== undefined);
  if (!rows.length) return null;
  const v = new Float32Array(wv.dims);
  for (const r of rows) for (let k = 0; k < wv.dims; k++) v[k] += wv.data[r * wv.dims + k];
  const norm = Math.hypot(...v) || 1;
  for (let k = 0; k < wv.dims; k++) v[k] /= norm;
  return v;
}

/** The `k` words nearest to `word` by cosine. */
export function nearestWords(wv: WordVectors, word: string, k: number): { word: string; cosine: number }[] {
  const v = termVector(wv, word);
  if (!v) return [];
  const scored: { word: string; cosine: number }[] = [];
  wv.vocab.forEach((w, r) => {
    if (w === word) return;
    let s = 0;
    for (let j = 0; j < wv.dims; j++) s += v[j] * wv.data[r * wv.dims + j];
    scored.push({ word: w, cosine: s });
  });
  return scored.sort((a, b) => b.cosine - a.cosine).slice(0, k);
}
