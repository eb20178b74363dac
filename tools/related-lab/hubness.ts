/**
 * The related-paper lab, fourth part: hubness. Some papers (broad surveys,
 * generic abstracts) sit close to many others and turn up in many top 10s
 * without sharing a specific task. Cross-domain similarity local scaling
 * (CSLS, from word-translation retrieval) discounts a candidate by how close it
 * is to its own neighbours: score(q, d) − α · r(d), with r(d) the mean score of
 * d's own top k; and a ratio form, score / r(d)^β. A reranker over the shipped
 * method's top 50, one run against plain TF-IDF and the shipped method, knobs
 * by leave-one-out (tools/related-lab/loo.ts).
 *
 *   npx tsx tools/related-lab/hubness.ts --corpus ../shared/real/arxiv-30k.jsonl.gz \
 *     --judgments tests/eval/related-real-dev.json
 *
 * Build time only.
 */
import { leaveOneOut, type GridValue, type Ranker } from './loo';
import { startLab } from './lab-report';
import { topByDot } from './vectors';

const { set, base, report, runDocs, shippedQuery, lexical, printTable } = startLab();

/** A paper's local density: the mean score of its own top k (the shipped query, itself left out). */
const K = 10;
const density = new Map<number, number>();
function localDensity(d: number): number {
  let r = density.get(d);
  if (r === undefined) {
    const top = topByDot(base, shippedQuery(d), K, d);
    r = top.length ? top.reduce((a, h) => a + h.score, 0) / top.length : 0;
    density.set(d, r);
  }
  return r;
}

const reranked =
  (score: (s: number, r: number) => number): Ranker =>
  (d) =>
    topByDot(base, shippedQuery(d), 50, d)
      .map((h) => ({ doc: h.doc, s: score(h.score, localDensity(h.doc)) }))
      .sort((x, y) => y.s - x.s || x.doc - y.doc)
      .slice(0, 10)
      .map((h) => h.doc);

const csls: GridValue[] = [0, 0.1, 0.25, 0.5, 0.75, 1].map((a) => ({
  label: String(a),
  rank: a ? reranked((s, r) => s - a * r) : lexical,
}));
const cslsRun = leaveOneOut(set, runDocs, csls);
console.log(`  CSLS α neighbourhood: ${cslsRun.neighbourhood}`);
report(`CSLS: score − α · r(d), r = mean of d's top ${K} (LOO; picked ${cslsRun.picks})`, cslsRun.chosen);

const ratio: GridValue[] = [0, 0.25, 0.5, 1].map((b) => ({
  label: String(b),
  rank: b ? reranked((s, r) => s / Math.max(r, 1e-6) ** b) : lexical,
}));
const ratioRun = leaveOneOut(set, runDocs, ratio);
console.log(`  ratio β neighbourhood: ${ratioRun.neighbourhood}`);
report(`ratio: score / r(d)^β (LOO; picked ${ratioRun.picks})`, ratioRun.chosen);

printTable();
