/**
 * The search index the background worker holds: MiniSearch over the corpus and
 * the saved papers that are not in it. Pure functions over an index value, so the
 * worker, the evaluation and the benchmark share the very same code path.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Paper } from './paper';
import { INDEX_OPTIONS, SEARCH_OPTIONS, toIndexDoc, type IndexDoc } from './search-options';

/** The index plus the documents it can answer with. */
export interface SearchIndex {
  mini: MiniSearch<IndexDoc>;
}

/** One hit: the paper id, its score and the query terms it matched (for highlighting). */
export interface SearchHit {
  id: string;
  score: number;
  /** Document terms that matched, as indexed (lower-case, accents folded). */
  terms: string[];
}

/** Builds an index over papers. */
export function createSearchIndex(papers: Pick<Paper, 'id' | 'title' | 'abstract' | 'authors'>[]): SearchIndex {
  const mini = new MiniSearch<IndexDoc>(INDEX_OPTIONS);
  mini.addAll(papers.map(toIndexDoc));
  return { mini };
}

/** Serialises an index so that it can be shipped prebuilt. */
export function serialiseSearchIndex(index: SearchIndex): string {
  return JSON.stringify(index.mini);
}

/** Loads an index serialised with {@link serialiseSearchIndex}, with the same options. */
export function loadSearchIndex(json: string): SearchIndex {
  return { mini: MiniSearch.loadJSON<IndexDoc>(json, INDEX_OPTIONS) };
}

/** Adds or replaces a paper (a saved paper from outside the corpus). */
export function upsertPaper(index: SearchIndex, paper: Pick<Paper, 'id' | 'title' | 'abstract' | 'authors'>): void {
  if (index.mini.has(paper.id)) index.mini.replace(toIndexDoc(paper));
  else index.mini.add(toIndexDoc(paper));
}

/** Removes a paper if present. */
export function removePaperFromIndex(index: SearchIndex, id: string): void {
  if (index.mini.has(id)) index.mini.discard(id);
}

function toHits(results: SearchResult[]): SearchHit[] {
  return results.map((r) => ({ id: String(r.id), score: r.score, terms: r.terms }));
}

/**
 * Searches as the user types. All words must match (AND); when that finds
 * nothing, any word may (OR), so a long query with one unknown word still answers.
 * `keep` filters candidates before ranking (saved only, tags, years).
 */
export function searchPapers(index: SearchIndex, query: string, limit = 20, keep?: (id: string) => boolean): SearchHit[] {
  const q = query.trim();
  if (!q) return [];
  const filter = keep ? (r: SearchResult) => keep(String(r.id)) : undefined;
  let results = index.mini.search(q, { ...SEARCH_OPTIONS, filter });
  if (results.length === 0) results = index.mini.search(q, { ...SEARCH_OPTIONS, combineWith: 'OR', filter });
  return toHits(results.slice(0, limit));
}

/** A "did you mean" suggestion for a query that found nothing, or null. */
export function suggestQuery(index: SearchIndex, query: string): string | null {
  const s = index.mini.autoSuggest(query, { fuzzy: 0.3, prefix: true, combineWith: 'AND' });
  const best = s.find((x) => x.suggestion.toLowerCase() !== query.trim().toLowerCase());
  return best ? best.suggestion : null;
}
