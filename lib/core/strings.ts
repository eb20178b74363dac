/** Text helpers every part shares: one place for each rule (house style). */

/**
 * Folds runs of white space to one space and trims: titles, names, tags, cells.
 * `\s` covers the non-breaking space; the zero-width space is added because
 * copied titles carry it (Hugging Face page text) and it must not split or join words.
 */
export function foldSpace(s: string): string {
  return s.replace(/[\s\u200b]+/g, ' ').trim();
}
