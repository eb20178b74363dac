/**
 * The related-paper lab, sixth part: rarity within the paper's own field. The
 * judged 0s are often papers of the same field on another task ("attack" is
 * rare in arXiv but everywhere in cs.CR), so the query's terms are weighted by
 * how rare they are among the papers of the query paper's primary category
 * (idf_field = log((N_c + 1) / (df_c + 1))), blended with the global idf as
 * idf^(1 − μ) · idf_field^μ; candidates keep their global vectors. One run
 * against plain TF-IDF and the shipped method, μ by leave-one-out
 * (tools/related-lab/loo.ts).
 *
 *   npx tsx tools/related-lab/field-idf.ts --corpus ../shared/real/arxiv-30k.jsonl.gz \
 *     --judgments tests/eval/related-real-dev.json
 *
 * Build time only.
 */
import { leaveOneOut, type GridValue, type Ranker } from './loo';
import { startLab } from './lab-report';
import { topByDot } from './vectors';

const { set, ct, base, docOf, report, runDocs, shippedQuery, lexical, printTable } = startLab();

const N = ct.docs.length;
const primary = ct.papers.map((p) => p.categories[0] ?? '');
const fieldSize = new Map<string, number>();
for (const c of primary) fieldSize.set(c, (fieldSize.get(c) ?? 0) + 1);

/** Document frequencies within one primary category, computed when a query of that category first needs them. */
const fieldDf = new Map<string, Map<number, number>>();
function dfIn(field: string): Map<number, number> {
  let m = fieldDf.get(field);
  if (!m) {
    m = new Map();
    ct.docs.forEach((d, i) => {
      if (primary[i] !== field) return;
      for (const t of d.term) m!.set(t, (m!.get(t) ?? 0) + 1);
    });
    fieldDf.set(field, m);
  }
  return m;
}

/** The shipped query with each term's idf replaced by the blend; `mu` 0 is the shipped query. */
const fieldRanker =
  (mu: number): Ranker =>
  (d) => {
    const q = shippedQuery(d);
    const field = primary[d];
    const df = dfIn(field);
    const n = fieldSize.get(field) ?? 1;
    for (const [t, w] of q) {
      const global = Math.log(N / ct.df[t]);
      const local = Math.max(1e-3, Math.log((n + 1) / ((df.get(t) ?? 0) + 1)));
      q.set(t, w * (global > 0 ? (local / global) ** mu : 1));
    }
    return topByDot(base, q, 10, d).map((h) => h.doc);
  };

const sizes = set.queries.map((q) => fieldSize.get(primary[docOf.get(q.query) ?? -1]) ?? 0);
console.log(`query papers' primary categories hold ${Math.min(...sizes)}–${Math.max(...sizes)} papers`);
const grid: GridValue[] = [0, 0.25, 0.5, 1, 1.5].map((mu) => ({ label: String(mu), rank: mu ? fieldRanker(mu) : lexical }));
const r = leaveOneOut(set, runDocs, grid);
console.log(`  field idf μ neighbourhood: ${r.neighbourhood}`);
report(`query idf blended with its field's idf, μ (LOO; picked ${r.picks})`, r.chosen);
printTable();
