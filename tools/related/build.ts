/**
 * Builds the related-paper model from the corpus and precomputes every corpus
 * paper's related list (`data/related.json`). Build time only: nothing that
 * ships imports it. The defaults are the measured best; the measurements are in
 * docs/related-experiments.md.
 */
import type { AnalysisOptions } from '../../lib/core/text';
import type { Paper } from '../../lib/core/paper';
import { round, stringTable, WEIGHT_SCALE, type RelatedItem, type RelatedModel } from '../../lib/related/model';
import { countTerms, docVector, lengthOf, rank, tfWeight } from '../../lib/related/score';

/** Settings of a build. The defaults are the measured best (docs/related-experiments.md). */
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
 * strongest terms and normalised.
 */
export function buildRelatedModel(
  papers: Pick<Paper, 'id' | 'title' | 'abstract'>[],
  options: Partial<RelatedBuildOptions> = {},
): RelatedModel {
  const o: RelatedBuildOptions = { ...DEFAULT_BUILD_OPTIONS, ...options };
  const counts = papers.map((p) => countTerms(p.title, p.abstract, o.analysis, o.titleWeight));
  const df = new Map<string, number>();
  const surfaceVotes = new Map<string, Map<string, number>>();
  for (const c of counts) {
    for (const [term, { surfaces }] of c) {
      df.set(term, (df.get(term) ?? 0) + 1);
      let votes = surfaceVotes.get(term);
      if (!votes) surfaceVotes.set(term, (votes = new Map()));
      for (const [s, n] of surfaces) votes.set(s, (votes.get(s) ?? 0) + n);
    }
  }
  const n = papers.length;
  const idfOf = (term: string) => Math.log(n / df.get(term)!);

  // Vectors over term keys first; the vocabulary is what survives pruning.
  const avgLength = counts.reduce((s, c) => s + lengthOf(c), 0) / Math.max(1, n);
  const sat = { k1: o.k1, b: o.b, avgLength };
  const keyed = counts.map((c) => {
    const v: [string, number][] = [];
    const len = lengthOf(c);
    for (const [term, { tf }] of c) {
      if (o.dropSingletons && df.get(term)! < 2) continue;
      const w = tfWeight(tf, len, sat) * idfOf(term);
      if (w > 0) v.push([term, w]);
    }
    v.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    return o.pruneTo > 0 ? v.slice(0, o.pruneTo) : v;
  });
  const terms = [...new Set(keyed.flatMap((v) => v.map(([t]) => t)))].sort();
  const index = new Map(terms.map((t, i) => [t, i]));

  // Normalise each vector, then lay the (paper, weight) pairs out term by term.
  const pairsOf = keyed.map((v) => {
    const norm = Math.sqrt(v.reduce((sum, [, w]) => sum + w * w, 0)) || 1;
    return v.map(([t, w]): [number, number] => [index.get(t)!, Math.round((w / norm) * WEIGHT_SCALE)]).filter(([, w]) => w > 0);
  });
  const postStart = new Uint32Array(terms.length + 1);
  for (const pairs of pairsOf) for (const [t] of pairs) postStart[t + 1]++;
  for (let t = 0; t < terms.length; t++) postStart[t + 1] += postStart[t];
  const fill = postStart.slice(0, terms.length);
  const postDoc = new Uint32Array(postStart[terms.length]);
  const postW = new Uint16Array(postDoc.length);
  pairsOf.forEach((pairs, i) => {
    for (const [t, w] of pairs) {
      postDoc[fill[t]] = i;
      postW[fill[t]++] = w;
    }
  });

  return {
    version: 3,
    analysis: o.analysis,
    titleWeight: o.titleWeight,
    saturation: { k1: o.k1, b: o.b, avgLength: round(avgLength, 2) },
    terms: stringTable(terms),
    surface: stringTable(terms.map((t) => bestSurface(surfaceVotes.get(t)!))),
    idf: terms.map((t) => round(idfOf(t), 3)),
    ids: papers.map((p) => p.id),
    postStart,
    postDoc,
    postW,
  };
}

/** The most frequent way a term was written; ties go to the alphabetically first, for stable builds. */
function bestSurface(votes: Map<string, number>): string {
  let best = '';
  let bestN = -1;
  for (const [s, n] of votes) if (n > bestN || (n === bestN && s < best)) [best, bestN] = [s, n];
  return best;
}

/**
 * Top-`k` (default 5) related papers for every corpus paper, keyed by id: what
 * `data/related.json` ships. In a large corpus each paper's query leaves out
 * terms found in more than 5% of papers (at least 1,000): their low idf adds
 * little to any score, and their long posting lists are most of the cost of a
 * 30,000-paper build. Corpora under 1,000 papers are ranked exactly.
 */
export function precomputeRelated(model: RelatedModel, k = 5): Record<string, RelatedItem[]> {
  const { postStart } = model;
  const maxDf = Math.max(1_000, Math.floor(model.ids.length * 0.05));
  const out: Record<string, RelatedItem[]> = {};
  model.ids.forEach((id, i) => {
    const query = docVector(model, i);
    for (const t of query.keys()) if (postStart[t + 1] - postStart[t] > maxDf) query.delete(t);
    out[id] = rank(model, query, k, new Set([id]));
  });
  return out;
}
