/**
 * Ranking metrics for the evaluation sets in `tests/eval/`. Pure functions over
 * ids, so the guard test, the `eval` script and any experiment score the same way.
 */

/** Judged grade of an item: 2 = highly related, 1 = related; unjudged items count 0. */
export type Grades = ReadonlyMap<string, number>;

/**
 * Discounted cumulative gain with linear gain (`grade`, not `2^grade - 1`):
 * with two grades the exponential form only stretches 2:1 to 3:1, and linear
 * gain reproduces the expected baseline figure (TF-IDF ≈ 0.75).
 */
function dcg(grades: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < grades.length; i++) sum += grades[i] / Math.log2(i + 2);
  return sum;
}

/**
 * nDCG@k of one ranked list. The ideal DCG is built from the judged grades
 * alone (best grades first, cut at k), so a ranking is not rewarded for a
 * judged set that happens to be small. Returns 0 when nothing is judged.
 */
export function ndcgAtK(ranked: readonly string[], grades: Grades, k: number): number {
  const gains = ranked.slice(0, k).map((id) => grades.get(id) ?? 0);
  const ideal = [...grades.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = dcg(ideal);
  return idcg > 0 ? dcg(gains) / idcg : 0;
}

/** 1 / (1-based rank of `expected` in `ranked`), 0 if it is missing. */
export function reciprocalRank(ranked: readonly string[], expected: string): number {
  const i = ranked.indexOf(expected);
  return i < 0 ? 0 : 1 / (i + 1);
}

/** True when `expected` is among the first `n` results (default 3). */
export function inTopN(ranked: readonly string[], expected: string, n = 3): boolean {
  const i = ranked.indexOf(expected);
  return i >= 0 && i < n;
}

/** Arithmetic mean; 0 for an empty list (an empty dev set scores nothing, not NaN). */
export function mean(values: readonly number[]): number {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;
}
