/**
 * MiniSearch options, shared by the index build (scripts, benchmarks) and the
 * worker at run time: `MiniSearch.loadJSON` needs the very options the index was
 * built with, so they live here and nowhere else.
 *
 * The index comes in two parts, so that a large corpus answers quickly after a
 * worker start: `titles` (loaded first) and `abstracts` (authors and each
 * abstract's terms, loaded right after the first answer). What is indexed of an abstract
 * is, in a large corpus, its strongest TF-IDF terms, not every word: common words
 * in an abstract say little about it, and they are what makes an index large
 * and a query for a common word slow (measured in tools/bench.ts).
 */
import type { Options, SearchOptions } from 'minisearch';
import type { Paper } from '../core/paper';
import { isStopword } from '../core/text';

/** Document of the titles part. */
export interface TitleDoc {
  id: string;
  title: string;
}

/** Document of the abstracts part: the authors, and the abstract's terms, space-separated, already processed. */
export interface AbstractDoc {
  id: string;
  authors: string;
  terms: string;
}

/**
 * How many distinctive terms of each abstract are indexed, by corpus size. All
 * of them up to 5,000 papers (on the 65-paper search dev set, indexing only the
 * 32 strongest costs MRR 0.935 → 0.931); above that the 32 strongest, which keeps a 30,000-paper
 * index small and common words cheap (tools/bench.ts).
 */
export function abstractTermLimit(corpusSize: number): number {
  return corpusSize > 5_000 ? 32 : Infinity;
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

// Printable ASCII only: anything else (control characters included) takes the normalising path.
const ASCII = /^[ -~]*$/;

/** Lower-cases and folds accents, so "Müller" is found by "muller". */
export function normaliseTerm(term: string): string {
  // ASCII has nothing to decompose or strip: skipping normalize() makes indexing 30,000 added abstracts 3x faster here.
  if (ASCII.test(term)) return term.toLowerCase();
  return term
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** Indexed form of a word; null for function words ("the", "of"), which match everything and rank nothing. */
export function processTerm(term: string): string | null {
  const t = normaliseTerm(term);
  return t.length && !isStopword(t, 'english') ? t : null;
}

/**
 * The key that decides which shard of the shipped index holds a term
 * (lib/search/shards.ts): its first three characters (the whole of a shorter term),
 * so that a word being typed (a prefix from four letters) completes within one
 * shard. Two letters made shards of 1.7 MB at 110,000 papers ("co…"), which
 * crowded out the others. A typo is looked for among the terms of the typed
 * word's key only, in every index alike, so that the shipped one answers as a
 * whole one does whatever shards happen to be loaded: "qaulity" does not find
 * "quality", nor "cratesian" "cartesian" (the real known-item MRR is 0.9825 either way).
 */
export const termKey = (term: string): string => term.slice(0, 3);

/** Turns a paper into the titles-part document. */
export function toTitleDoc(p: Pick<Paper, 'id' | 'title'>): TitleDoc {
  return { id: p.id, title: p.title };
}

/** Options of the titles part. */
export const TITLE_OPTIONS: Options<TitleDoc> = {
  idField: 'id',
  fields: ['title'],
  storeFields: [],
  tokenize,
  processTerm,
};

/** Options of the abstracts part: `terms` is already a list of processed terms, `authors` is text. */
export const ABSTRACT_OPTIONS: Options<AbstractDoc> = {
  idField: 'id',
  fields: ['authors', 'terms'],
  storeFields: [],
  tokenize: (text, field) => (field === 'terms' ? text.split(' ') : tokenize(text)),
  processTerm: (term, field) => (field === 'terms' ? term || null : processTerm(term)),
  searchOptions: { tokenize, processTerm },
};

/**
 * Search as you type: prefix on the last word once it has four letters, typo
 * tolerance on words of five letters or more, title above authors above abstract.
 */
export const SEARCH_OPTIONS: SearchOptions = {
  boost: { title: 3, authors: 2, terms: 1 },
  prefix: (term, i, terms) => i === terms.length - 1 && term.length >= 4,
  fuzzy: (term) => (term.length >= 5 ? 0.2 : 0),
  maxFuzzy: 2,
  combineWith: 'OR',
  tokenize,
  processTerm,
};
