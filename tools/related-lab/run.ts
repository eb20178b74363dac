/**
 * The related-paper lab: every idea of issue 14 measured on a real judged set
 * in one run, against plain TF-IDF and today's method.
 *
 *   npx tsx tools/related-lab/run.ts --corpus ../shared/real/arxiv-30k.jsonl.gz \
 *     --judgments tests/eval/related-real-dev.json [--pool FILE]
 *
 * A setting with a knob is reported two ways: each value of its grid (the
 * neighbourhood) and leave-one-out (the value chosen on the other 19 queries,
 * scored on the held-out one), so no number is tuned to the query it scores.
 * `--pool FILE` writes every method's unjudged top-5 papers, without method
 * names, for blind judging. Build time only.
 */
import { parseArgs } from 'node:util';
import { corpusTerms } from './corpus-terms';
import {
  buildVectors,
  collectionEmbedding,
  cosineDense,
  docQuery,
  dot,
  SHIPPED_VECTORS,
  topByDot,
  type Vectors,
  type VectorOptions,
} from './vectors';
import { readGradedSet, runRanking, type GradedSet } from '../eval/real';
import { writeBlindPool } from './pool';
import { leaveOneOut as runLeaveOneOut, type GridValue, type Ranker } from './loo';
import { TABLE_HEADER, tableRow } from '../eval/real-run';
import { baselineRelated, buildTfidfBaseline } from '../eval/tfidf-baseline';

const { values: flags } = parseArgs({
  options: { corpus: { type: 'string' }, judgments: { type: 'string' }, pool: { type: 'string' }, only: { type: 'string' } },
});
const set = readGradedSet(flags.judgments ?? 'tests/eval/related-real-dev.json');
let clock = performance.now();
const lap = (what: string) => {
  console.error(`${what}: ${((performance.now() - clock) / 1000).toFixed(1)} s`);
  clock = performance.now();
};
const ct = corpusTerms(flags.corpus ?? '../shared/real/arxiv-30k.jsonl.gz');
lap('corpus analysed');
const docOf = new Map(ct.papers.map((p, i) => [p.id, i]));
const authorSets = ct.papers.map((p) => new Set(p.authors.map((a) => a.toLowerCase().replace(/\s+/g, ' ').trim())));
const catSets = ct.papers.map((p) => new Set(p.categories));

/** The rows printed, and every method's top 10 for the blind pool. */
const rows: string[] = [];
const allRuns = new Map<string, Map<string, string[]>>();
const report = (name: string, top10: Map<string, string[]>) => {
  allRuns.set(name, top10);
  rows.push(tableRow(name, set, top10));
  console.log(rows.at(-1));
};

const runDocs = (rank: Ranker) =>
  runRanking(set, (id) => {
    const d = docOf.get(id);
    return d === undefined ? [] : rank(d).map((j) => ct.papers[j].id);
  });

/** A knob reported by leave-one-out (tools/related-lab/loo.ts), its neighbourhood printed too. */
function leaveOneOut(name: string, grid: GridValue[]) {
  const r = runLeaveOneOut(set, runDocs, grid);
  console.log(`  ${name} neighbourhood: ${r.neighbourhood}`);
  report(`${name} (LOO; picked ${r.picks})`, r.chosen);
}

// Baseline and today's method.
const tfidf = buildTfidfBaseline(ct.papers);
report(
  'plain TF-IDF (tools/eval/tfidf-baseline.ts)',
  runRanking(set, (id, k) => baselineRelated(tfidf, id, k).map((r) => r.id)),
);
lap('TF-IDF');
const vectorCache = new Map<string, Vectors>();
const vectors = (o: Partial<VectorOptions>) => {
  const full = { ...SHIPPED_VECTORS, ...o };
  const key = JSON.stringify(full);
  let v = vectorCache.get(key);
  if (!v) vectorCache.set(key, (v = buildVectors(ct, full)));
  return v;
};
const lexical =
  (v: Vectors, k = 10): Ranker =>
  (d) =>
    topByDot(v, docQuery(v, d), k, d).map((h) => h.doc);
