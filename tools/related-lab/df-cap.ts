/**
 * The cost knob of on-demand related lists: a paper's query leaves out terms
 * found in more than a share of the papers (their long postings are most of
 * the work, their low idf adds little). Scores each cap on the dev set and
 * times it, on the shipped model.
 *
 *   npx tsx tools/related-lab/df-cap.ts [--corpus FILE] [--judgments FILE]
 */
import { parseArgs } from 'node:util';
import { docVector, rank } from '../../lib/related/score';
import { buildRelatedModel } from '../related/build';
import { readCorpusFile, readGradedSet, runRanking, scoreGraded } from '../eval/real';

const { values: flags } = parseArgs({ options: { corpus: { type: 'string' }, judgments: { type: 'string' } } });
const papers = readCorpusFile(flags.corpus ?? '../shared/real/arxiv-30k.jsonl.gz');
const set = readGradedSet(flags.judgments ?? 'tests/eval/related-real-dev.json');
const model = buildRelatedModel(papers);
const docIndex = new Map(model.ids.map((id, i) => [id, i]));
const sample = Array.from({ length: 200 }, (_, i) => papers[Math.floor((i * papers.length) / 200)].id);
for (const share of [1, 0.1, 0.05, 0.02, 0.01]) {
  const maxDf = share >= 1 ? Infinity : Math.max(300, Math.floor(share * model.ids.length));
  const related = (id: string, k: number) => {
    const q = docVector(model, docIndex.get(id)!);
    for (const t of q.keys()) if (model.postStart[t + 1] - model.postStart[t] > maxDf) q.delete(t);
    return rank(model, q, k, new Set([id]));
  };
  const top = runRanking(set, (id, k) => related(id, k).map((r) => r.id));
  const a = scoreGraded(set, top);
  const b = scoreGraded(set, top, { withAdded: true });
  const ms = sample.map((id) => {
    const s = performance.now();
    related(id, 5);
    return performance.now() - s;
  });
  ms.sort((x, y) => x - y);
  console.log(
    `query terms in ≤ ${share * 100}% of papers: nDCG@5 ${a.ndcgAt5.toFixed(3)} / with added ${b.ndcgAt5.toFixed(3)}, P@5 ${a.precisionAt5.toFixed(3)}, ` +
      `unjudged ${(a.unjudgedAt5 * 100).toFixed(0)}%; p50 ${ms[100].toFixed(1)} ms p95 ${ms[190].toFixed(1)} ms`,
  );
}
