/**
 * The related-paper lab, seventh part: coverage of what the query paper is
 * about. The cosine can be won by a few rare terms off the paper's subject (a
 * visual-grounding paper's top 5 held a toxic-comment classifier), so a
 * candidate of the shipped top 50 is scored × (1 + γ · coverage), coverage
 * being the idf-weighted share of (a) the query paper's title terms, or (b) its
 * 20 strongest terms, that the candidate's title or abstract holds (terms in more
 * than 5% of the papers left out, as the shipped query leaves them). One run
 * against plain TF-IDF and the shipped method, γ by leave-one-out
 * (tools/related-lab/loo.ts).
 *
 *   npx tsx tools/related-lab/coverage.ts --corpus ../shared/real/arxiv-30k.jsonl.gz \
 *     --judgments tests/eval/related-real-dev.json
 *
 * Build time only.
 */
import { leaveOneOut, type GridValue, type Ranker } from './loo';
import { startLab } from './lab-report';
import { topByDot } from './vectors';

const { set, ct, base, maxDf, report, runDocs, shippedQuery, lexical, printTable } = startLab();

const N = ct.docs.length;
const idf = (t: number) => Math.log(N / ct.df[t]);
const termSet = (d: number) => new Set(ct.docs[d].term);

/** The query paper's title terms (df ≥ 2, at most the cap). */
function titleTerms(d: number): number[] {
  const doc = ct.docs[d];
  const out: number[] = [];
  for (let j = 0; j < doc.term.length; j++) {
    const t = doc.term[j];
    if (doc.inTitle[j] > 0 && ct.df[t] >= 2 && ct.df[t] <= maxDf) out.push(t);
  }
  return out;
}

/** The query's `k` strongest terms, as the shipped query weighs them. */
const strongest = (d: number, k: number) =>
  [...shippedQuery(d)]
    .sort((a, b) => b[1] - a[1])
    .slice(0, k)
    .map(([t]) => t);

const reranked =
  (gamma: number, focus: (d: number) => number[]): Ranker =>
  (d) => {
    const terms = focus(d);
    const total = terms.reduce((a, t) => a + idf(t), 0);
    return topByDot(base, shippedQuery(d), 50, d)
      .map((h) => {
        if (!total) return { doc: h.doc, s: h.score };
        const has = termSet(h.doc);
        const covered = terms.reduce((a, t) => a + (has.has(t) ? idf(t) : 0), 0) / total;
        return { doc: h.doc, s: h.score * (1 + gamma * covered) };
      })
      .sort((x, y) => y.s - x.s || x.doc - y.doc)
      .slice(0, 10)
      .map((h) => h.doc);
  };

for (const [name, focus] of [
  ["the query's title terms", titleTerms],
  ["the query's 20 strongest terms", (d: number) => strongest(d, 20)],
] as const) {
  const grid: GridValue[] = [0, 0.25, 0.5, 1, 2, 4].map((g) => ({ label: String(g), rank: g ? reranked(g, focus) : lexical }));
  const r = leaveOneOut(set, runDocs, grid);
  console.log(`  coverage of ${name}, γ neighbourhood: ${r.neighbourhood}`);
  report(`× (1 + γ · coverage of ${name}) (LOO; picked ${r.picks})`, r.chosen);
}
printTable();
