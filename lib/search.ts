/**
 * The search index the background worker holds: MiniSearch over the corpus and
 * the saved papers that are not in it, in two parts (see lib/search-options.ts).
 * Pure functions over an index value, so the worker, the evaluation and the
 * benchmark share the very same code path.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Paper } from './paper';
import {
  ABSTRACT_OPTIONS,
  abstractTermLimit,
  SEARCH_OPTIONS,
  TITLE_OPTIONS,
  processTerm,
  toTitleDoc,
  tokenize,
  type AbstractDoc,
  type TitleDoc,
} from './search-options';

/** The two parts; `abstracts` is null while it is still loading. */
export interface SearchIndex {
  titles: MiniSearch<TitleDoc>;
  abstracts: MiniSearch<AbstractDoc> | null;
}

/** One hit: the paper id, its score and the document terms it matched (for highlighting). */
export interface SearchHit {
  id: string;
  score: number;
  terms: string[];
}

/** The serialised parts, as shipped. */
export interface SerialisedIndex {
  titles: string;
  abstracts: string;
}

type Indexable = Pick<Paper, 'id' | 'title' | 'abstract' | 'authors'>;

/** Processed terms of a text, in order. */
function termsOf(text: string): string[] {
  const out: string[] = [];
  for (const t of tokenize(text)) {
    const p = processTerm(t);
    if (p && p.length > 1 && !/^\d+$/.test(p)) out.push(p);
  }
  return out;
}

/**
 * Each abstract's `k` most distinctive terms by TF-IDF within the corpus (ties by
 * term, so builds are reproducible): what the abstracts part indexes.
 */
