/**
 * MiniSearch options, shared by the index build (scripts, benchmarks) and the
 * worker at run time: `MiniSearch.loadJSON` needs the very options the index was
 * built with, so they live here and nowhere else.
 */
import type { Options, SearchOptions } from 'minisearch';
import type { Paper } from './paper';

/** What the index stores per document (enough to show a result without the corpus). */
export type IndexedPaper = Pick<Paper, 'id' | 'title' | 'abstract' | 'authors' | 'year'>;

/** Document shape the index sees: authors flattened to one searchable string. */
export interface IndexDoc {
  id: string;
  title: string;
  abstract: string;
  authors: string;
}

/** Turns a paper into the document the index sees. */
export function toIndexDoc(p: Pick<Paper, 'id' | 'title' | 'abstract' | 'authors'>): IndexDoc {
  return { id: p.id, title: p.title, abstract: p.abstract, authors: p.authors.join(', ') };
}

/**
 * Splits on anything that is not a letter or digit, but keeps hyphenated and
 * dotted compounds whole as well as in parts ("pre-training" gives "pre",
 * "training" and "pretraining"), since researchers type both spellings.
 */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu)) {
    const word = m[0];
    const parts = word.split(/[-'’]/);
    out.push(...parts);
    if (parts.length > 1) out.push(parts.join(''));
  }
  return out;
}

/** Lower-cases and folds accents, so "Müller" is found by "muller". */
export function processTerm(term: string): string | null {
  const t = term
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
  return t.length ? t : null;
}

/** Options to build and load the index with. */
export const INDEX_OPTIONS: Options<IndexDoc> = {
  idField: 'id',
  fields: ['title', 'abstract', 'authors'],
  storeFields: [],
  tokenize,
  processTerm,
};

/** Search-as-you-type: prefix on the last word, typo tolerance, title above abstract. */
export const SEARCH_OPTIONS: SearchOptions = {
  boost: { title: 3, authors: 2, abstract: 1 },
  prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 2,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : term.length >= 4 ? 1 : 0),
  combineWith: 'AND',
};
