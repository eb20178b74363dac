/**
 * The ranking of related papers, over query terms however they were found: in
 * the whole model held in memory (lib/related/score.ts, build time and tests)
 * or in the term-keyed shards the worker reads (lib/related/shards.ts). Both
 * hand the same terms, in the same order, with the same postings, so the two
 * give the same lists, scores and reasons. The method and its measurements are
 * in docs/ARCHITECTURE.md (its experiment log).
 */
import { isStopword } from '../core/text';
import { round, WEIGHT_SCALE } from './model';

/** A term's postings: ascending paper numbers and their weights in units of 1/WEIGHT_SCALE. */
export interface Postings {
  doc: Uint32Array;
  w: Uint16Array;
}

/** One query term as the ranking sees it. */
export interface RankTerm {
  /** Analysed key ("optim transport"): ties are broken by key, as the model orders its terms. */
  key: string;
  /** How the term is shown as a reason. */
  surface: string;
  idf: number;
  /** The query's weight for it (any scale). */
  weight: number;
  /** Its postings; absent for a term in more than {@link scoringDfLimit} papers, which is never scored nor a reason. */
  postings?: Postings;
}

/** A ranked paper by number (the caller knows which id each number is). */
export interface RankedDoc {
  doc: number;
  score: number;
  reasons: string[];
}

/**
 * Query terms found in more than this many papers are left out of the scoring
 * (and of the reasons): their long postings were most of the work of a related
 * list at 110,000 papers, and their low idf adds little to any score. 5% of the
 * papers, at least 1,000, so small corpora are ranked exactly; on the real 30k
 * dev set nDCG@5 0.625 with the cap, 0.619 without (tools/related-lab/df-cap.ts).
 * The worker is never shipped their postings.
 */
export function scoringDfLimit(paperCount: number): number {
  return Math.max(1_000, Math.floor(paperCount * 0.05));
}

/**
 * Papers a term may be in and still be shown as a reason: 1% of the collection,
 * or 10 in a small one (among 65 papers any shared term is in 3% of them, and
 * a bar of 2 papers left phrases like "ablation studies" as the only reasons).
 */
export function reasonDfLimit(paperCount: number): number {
  return Math.max(10, Math.floor(paperCount * 0.01));
}

/** A score accumulator over the papers and the list of those it touched, reused across queries. */
export interface Accumulator {
  scores: Float64Array;
  touched: Uint32Array;
}

export const accumulator = (paperCount: number): Accumulator => ({
  scores: new Float64Array(paperCount),
  touched: new Uint32Array(paperCount),
});

/** What a ranking needs besides its terms. */
export interface RankOptions {
  paperCount: number;
  k: number;
  /** Papers never suggested (the query paper, the reading list). */
  excluded: Set<number>;
  /** Whether paper `a` comes before paper `b` on equal scores (by id). */
  before: (a: number, b: number) => boolean;
  acc: Accumulator;
}

/** The length of a query: over all its terms, scored or not, in their order. */
export function queryNorm(terms: readonly RankTerm[]): number {
  let norm = 0;
  for (const t of terms) norm += t.weight * t.weight;
  return Math.sqrt(norm);
}

/**
 * Adds the terms' share of the cosine to the accumulator (the query's length
 * being `norm`); `n` papers were touched before, the count after is returned.
 * Terms in more than {@link scoringDfLimit} papers are skipped.
 */
export function accumulate(terms: readonly RankTerm[], norm: number, paperCount: number, acc: Accumulator, n = 0): number {
  const { scores, touched } = acc;
  const maxDf = scoringDfLimit(paperCount);
  for (const t of terms) {
    const p = t.postings;
    if (!p || p.doc.length > maxDf) continue;
    const q = t.weight / norm / WEIGHT_SCALE;
    for (let j = 0; j < p.doc.length; j++) {
      const d = p.doc[j];
      if (scores[d] === 0) touched[n++] = d;
      scores[d] += q * p.w[j];
    }
  }
  return n;
}

/** The best `o.k` of the `n` touched papers, best first, and the accumulator cleared for the next query. */
export function selectTop(n: number, o: RankOptions): { doc: number; score: number }[] {
  const { scores, touched } = o.acc;
  // Keep the best k in a small sorted array: no sort, and no allocation, over every touched paper.
  const bestDoc: number[] = [];
  const bestScore: number[] = [];
  const better = (d: number, s: number, at: number) => s > bestScore[at] || (s === bestScore[at] && o.before(d, bestDoc[at]));
  for (let j = 0; j < n; j++) {
    const d = touched[j];
    const s = scores[d];
    scores[d] = 0;
    if (s <= 0 || o.excluded.has(d)) continue;
    if (bestDoc.length === o.k && !better(d, s, o.k - 1)) continue;
    let at = bestDoc.length;
    while (at > 0 && better(d, s, at - 1)) at--;
    bestDoc.splice(at, 0, d);
    bestScore.splice(at, 0, s);
    if (bestDoc.length > o.k) {
      bestDoc.pop();
      bestScore.pop();
    }
  }
  return bestDoc.map((doc, at) => ({ doc, score: round(bestScore[at], 4) }));
}