const base = vectors({});
report("today's method (lab re-implementation)", runDocs(lexical(base)));
/** The query leaves out terms kept by more than `share` of the papers (at least 1,000), as lib/related/score.ts scoringDfLimit. */
const capped =
  (v: Vectors, share: number): Ranker =>
  (d) => {
    const maxDf = Math.max(1_000, Math.floor(share * ct.docs.length));
    const q = docQuery(v, d);
    for (const t of q.keys()) if (v.postStart[t + 1] - v.postStart[t] > maxDf) q.delete(t);
    return topByDot(v, q, 10, d).map((h) => h.doc);
  };
report('SHIPPED: today + query skips terms in > 5% of papers', runDocs(capped(base, 0.05)));
lap('shipped');

// One knob at a time, shipped otherwise.
leaveOneOut(
  'title weight',
  [1, 1.5, 2, 3, 4].map((x) => ({ label: String(x), rank: lexical(vectors({ titleWeight: x })) })),
);
leaveOneOut(
  'key phrases (phrase weight ×)',
  [0.5, 0.75, 1, 1.25, 1.5].map((x) => ({ label: String(x), rank: lexical(vectors({ phraseBoost: x })) })),
);
leaveOneOut(
  'BM25 saturation k1 (b 0.75)',
  [0, 0.8, 1.2, 2].map((x) => ({ label: String(x), rank: lexical(vectors({ k1: x })) })),
);
leaveOneOut(
  'terms kept per paper',
  [60, 100, 150, 0].map((x) => ({ label: String(x), rank: lexical(vectors({ pruneTo: x })) })),
);
leaveOneOut(
  'drop terms in > share of papers',
  [1, 0.2, 0.1, 0.05].map((x) => ({ label: String(x), rank: lexical(vectors({ maxDfShare: x })) })),
);
leaveOneOut(
  'idf power (rarer terms count more)',
  [1, 1.25, 1.5, 2].map((x) => ({ label: String(x), rank: lexical(vectors({ idfPower: x })) })),
);
/** Only the query paper's `m` strongest terms are looked up (its key terms); documents keep all theirs. */
const keyTerms =
  (v: Vectors, m: number): Ranker =>
  (d) => {
    const q = new Map([...docQuery(v, d)].sort((a, b) => b[1] - a[1]).slice(0, m));
    return topByDot(v, q, 10, d).map((h) => h.doc);
  };
leaveOneOut(
  'query cut to its m key terms',
  [15, 25, 40, 60, 100].map((x) => ({ label: String(x), rank: keyTerms(base, x) })),
);
leaveOneOut(
  'query skips terms in > share of papers',
  [1, 0.1, 0.05, 0.02, 0.01].map((x) => ({ label: String(x), rank: capped(base, x) })),
);
lap('lexical knobs');

/** Rerank the lexical top 50 by the cosine plus weighted extra features. */
const rerank =
  (v: Vectors, extra: (q: number, c: number) => number): Ranker =>
  (d) =>
    topByDot(v, docQuery(v, d), 50, d)
      .map((h) => ({ doc: h.doc, s: h.score + extra(d, h.doc) }))
      .sort((a, b) => b.s - a.s || a.doc - b.doc)
      .slice(0, 10)
      .map((h) => h.doc);
const sharedAuthors = (a: number, b: number) => {
  let n = 0;
  for (const x of authorSets[a]) if (authorSets[b].has(x)) n++;
  return n;
};
const catJaccard = (a: number, b: number) => {
  let n = 0;
  for (const x of catSets[a]) if (catSets[b].has(x)) n++;
  const u = catSets[a].size + catSets[b].size - n;
  return u ? n / u : 0;
};
leaveOneOut(
  'authors in common (+α per shared author)',
  [0, 0.02, 0.05, 0.1, 0.2].map((x) => ({
    label: String(x),
    rank: rerank(base, (q, c) => x * Math.min(2, sharedAuthors(q, c))),
  })),
);
leaveOneOut(
  'categories prior (+β · Jaccard)',
  [0, 0.01, 0.02, 0.05, 0.1].map((x) => ({ label: String(x), rank: rerank(base, (q, c) => x * catJaccard(q, c)) })),
);

