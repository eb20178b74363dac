/**
 * `npm run eval -- --corpus FILE --judgments FILE`: the shipped related-paper
 * method and plain TF-IDF on a real corpus, in one run. Build time only.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relatedToPaper } from '../../lib/related/score';
import { buildRelatedModel } from '../related/build';
import { readCorpusFile, readGradedSet, runRanking, scoreGraded, type GradedSet } from './real';
import { baselineRelated, buildTfidfBaseline } from './tfidf-baseline';
import { reasonSpecificity } from './reasons';

/** One line of the table: nDCG@5, P@5 and unjudged share, without / with the added judgments. */
export function tableRow(name: string, set: GradedSet, top10: Map<string, string[]>): string {
  const pool = scoreGraded(set, top10);
  const all = scoreGraded(set, top10, { withAdded: true });
  const f = (x: number) => x.toFixed(3);
  return (
    `${name.padEnd(44)} ${f(pool.ndcgAt5)}  ${f(pool.precisionAt5)}  ${(pool.unjudgedAt5 * 100).toFixed(0).padStart(3)}%` +
    `   |  ${f(all.ndcgAt5)}  ${f(all.precisionAt5)}  ${(all.unjudgedAt5 * 100).toFixed(0).padStart(3)}%`
  );
}

/** The header matching {@link tableRow}. */
export const TABLE_HEADER = `${'method'.padEnd(44)} nDCG5  P@5   unj.  |  with added judgments`;

/** Prints the table for the shipped method and TF-IDF and writes their top 10s. */
export function runRealEval(corpusFile: string, judgmentsFile: string, out = join(tmpdir(), 'paper-lens-related-top10.json')) {
  let t = performance.now();
  const papers = readCorpusFile(corpusFile);
  const set = readGradedSet(judgmentsFile);
  console.log(`${papers.length} papers read in ${((performance.now() - t) / 1000).toFixed(1)} s; ${set.queries.length} queries`);
  t = performance.now();
  const model = buildRelatedModel(papers);
  console.log(`shipped model built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  const tfidf = buildTfidfBaseline(papers);
  const runs = {
    shipped: runRanking(set, (id, k) => relatedToPaper(model, id, k).map((r) => r.id)),
    tfidf: runRanking(set, (id, k) => baselineRelated(tfidf, id, k).map((r) => r.id)),
  };
  console.log(TABLE_HEADER);
  console.log(tableRow('plain TF-IDF (tools/eval/tfidf-baseline.ts)', set, runs.tfidf));
  console.log(tableRow('shipped (lib/related)', set, runs.shipped));
  const reasons = reasonSpecificity(
    model,
    set.queries.map((q) => relatedToPaper(model, q.query, 5)),
  );
  console.log(
    `shipped reasons: ${reasons.count}, ${(reasons.share * 100).toFixed(1)}% name a term in ≤ 1% of the papers` +
      (reasons.general.length ? `; the others: ${reasons.general.join(', ')}` : ''),
  );
  writeFileSync(
    out,
    JSON.stringify(Object.fromEntries(Object.entries(runs).map(([name, top]) => [name, Object.fromEntries(top)])), null, 1) +
      '\n',
  );
  console.log(`top 10 of each query: ${out}`);
}
