/**
 * The related-paper lab, fifth part: where in the abstract a term stands. An
 * abstract states its task and method in a few sentences (the first ones, or
 * those saying "we propose…", "this paper studies…") and spends the rest on
 * results. Terms of those sentences get their counts raised by a boost before
 * the shipped weighting, in every paper (so query and candidates alike), and
 * the ranking is the shipped one over those vectors. One run against plain
 * TF-IDF and the shipped method, the boost by leave-one-out
 * (tools/related-lab/loo.ts).
 *
 *   npx tsx tools/related-lab/positions.ts --corpus ../shared/real/arxiv-30k.jsonl.gz \
 *     --judgments tests/eval/related-real-dev.json
 *
 * Build time only.
 */
import { analyzeTerms } from '../../lib/core/text';
import { DEFAULT_BUILD_OPTIONS } from '../related/build';
import type { CorpusTerms } from './corpus-terms';
import { leaveOneOut, type GridValue, type Ranker } from './loo';
import { startLab } from './lab-report';
import { buildVectors, SHIPPED_VECTORS, topByDot, type Vectors } from './vectors';

const { set, ct, report, runDocs, shippedQuery, lexical, printTable } = startLab();

const termOf = new Map(ct.vocab.map((t, i) => [t, i]));
const splitSentences = (abstract: string) => abstract.split(/(?<=[.!?])\s+(?=[A-Z(])/);
const CONTRIBUTION =
  /\b(we|our|this (paper|work|study|article)|here)\b[^.]*\b(propose|present|introduce|develop|design|study|investigate|address|tackle|explore|formulate|consider)/i;

/** Each paper's counts of its terms in the chosen sentences, aligned with `ct.docs[i].term`. */
function countsIn(pick: (sentences: string[]) => string[]): Float32Array[] {
  return ct.papers.map((p, i) => {
    const at = new Map<number, number>();
    const d = ct.docs[i];
    for (let j = 0; j < d.term.length; j++) at.set(d.term[j], j);
    const out = new Float32Array(d.term.length);
    for (const s of pick(splitSentences(p.abstract)))
      for (const { term } of analyzeTerms(s, DEFAULT_BUILD_OPTIONS.analysis)) {
        const j = at.get(termOf.get(term) ?? -1);
        if (j !== undefined) out[j]++;
      }
    return out;
  });
}

const lead = countsIn((s) => s.slice(0, 2));
const contribution = countsIn((s) => {
  const hit = s.filter((x) => CONTRIBUTION.test(x));
  return hit.length ? hit : s.slice(0, 1);
});
const shares = contribution.map(
  (c, i) =>
    c.reduce((a, b) => a + b, 0) /
    Math.max(
      1,
      ct.docs[i].inAbstract.reduce((a, b) => a + b, 0),
    ),
);
console.log(
  `contribution sentences hold ${((100 * shares.reduce((a, b) => a + b, 0)) / shares.length).toFixed(1)}% of an abstract's terms on average`,
);

/** The corpus with each abstract count raised by `boost` × its count in the chosen sentences. */
const boosted = (extra: Float32Array[], boost: number): CorpusTerms => ({
  ...ct,
  docs: ct.docs.map((d, i) => ({ ...d, inAbstract: d.inAbstract.map((c, j) => c + boost * extra[i][j]) })),
});

/** The shipped ranking over other vectors (the same terms left out of the query as in the shipped one). */
const rankWith =
  (v: Vectors): Ranker =>
  (d) =>
    topByDot(v, shippedQuery(d, v), 10, d).map((h) => h.doc);

for (const [name, extra] of [
  ['first two sentences', lead],
  ['contribution sentences ("we propose…")', contribution],
] as const) {
  const grid: GridValue[] = [0, 0.5, 1, 2, 4].map((b) => ({
    label: String(b),
    rank: b ? rankWith(buildVectors(boosted(extra, b), SHIPPED_VECTORS)) : lexical,
  }));
  const r = leaveOneOut(set, runDocs, grid);
  console.log(`  ${name} boost neighbourhood: ${r.neighbourhood}`);
  report(`${name} counted 1 + boost times (LOO; picked ${r.picks})`, r.chosen);
}
printTable();
