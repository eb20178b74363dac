/**
 * Related-paper suggestions at run time: which corpus papers are closest to a
 * corpus paper, to a page outside the corpus, or to a whole reading list, and
 * which shared terms make them close (shown to the user as the reason). TF-IDF
 * cosine over the model of lib/related/model.ts; the method and its
 * measurements are in docs/ARCHITECTURE.md (its experiment log).
 */
import { analyzeTerms, type AnalysisOptions, type Term } from '../core/text';
import { findIn, tableAt, tableSize, WEIGHT_SCALE, type RelatedItem, type RelatedModel } from './model';
import { accumulator, rankTerms, reasonDfLimit, scoringDfLimit, type Accumulator, type RankTerm } from './rank';

/** Term counts of one text: tf and how often each surface form was seen (the build votes on surfaces). */
export type Counts = Map<string, { tf: number; surfaces: Map<string, number> }>;

/** Term counts of a title + abstract, title occurrences weighted up (the same at build and at run time). */
export function countTerms(title: string, abstract: string, analysis: AnalysisOptions, titleWeight: number): Counts {
  const counts: Counts = new Map();
  const add = (terms: Term[], weight: number) => {
    for (const { term, surface } of terms) {
      let c = counts.get(term);
      if (!c) counts.set(term, (c = { tf: 0, surfaces: new Map() }));
      c.tf += weight;
      c.surfaces.set(surface, (c.surfaces.get(surface) ?? 0) + 1);
    }
  };
  add(analyzeTerms(title, analysis), titleWeight);
  add(analyzeTerms(abstract, analysis), 1);
  return counts;
}

/** Sublinear tf: the tenth "multilingual" in an abstract says less than the first. */
export function tfWeight(
  tf: number,
  len = 1,
  s: { k1: number; b: number; avgLength: number } = { k1: 0, b: 0, avgLength: 1 },
): number {
  if (s.k1 <= 0) return 1 + Math.log(tf);
  const K = s.k1 * (1 - s.b + (s.b * len) / s.avgLength);
  return (tf * (s.k1 + 1)) / (tf + K);
}

/** Total tf of a text: its length for BM25 saturation. */
export const lengthOf = (c: Counts) => {
  let n = 0;
  for (const { tf } of c.values()) n += tf;
  return n;
};

/** Derived lookups, built once per model object. */
interface ModelIndex {
  docIndex: Map<string, number>;
  acc: Accumulator;
}

const indexes = new WeakMap<RelatedModel, ModelIndex>();

function indexOf(model: RelatedModel): ModelIndex {
  let ix = indexes.get(model);
  if (ix) return ix;
  ix = { docIndex: new Map(model.ids.map((id, i) => [id, i])), acc: accumulator(model.ids.length) };
  indexes.set(model, ix);
  return ix;
}

/** Paper by paper vectors, derived once when needed (building every list at build time): the worker never needs them. */
const byPaper = new WeakMap<RelatedModel, { start: Uint32Array; term: Uint32Array; w: Uint16Array }>();

function paperMajor(model: RelatedModel) {
  let m = byPaper.get(model);
  if (m) return m;
  const n = model.ids.length;
  const start = new Uint32Array(n + 1);
  for (let j = 0; j < model.postDoc.length; j++) start[model.postDoc[j] + 1]++;
  for (let i = 0; i < n; i++) start[i + 1] += start[i];
  const fill = start.slice(0, n);
  const term = new Uint32Array(model.postDoc.length);
  const w = new Uint16Array(model.postDoc.length);
  for (let t = 0; t < tableSize(model.terms); t++) {
    for (let j = model.postStart[t]; j < model.postStart[t + 1]; j++) {
      const at = fill[model.postDoc[j]]++;
      term[at] = t;
      w[at] = model.postW[j];
    }
  }
  byPaper.set(model, (m = { start, term, w }));
  return m;
}

/** A query vector: term index → weight (any scale; only the ranking and reasons use it). */
export type QueryVector = Map<number, number>;

