/**
 * Related-paper suggestions at run time: which corpus papers are closest to a
 * corpus paper, to a page outside the corpus, or to a whole reading list, and
 * which shared terms make them close (shown to the user as the reason). TF-IDF
 * cosine over the model of lib/related/model.ts; the method and its
 * measurements are in docs/ARCHITECTURE.md (its experiment log).
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
 * Query terms found in more than this many papers are left out of the scoring
 * (not of the reasons): their long postings were most of the work of a related
 * list at 110,000 papers, and their low idf adds little to any score. 5% of the
 * papers, at least 1,000, so small corpora are ranked exactly; on the real 30k
 * dev set nDCG@5 0.625 with the cap, 0.619 without (tools/related-lab/df-cap.ts).
 */
export function scoringDfLimit(paperCount: number): number {
  return Math.max(1_000, Math.floor(paperCount * 0.05));
}

/**
 * Ranks the corpus against a query vector (cosine: doc vectors are unit length,
 * the query is normalised here) and explains each hit by its shared terms.
 */
export function rank(model: RelatedModel, query: QueryVector, k: number, exclude: Set<string>): RelatedItem[] {
  const { scores, touched, docIndex } = indexOf(model);
  const { postStart, postDoc, postW } = model;
  let norm = 0;
  for (const w of query.values()) norm += w * w;
  norm = Math.sqrt(norm);
  if (norm === 0 || k <= 0) return [];
  const maxDf = scoringDfLimit(model.ids.length);
  let n = 0;
  for (const [t, qw] of query) {
    if (postStart[t + 1] - postStart[t] > maxDf) continue;
    const q = qw / norm / WEIGHT_SCALE;
    for (let j = postStart[t]; j < postStart[t + 1]; j++) {
      const d = postDoc[j];
      if (scores[d] === 0) touched[n++] = d;
      scores[d] += q * postW[j];
    }
  }
  const excluded = new Set<number>();
  for (const id of exclude) {
    const i = docIndex.get(id);
    if (i !== undefined) excluded.add(i);
  }
  // Keep the best k in a small sorted array: no sort, and no allocation, over every touched paper.
  const bestDoc: number[] = [];
  const bestScore: number[] = [];
  const better = (d: number, s: number, at: number) =>
    s > bestScore[at] || (s === bestScore[at] && compareIds(model.ids[d], model.ids[bestDoc[at]]) < 0);
  for (let j = 0; j < n; j++) {
    const d = touched[j];
    const s = scores[d];
    scores[d] = 0;
    if (s <= 0 || excluded.has(d)) continue;
    if (bestDoc.length === k && !better(d, s, k - 1)) continue;
    let at = bestDoc.length;
    while (at > 0 && better(d, s, at - 1)) at--;
    bestDoc.splice(at, 0, d);
    bestScore.splice(at, 0, s);
    if (bestDoc.length > k) {
      bestDoc.pop();
      bestScore.pop();
    }
  }
  return bestDoc.map((i, at) => ({
    id: model.ids[i],
    score: round(bestScore[at], 4),
    reasons: reasons(model, query, i),
  }));
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Papers a term may be in and still be shown as a reason: 1% of the collection,
 * or 10 in a small one (among 65 papers any shared term is in 3% of them, and
 * a bar of 2 papers left phrases like "ablation studies" as the only reasons).
 */
export function reasonDfLimit(paperCount: number): number {
  return Math.max(10, Math.floor(paperCount * 0.01));
}

/**
 * The 1–4 shared terms that explain a suggestion: among the shared terms found
 * in at most {@link reasonDfLimit} papers (at 30,000 papers "rather" is in 6%,
 * "steering" in 1.4%: they scored, but told a reader nothing), those adding
 * most to the similarity, a phrase or an acronym counted double since it says
 * more than a single word of the same weight. When no shared term is that rare,
 * the rarest one. A phrase replaces the words it is made of ("optimal
 * transport", not also "transport"), and a term adding under a fifth of the
 * strongest one is left out after the second, since a weak third reason reads
 * as noise.
 */
function reasons(model: RelatedModel, query: QueryVector, doc: number): string[] {
  const n = model.ids.length;
  // df ≤ limit ⇔ idf = ln(n / df) ≥ ln(n / limit); idf is stored to 3 decimals.
  const minIdf = Math.log(n / reasonDfLimit(n)) - 5e-4;
  const shared: [number, number][] = [];
  let rarest = -1;
  for (const [t, qw] of query) {
    const w = qw ? weightIn(model, t, doc) : 0;
    if (!w) continue;
    const surface = tableAt(model.surface, t);
    // "previous work" or "comprehensive" may count towards the score, but as a reason it says nothing.
    if (surface.split(/[ -]/).every((x) => isStopword(x.toLowerCase(), 'academic'))) continue;
    // A two-letter lower-case word is a compound's fragment ("ad" of "ad-hoc") or an abbreviation ("et", "ii"); acronyms ("IR") stay.
    if (/^[a-z0-9]{1,2}$/.test(surface)) continue;
    if (rarest < 0 || model.idf[t] > model.idf[rarest] || (model.idf[t] === model.idf[rarest] && t < rarest)) rarest = t;
    if (model.idf[t] < minIdf) continue;
    const phraseOrAcronym = /[ -]/.test(surface) || /^[A-Z]/.test(surface);
    shared.push([t, qw * w * (phraseOrAcronym ? 2 : 1)]);
  }
  if (!shared.length && rarest >= 0) shared.push([rarest, 1]);
  shared.sort(byWeight);
  const chosen: number[] = [];
  const top = shared[0]?.[1] ?? 0;
  for (const [t, c] of shared) {
    if (chosen.length >= 4 || (chosen.length >= 2 && c < top / 5)) break;
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
