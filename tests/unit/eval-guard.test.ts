/**
 * Quality guard: runs the dev evaluation sets through the shipped code and
 * fails when a change makes related papers or search measurably worse.
 * Thresholds are the measured scores minus 0.005, rounded down (see `npm run eval`).
 */
import { describe, expect, it } from 'vitest';
import papers from '../../data/papers.json';
import relatedDev from '../eval/related-dev.json';
import searchDev from '../eval/search-dev.json';
import { evaluateRelated, evaluateSearch } from '../../tools/eval/eval';
import type { Paper } from '../../lib/core/paper';
import { relatedToPaper } from '../../lib/related/score';
import { buildRelatedModel } from '../../tools/related/build';
import { createSearchIndex, searchPapers } from '../../lib/search';
import { baselineRelated, buildTfidfBaseline } from '../../tools/eval/tfidf-baseline';
import { reasonSpecificity } from '../../tools/eval/reasons';

const corpus = papers as Paper[];

// Measured 0.8284 for related (+0.0828), 0.7456 for the TF-IDF baseline, 0.935 / 0.95 for search (MRR / top-3).
// Search was 0.950 / 1.000 before word-at-a-time search with no typo tolerance on the word being typed (2-4x
// faster typing at 30,000 papers, tools/bench.ts); the one query that moved is "swapped language modeling" (1 → 5).
const RELATED_FLOOR = 0.823;
// The measured margin minus 0.005. The product goal is +0.08; the shipped settings reach +0.083, but their
// neighbours (cut-off 80 or 120 terms) give +0.070, so the goal is not met robustly (see lib/related/related.ts).
const RELATED_MARGIN = 0.077;
const SEARCH_MRR_FLOOR = 0.93;
const SEARCH_TOP3_FLOOR = 0.945;
// Share of reasons naming a term in at most max(10, 1% of the papers) (tools/eval/reasons.ts, lib/related/score.ts reasonDfLimit: 10 papers here); measured 1.000 (1,027 reasons).
const BUNDLED_SPECIFIC_FLOOR = 0.995;

describe('evaluation guard', () => {
  const tfidf = buildTfidfBaseline(corpus);
  const baseline = evaluateRelated(corpus, relatedDev, (id, k) => baselineRelated(tfidf, id, k).map((r) => r.id));
  const model = buildRelatedModel(corpus);
  const shipped = evaluateRelated(corpus, relatedDev, (id, k) => relatedToPaper(model, id, k).map((r) => r.id));

  it('keeps related-paper nDCG@5 at its measured level', () => {
    console.log(`related nDCG@5: shipped ${shipped.ndcgAt5.toFixed(4)}, TF-IDF baseline ${baseline.ndcgAt5.toFixed(4)}`);
    expect(shipped.ndcgAt5).toBeGreaterThanOrEqual(RELATED_FLOOR);
  });

  it(`beats the TF-IDF baseline by at least ${RELATED_MARGIN} nDCG@5`, () => {
    expect(shipped.ndcgAt5).toBeGreaterThanOrEqual(baseline.ndcgAt5 + RELATED_MARGIN);
  });

  it('explains suggestions by terms rare in the collection', () => {
    const s = reasonSpecificity(
      model,
      corpus.map((p) => relatedToPaper(model, p.id, 5)),
    );
    console.log(`bundled reasons: ${s.count}, ${(s.share * 100).toFixed(1)}% in ≤ 10 papers`);
    expect(s.share).toBeGreaterThanOrEqual(BUNDLED_SPECIFIC_FLOOR);
  });

  it('keeps search MRR and top-3 share at their measured level', () => {
    const index = createSearchIndex(corpus);
    const search = evaluateSearch(corpus, searchDev, (q, limit) => searchPapers(index, q, limit).map((h) => h.id));
    console.log(`search: MRR ${search.mrr.toFixed(4)}, top-3 share ${search.top3Share.toFixed(4)}`);
    expect(search.mrr).toBeGreaterThanOrEqual(SEARCH_MRR_FLOOR);
    expect(search.top3Share).toBeGreaterThanOrEqual(SEARCH_TOP3_FLOOR);
  });
});
