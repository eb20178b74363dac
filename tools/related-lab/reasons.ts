/**
 * Reasons at scale: builds the shipped model on a real corpus and reports how
 * many of the reasons shown for the judged queries and for 300 papers picked
 * evenly through the corpus are specific (tools/eval/reasons.ts), with examples.
 *
 *   npx tsx tools/related-lab/reasons.ts [--corpus FILE]
 */
import { parseArgs } from 'node:util';
import { relatedToPaper } from '../../lib/related/score';
import { buildRelatedModel } from '../related/build';
import { readCorpusFile, readGradedSet } from '../eval/real';
import { reasonSpecificity } from '../eval/reasons';

const { values: flags } = parseArgs({ options: { corpus: { type: 'string' }, judgments: { type: 'string' } } });
const papers = readCorpusFile(flags.corpus ?? '../shared/real/arxiv-30k.jsonl.gz');
const set = readGradedSet(flags.judgments ?? 'tests/eval/related-real-dev.json');
let t = performance.now();
const model = buildRelatedModel(papers);
console.log(`model built in ${((performance.now() - t) / 1000).toFixed(1)} s`);
const sample = [
  ...set.queries.map((q) => q.query),
  ...Array.from({ length: 300 }, (_, i) => papers[Math.floor((i * papers.length) / 300)].id),
];
t = performance.now();
const lists = sample.map((id) => relatedToPaper(model, id, 5));
console.log(`${sample.length} lists in ${(performance.now() - t).toFixed(0)} ms`);
const s = reasonSpecificity(model, lists);
console.log(`reasons: ${s.count}, specific (≤ 1% of papers) ${(s.share * 100).toFixed(1)}%`);
const counts = new Map<string, number>();
for (const g of s.general) counts.set(g, (counts.get(g) ?? 0) + 1);
console.log(
  'most frequent general reasons:',
  [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 40)
    .map(([r, c]) => `${r} ${c}`)
    .join(', '),
);
for (const id of sample.slice(0, 6))
  console.log(
    id,
    relatedToPaper(model, id, 5)
      .map((i) => i.reasons.join(' / '))
      .join(' | '),
  );
