/**
 * Prints the quality table for related papers and search on the dev sets in
 * `tests/eval/`: `tsx tools/eval.ts`. The same `tools/eval/eval.ts` functions back
 * `tests/unit/eval-guard.test.ts`, so the table and the guard cannot drift apart.
 *
 * On a real corpus: `npm run eval -- --corpus ../shared/real/arxiv-30k.jsonl.gz
 * --judgments tests/eval/related-real-dev.json [--out FILE]` prints nDCG@5
 * (gains 2^grade − 1), precision@5 and the unjudged share of the top 5 for the
 * shipped method and plain TF-IDF, with and without the added judgments, and
 * writes each query's top 10 of both as JSON (default: the OS temp folder).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runRealEval } from './eval/real-run';
import { readCorpusFile } from './eval/real';
import MiniSearch from 'minisearch';
import { evaluateRelated, evaluateSearch, type RelatedJudgement, type SearchJudgement } from './eval/eval';
import type { Paper } from '../lib/core/paper';
import { relatedToPaper } from '../lib/related/score';
import { buildRelatedModel, DEFAULT_BUILD_OPTIONS, type RelatedBuildOptions } from './related/build';
import { encodeRelatedModel } from './related/encode';
import { createSearchIndex, searchPapers } from '../lib/search';
import { baselineRelated, buildTfidfBaseline } from './eval/tfidf-baseline';

const { values: flags } = parseArgs({
  options: { corpus: { type: 'string' }, judgments: { type: 'string' }, out: { type: 'string' } },
});
if (flags.corpus || flags.judgments) {
  if (!flags.corpus || !flags.judgments) throw new Error('--corpus and --judgments go together');
  runRealEval(flags.corpus, flags.judgments, flags.out);
  process.exit(0);
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, import.meta.url), 'utf8')) as T;
const papers = readJson<Paper[]>('../data/papers.json');
const relatedDev = readJson<RelatedJudgement[]>('../tests/eval/related-dev.json');
const searchDev = readJson<SearchJudgement[]>('../tests/eval/search-dev.json');

const rows: [string, string][] = [];
const fmt = (x: number) => x.toFixed(4);

const tfidf = buildTfidfBaseline(papers);
const baseline = evaluateRelated(papers, relatedDev, (id, k) => baselineRelated(tfidf, id, k).map((r) => r.id)).ndcgAt5;
rows.push(['related nDCG@5  TF-IDF baseline (tools/eval/tfidf-baseline.ts)', fmt(baseline)]);

// The naive alternative: feed a paper's own text to MiniSearch as an OR query.
const mini = new MiniSearch<Pick<Paper, 'id' | 'title' | 'abstract'>>({
  fields: ['title', 'abstract'],
});
mini.addAll(papers);
const miniScore = evaluateRelated(papers, relatedDev, (id, k) => {
  const p = papers.find((x) => x.id === id)!;
  return mini
    .search(`${p.title} ${p.abstract}`, { combineWith: 'OR' })
    .map((r) => String(r.id))
    .filter((x) => x !== id)
    .slice(0, k);
}).ndcgAt5;
rows.push(['related nDCG@5  MiniSearch title+abstract OR query', fmt(miniScore)]);

const D = DEFAULT_BUILD_OPTIONS;
const variants: [string, Partial<RelatedBuildOptions>][] = [
  ['SHIPPED lib/related/related.ts (defaults)', {}],
  ['  hyphen compounds split (previous model)', { analysis: { ...D.analysis, compounds: 'split' } }],
  ['  hyphen compounds whole, no parts', { analysis: { ...D.analysis, compounds: 'whole' } }],
  ['  keep digit-led tokens ("3b")', { analysis: { ...D.analysis, dropNumeric: false } }],
  ['  without stemming', { analysis: { ...D.analysis, stem: 'none' } }],
  ['  S-stemmer instead of Porter', { analysis: { ...D.analysis, stem: 's' } }],
  ['  without phrases (bigrams)', { analysis: { ...D.analysis, phrases: false } }],
  ['  no stop words', { analysis: { ...D.analysis, stopwords: 'none' } }],
  ['  + academic stop words', { analysis: { ...D.analysis, stopwords: 'academic' } }],
  ['  BM25 tf, k1 1.2 b 0.75', { k1: 1.2, b: 0.75 }],
  ['  BM25 tf, k1 2 b 0.75', { k1: 2, b: 0.75 }],
  ['  keep single-paper terms', { dropSingletons: false }],
  // Robustness: the neighbourhood of the shipped title weight (1) and cut-off (100).
  ['  title weight 0.5', { titleWeight: 0.5 }],
  ['  title weight 1.5', { titleWeight: 1.5 }],
  ['  title weight 2', { titleWeight: 2 }],
  ['  prune to 50 terms', { pruneTo: 50 }],
  ['  prune to 60 terms', { pruneTo: 60 }],
  ['  prune to 80 terms', { pruneTo: 80 }],
  ['  prune to 120 terms', { pruneTo: 120 }],
  ['  prune to 150 terms', { pruneTo: 150 }],
  ['  no pruning', { pruneTo: 0 }],
];
for (const [name, options] of variants) {
  const model = buildRelatedModel(papers, options);
  const score = evaluateRelated(papers, relatedDev, (id, k) => relatedToPaper(model, id, k).map((r) => r.id)).ndcgAt5;
  rows.push([
    `related nDCG@5  ${name}`,
    `${fmt(score)}  (${score >= baseline ? '+' : ''}${fmt(score - baseline)}; model ${encodeRelatedModel(model).length} B)`,
  ]);
}

const index = createSearchIndex(papers);
const search = evaluateSearch(papers, searchDev, (q, limit) => searchPapers(index, q, limit).map((h) => h.id));
rows.push(['search MRR       lib/search/index.ts searchPapers', fmt(search.mrr)]);
rows.push(['search top-3     lib/search/index.ts searchPapers', fmt(search.top3Share)]);

// Known-item search on real papers (issue 12): ../shared/eval/search-real-dev.json, judged on the real 30k, on the index as shipped.
const searchRealUrl = new URL('../../shared/eval/search-real-dev.json', import.meta.url);
if (existsSync(searchRealUrl)) {
  const set = JSON.parse(readFileSync(searchRealUrl, 'utf8')) as { corpus: string; queries: { query: string; id: string }[] };
  const realIndex = createSearchIndex(readCorpusFile(fileURLToPath(new URL(`../../shared/${set.corpus}`, import.meta.url))));
  const ranks = set.queries.map((q) => searchPapers(realIndex, q.query, 10).findIndex((h) => h.id === q.id) + 1);
  rows.push([
    `search MRR       real known-item (${set.queries.length} queries, ${set.corpus})`,
    fmt(ranks.reduce((s, r) => s + (r ? 1 / r : 0), 0) / ranks.length),
  ]);
  rows.push(['search top-3     real known-item', fmt(ranks.filter((r) => r >= 1 && r <= 3).length / ranks.length)]);
}

const width = Math.max(...rows.map(([name]) => name.length));
for (const [name, value] of rows) console.log(`${name.padEnd(width)}  ${value}`);
const missed = search.perQuery.filter((q) => q.rank === null || q.rank > 3);
if (missed.length)
  console.log(`\nsearch queries outside the top 3: ${missed.map((q) => `"${q.query}" (${q.rank ?? 'missing'})`).join(', ')}`);
