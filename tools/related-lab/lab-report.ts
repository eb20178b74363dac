/**
 * What the related-paper lab runners share (tools/related-lab/semantic.ts,
 * sentences.ts, hubness.ts, …): the table's rows, a ranker run over the judged
 * queries, the shipped query (terms in more than 5% of the papers, at least
 * 1,000, left out) and its ranking, and the two baseline rows; `startLab` reads
 * the `--corpus` and `--judgments` flags and prints the baselines. Build time only.
 */
import { parseArgs } from 'node:util';
import { readGradedSet, runRanking, type GradedSet } from '../eval/real';
import { TABLE_HEADER, tableRow } from '../eval/real-run';
import { baselineRelated, buildTfidfBaseline } from '../eval/tfidf-baseline';
import { corpusTerms, type CorpusTerms } from './corpus-terms';
import type { Ranker } from './loo';
import { buildVectors, docQuery, SHIPPED_VECTORS, topByDot, type Query, type Vectors } from './vectors';

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
  /** The shipped query: the paper's terms (in `v`, the shipped vectors unless given), those in more than 5% of the papers (at least 1,000) left out. */
  const shippedQuery = (d: number, v: Vectors = base): Query => {
    const q = docQuery(v, d);
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

/**
 * A lab run over `--corpus` (default the real 30k) and `--judgments` (default the dev set): the corpus analysed, the
 * shipped vectors, the baseline rows printed, and `printTable` for the end.
 */
export function startLab() {
  const { values: flags } = parseArgs({ options: { corpus: { type: 'string' }, judgments: { type: 'string' } } });
  const set = readGradedSet(flags.judgments ?? 'tests/eval/related-real-dev.json');
  const ct = corpusTerms(flags.corpus ?? '../shared/real/arxiv-30k.jsonl.gz');
  const base = buildVectors(ct, SHIPPED_VECTORS);
  const lab = labReport(set, ct, base);
  lab.reportBaselines();
  const printTable = () => console.log('\n' + TABLE_HEADER + '\n' + lab.rows.join('\n'));
  return { set, ct, base, ...lab, printTable };
}
