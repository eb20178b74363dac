/**
 * Lab vectors and scoring: TF-IDF (or BM25-saturated) vectors from the cached
 * counts of corpus-terms.ts, an inverted index over them, and the learned
 * collection model (a second-order random projection, LSA-like). Build time only.
 */
import type { CorpusTerms } from './corpus-terms';

/** How the lexical vectors are weighted. */
export interface VectorOptions {
  /** tf multiplier for title occurrences (shipped: 1). */
  titleWeight: number;
  /** BM25 k1 (0 = 1 + log tf, shipped). */
  k1: number;
  b: number;
  /** Strongest terms kept per paper (shipped: 100). */
  pruneTo: number;
  /** Weight multiplier of two-word phrases ("key phrases"; shipped: 1). */
  phraseBoost: number;
  /** Terms in more than this share of papers are left out (1 = none left out). */
  maxDfShare: number;
  /** idf raised to this power (shipped: 1); above 1 favours rarer terms. */
  idfPower: number;
}

export const SHIPPED_VECTORS: VectorOptions = {
  titleWeight: 1,
  k1: 0,
  b: 0.75,
  pruneTo: 100,
  phraseBoost: 1,
  maxDfShare: 1,
  idfPower: 1,
};

/** Sparse unit vectors per paper and the same pairs term by term. */
export interface Vectors {
  term: Int32Array[];
  w: Float32Array[];
  postStart: Int32Array;
  postDoc: Int32Array;
  postW: Float32Array;
}

export function buildVectors(ct: CorpusTerms, o: VectorOptions): Vectors {
  const n = ct.docs.length;
  const isPhrase = ct.vocab.map((v) => v.includes(' '));
  const lens = ct.docs.map((d) => {
    let s = 0;
    for (let j = 0; j < d.term.length; j++) s += o.titleWeight * d.inTitle[j] + d.inAbstract[j];
    return s;
  });
  const avg = lens.reduce((a, b) => a + b, 0) / n;
  const maxDf = o.maxDfShare * n;
  const term: Int32Array[] = [];
  const w: Float32Array[] = [];
  ct.docs.forEach((d, i) => {
    const pairs: [number, number][] = [];
    const K = o.k1 * (1 - o.b + (o.b * lens[i]) / avg);
    for (let j = 0; j < d.term.length; j++) {
      const t = d.term[j];
      const df = ct.df[t];
      if (df < 2 || df > maxDf) continue;
      const tf = o.titleWeight * d.inTitle[j] + d.inAbstract[j];
      if (tf <= 0) continue;
      const tfw = o.k1 > 0 ? (tf * (o.k1 + 1)) / (tf + K) : 1 + Math.log(tf);
      const x = tfw * Math.log(n / df) ** o.idfPower * (isPhrase[t] ? o.phraseBoost : 1);
      if (x > 0) pairs.push([t, x]);
    }
    pairs.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const kept = o.pruneTo > 0 ? pairs.slice(0, o.pruneTo) : pairs;
    const norm = Math.sqrt(kept.reduce((s, [, x]) => s + x * x, 0)) || 1;
    term.push(Int32Array.from(kept.map(([t]) => t)));
    w.push(Float32Array.from(kept.map(([, x]) => x / norm)));
  });
  const V = ct.vocab.length;
  const postStart = new Int32Array(V + 1);
  for (const ts of term) for (const t of ts) postStart[t + 1]++;
  for (let t = 0; t < V; t++) postStart[t + 1] += postStart[t];
  const fill = postStart.slice(0, V);
  const postDoc = new Int32Array(postStart[V]);
  const postW = new Float32Array(postStart[V]);
  term.forEach((ts, i) => {
    for (let j = 0; j < ts.length; j++) {
      postDoc[fill[ts[j]]] = i;
      postW[fill[ts[j]]++] = w[i][j];
    }
  });
  return { term, w, postStart, postDoc, postW };
}

/** A sparse query: term → weight. */
export type Query = Map<number, number>;

export function docQuery(v: Vectors, i: number): Query {
  const q: Query = new Map();
  for (let j = 0; j < v.term[i].length; j++) q.set(v.term[i][j], v.w[i][j]);
  return q;
}

/** The `k` best papers by dot product with `q` (unnormalised query), `self` left out. */
export function topByDot(v: Vectors, q: Query, k: number, self: number): { doc: number; score: number }[] {
  const n = v.term.length;
  const acc = (scratch.length === n ? scratch : (scratch = new Float64Array(n))).fill(0);
  for (const [t, qw] of q) for (let j = v.postStart[t]; j < v.postStart[t + 1]; j++) acc[v.postDoc[j]] += qw * v.postW[j];
  acc[self] = 0;
  const out: { doc: number; score: number }[] = [];
  for (let d = 0; d < n; d++) if (acc[d] > 0) out.push({ doc: d, score: acc[d] });
  out.sort((a, b) => b.score - a.score || a.doc - b.doc);
  return out.slice(0, k);
}
let scratch = new Float64Array(0);

/** Dot product of two papers' sparse vectors. */
export function dot(v: Vectors, a: number, b: number): number {
  const m = new Map<number, number>();
  for (let j = 0; j < v.term[a].length; j++) m.set(v.term[a][j], v.w[a][j]);
  let s = 0;
  for (let j = 0; j < v.term[b].length; j++) s += (m.get(v.term[b][j]) ?? 0) * v.w[b][j];
  return s;
}

/** A seeded generator (mulberry32), so the learned model is the same on every run. */
function random(seed: number) {
  return () => {
    seed |= 0;
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
}

/**
 * The collection's own model: paper embeddings `(W Wᵀ)^power Ω` for a random
 * `dims`-column Ω, i.e. each paper described by its similarity to every other
 * paper (and, with power 2, to their neighbours), projected down. The same
 * subspace randomized LSA starts from; learned from the corpus only.
 */
export function collectionEmbedding(v: Vectors, dims: number, power: number, seed = 1): Float32Array[] {
  const n = v.term.length;
  // Only terms that some vector kept: the full vocabulary (every phrase seen once) would not fit.
  const slot = new Int32Array(v.postStart.length - 1).fill(-1);
  let V = 0;
  for (let t = 0; t < slot.length; t++) if (v.postStart[t + 1] > v.postStart[t]) slot[t] = V++;
  const rnd = random(seed);
  let X = Array.from({ length: n }, () => Float32Array.from({ length: dims }, rnd));
  for (let p = 0; p < power; p++) {
    // T = Wᵀ X (term × dims), then X = W T.
    const T = new Float32Array(V * dims);
    for (let i = 0; i < n; i++) {
      const xi = X[i];
      for (let j = 0; j < v.term[i].length; j++) {
        const base = slot[v.term[i][j]] * dims;
        const wt = v.w[i][j];
        for (let k = 0; k < dims; k++) T[base + k] += wt * xi[k];
      }
    }
    X = X.map((_, i) => {
      const e = new Float32Array(dims);
      for (let j = 0; j < v.term[i].length; j++) {
        const base = slot[v.term[i][j]] * dims;
        const wt = v.w[i][j];
        for (let k = 0; k < dims; k++) e[k] += wt * T[base + k];
      }
      return e;
    });
  }
  for (const e of X) {
    let s = 0;
    for (const x of e) s += x * x;
    const norm = Math.sqrt(s) || 1;
    for (let k = 0; k < dims; k++) e[k] /= norm;
  }
  return X;
}

export function cosineDense(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
}
