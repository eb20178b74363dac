/**
 * Draft of the specific reasons (moved into lib/related/score.ts once
 * measured): the shared terms that add most to the similarity, among those in
 * at most 1% of the collection's papers (at least 2), phrases and acronyms
 * first; the rarest shared term when none is that rare. Build time only.
 */
import { isStopword } from '../../lib/core/text';
import { tableAt, type RelatedModel } from '../../lib/related/model';
import type { QueryVector } from '../../lib/related/score';

/** Papers a term may be in and still be a reason: 1% of the collection, never under 2. */
export function reasonDfLimit(paperCount: number): number {
  return Math.max(2, Math.floor(paperCount * 0.01));
}

function weightIn(model: RelatedModel, t: number, doc: number): number {
  let lo = model.postStart[t];
  let hi = model.postStart[t + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const d = model.postDoc[mid];
    if (d === doc) return model.postW[mid];
    if (d < doc) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

export function specificReasons(model: RelatedModel, query: QueryVector, doc: number): string[] {
  const n = model.ids.length;
  // df ≤ limit ⇔ idf = ln(n / df) ≥ ln(n / limit); idf is stored to 3 decimals.
  const minIdf = Math.log(n / reasonDfLimit(n)) - 5e-4;
  const shared: { t: number; c: number; rare: boolean }[] = [];
  for (const [t, qw] of query) {
    const w = qw ? weightIn(model, t, doc) : 0;
    if (!w) continue;
    const surface = tableAt(model.surface, t);
    if (surface.split(/[ -]/).every((x) => isStopword(x.toLowerCase(), 'academic'))) continue;
    if (/^[a-z0-9]{1,2}$/.test(surface)) continue;
    shared.push({ t, c: qw * w, rare: model.idf[t] >= minIdf });
  }
  const rare = shared.filter((s) => s.rare);
  // A shared rare phrase or acronym tells a reader more than a single word of the same weight.
  const strength = (s: { t: number; c: number }) => {
    const surface = tableAt(model.surface, s.t);
    return s.c * (surface.includes(' ') || surface.includes('-') || /^[A-Z]/.test(surface) ? 2 : 1);
  };
  const pool = rare.length ? rare : shared.sort((a, b) => model.idf[b.t] - model.idf[a.t] || a.t - b.t).slice(0, 1);
  const ranked = pool.map((s) => ({ t: s.t, c: strength(s) })).sort((a, b) => b.c - a.c || a.t - b.t);
  const chosen: number[] = [];
  const top = ranked[0]?.c ?? 0;
  for (const { t, c } of ranked) {
    if (chosen.length >= 4 || (chosen.length >= 2 && c < top / 5)) break;
    const term = tableAt(model.terms, t);
    const words = term.split(' ');
    if (words.length === 1) {
      if (chosen.some((u) => tableAt(model.terms, u).split(' ').includes(words[0]))) continue;
      chosen.push(t);
    } else {
      if (
        chosen.some((u) => {
          const other = tableAt(model.terms, u);
          return other !== term && other.includes(' ') && other.split(' ').some((w) => words.includes(w));
        })
      )
        continue;
      for (const u of chosen.filter((u) => words.includes(tableAt(model.terms, u)))) chosen.splice(chosen.indexOf(u), 1);
      chosen.push(t);
    }
  }
  return chosen.map((t) => tableAt(model.surface, t));
}
