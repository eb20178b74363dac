/**
 * The real-corpus evaluation (`npm run eval -- --corpus FILE --judgments FILE`):
 * reads an arXiv metadata JSONL (plain or `.jsonl.gz`, gunzipped with node:zlib)
 * and a graded judgment set such as `tests/eval/related-real-dev.json`, and
 * scores any related-paper ranking by nDCG@5 (gains 2^grade − 1, ideal over the
 * judged papers, as the set says), precision@5 and the share of its top 5 that
 * nobody judged. Build time only.
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { readArxivMetadataJsonl } from '../../lib/formats/corpus-sources';
import type { Paper } from '../../lib/core/paper';
import { mean, ndcgAtK, precisionAtK, unjudgedAtK, type Gain } from './metrics';

/** A paper of the real corpus with what the related-paper experiments may use besides its text. */
export interface CorpusPaper extends Paper {
  /** arXiv categories, space-separated in the source ("cs.CL cs.AI"). */
  categories: string[];
}

/** A judgment someone added to the pooled set (a paper no pooled system had found), kept apart from the pool. */
export interface AddedJudgment {
  id: string;
  grade: number;
  added: true;
}

/** One query of a graded set: every judged paper's grade (2, 1, 0), and the grades added later. */
export interface GradedQuery {
  query: string;
  title: string;
  grades: Record<string, number>;
  extra?: AddedJudgment[];
}

/** A graded judgment set as `related-real-dev.json` holds it. */
export interface GradedSet {
  corpus: string;
  metric: string;
  queries: GradedQuery[];
}

/** Reads an arXiv metadata JSONL file, gunzipping `.gz`; throws when a record is unreadable (a judged paper might be the one lost). */
export function readCorpusFile(path: string): CorpusPaper[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const read = readArxivMetadataJsonl(text, path);
  if (read.problems.length) {
    const first = read.problems[0];
    throw new Error(`${read.problems.length} unreadable records, first ${first.file}:${first.line}: ${first.message}`);
  }
  // The reader keeps only the primary category; the experiments want them all, so read them from the same lines.
  const categories = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line) as { id: string; categories?: string | null };
    categories.set(
      String(r.id),
      (r.categories ?? '').split(/\s+/).filter((c) => /^[a-z-]+(\.[A-Za-z-]+)?$/.test(c)),
    );
  }
  return read.papers.map((p) => ({ ...p, categories: categories.get(p.id) ?? [] }));
}

/** Reads a graded set; `withAdded` folds the added judgments into the grades. */
export function readGradedSet(path: string): GradedSet {
  return JSON.parse(readFileSync(path, 'utf8')) as GradedSet;
}

/** The grades of one query, with or without the added judgments. */
export function gradesOf(q: GradedQuery, withAdded: boolean): Map<string, number> {
  const grades = new Map(Object.entries(q.grades));
  if (withAdded) for (const a of q.extra ?? []) grades.set(a.id, a.grade);
  return grades;
}

/** A related-paper ranking under test: the ids most related to a corpus paper, best first. */
export type RankIds = (id: string, k: number) => string[];

/** Scores of one method on a graded set. */
export interface GradedScore {
  ndcgAt5: number;
  precisionAt5: number;
  unjudgedAt5: number;
  perQuery: { query: string; ndcg: number; top10: string[] }[];
}

/** Scores ranked lists already computed (top 10 per query) against a graded set. */
export function scoreGraded(
  set: GradedSet,
  top10: Map<string, string[]>,
  { withAdded = false, gain = 'exponential' as Gain } = {},
): GradedScore {
  const perQuery = set.queries.map((q) => {
    const ranked = top10.get(q.query) ?? [];
    const grades = gradesOf(q, withAdded);
    return {
      query: q.query,
      ndcg: ndcgAtK(ranked, grades, 5, gain),
      p5: precisionAtK(ranked, grades, 5),
      unjudged: unjudgedAtK(ranked, grades, 5),
      top10: ranked,
    };
  });
  return {
    ndcgAt5: mean(perQuery.map((q) => q.ndcg)),
    precisionAt5: mean(perQuery.map((q) => q.p5)),
    unjudgedAt5: mean(perQuery.map((q) => q.unjudged)),
    perQuery: perQuery.map(({ query, ndcg, top10: t }) => ({ query, ndcg, top10: t })),
  };
}

/** Runs a ranking over every query of the set: the top 10 of each, the query itself left out. */
export function runRanking(set: GradedSet, rank: RankIds): Map<string, string[]> {
  return new Map(
    set.queries.map((q) => [
      q.query,
      rank(q.query, 11)
        .filter((id) => id !== q.query)
        .slice(0, 10),
    ]),
  );
}