/**
 * Ranks the papers against the query terms (cosine: paper vectors are unit
 * length, the query is normalised here over all its terms, scored or not) and
 * explains each hit by its shared terms.
 */
export function rankTerms(terms: RankTerm[], o: RankOptions): RankedDoc[] {
  const norm = queryNorm(terms);
  if (norm === 0 || o.k <= 0) return [];
  const top = selectTop(accumulate(terms, norm, o.paperCount, o.acc), o);
  return top.map((r) => ({ ...r, reasons: reasons(terms, r.doc, o.paperCount) }));
}

/** Paper `doc`'s weight in postings (0 when absent): a binary search, the papers being ascending. */
export function weightIn(p: Postings, doc: number): number {
  let lo = 0;
  let hi = p.doc.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = p.doc[mid];
    if (d === doc) return p.w[mid];
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/** Sorts (term, weight) pairs best first, ties by key so that results are reproducible. */
function byWeight(a: [RankTerm, number], b: [RankTerm, number]): number {
  return b[1] - a[1] || (a[0].key < b[0].key ? -1 : a[0].key > b[0].key ? 1 : 0);
}

/**
 * The 1–4 shared terms that explain a suggestion: among the shared terms found
 * in at most {@link reasonDfLimit} papers (at 30,000 papers "rather" is in 6%,
 * "steering" in 1.4%: they scored, but told a reader nothing), those adding
 * most to the similarity, a phrase or an acronym counted double since it says
 * more than a single word of the same weight. When no shared term is that rare,
 * the rarest scored one. A phrase replaces the words it is made of ("optimal
 * transport", not also "transport"), and a term adding under a fifth of the
 * strongest one is left out after the second, since a weak third reason reads
 * as noise.
 */
export function reasons(terms: readonly RankTerm[], doc: number, paperCount: number): string[] {
  const maxDf = scoringDfLimit(paperCount);
  // df ≤ limit ⇔ idf = ln(n / df) ≥ ln(n / limit); idf is stored to 3 decimals.
  const minIdf = Math.log(paperCount / reasonDfLimit(paperCount)) - 5e-4;
  const shared: [RankTerm, number][] = [];
  let rarest: RankTerm | undefined;
  // The rare shared terms first; the others only when none is left (for the rarest of them): a term's
  // surface form is read only when it is looked at (lib/worker/corpus-related.ts reads it on demand).
  for (const rare of [true, false]) {
    for (const t of terms) {
      if (t.idf >= minIdf !== rare) continue;
      const w = t.weight && t.postings && t.postings.doc.length <= maxDf ? weightIn(t.postings, doc) : 0;
      if (!w) continue;
      const surface = t.surface;
      // "previous work" or "comprehensive" may count towards the score, but as a reason it says nothing.
      if (surface.split(/[ -]/).every((x) => isStopword(x.toLowerCase(), 'academic'))) continue;
      // A two-letter lower-case word is a compound's fragment ("ad" of "ad-hoc") or an abbreviation ("et", "ii"); acronyms ("IR") stay.
      if (/^[a-z0-9]{1,2}$/.test(surface)) continue;
      if (!rarest || t.idf > rarest.idf || (t.idf === rarest.idf && t.key < rarest.key)) rarest = t;
      if (!rare) continue;
      const phraseOrAcronym = /[ -]/.test(surface) || /^[A-Z]/.test(surface);
      shared.push([t, t.weight * w * (phraseOrAcronym ? 2 : 1)]);
    }
    if (shared.length) break;
  }
  if (!shared.length && rarest) shared.push([rarest, 1]);
  shared.sort(byWeight);
  const chosen: RankTerm[] = [];
  const top = shared[0]?.[1] ?? 0;
  for (const [t, c] of shared) {
    if (chosen.length >= 4 || (chosen.length >= 2 && c < top / 5)) break;
    const words = t.key.split(' ');
    if (words.length === 1) {
      if (chosen.some((u) => u.key.split(' ').includes(words[0]))) continue;
      chosen.push(t);
    } else {
      // Two overlapping phrases ("masked language", "language model") would repeat a word; keep the stronger.
      if (chosen.some((u) => u.key !== t.key && u.key.includes(' ') && overlaps(u.key, t.key))) continue;
      // A phrase absorbs the single words it contains that were already chosen.
      for (const u of chosen.filter((u) => words.includes(u.key))) chosen.splice(chosen.indexOf(u), 1);
      chosen.push(t);
    }
  }
  return chosen.map((t) => t.surface);
}

function overlaps(a: string, b: string): boolean {
  const wa = a.split(' ');
  return b.split(' ').some((w) => wa.includes(w));
}
