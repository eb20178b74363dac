/**
 * Builds the related-paper model from the corpus and precomputes every corpus
 * paper's related list (`data/related.json`). Build time only: nothing that
 * ships imports it. The defaults are the measured best; the measurements are in
 * docs/ARCHITECTURE.md (its experiment log).
 */
import type { Paper } from '../../lib/core/paper';
import { round, stringTable, WEIGHT_SCALE, type RelatedItem, type RelatedModel } from '../../lib/related/model';
import { analyzeTerms, type AnalysisOptions } from '../../lib/core/text';
import { relatedToPaper, tfWeight } from '../../lib/related/score';

/** Settings of a build. The defaults are the measured best (docs/ARCHITECTURE.md (its experiment log)). */
export interface RelatedBuildOptions {
  analysis: AnalysisOptions;
  /** tf multiplier for title occurrences. */
  titleWeight: number;
  /** Keep only this many highest-weighted terms per paper (0 = all). */
  pruneTo: number;
  /** Drop terms found in a single paper: they cannot link two corpus papers. */
  dropSingletons: boolean;
  /** BM25 tf saturation k1 (0 = 1 + log tf instead). */
  k1: number;
  /** BM25 length normalisation b, 0–1 (used only with k1 > 0). */
  b: number;
}

/** The shipped settings. */
export const DEFAULT_BUILD_OPTIONS: RelatedBuildOptions = {
  analysis: {
    stem: 'porter',
    stopwords: 'english',
    phrases: true,
    joinPrefixes: true,
    compounds: 'whole+parts',
    dropNumeric: true,
  },
  titleWeight: 1,
  pruneTo: 100,
  dropSingletons: true,
  k1: 0,
  b: 0.75,
};

/**
 * Builds the model from the corpus: TF-IDF vectors over stemmed words and
 * two-word phrases, title terms counted extra, each vector pruned to its
 * strongest terms and normalised. Term keys are interned to numbers while
 * counting, and a term's spellings are tallied in a map only once a second
 * spelling turns up: maps of maps of strings took most of a 30,000-paper
 * build (172 s → 25 s here, byte-identical output).
 */
export function buildRelatedModel(
  papers: Pick<Paper, 'id' | 'title' | 'abstract'>[],
  options: Partial<RelatedBuildOptions> = {},
): RelatedModel {
  const o: RelatedBuildOptions = { ...DEFAULT_BUILD_OPTIONS, ...options };
  const index = new Map<string, number>();
  const keys: string[] = [];
  // Surface votes: most terms are written one way, so only a second spelling opens a map.
  const firstSurface: string[] = [];
  const firstVotes: number[] = [];
  const otherVotes = new Map<number, Map<string, number>>();
  let df = new Int32Array(1 << 16);
  const docTerms: Int32Array[] = [];
  const docTf: Float64Array[] = [];
  const lens = new Float64Array(papers.length);
  const tf = new Map<number, number>();
  papers.forEach((p, i) => {
    tf.clear();
    const add = (text: string, weight: number) => {
      for (const { term, surface } of analyzeTerms(text, o.analysis)) {
        let t = index.get(term);
        if (t === undefined) {
          index.set(term, (t = keys.length));
          keys.push(term);
          firstSurface.push(surface);
          firstVotes.push(0);
        }
        tf.set(t, (tf.get(t) ?? 0) + weight);
        if (surface === firstSurface[t]) firstVotes[t]++;
        else {
          let m = otherVotes.get(t);
          if (!m) otherVotes.set(t, (m = new Map()));
          m.set(surface, (m.get(surface) ?? 0) + 1);
        }
      }
    };
    add(p.title, o.titleWeight);
    add(p.abstract, 1);
    if (keys.length > df.length) {
      const grown = new Int32Array(Math.max(keys.length, df.length * 2));
      grown.set(df);
      df = grown;
    }
    const ts = Int32Array.from(tf.keys());
    const fs = Float64Array.from(tf.values());
    let len = 0;
    for (const t of ts) df[t]++;
    for (const f of fs) len += f;
    docTerms.push(ts);
    docTf.push(fs);
    lens[i] = len;
  });
  const n = papers.length;
  const avgLength = lens.reduce((a, b) => a + b, 0) / Math.max(1, n);
  const sat = { k1: o.k1, b: o.b, avgLength };
  const idfOf = (t: number) => Math.log(n / df[t]);
  const keyed = docTerms.map((ts, i) => {
    const v: [number, number][] = [];
    for (let j = 0; j < ts.length; j++) {
      const t = ts[j];
      if (o.dropSingletons && df[t] < 2) continue;
      const w = tfWeight(docTf[i][j], lens[i], sat) * idfOf(t);
      if (w > 0) v.push([t, w]);
    }
    v.sort((a, b) => b[1] - a[1] || (keys[a[0]] < keys[b[0]] ? -1 : keys[a[0]] > keys[b[0]] ? 1 : 0));
    return o.pruneTo > 0 ? v.slice(0, o.pruneTo) : v;
  });
  const used = new Uint8Array(keys.length);
  for (const v of keyed) for (const [t] of v) used[t] = 1;
  const kept: number[] = [];
  for (let t = 0; t < keys.length; t++) if (used[t]) kept.push(t);
  kept.sort((a, b) => (keys[a] < keys[b] ? -1 : keys[a] > keys[b] ? 1 : 0));
  const slot = new Int32Array(keys.length).fill(-1);
  kept.forEach((t, i) => (slot[t] = i));
  const T = kept.length;
  const pairsOf = keyed.map((v) => {
    const norm = Math.sqrt(v.reduce((sum, [, w]) => sum + w * w, 0)) || 1;
    return v.map(([t, w]): [number, number] => [slot[t], Math.round((w / norm) * WEIGHT_SCALE)]).filter(([, w]) => w > 0);
  });
  const postStart = new Uint32Array(T + 1);
  for (const pairs of pairsOf) for (const [t] of pairs) postStart[t + 1]++;
  for (let t = 0; t < T; t++) postStart[t + 1] += postStart[t];
  const fill = postStart.slice(0, T);
  const postDoc = new Uint32Array(postStart[T]);
  const postW = new Uint16Array(postDoc.length);
  pairsOf.forEach((pairs, i) => {
    for (const [t, w] of pairs) {
      postDoc[fill[t]] = i;
      postW[fill[t]++] = w;
    }
  });
  const surfaceOf = (t: number) => {
    let best = firstSurface[t];
    let bestN = firstVotes[t];
    for (const [s, c] of otherVotes.get(t) ?? []) if (c > bestN || (c === bestN && s < best)) [best, bestN] = [s, c];
    return best;
  };
  return {
    version: 3,
    analysis: o.analysis,
    titleWeight: o.titleWeight,
    saturation: { k1: o.k1, b: o.b, avgLength: round(avgLength, 2) },
    terms: stringTable(kept.map((t) => keys[t])),
    surface: stringTable(kept.map(surfaceOf)),
    idf: kept.map((t) => round(idfOf(t), 3)),
    ids: papers.map((p) => p.id),
    postStart,
    postDoc,
    postW,
  };
}

/**
 * Top-`k` (default 5) related papers for every corpus paper, keyed by id: the
 * same lists `relatedToPaper` gives on demand (for tests, benchmarks and
 * comparisons; the shipped build no longer precomputes them, see
 * tools/build-related.ts).
 */
export function precomputeRelated(model: RelatedModel, k = 5): Record<string, RelatedItem[]> {
  const out: Record<string, RelatedItem[]> = {};
  for (const id of model.ids) out[id] = relatedToPaper(model, id, k);
  return out;
}
