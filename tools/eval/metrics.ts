/**
 * Ranking metrics for the evaluation sets in `tests/eval/`. Pure functions over
 * ids, so the guard test, the `eval` script and any experiment score the same way.
 */

/** Judged grade of an item: 2 = highly related, 1 = related; unjudged items count 0. */
export type Grades = ReadonlyMap<string, number>;

/**
 * How a grade becomes gain. The bundled set (`tests/eval/related-dev.json`) is
 * scored with `linear` gain (`grade`): its guard floors and its baseline figure
 * (TF-IDF ≈ 0.75) were measured that way. The real set
 * (`tests/eval/related-real-dev.json`) says "gains 2^grade - 1": `exponential`,
 * which values a 2 three times a 1 instead of twice.
 */
export type Gain = 'linear' | 'exponential';

const gainOf = (grade: number, gain: Gain) => (gain === 'exponential' ? 2 ** grade - 1 : grade);

/** Discounted cumulative gain of grades in rank order. */
function dcg(grades: readonly number[], gain: Gain): number {
  let sum = 0;
  for (let i = 0; i < grades.length; i++) sum += gainOf(grades[i], gain) / Math.log2(i + 2);
  return sum;
}

/**
 * nDCG@k of one ranked list. The ideal DCG is built from the judged grades
 * alone (best grades first, cut at k), so a ranking is not rewarded for a
 * judged set that happens to be small. Returns 0 when nothing is judged.
 */
export function ndcgAtK(ranked: readonly string[], grades: Grades, k: number, gain: Gain = 'linear'): number {
  const gains = ranked.slice(0, k).map((id) => grades.get(id) ?? 0);
  const ideal = [...grades.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = dcg(ideal, gain);
  return idcg > 0 ? dcg(gains, gain) / idcg : 0;
}

/** Share of the first `k` ranked items judged at least `minGrade` (precision@k; a short list still divides by k). */
export function precisionAtK(ranked: readonly string[], grades: Grades, k: number, minGrade = 1): number {
  return ranked.slice(0, k).filter((id) => (grades.get(id) ?? 0) >= minGrade).length / k;
}

/** Share of the first `k` ranked items that carry no judgment at all (they count as 0, so the score may understate). */
export function unjudgedAtK(ranked: readonly string[], grades: Grades, k: number): number {
  const top = ranked.slice(0, k);
  return top.length ? top.filter((id) => !grades.has(id)).length / top.length : 0;
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
