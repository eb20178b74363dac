/**
 * How specific the reasons shown with related papers are: the share of reasons
 * that name a term found in at most 1% of the collection's papers (10 in a small one) (issue 14's
 * test of a reason that tells a reader something; "rather" is in 6% of the real
 * 30,000, "benchmark" in 28%). Build time only: the guard test and the lab use it.
 */
import { tableAt, tableSize, type RelatedItem, type RelatedModel } from '../../lib/related/model';
import { reasonDfLimit } from '../../lib/related/score';

/** Papers holding each reason surface, read back from the model's idf (the rarest term shown that way). */
const dfBySurface = new WeakMap<RelatedModel, Map<string, number>>();

function surfaceDf(model: RelatedModel): Map<string, number> {
  let m = dfBySurface.get(model);
  if (m) return m;
  m = new Map();
  const n = model.ids.length;
  for (let t = 0; t < tableSize(model.terms); t++) {
    const s = tableAt(model.surface, t);
    const df = Math.round(n / Math.exp(model.idf[t]));
    m.set(s, Math.min(m.get(s) ?? Infinity, df));
  }
  dfBySurface.set(model, m);
  return m;
}

/** Share of all reasons of `lists` naming a term in at most `reasonDfLimit` (lib/related/score.ts) papers, and the reasons that are not. */
export function reasonSpecificity(
  model: RelatedModel,
  lists: RelatedItem[][],
): { share: number; count: number; general: string[] } {
  const dfs = surfaceDf(model);
  const limit = reasonDfLimit(model.ids.length);
  let count = 0;
  let specific = 0;
  const general: string[] = [];
  for (const items of lists)
    for (const item of items)
      for (const r of item.reasons) {
        count++;
        if ((dfs.get(r) ?? Infinity) <= limit) specific++;
        else general.push(r);
      }
  return { share: count ? specific / count : 1, count, general };
}