export function abstractTerms(papers: Pick<Paper, 'abstract'>[], k = abstractTermLimit(papers.length)): string[] {
  const counts = papers.map((p) => {
    const m = new Map<string, number>();
    for (const t of termsOf(p.abstract)) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const df = new Map<string, number>();
  for (const m of counts) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const n = Math.max(papers.length, 2);
  return counts.map((m) =>
    [...m]
      .map(([t, tf]) => [t, (1 + Math.log(tf)) * Math.log((n + 1) / df.get(t)!)] as const)
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, k)
      .map(([t]) => t)
      .join(' '),
  );
}

/** Builds both parts over papers. */
export function createSearchIndex(papers: Indexable[]): SearchIndex {
  const titles = new MiniSearch<TitleDoc>(TITLE_OPTIONS);
  titles.addAll(papers.map(toTitleDoc));
  const abstracts = new MiniSearch<AbstractDoc>(ABSTRACT_OPTIONS);
  const terms = abstractTerms(papers);
  abstracts.addAll(papers.map((p, i) => ({ id: p.id, terms: terms[i] })));
  return { titles, abstracts };
}

/** Serialises both parts so that they can be shipped prebuilt. */
export function serialiseSearchIndex(index: SearchIndex): SerialisedIndex {
  return { titles: JSON.stringify(index.titles), abstracts: JSON.stringify(index.abstracts) };
}

/** Loads the titles part; the abstracts part follows with {@link loadAbstracts}. */
export function loadTitles(json: string): SearchIndex {
  return { titles: MiniSearch.loadJSON<TitleDoc>(json, TITLE_OPTIONS), abstracts: null };
}

/** Loads the abstracts part without blocking the worker for long (MiniSearch's async loader yields between chunks). */
export async function loadAbstracts(index: SearchIndex, json: string): Promise<void> {
  index.abstracts = await MiniSearch.loadJSONAsync<AbstractDoc>(json, ABSTRACT_OPTIONS);
}

/** Loads both parts at once (tests, tools). */
export function loadSearchIndex(s: SerialisedIndex): SearchIndex {
  return {
    titles: MiniSearch.loadJSON<TitleDoc>(s.titles, TITLE_OPTIONS),
    abstracts: MiniSearch.loadJSON<AbstractDoc>(s.abstracts, ABSTRACT_OPTIONS),
  };
}

/** Adds or replaces a paper (a saved paper from outside the corpus). */
export function upsertPaper(index: SearchIndex, paper: Indexable): void {
  const t = toTitleDoc(paper);
  if (index.titles.has(paper.id)) index.titles.replace(t);
  else index.titles.add(t);
  const a = { id: paper.id, terms: [...new Set(termsOf(paper.abstract))].slice(0, 200).join(' ') };
  if (index.abstracts?.has(paper.id)) index.abstracts.replace(a);
  else index.abstracts?.add(a);
}

/** Removes a paper if present. */
export function removePaperFromIndex(index: SearchIndex, id: string): void {
  if (index.titles.has(id)) index.titles.discard(id);
  if (index.abstracts?.has(id)) index.abstracts.discard(id);
}

/**
 * What AND counts against: one group per typed word. A compound ("pre-training")
 * is satisfied by its joined form or by all of its parts, since papers write it
 * both ways.
 */
function queryGroups(query: string): { joined: string | null; parts: string[] }[] {
  const groups: { joined: string | null; parts: string[] }[] = [];
  for (const m of query.matchAll(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu)) {
    const parts = m[0]
      .split(/[-'’]/)
      .map(processTerm)
      .filter((t): t is string => !!t);
    const joined = parts.length > 1 ? processTerm(m[0].replace(/[-'’]/g, '')) : null;
    if (parts.length || joined) groups.push({ joined, parts });
  }
  return groups;
}

/**
 * Searches as the user types, over both parts: any typed word may match (so a
 * long query with one unknown word still answers), and the score is scaled by
 * the share of typed words a paper matches in its title, authors or abstract
 * terms. `keep` filters candidates before ranking (saved only, tags, years).
 */
export function searchPapers(index: SearchIndex, query: string, limit = 20, keep?: (id: string) => boolean): SearchHit[] {
  const groups = queryGroups(query);
  if (!groups.length) return [];
  const filter = keep ? (r: SearchResult) => keep(String(r.id)) : undefined;
  const merged = new Map<string, { score: number; terms: Set<string>; words: Set<string> }>();
  const add = (results: SearchResult[]) => {
    for (const r of results) {
      const id = String(r.id);
      let m = merged.get(id);
      if (!m) merged.set(id, (m = { score: 0, terms: new Set(), words: new Set() }));
      m.score += r.score;
      r.terms.forEach((t) => m.terms.add(t));
      r.queryTerms.forEach((t) => m.words.add(t));
    }
  };
  add(index.titles.search(query, { ...SEARCH_OPTIONS, filter }));
  if (index.abstracts) add(index.abstracts.search(query, { ...SEARCH_OPTIONS, filter }));
  // Lucene's classic coordination factor: a paper matching more of the typed words
  // ranks higher, but one that misses a word common enough to be left out of its
  // indexed abstract terms is not dropped.
  const coord = (m: { words: Set<string> }) =>
    groups.filter(
      (g) => (g.joined !== null && m.words.has(g.joined)) || (g.parts.length > 0 && g.parts.every((p) => m.words.has(p))),
    ).length / groups.length;
  const ranked = [...merged]
    .map(([id, m]) => [id, { ...m, score: m.score * coord(m) }] as const)
    .sort((a, b) => b[1].score - a[1].score || (a[0] < b[0] ? -1 : 1));
  return ranked.slice(0, limit).map(([id, m]) => ({ id, score: m.score, terms: [...m.terms] }));
}

/** A "did you mean" suggestion for a query that found nothing, or null. */
export function suggestQuery(index: SearchIndex, query: string): string | null {
  const opts = { fuzzy: 0.3, prefix: true, combineWith: 'AND' as const };
  const s = [...index.titles.autoSuggest(query, opts), ...(index.abstracts?.autoSuggest(query, opts) ?? [])].sort(
    (a, b) => b.score - a.score,
  );
  const best = s.find((x) => x.suggestion.toLowerCase() !== query.trim().toLowerCase());
  return best ? best.suggestion : null;
}
