/**
 * What the related-paper lab runners share (tools/related-lab/semantic.ts,
 * sentences.ts): the table's rows, a ranker run over the judged queries, the
 * shipped query (terms in more than 5% of the papers, at least 1,000, left
 * out) and its ranking, and the two baseline rows. Build time only.
 */
import { runRanking, type GradedSet } from '../eval/real';
import { tableRow } from '../eval/real-run';
import { baselineRelated, buildTfidfBaseline } from '../eval/tfidf-baseline';
import type { CorpusTerms } from './corpus-terms';
import type { Ranker } from './loo';
import { docQuery, topByDot, type Query, type Vectors } from './vectors';

export function labReport(set: GradedSet, ct: CorpusTerms, base: Vectors) {
  const docOf = new Map(ct.papers.map((p, i) => [p.id, i]));
  const maxDf = Math.max(1_000, Math.floor(0.05 * ct.docs.length));
  const rows: string[] = [];
  const allRuns: Map<string, string[]>[] = [];
  const report = (name: string, top10: Map<string, string[]>) => {
    allRuns.push(top10);
    rows.push(tableRow(name, set, top10));
    console.log(rows.at(-1));
  };
  const runDocs = (rank: Ranker) =>
    runRanking(set, (id) => {
      const d = docOf.get(id);
      return d === undefined ? [] : rank(d).map((j) => ct.papers[j].id);
    });
  /** The shipped query: the paper's terms, those in more than 5% of the papers (at least 1,000) left out. */
  const shippedQuery = (d: number): Query => {
    const q = docQuery(base, d);
    for (const t of q.keys()) if (base.postStart[t + 1] - base.postStart[t] > maxDf) q.delete(t);
    return q;
  };
  const lexical: Ranker = (d) => topByDot(base, shippedQuery(d), 10, d).map((h) => h.doc);
  /** The plain TF-IDF row and the shipped method's. */
  const reportBaselines = () => {
    const tfidf = buildTfidfBaseline(ct.papers);
    report(
      'plain TF-IDF (tools/eval/tfidf-baseline.ts)',
      runRanking(set, (id, k) => baselineRelated(tfidf, id, k).map((r) => r.id)),
    );
    report('SHIPPED (lab re-implementation)', runDocs(lexical));
  };
  return { docOf, maxDf, rows, allRuns, report, runDocs, shippedQuery, lexical, reportBaselines };
}
