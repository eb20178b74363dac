/**
 * Related-paper suggestions at run time: which corpus papers are closest to a
 * corpus paper, to a page outside the corpus, or to a whole reading list, and
 * which shared terms make them close (shown to the user as the reason). TF-IDF
 * cosine over the model of lib/related/model.ts; the method and its
 * measurements are in docs/related-experiments.md.
 */
import { analyzeTerms, isStopword, type AnalysisOptions, type Term } from '../core/text';
import { findIn, round, tableAt, tableSize, WEIGHT_SCALE, type RelatedItem, type RelatedModel } from './model';

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

/** Sorts (term, weight) pairs best first, ties by term so builds are reproducible. */
function byWeight(a: [number, number], b: [number, number]): number {
  return b[1] - a[1] || a[0] - b[0];
}

/** Derived lookups, built once per model object. */
interface ModelIndex {
  docIndex: Map<string, number>;
  /** Score accumulator and the list of papers it touched, reused across queries. */
  scores: Float64Array;
  touched: Uint32Array;
}

const indexes = new WeakMap<RelatedModel, ModelIndex>();

function indexOf(model: RelatedModel): ModelIndex {
  let ix = indexes.get(model);
  if (ix) return ix;
  ix = {
    docIndex: new Map(model.ids.map((id, i) => [id, i])),
    scores: new Float64Array(model.ids.length),
    touched: new Uint32Array(model.ids.length),
  };
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

/** Paper `doc`'s weight for term `t` (0 when absent): a binary search in the term's ascending postings. */
function weightIn(model: RelatedModel, t: number, doc: number): number {
  let lo = model.postStart[t];
  let hi = model.postStart[t + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = model.postDoc[mid];
    if (d === doc) return model.postW[mid];
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * Ranks the corpus against a query vector (cosine: doc vectors are unit length,
 * the query is normalised here) and explains each hit by its shared terms.
 */
export function rank(model: RelatedModel, query: QueryVector, k: number, exclude: Set<string>): RelatedItem[] {
  const { scores, touched } = indexOf(model);
  const { postStart, postDoc, postW } = model;
  let norm = 0;
  for (const w of query.values()) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm === 0) return [];
  let n = 0;
  for (const [t, qw] of query) {
    const q = qw / norm / WEIGHT_SCALE;
    for (let j = postStart[t]; j < postStart[t + 1]; j++) {
      const d = postDoc[j];
      if (scores[d] === 0) touched[n++] = d;
      scores[d] += q * postW[j];
    }
  }
  // Keep the best k in a small sorted array: no sort over every touched paper.
  const best: [number, number][] = [];
  const better = (a: [number, number], b: [number, number]) =>
    a[1] > b[1] || (a[1] === b[1] && compareIds(model.ids[a[0]], model.ids[b[0]]) < 0);
  for (let j = 0; j < n; j++) {
    const d = touched[j];
    const hit: [number, number] = [d, scores[d]];
    scores[d] = 0;
    if (hit[1] <= 0 || exclude.has(model.ids[d])) continue;
    if (best.length === k && !better(hit, best[k - 1])) continue;
    let at = best.length;
    while (at > 0 && better(hit, best[at - 1])) at--;
    best.splice(at, 0, hit);
    if (best.length > k) best.pop();
  }
  return best.map(([i, s]) => ({
    id: model.ids[i],
    score: round(s, 4),
    reasons: reasons(model, query, i),
  }));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The 2–4 shared terms that add most to the similarity. A phrase replaces the
 * words it is made of ("optimal transport", not also "transport"), and a term
 * adding under a fifth of the strongest one is left out after the second, since
 * a weak third reason reads as noise.
 */
function reasons(model: RelatedModel, query: QueryVector, doc: number): string[] {
  const shared: [number, number][] = [];
  for (const [t, qw] of query) {
    const w = qw ? weightIn(model, t, doc) : 0;
    if (w) shared.push([t, qw * w]);
  }
  shared.sort(byWeight);
  const chosen: number[] = [];
  const top = shared[0]?.[1] ?? 0;
  for (const [t, c] of shared) {
    if (chosen.length >= 4 || (chosen.length >= 2 && c < top / 5)) break;
    // "previous work" or "comprehensive" may count towards the score, but as a reason it says nothing.
    const surface = tableAt(model.surface, t);
    if (surface.split(/[ -]/).every((w) => isStopword(w.toLowerCase(), 'academic'))) continue;
    // A two-letter lower-case word is a compound's fragment ("ad" of "ad-hoc") or an abbreviation ("et", "ii"); acronyms ("IR") stay.
    if (/^[a-z0-9]{1,2}$/.test(surface)) continue;
    const term = tableAt(model.terms, t);
    const words = term.split(' ');
    if (words.length === 1) {
      if (chosen.some((u) => tableAt(model.terms, u).split(' ').includes(words[0]))) continue;
      chosen.push(t);
    } else {
      // A phrase absorbs the single words it contains that were already chosen.
      const absorbed = chosen.filter((u) => words.includes(tableAt(model.terms, u)));
      if (
        chosen.some((u) => {
          const other = tableAt(model.terms, u);
          return other !== term && other.includes(' ') && overlaps(other, term);
        })
      ) {
        // Two overlapping phrases ("masked language", "language model") would repeat a word; keep the stronger.
        continue;
      }
      for (const u of absorbed) chosen.splice(chosen.indexOf(u), 1);
      chosen.push(t);
    }
  }
  return chosen.map((t) => tableAt(model.surface, t));
}

function overlaps(a: string, b: string): boolean {
  const wa = a.split(' ');
  return b.split(' ').some((w) => wa.includes(w));
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
