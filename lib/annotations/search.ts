/**
 * Finding saved papers by their highlights: the words of a query against each
 * saved paper's quotes and notes. The reading list is small (thousands, not
 * millions) and changes with every note typed, so a scan is simpler and as
 * fast as keeping a second MiniSearch index in step with every edit.
 */
import type { SavedPaper } from '../reading-list/list';

/** Lower case without accents, so "Schrödinger" finds "schrodinger". */
function fold(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

function words(s: string): string[] {
  return fold(s).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** A saved paper whose highlights match, with the matching note (or quote) and the words matched. */
export interface AnnotationHit {
  id: string;
  /** The best matching annotation's note, or its quote when the note does not match. */
  text: string;
  /** The query words as typed (folded), for the snippet's marks. */
  terms: string[];
}

/**
 * Saved papers with an annotation whose quote and note together hold every
 * word of `text` (the last word as a prefix: the user is still typing it). A
 * note match ranks above a quote-only match.
 */
export function searchAnnotations(text: string, papers: readonly SavedPaper[], limit = 20): AnnotationHit[] {
  const q = words(text);
  if (!q.length) return [];
  const matches = (hay: string[]): boolean =>
    q.every((w, i) => hay.some((h) => (i === q.length - 1 ? h.startsWith(w) : h === w)));
  const hits: (AnnotationHit & { rank: number })[] = [];
  for (const p of papers) {
    let best: (AnnotationHit & { rank: number }) | null = null;
    for (const a of p.annotations ?? []) {
      const note = words(a.note);
      const all = [...note, ...words(a.target.quote.exact)];
      if (!matches(all)) continue;
      const rank = matches(note) ? 2 : 1;
      if (!best || rank > best.rank) best = { id: p.id, text: rank === 2 ? a.note : a.target.quote.exact, terms: q, rank };
    }
    if (best) hits.push(best);
  }
  return hits
    .sort((a, b) => b.rank - a.rank)
    .slice(0, limit)
    .map(({ rank: _rank, ...h }) => h);
}
