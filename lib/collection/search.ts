/**
 * Search and related papers over the added collection: a MiniSearch index in
 * the same two parts and with the same options as the shipped corpus's
 * (lib/search/options.ts), keyed by row key. An import builds it as it writes
 * its chunks (indexer.ts, in a Web Worker of the options page) and stores it
 * serialised in IndexedDB when it commits, so a worker start loads it instead
 * of rebuilding it.
 *
 * Related papers among added ones use the same index as postings: the paper's
 * strongest abstract terms and its title words, each a query term, scored by
 * MiniSearch's BM25 over what the index holds (the TF-IDF-selected terms).
 */
import MiniSearch, { type AsPlainObject } from 'minisearch';
import { abstractTerms, loadSearchIndex, type SearchIndex } from '../search/index';
import { INDEX_CLOSE, INDEX_OPEN } from './index-builder';
import { ABSTRACT_OPTIONS, TITLE_OPTIONS, processTerm, tokenize, type AbstractDoc, type TitleDoc } from '../search/options';

/** Terms of each added abstract that the index holds (as the shipped corpus above 5,000 papers). */
export const COLLECTION_ABSTRACT_TERMS = 32;

/** Authors of a paper the index holds. */
export const MAX_INDEXED_AUTHORS = 10;

/** An empty collection index. */
export function emptyCollectionIndex(): SearchIndex {
  return { titles: new MiniSearch<TitleDoc>(TITLE_OPTIONS), abstracts: new MiniSearch<AbstractDoc>(ABSTRACT_OPTIONS) };
}

/** The index from its stored parts (tests, tools: at once). */
export function loadCollectionIndex(s: { titles: string; abstracts: string }): SearchIndex {
  return loadSearchIndex(s);
}

/** Characters of a serialised part parsed at once before the worker yields. */
const PARSE_SLICE = 256 * 1024;

/**
 * A serialised part as MiniSearch's plain object, parsed a slice of terms at a
 * time with a pause between: `JSON.parse` of a 110,000-paper abstracts part
 * (about 65 MB) at once held the worker's answers up to 2.7 s. The builder
 * writes one term a line (index-builder.ts); other text is parsed whole.
 */
async function parseYielding(json: string): Promise<AsPlainObject> {
  const at = json.indexOf(INDEX_OPEN);
  const end = json.length - INDEX_CLOSE.length;
  if (at < 0 || !json.endsWith(INDEX_CLOSE)) return JSON.parse(json) as AsPlainObject;
  const head = JSON.parse(`${json.slice(0, at)}}`) as Omit<AsPlainObject, 'index'>;
  const index: AsPlainObject['index'] = [];
  for (let pos = at + INDEX_OPEN.length; pos < end;) {
    let stop = pos + PARSE_SLICE >= end ? end : json.indexOf(',\n', pos + PARSE_SLICE);
    if (stop < 0 || stop > end) stop = end;
    for (const entry of JSON.parse(`[${json.slice(pos, stop)}]`) as AsPlainObject['index']) index.push(entry);
    pos = stop + 2;
    await new Promise((r) => setTimeout(r, 0));
  }
  return { ...head, index, serializationVersion: 2 };
}

/**
 * The index from its stored parts without holding the worker for long: the
 * text is parsed in slices and MiniSearch's async loader yields between
 * chunks, so pages are answered while a 110,000-paper index loads (loaded at
 * once, it held `annotatePage` up to 36 s here).
 */
export async function loadCollectionIndexAsync(s: { titles: string; abstracts: string }): Promise<SearchIndex> {
  const titles = await MiniSearch.loadJSAsync<TitleDoc>(await parseYielding(s.titles), TITLE_OPTIONS);
  const abstracts = await MiniSearch.loadJSAsync<AbstractDoc>(await parseYielding(s.abstracts), ABSTRACT_OPTIONS);
  return { titles, abstracts };
}

/** A related added paper: its row key, score and the shared terms. */
export interface CollectionRelated {
  key: string;
  score: number;
  reasons: string[];
}

/**
 * The added papers closest to a paper (by its title and abstract): its title
 * words and its strongest abstract terms as an OR query over both parts,
 * itself excluded. Reasons are the query terms a hit shares most.
 */
export function relatedInCollection(
  index: SearchIndex,
  paper: { title: string; abstract: string },
  limit: number,
  exclude: Set<string>,
): CollectionRelated[] {
  const titleWords = tokenize(paper.title)
    .map(processTerm)
    .filter((t): t is string => !!t && t.length > 2);
  const strong = abstractTerms([paper, { abstract: '' }], 16)[0]
    .split(' ')
    .filter(Boolean);
  const words = [...new Set([...titleWords, ...strong])];
  if (!words.length) return [];
  const opts = {
    combineWith: 'OR' as const,
    tokenize: (s: string) => s.split(' '),
    processTerm: (t: string) => t,
    prefix: false,
    fuzzy: false,
  };
  const acc = new Map<string, { score: number; terms: Map<string, number> }>();
  const add = (hits: { id: unknown; score: number; terms: string[] }[], weight: number) => {
    for (const h of hits) {
      const key = String(h.id);
      if (exclude.has(key)) continue;
      let a = acc.get(key);
      if (!a) acc.set(key, (a = { score: 0, terms: new Map() }));
      a.score += h.score * weight;
      for (const t of h.terms) a.terms.set(t, (a.terms.get(t) ?? 0) + weight);
    }
  };
  add(index.titles.search(words.join(' '), opts), 1);
  if (index.abstracts) add(index.abstracts.search(words.join(' '), { ...opts, fields: ['terms'] }), 1);
  return [...acc]
    .sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([key, a]) => ({
      key,
      score: Math.round(a.score * 1000) / 1000,
      reasons: [...a.terms]
        .sort((x, y) => y[1] - x[1])
        .slice(0, 3)
        .map(([t]) => t),
    }));
}
