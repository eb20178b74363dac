/**
 * Papers added to a built related-paper model at run time (a source imported
 * into the collection), with no rebuild of the corpus: related lists are
 * scored on demand from the term postings, so a new paper is found as soon as
 * its postings are in. Each new paper is analysed and
 * weighted as the build weighs a paper (its terms' document frequencies as
 * they stand, plus itself), pruned, normalised and appended to the postings of
 * its terms; the document frequencies and idf of those terms are updated, so
 * later papers and queries see them. Papers already in the model keep the
 * weights they were built with (their idf moves by under 1/N per addition).
 * Terms the model never kept are left out, as for a page outside the corpus.
 */
import { WEIGHT_SCALE, findIn, round, type RelatedModel } from './model';
import { countTerms, lengthOf, tfWeight } from './score';

/** How many terms a paper keeps: tools/related/build.ts's default cut-off, measured best on both dev sets. */
const PRUNE_TO = 100;

/** A new model holding `papers` too (the given one is not changed); ids already in the model are skipped. O(postings) per call, so add papers in batches. */
export function addPapersToModel(model: RelatedModel, papers: { id: string; title: string; abstract: string }[]): RelatedModel {
  const known = new Set(model.ids);
  const fresh = papers.filter((p) => !known.has(p.id) && (known.add(p.id), true));
  if (!fresh.length) return model;
  const termCount = model.postStart.length - 1;
  let n = model.ids.length;
  // Document frequencies as the idf says (idf = ln(N / df), stored to 3 decimals, exact enough to round back).
  const df = Float64Array.from(model.idf, (idf) => Math.round(n / Math.exp(idf)));
  const added: { t: number; w: number }[][] = [];
  for (const p of fresh) {
    n++;
    const counts = countTerms(p.title, p.abstract, model.analysis, model.titleWeight);
    const len = lengthOf(counts);
    const terms: { t: number; tf: number }[] = [];
    for (const [term, { tf }] of counts) {
      const t = findIn(model.terms, term);
      if (t >= 0) terms.push({ t, tf });
    }
    for (const { t } of terms) df[t]++;
    const v = terms
      .map(({ t, tf }) => ({ t, w: tfWeight(tf, len, model.saturation) * Math.log(n / df[t]) }))
      .filter((x) => x.w > 0)
      .sort((a, b) => b.w - a.w || a.t - b.t)
      .slice(0, PRUNE_TO);
    const norm = Math.sqrt(v.reduce((s, x) => s + x.w * x.w, 0)) || 1;
    added.push(v.map((x) => ({ t: x.t, w: Math.round((x.w / norm) * WEIGHT_SCALE) })).filter((x) => x.w > 0));
  }
  // New postings go after each term's old ones: the new papers have the highest numbers, so each stays ascending.
  const extra = new Uint32Array(termCount);
  for (const v of added) for (const { t } of v) extra[t]++;
  const postStart = new Uint32Array(termCount + 1);
  for (let t = 0; t < termCount; t++) postStart[t + 1] = postStart[t] + (model.postStart[t + 1] - model.postStart[t]) + extra[t];
  const postDoc = new Uint32Array(postStart[termCount]);
  const postW = new Uint16Array(postDoc.length);
  const fill = new Uint32Array(termCount);
  for (let t = 0; t < termCount; t++) {
    const from = model.postStart[t];
    const count = model.postStart[t + 1] - from;
    postDoc.set(model.postDoc.subarray(from, from + count), postStart[t]);
    postW.set(model.postW.subarray(from, from + count), postStart[t]);
    fill[t] = postStart[t] + count;
  }
  added.forEach((v, k) => {
    for (const { t, w } of v) {
      postDoc[fill[t]] = model.ids.length + k;
      postW[fill[t]++] = w;
    }
  });
  return {
    ...model,
    idf: Array.from(df, (d) => round(Math.log(n / d), 3)),
    ids: [...model.ids, ...fresh.map((p) => p.id)],
    postStart,
    postDoc,
    postW,
  };
}
