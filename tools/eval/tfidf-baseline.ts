/**
 * The baseline that related-paper suggestions must beat (see
 * `tests/eval/README.md`): plain TF-IDF cosine over title + abstract, with no
 * stemming, no stop words and no phrases. Kept deliberately plain, so any gain
 * reported against it comes from `lib/related/related.ts` and not from a tuned baseline.
 */
import type { Paper } from '../../lib/core/paper';

type Vector = Map<string, number>;

/** Lower-cased alphanumeric runs; everything else separates tokens. */
export function baselineTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A built baseline: one L2-normalised vector per paper, in corpus order. */
export interface TfidfBaseline {
  ids: string[];
  vectors: Vector[];
}

/** Weights every paper's title + abstract by (1 + log tf) · log(N / df) and normalises it. */
export function buildTfidfBaseline(papers: Pick<Paper, 'id' | 'title' | 'abstract'>[]): TfidfBaseline {
  const counts = papers.map((p) => {
    const tf = new Map<string, number>();
    for (const t of baselineTokens(`${p.title} ${p.abstract}`)) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  const df = new Map<string, number>();
  for (const tf of counts) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = papers.length;
  const vectors = counts.map((tf) => {
    const v: Vector = new Map();
    let norm = 0;
    for (const [t, c] of tf) {
      const w = (1 + Math.log(c)) * Math.log(n / df.get(t)!);
      if (w > 0) {
        v.set(t, w);
        norm += w * w;
      }
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
  return { ids: papers.map((p) => p.id), vectors };
}

function cosine(a: Vector, b: Vector): number {
  const [small, large] = a.size < b.size ? [a, b] : [b, a];
  let s = 0;
  for (const [t, w] of small) s += w * (large.get(t) ?? 0);
  return s;
}

/**
 * The `k` papers most similar to `id` by cosine, itself excluded; ties broken
 * by id so the ranking is the same on every run.
 */
export function baselineRelated(model: TfidfBaseline, id: string, k = 5): { id: string; score: number }[] {
  const i = model.ids.indexOf(id);
  if (i < 0) return [];
  const q = model.vectors[i];
  return model.ids
    .map((other, j) => ({
      id: other,
      score: j === i ? -1 : cosine(q, model.vectors[j]),
    }))
    .filter((r) => r.id !== id)
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .slice(0, k);
}