/** Paper `i`'s vector as a query (also what tools/related/build.ts ranks every paper by). */
export function docVector(model: RelatedModel, i: number): QueryVector {
  const m = paperMajor(model);
  const v: QueryVector = new Map();
  for (let j = m.start[i]; j < m.start[i + 1]; j++) v.set(m.term[j], m.w[j] / WEIGHT_SCALE);
  return v;
}

export { reasonDfLimit, scoringDfLimit };

/**
 * Ranks the corpus against a query vector (lib/related/rank.ts `rankTerms`:
 * cosine, explained by shared terms), the model held in memory.
 */
export function rank(model: RelatedModel, query: QueryVector, k: number, exclude: Set<string>): RelatedItem[] {
  const { docIndex, acc } = indexOf(model);
  const maxDf = scoringDfLimit(model.ids.length);
  const terms: RankTerm[] = [];
  for (const [t, weight] of query) {
    const from = model.postStart[t];
    const to = model.postStart[t + 1];
    terms.push({
      key: tableAt(model.terms, t),
      surface: tableAt(model.surface, t),
      idf: model.idf[t],
      weight,
      ...(to - from <= maxDf ? { postings: { doc: model.postDoc.subarray(from, to), w: model.postW.subarray(from, to) } } : {}),
    });
  }
  const excluded = new Set<number>();
  for (const id of exclude) {
    const i = docIndex.get(id);
    if (i !== undefined) excluded.add(i);
  }
  const before = (a: number, b: number) => model.ids[a] < model.ids[b];
  return rankTerms(terms, { paperCount: model.ids.length, k, excluded, before, acc }).map((r) => ({
    id: model.ids[r.doc],
    score: r.score,
    reasons: r.reasons,
  }));
}

/** The `k` (default 5) corpus papers most related to corpus paper `id`, itself excluded; [] for an unknown id. */
export function relatedToPaper(model: RelatedModel, id: string, k = 5): RelatedItem[] {
  const i = indexOf(model).docIndex.get(id);
  if (i === undefined) return [];
  return rank(model, docVector(model, i), k, new Set([id]));
}

/**
 * The `k` corpus papers most related to a page outside the corpus (an arXiv
 * page being read), analysed at run time the way the corpus was at build time.
 * Terms the corpus never kept are ignored: they cannot match any paper.
 */
export function relatedToText(
  model: RelatedModel,
  text: { title: string; abstract?: string },
  k = 5,
  exclude: string[] = [],
): RelatedItem[] {
  const counts = countTerms(text.title, text.abstract ?? '', model.analysis, model.titleWeight);
  const query: QueryVector = new Map();
  const len = lengthOf(counts);
  for (const [term, { tf }] of counts) {
    const t = findIn(model.terms, term);
    if (t >= 0 && model.idf[t] > 0) query.set(t, tfWeight(tf, len, model.saturation) * model.idf[t]);
  }
  return rank(model, query, k, new Set(exclude));
}

/**
 * "More like my list": the `k` papers closest to the centroid of the given
 * papers' vectors (each paper counts equally), none of the given ones and none
 * of `exclude`. Unknown ids are skipped.
 */
export function relatedToSet(model: RelatedModel, ids: string[], k = 5, exclude: string[] = []): RelatedItem[] {
  const { docIndex } = indexOf(model);
  const inSet = new Uint8Array(model.ids.length);
  for (const id of ids) {
    const i = docIndex.get(id);
    if (i !== undefined) inSet[i] = 1;
  }
  // One pass over the postings sums the chosen papers' vectors, term by term.
  const centroid: QueryVector = new Map();
  for (let t = 0; t < tableSize(model.terms); t++) {
    let sum = 0;
    for (let j = model.postStart[t]; j < model.postStart[t + 1]; j++) if (inSet[model.postDoc[j]]) sum += model.postW[j];
    if (sum > 0) centroid.set(t, sum / WEIGHT_SCALE);
  }
  return rank(model, centroid, k, new Set([...ids, ...exclude]));
}
