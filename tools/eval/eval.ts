/**
 * Runs the evaluation sets (`tests/eval/*.json`) against any ranking function.
 * Pure: the guard test and `tools/eval.ts` both call it, so the number a test
 * guards is the number the script prints.
 */
import { inTopN, mean, ndcgAtK, reciprocalRank } from './metrics';
import type { Paper } from '../../lib/core/paper';

/** One judged query of `related-dev.json`; papers are named by corpus title. */
export interface RelatedJudgement {
  query: string;
  highly_related: string[];
  related: string[];
}

/** One query of `search-dev.json`: what a person types, and the title that should win. */
export interface SearchJudgement {
  query: string;
  expect: string;
}

/** Related-paper ranking under test: the ids most related to a corpus paper, best first. */
export type RelatedRankFn = (id: string, k: number) => string[];

/** Search under test: the ids matching a typed query, best first. */
export type SearchFn = (query: string, limit: number) => string[];

/** Score of a related-paper ranking on the dev set. */
export interface RelatedScore {
  ndcgAt5: number;
  perQuery: { query: string; ndcg: number }[];
}

/** Score of a search function on the dev set. */
export interface SearchScore {
  mrr: number;
  top3Share: number;
  perQuery: { query: string; rank: number | null }[];
}

/** The judged sets name papers by title (readable to the judges); rankings speak ids. */
function titleIndex(papers: Pick<Paper, 'id' | 'title'>[]): (title: string) => string {
  const byTitle = new Map(papers.map((p) => [p.title, p.id]));
  return (title) => {
    const id = byTitle.get(title);
    // A judged title missing from the corpus would silently lower every score.
    if (id === undefined) throw new Error(`Evaluation title not in corpus: ${title}`);
    return id;
  };
}

/** Mean nDCG@k (default 5) of `rankFn` over the judged related-paper queries. */
export function evaluateRelated(
  papers: Pick<Paper, 'id' | 'title'>[],
  dataset: RelatedJudgement[],
  rankFn: RelatedRankFn,
  k = 5,
): RelatedScore {
  const idOf = titleIndex(papers);
  const perQuery = dataset.map((j) => {
    const grades = new Map<string, number>();
    for (const t of j.related) grades.set(idOf(t), 1);
    for (const t of j.highly_related) grades.set(idOf(t), 2);
    return {
      query: j.query,
      ndcg: ndcgAtK(rankFn(idOf(j.query), k), grades, k),
    };
  });
  return { ndcgAt5: mean(perQuery.map((q) => q.ndcg)), perQuery };
}

/** Mean reciprocal rank and share of expected titles in the top 3, over the search queries. */
export function evaluateSearch(
  papers: Pick<Paper, 'id' | 'title'>[],
  dataset: SearchJudgement[],
  searchFn: SearchFn,
  limit = 10,
): SearchScore {
  const idOf = titleIndex(papers);
  const results = dataset.map((j) => ({
    query: j.query,
    ranked: searchFn(j.query, limit),
    expected: idOf(j.expect),
  }));
  return {
    mrr: mean(results.map((r) => reciprocalRank(r.ranked, r.expected))),
    top3Share: mean(results.map((r) => (inTopN(r.ranked, r.expected, 3) ? 1 : 0))),
    perQuery: results.map((r) => {
      const i = r.ranked.indexOf(r.expected);
      return { query: r.query, rank: i < 0 ? null : i + 1 };
    }),
  };
}
