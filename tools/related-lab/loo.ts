/**
 * Leave-one-out over a grid of settings, as every lab runner reports a knob:
 * for each held-out query, the grid value best on the other queries ranks it,
 * so no number is tuned to the query it scores. Build time only.
 */
import { gradesOf, type GradedSet } from '../eval/real';
import { ndcgAtK } from '../eval/metrics';

/** A ranking of corpus papers: paper number → ranked paper numbers. */
export type Ranker = (doc: number) => number[];

/** One setting of a grid. */
export interface GridValue {
  label: string;
  rank: Ranker;
}

/** What leave-one-out chose: each query's top 10, the picks as "label×count", and each value's pooled mean. */
export interface LooResult {
  chosen: Map<string, string[]>;
  picks: string;
  neighbourhood: string;
}

/** `runDocs` turns a ranker into each query's top 10 ids (the runner knows the corpus). */
export function leaveOneOut(set: GradedSet, runDocs: (rank: Ranker) => Map<string, string[]>, grid: GridValue[]): LooResult {
  const runs = grid.map((g) => runDocs(g.rank));
  const per = runs.map((r) => set.queries.map((q) => ndcgAtK(r.get(q.query) ?? [], gradesOf(q, false), 5, 'exponential')));
  const means = per.map((p) => p.reduce((a, b) => a + b, 0) / p.length);
  const chosen = new Map<string, string[]>();
  const counts = new Map<string, number>();
  set.queries.forEach((q, qi) => {
    let best = 0;
    let bestScore = -1;
    per.forEach((p, gi) => {
      const s = p.reduce((a, b, i) => (i === qi ? a : a + b), 0);
      if (s > bestScore + 1e-9) [best, bestScore] = [gi, s];
    });
    counts.set(grid[best].label, (counts.get(grid[best].label) ?? 0) + 1);
    chosen.set(q.query, runs[best].get(q.query) ?? []);
  });
  return {
    chosen,
    picks: [...counts].map(([l, c]) => `${l}×${c}`).join(' '),
    neighbourhood: grid.map((g, i) => `${g.label} ${means[i].toFixed(3)}`).join(' · '),
  };
}
