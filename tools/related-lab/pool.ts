/**
 * The blind pool for judging (issue 14's "about pooled judgments"): every
 * paper some method put in a query's top 5 that nobody has judged, written
 * without the method's name, for judging by ../shared/eval/JUDGING.md from
 * titles and abstracts. Build time only.
 */
import { writeFileSync } from 'node:fs';
import { gradesOf, type CorpusPaper, type GradedSet } from '../eval/real';

/** One query's unjudged candidates, as the judge reads them. */
export interface PoolEntry {
  query: { id: string; title: string; abstract: string };
  candidates: { id: string; title: string; abstract: string; categories: string }[];
}

/** Writes the unjudged top-5 papers of `runs` (each query → ranked ids) to `file`; returns how many. */
export function writeBlindPool(
  file: string,
  set: GradedSet,
  runs: Iterable<Map<string, string[]>>,
  paper: (id: string) => CorpusPaper,
): number {
  const all = [...runs];
  const pool: Record<string, PoolEntry> = {};
  let count = 0;
  for (const q of set.queries) {
    const grades = gradesOf(q, true);
    const ids = new Set<string>();
    for (const run of all) for (const id of (run.get(q.query) ?? []).slice(0, 5)) if (!grades.has(id)) ids.add(id);
    const qp = paper(q.query);
    count += ids.size;
    pool[q.query] = {
      query: { id: qp.id, title: qp.title, abstract: qp.abstract },
      candidates: [...ids].sort().map((id) => {
        const p = paper(id);
        return { id, title: p.title, abstract: p.abstract, categories: p.categories.join(' ') };
      }),
    };
  }
  writeFileSync(file, JSON.stringify(pool, null, 1));
  return count;
}