// Title-only cosine as a reranking feature (the title says what the paper is about).
const titleVectors = buildVectors(
  { ...ct, docs: ct.docs.map((d) => ({ ...d, inAbstract: new Float32Array(d.term.length) })) },
  { ...SHIPPED_VECTORS, pruneTo: 0 },
);
leaveOneOut(
  'reranker: + τ · title–title cosine',
  [0, 0.05, 0.1, 0.2, 0.3].map((x) => ({ label: String(x), rank: rerank(base, (q, c) => x * dot(titleVectors, q, c)) })),
);
const full = vectors({ pruneTo: 0 });
leaveOneOut(
  'reranker: full unpruned cosine (weight)',
  [0, 0.5, 1, 2].map((x) => ({ label: String(x), rank: rerank(base, (q, c) => x * dot(full, q, c)) })),
);
{
  // The small gains above together, chosen jointly by leave-one-out.
  const grid: GridValue[] = [];
  for (const tw of [1, 2])
    for (const a of [0, 0.05])
      for (const tt of [0, 0.05])
        grid.push({
          label: `tw${tw}/au${a}/tt${tt}`,
          rank: rerank(
            vectors({ titleWeight: tw }),
            (q, c) => a * Math.min(2, sharedAuthors(q, c)) + tt * dot(titleVectors, q, c),
          ),
        });
  leaveOneOut('title weight + authors + title cosine, jointly', grid);
}
lap('rerankers');

// Pseudo-relevance feedback (Rocchio): the query plus γ × the mean of its top m.
const prf =
  (v: Vectors, gamma: number, m: number): Ranker =>
  (d) => {
    const q = docQuery(v, d);
    const top = topByDot(v, q, m, d);
    for (const { doc } of top)
      for (let j = 0; j < v.term[doc].length; j++)
        q.set(v.term[doc][j], (q.get(v.term[doc][j]) ?? 0) + (gamma / m) * v.w[doc][j]);
    return topByDot(v, q, 10, d).map((h) => h.doc);
  };
leaveOneOut(
  'pseudo-relevance feedback, top 5, γ',
  [0, 0.1, 0.25, 0.5, 1].map((x) => ({ label: String(x), rank: prf(base, x, 5) })),
);
lap('PRF');

// The collection's own model, blended with the lexical score over the top 50.
for (const power of [1, 2]) {
  const emb = collectionEmbedding(base, 256, power);
  lap(`collection model (W Wᵀ)^${power} Ω, 256 dims`);
  report(
    `collection model alone, power ${power}`,
    runDocs((d) => {
      const s = emb.map((e, j) => (j === d ? -2 : cosineDense(emb[d], e)));
      return [...s.keys()].sort((a, b) => s[b] - s[a] || a - b).slice(0, 10);
    }),
  );
  leaveOneOut(
    `lexical + λ · collection model (power ${power}), top 50`,
    [0, 0.1, 0.2, 0.4, 0.8].map((x) => ({ label: String(x), rank: rerank(base, (q, c) => x * cosineDense(emb[q], emb[c])) })),
  );
}
lap('collection model');

console.log('\n' + TABLE_HEADER + '\n' + rows.join('\n'));

if (flags.pool) {
  const n = writeBlindPool(flags.pool, set, allRuns.values(), (id) => ct.papers[docOf.get(id)!]);
  console.log(`${n} unjudged top-5 papers (blind): ${flags.pool}`);
}
export type { GradedSet };
