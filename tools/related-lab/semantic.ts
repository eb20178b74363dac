/**
 * The related-paper lab, second part: the collection's own word vectors
 * (tools/related-lab/word-vectors.ts, PPMI-SVD over its abstracts) used three
 * ways against plain TF-IDF and today's method, in one run, each knob by
 * leave-one-out (tools/related-lab/loo.ts):
 *   - a paper embedding (its lexical weights × word vectors, the corpus mean
 *     taken out) blended with the lexical score over the lexical top 50;
 *   - query expansion: each of the query's 20 strongest terms adds its 5
 *     nearest words above a cosine τ, weighted β · cosine · the term's weight;
 *   - facets: the query's terms clustered by their vectors (k-means, 2 or 3
 *     facets), a candidate's per-facet scores combined by a p-norm (p < 1
 *     rewards papers that share every facet: the task and the method).
 *
 *   npx tsx tools/related-lab/semantic.ts --corpus ../shared/real/arxiv-30k.jsonl.gz \
 *     --judgments tests/eval/related-real-dev.json [--train ../shared/real/arxiv-110k.jsonl.gz]
 *
 * `--train` learns the vectors from another corpus's abstracts (default: the
 * corpus itself); `--pool FILE` writes every method's unjudged top 5 for blind
 * judging (tools/related-lab/pool.ts). Build time only.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_BUILD_OPTIONS } from '../related/build';
import { readCorpusFile, readGradedSet } from '../eval/real';
import { TABLE_HEADER } from '../eval/real-run';
import { corpusTerms } from './corpus-terms';
import { writeBlindPool } from './pool';
import { leaveOneOut, type GridValue, type Ranker } from './loo';
import { labReport } from './lab-report';
import { buildVectors, SHIPPED_VECTORS, topByDot, type Query } from './vectors';
import { learnWordVectors, nearestWords, termVector, type WordVectors } from './word-vectors';

const { values: flags } = parseArgs({
  options: { corpus: { type: 'string' }, judgments: { type: 'string' }, train: { type: 'string' }, pool: { type: 'string' } },
});
const corpusFile = flags.corpus ?? '../shared/real/arxiv-30k.jsonl.gz';
const set = readGradedSet(flags.judgments ?? 'tests/eval/related-real-dev.json');
let clock = performance.now();
const lap = (what: string) => {
  console.error(`${what}: ${((performance.now() - clock) / 1000).toFixed(1)} s`);
  clock = performance.now();
};
const ct = corpusTerms(corpusFile);
const base = buildVectors(ct, SHIPPED_VECTORS);
const N = ct.docs.length;
lap('corpus analysed');
const { docOf, maxDf, rows, allRuns, report, runDocs, shippedQuery, lexical, reportBaselines } = labReport(set, ct, base);
const knob = (name: string, grid: GridValue[]) => {
  const r = leaveOneOut(set, runDocs, grid);
  console.log(`  ${name} neighbourhood: ${r.neighbourhood}`);
  report(`${name} (LOO; picked ${r.picks})`, r.chosen);
};

reportBaselines();

const trainTexts = (flags.train ? readCorpusFile(flags.train) : ct.papers).map((p) => `${p.title}. ${p.abstract}`);
const wv = learnWordVectors(trainTexts, DEFAULT_BUILD_OPTIONS.analysis);
lap(`word vectors learned from ${trainTexts.length} abstracts (${wv.vocab.length} words)`);
for (const w of ['backdoor', 'font', 'recommend', 'segment'])
  console.log(
    `  nearest to ${w}: ${nearestWords(wv, w, 6)
      .map((n) => `${n.word} ${n.cosine.toFixed(2)}`)
      .join(', ')}`,
  );
const vectorOf = ct.vocab.map((t) => termVector(wv, t));
const dot = (a: Float32Array, b: Float32Array) => {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * b[k];
  return s;
};

embeddingBlend(wv);
queryExpansion(wv);
facets();
console.log('\n' + TABLE_HEADER + '\n' + rows.join('\n'));
if (flags.pool) {
  const n = writeBlindPool(flags.pool, set, allRuns, (id) => ct.papers[docOf.get(id)!]);
  console.log(`${n} unjudged top-5 papers (blind): ${flags.pool}`);
}

function embeddingBlend({ dims }: WordVectors) {
  const emb = base.term.map((ts, i) => {
    const e = new Float32Array(dims);
    ts.forEach((t, j) => {
      const v = vectorOf[t];
      if (v) for (let k = 0; k < dims; k++) e[k] += base.w[i][j] * v[k];
    });
    return e;
  });
  const mean = new Float64Array(dims);
  for (const e of emb) for (let k = 0; k < dims; k++) mean[k] += e[k] / N;
  for (const e of emb) {
    for (let k = 0; k < dims; k++) e[k] -= mean[k];
    const norm = Math.hypot(...e) || 1;
    for (let k = 0; k < dims; k++) e[k] /= norm;
  }
  report(
    'paper embedding alone',
    runDocs((d) => {
      const s = emb.map((e, j) => (j === d ? -2 : dot(emb[d], e)));
      return [...s.keys()].sort((a, b) => s[b] - s[a] || a - b).slice(0, 10);
    }),
  );
  knob(
    'lexical + λ · paper embedding, top 50',
    [0, 0.02, 0.05, 0.1, 0.2].map((x) => ({
      label: String(x),
      rank: (d: number) =>
        topByDot(base, shippedQuery(d), 50, d)
          .map((h) => ({ doc: h.doc, s: h.score + x * dot(emb[d], emb[h.doc]) }))
          .sort((a, b) => b.s - a.s || a.doc - b.doc)
          .slice(0, 10)
          .map((h) => h.doc),
    })),
  );
  lap('paper embedding');
}

function queryExpansion(wv: WordVectors) {
  const termOfWord = new Map(ct.vocab.map((t, i) => [t, i]));
  const near = new Map<number, { term: number; cosine: number }[]>();
  const neighbours = (t: number) => {
    let r = near.get(t);
    if (!r) {
      r = nearestWords(wv, ct.vocab[t], 5).flatMap((n) => {
        const term = termOfWord.get(n.word);
        return term === undefined ? [] : [{ term, cosine: n.cosine }];
      });
      near.set(t, r);
    }
    return r;
  };
  const expanded =
    (beta: number, tau: number): Ranker =>
    (d) => {
      const q = shippedQuery(d);
      const add = new Map<number, number>();
      for (const [t, w] of [...q].sort((a, b) => b[1] - a[1]).slice(0, 20))
        for (const n of neighbours(t)) {
          if (n.cosine <= tau || q.has(n.term) || base.postStart[n.term + 1] - base.postStart[n.term] > maxDf) continue;
          add.set(n.term, (add.get(n.term) ?? 0) + beta * n.cosine * w);
        }
      for (const [t, w] of add) q.set(t, w);
      return topByDot(base, q, 10, d).map((h) => h.doc);
    };
  const grid: GridValue[] = [{ label: '0', rank: lexical }];
  for (const tau of [0.6, 0.75, 0.8])
    for (const beta of [0.25, 0.5, 1]) grid.push({ label: `τ${tau}/β${beta}`, rank: expanded(beta, tau) });
  knob('query expansion by nearest words', grid);
  lap('query expansion');
}

/** The query's terms in F clusters of their vectors (weighted k-means, farthest-first seeds); -1 for a term without one. */
function facetsOf(q: Query, F: number): Map<number, number> {
  const withVec = [...q].sort((a, b) => b[1] - a[1]).filter(([t]) => vectorOf[t]);
  const out = new Map<number, number>([...q.keys()].map((t) => [t, -1]));
  if (withVec.length < F) return out;
  const seeds = [vectorOf[withVec[0][0]]!];
  while (seeds.length < F) {
    const far = withVec.reduce(
      (best, tw) => {
        const s = Math.max(...seeds.map((c) => dot(c, vectorOf[tw[0]]!)));
        return s < best.s ? { t: tw[0], s } : best;
      },
      { t: withVec[0][0], s: 9 },
    );
    seeds.push(vectorOf[far.t]!);
  }
  let centres = seeds;
  const nearest = (v: Float32Array) => centres.reduce((b, c, i) => (dot(c, v) > dot(centres[b], v) ? i : b), 0);
  for (let it = 0; it < 10; it++) {
    const sums = centres.map((c) => new Float32Array(c.length));
    for (const [t, w] of withVec) {
      const v = vectorOf[t]!;
      const f = nearest(v);
      out.set(t, f);
      for (let k = 0; k < v.length; k++) sums[f][k] += w * v[k];
    }
    centres = sums.map((s) => s.map((x) => x / (Math.hypot(...s) || 1)));
  }
  return out;
}

function facets() {
  const facetRank =
    (F: number, p: number): Ranker =>
    (d) => {
      const q = shippedQuery(d);
      const of = facetsOf(q, F);
      return topByDot(base, q, 100, d)
        .map((h) => {
          const per = new Float64Array(F);
          let rest = 0;
          base.term[h.doc].forEach((t, j) => {
            const qw = q.get(t);
            if (qw === undefined) return;
            const f = of.get(t)!;
            if (f < 0) rest += qw * base.w[h.doc][j];
            else per[f] += qw * base.w[h.doc][j];
          });
          return { doc: h.doc, s: per.reduce((a, x) => a + x ** p, 0) ** (1 / p) + rest };
        })
        .sort((a, b) => b.s - a.s || a.doc - b.doc)
        .slice(0, 10)
        .map((h) => h.doc);
    };
  for (const F of [2, 3])
    knob(
      `${F} facets, p-norm`,
      [1, 0.75, 0.5].map((p) => ({ label: String(p), rank: facetRank(F, p) })),
    );
  lap('facets');
}
