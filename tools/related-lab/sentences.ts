/**
 * The related-paper lab, third part: does one closely shared sentence (the task
 * stated the same way) tell a related paper better than the whole abstracts'
 * cosine? A reranker over the shipped method's top 50: each paper's title and
 * abstract sentences as TF-IDF vectors (the shipped analysis, the corpus's
 * idf), and a candidate's score the lexical one plus λ times the best (or the
 * best two) sentence-pair cosines with the query paper. One run against plain
 * TF-IDF and the shipped method, λ by leave-one-out (tools/related-lab/loo.ts).
 *
 *   npx tsx tools/related-lab/sentences.ts --corpus ../shared/real/arxiv-30k.jsonl.gz \
 *     --judgments tests/eval/related-real-dev.json
 *
 * Build time only.
 */
import { analyzeTerms } from '../../lib/core/text';
import { DEFAULT_BUILD_OPTIONS } from '../related/build';
import { leaveOneOut, type GridValue, type Ranker } from './loo';
import { startLab } from './lab-report';
import { topByDot } from './vectors';

const { set, ct, base, maxDf, report, runDocs, shippedQuery, lexical, printTable } = startLab();
const N = ct.docs.length;
const termOf = new Map(ct.vocab.map((t, i) => [t, i]));

/** A paper's sentences (its title one of them) as unit TF-IDF vectors, terms in > 5% of papers left out. */
const sentenceCache = new Map<number, Map<number, number>[]>();
function sentences(d: number): Map<number, number>[] {
  let out = sentenceCache.get(d);
  if (out) return out;
  const p = ct.papers[d];
  const texts = [p.title, ...p.abstract.split(/(?<=[.!?])\s+(?=[A-Z(])/)];
  out = texts.flatMap((text) => {
    const tf = new Map<number, number>();
    for (const { term } of analyzeTerms(text, DEFAULT_BUILD_OPTIONS.analysis)) {
      const t = termOf.get(term);
      if (t === undefined || ct.df[t] < 2 || ct.df[t] > maxDf) continue;
      tf.set(t, (tf.get(t) ?? 0) + 1);
    }
    const v = new Map<number, number>();
    let norm = 0;
    for (const [t, n] of tf) {
      const w = (1 + Math.log(n)) * Math.log(N / ct.df[t]);
      v.set(t, w);
      norm += w * w;
    }
    if (!norm || v.size < 2) return [];
    norm = Math.sqrt(norm);
    for (const [t, w] of v) v.set(t, w / norm);
    return [v];
  });
  sentenceCache.set(d, out);
  return out;
}

/** The best `m` sentence-pair cosines of two papers, averaged. */
function sentenceMatch(a: number, b: number, m: number): number {
  const sims: number[] = [];
  for (const x of sentences(a))
    for (const y of sentences(b)) {
      let s = 0;
      const [small, large] = x.size < y.size ? [x, y] : [y, x];
      for (const [t, w] of small) s += w * (large.get(t) ?? 0);
      sims.push(s);
    }
  sims.sort((p, q) => q - p);
  const top = sims.slice(0, m);
  return top.length ? top.reduce((p, q) => p + q, 0) / m : 0;
}

const reranked =
  (lambda: number, m: number): Ranker =>
  (d) =>
    topByDot(base, shippedQuery(d), 50, d)
      .map((h) => ({ doc: h.doc, s: h.score + lambda * sentenceMatch(d, h.doc, m) }))
      .sort((x, y) => y.s - x.s || x.doc - y.doc)
      .slice(0, 10)
      .map((h) => h.doc);

for (const m of [1, 2]) {
  report(`sentence match alone (best ${m}), over the top 50`, runDocs(reranked(1000, m)));
  const grid: GridValue[] = [0, 0.05, 0.1, 0.2, 0.4].map((x) => ({ label: String(x), rank: x ? reranked(x, m) : lexical }));
  const r = leaveOneOut(set, runDocs, grid);
  console.log(`  best ${m} neighbourhood: ${r.neighbourhood}`);
  report(`lexical + λ · sentence match (best ${m}), top 50 (LOO; picked ${r.picks})`, r.chosen);
}
printTable();
