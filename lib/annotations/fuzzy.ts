/**
 * Approximate string matching for re-anchoring: where in a page's text is the
 * passage closest to a quote, allowing a few edits?
 *
 * Seed and verify rather than a scan of the whole text: pieces of the quote
 * (and the ends of its context) are looked up exactly, each hit votes for where
 * the quote would start, and only the few best-voted windows get an edit
 * distance computed. With k pieces, any match with fewer than k edits keeps a
 * piece intact (pigeonhole), so no candidate within the error budget is missed
 * unless every piece is edited. It costs O(hits + candidates · m²) instead of
 * the O(n · m / 32) of a bit-parallel scan (approx-string-match, which
 * Hypothesis uses), and needs no dependency.
 */

/** A place in a text and how many edits separate it from the pattern. */
export interface Approx {
  /** Start offset in the text. */
  start: number;
  /** End offset (exclusive). */
  end: number;
  /** Edit distance between the pattern and `text.slice(start, end)`. */
  errors: number;
}

/** Levenshtein distance (two rows). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (!a.length) return b.length;
  if (!b.length) return a.length;
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const sub = prev[j - 1]! + (ca === b.charCodeAt(j - 1) ? 0 : 1);
      const del = prev[j]! + 1;
      const ins = cur[j - 1]! + 1;
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins;
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/**
 * The substring of `text[from, to)` closest to `pattern` in edit distance
 * (semi-global alignment: free start and end in the text). Start positions ride
 * along the dynamic programme so no traceback is needed.
 */
export function bestMatchIn(text: string, pattern: string, from: number, to: number): Approx | null {
  const m = pattern.length;
  from = Math.max(0, from);
  to = Math.min(text.length, to);
  if (!m || to <= from) return null;
  let cost = new Int32Array(m + 1);
  let start = new Int32Array(m + 1);
  let nCost = new Int32Array(m + 1);
  let nStart = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) {
    cost[j] = j;
    start[j] = from;
  }
  let best: Approx | null = null;
  for (let i = from; i < to; i++) {
    const t = text.charCodeAt(i);
    nCost[0] = 0;
    nStart[0] = i + 1;
    for (let j = 1; j <= m; j++) {
      let c = cost[j - 1]! + (pattern.charCodeAt(j - 1) === t ? 0 : 1);
      let s = start[j - 1]!;
      const up = nCost[j - 1]! + 1;
      if (up < c) {
        c = up;
        s = nStart[j - 1]!;
      }
      const left = cost[j]! + 1;
      if (left < c) {
        c = left;
        s = start[j]!;
      }
      nCost[j] = c;
      nStart[j] = s;
    }
    if (!best || nCost[m]! < best.errors) best = { start: nStart[m]!, end: i + 1, errors: nCost[m]! };
    [cost, nCost] = [nCost, cost];
    [start, nStart] = [nStart, start];
  }
  return best;
}

/** All start offsets of `needle` in `text`, or `null` when there are more than `cap`. */
export function occurrences(text: string, needle: string, cap: number): number[] | null {
  const out: number[] = [];
  if (!needle) return out;
  for (let i = text.indexOf(needle); i !== -1; i = text.indexOf(needle, i + 1)) {
    if (out.length >= cap) return null;
    out.push(i);
  }
  return out;
}

/** Character trigrams of `s` as a multiset. */
function trigrams(s: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + 3 <= s.length; i++) {
    const g = s.slice(i, i + 3);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/**
 * How alike two short strings are, 0..1: the Dice coefficient of their
 * character trigrams. Used for context rather than edit distance because two
 * unrelated 32-character stretches of English are ~45% alike by edit distance
 * but share almost no trigrams, so a threshold separates them.
 */
export function trigramSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length < 3 || b.length < 3) return a === b ? 1 : 0;
  const ta = trigrams(a);
  const tb = trigrams(b);
  let common = 0;
  for (const [g, n] of ta) common += Math.min(n, tb.get(g) ?? 0);
  return (2 * common) / (a.length - 2 + (b.length - 2));
}

/**
 * Candidate start offsets for `quote` in `text`, best-voted first: each exact
 * hit of a piece of the quote, of the end of its prefix or of the start of its
 * suffix votes for the start it implies; votes within `m / 4` of each other
 * pool. `hint` (where it was) gets one vote.
 */
export function candidateStarts(
  text: string,
  quote: string,
  prefix: string,
  suffix: string,
  hint: number | undefined,
  limit = 8,
): number[] {
  const m = quote.length;
  const votes: { at: number; piece: number }[] = [];
  const pieces = Math.max(2, Math.min(12, Math.floor(m / 8)));
  const size = Math.floor(m / pieces);
  for (let p = 0; p < pieces; p++) {
    const off = p * size;
    const piece = quote.slice(off, p === pieces - 1 ? m : off + size);
    if (piece.trim().length < 4) continue;
    for (const at of occurrences(text, piece, 40) ?? []) votes.push({ at: at - off, piece: p });
  }
  const edge = 12;
  if (prefix.length >= edge)
    for (const at of occurrences(text, prefix.slice(-edge), 40) ?? []) votes.push({ at: at + edge, piece: -1 });
  if (suffix.length >= edge)
    for (const at of occurrences(text, suffix.slice(0, edge), 40) ?? []) votes.push({ at: at - m, piece: -2 });
  if (hint !== undefined) votes.push({ at: hint, piece: -3 });
  votes.sort((a, b) => a.at - b.at);
  const radius = Math.max(4, m >> 2);
  const clusters: { at: number; pieces: Set<number> }[] = [];
  for (const v of votes) {
    const last = clusters[clusters.length - 1];
    if (last && v.at - last.at <= radius) last.pieces.add(v.piece);
    else clusters.push({ at: v.at, pieces: new Set([v.piece]) });
  }
  return clusters
    .sort((a, b) => b.pieces.size - a.pieces.size)
    .slice(0, limit)
    .map((c) => c.at);
}
