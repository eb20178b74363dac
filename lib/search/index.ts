/**
 * The search index the background worker holds: MiniSearch over the corpus and
 * the saved papers that are not in it, in two parts (see lib/search/options.ts).
 * Pure functions over an index value, so the worker, the evaluation and the
 * benchmark share the very same code path.
 */
import MiniSearch from 'minisearch';
import type { Paper } from '../core/paper';
import {
  ABSTRACT_OPTIONS,
  abstractTermLimit,
  SEARCH_OPTIONS,
  TITLE_OPTIONS,
  processTerm,
  termKey,
  toTitleDoc,
  tokenize,
  type AbstractDoc,
  type TitleDoc,
} from './options';

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
  abstracts.addAll(papers.map((p, i) => ({ id: p.id, authors: p.authors.join(', '), terms: terms[i] })));
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
  invalidateWords(index);
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
  invalidateWords(index);
  const t = toTitleDoc(paper);
  if (index.titles.has(paper.id)) index.titles.replace(t);
  else index.titles.add(t);
  const a = {
    id: paper.id,
    authors: paper.authors.join(', '),
    terms: [...new Set(termsOf(paper.abstract))].slice(0, 200).join(' '),
  };
  if (index.abstracts?.has(paper.id)) index.abstracts.replace(a);
  else index.abstracts?.add(a);
}

/** Removes a paper if present. */
export function removePaperFromIndex(index: SearchIndex, id: string): void {
  invalidateWords(index);
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

const MAX_GROUPS = 12;
const MAX_WORDS = 30;

/** The distinct words a query looks up, in order, each once; `last` for the word still being typed. */
function distinctWords(query: string, groups = queryGroups(query).slice(0, MAX_GROUPS)): { word: string; last: boolean }[] {
  const typing = /[\p{L}\p{N}]$/u.test(query);
  const words: { word: string; last: boolean }[] = [];
  const seen = new Set<string>();
  groups.forEach((g, gi) => {
    const last = typing && gi === groups.length - 1;
    for (const word of [...g.parts, ...(g.joined ? [g.joined] : [])]) {
      if (seen.has(word) || words.length >= MAX_WORDS) continue;
      seen.add(word);
      words.push({ word, last });
    }
  });
  return words;
}

/** The processed words {@link searchPapers} looks up for a query (what the shipped index reads shards for). */
export function queryWords(query: string): string[] {
  return distinctWords(query).map((w) => w.word);
}

/** What one word found in one part: paper id → score and the indexed terms it matched. */
type WordHits = Map<string, { score: number; terms: string[] }>;

/** Per-index cache of word results: typing "pre-training dat" repeats every word but the last. */
const wordCache = new WeakMap<SearchIndex, Map<string, WordHits>>();
const WORD_CACHE_SIZE = 96;

/** Forgets cached word results (after the index changed). */
export function invalidateWords(index: SearchIndex): void {
  wordCache.delete(index);
}

/**
 * One processed word in one part. The last word of the query is still being
 * typed: it matches as a prefix from four letters (a three-letter word, often an
 * acronym like "ctc", matches whole: as a prefix of a common stem it costs the
 * most). A word of five letters or more that matches nothing tolerates a typo
 * ("retreival"): a word the index knows is taken as typed, since typo tolerance
 * on a common word costs the most and adds near-misses ("models" for "modes").
 * A typo is not looked for in the first two letters (options.ts `termKey`).
 */
function wordHits(index: SearchIndex, part: 'titles' | 'abstracts', word: string, last: boolean): WordHits {
  const mini = index[part];
  if (!mini) return new Map();
  let cache = wordCache.get(index);
  if (!cache) wordCache.set(index, (cache = new Map()));
  const cacheKey = `${part}|${last ? 'p' : 'f'}|${word}`;
  const cached = cache.get(cacheKey);
  if (cached) {
    cache.delete(cacheKey);
    cache.set(cacheKey, cached);
    return cached;
  }
  const key = termKey(word);
  const sameKey = (_id: unknown, term: string) => (termKey(term) === key ? 1 : 0);
  const run = (prefix: boolean, fuzzy: number | false) => {
    const hits: WordHits = new Map();
    const opts = { ...SEARCH_OPTIONS, tokenize: (t: string) => [t], processTerm: (t: string) => t, prefix, fuzzy };
    for (const r of mini.search(word, fuzzy ? { ...opts, boostDocument: sameKey } : opts)) {
      hits.set(String(r.id), { score: r.score, terms: r.terms });
    }
    return hits;
  };
  let hits = run(last && word.length >= 4, false);
  if (hits.size === 0 && word.length >= 5) hits = run(false, 0.2);
  cache.set(cacheKey, hits);
  if (cache.size > WORD_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return hits;
}

/**
 * Searches as the user types, over both parts: any typed word may match (so a
 * long query with one unknown word still answers), and the score is scaled by
 * the share of typed words a paper matches in its title, authors or abstract
 * terms (Lucene's classic coordination factor: a paper that misses a word common
 * enough to be left out of its indexed abstract terms is not dropped). `keep`
 * filters candidates before ranking (saved only, tags, years).
 */
export function searchPapers(index: SearchIndex, query: string, limit = 20, keep?: (id: string) => boolean): SearchHit[] {
  const groups = queryGroups(query).slice(0, MAX_GROUPS);
  if (!groups.length) return [];
  // Every distinct word once, with the bit it sets on the papers it matches.
  const words = distinctWords(query, groups).map(({ word, last }) => ({
    word,
    hits: [wordHits(index, 'titles', word, last), wordHits(index, 'abstracts', word, last)],
  }));
  const bitOf = new Map(words.map((w, bit) => [w.word, bit]));
  const acc = new Map<string, { score: number; bits: number }>();
  words.forEach(({ hits }, bit) => {
    for (const part of hits) {
      for (const [id, h] of part) {
        const a = acc.get(id);
        if (a) {
          a.score += h.score;
          a.bits |= 1 << bit;
        } else if (!keep || keep(id)) acc.set(id, { score: h.score, bits: 1 << bit });
      }
    }
  });
  const groupMasks = groups.map((g) => ({
    joined: g.joined !== null && bitOf.has(g.joined) ? 1 << bitOf.get(g.joined)! : 0,
    parts: g.parts.reduce((m, p) => (bitOf.has(p) ? m | (1 << bitOf.get(p)!) : m), 0),
  }));
  // Keep the best `limit` in a small sorted array: sorting every candidate of a
  // common word (thousands at 30,000 papers) was most of a keystroke's time.
  const ranked: [string, number][] = [];
  const better = (a: [string, number], b: [string, number]) => a[1] > b[1] || (a[1] === b[1] && a[0] < b[0]);
  for (const [id, a] of acc) {
    let matched = 0;
    for (const g of groupMasks) if ((g.joined && a.bits & g.joined) || (g.parts && (a.bits & g.parts) === g.parts)) matched++;
    const hit: [string, number] = [id, (a.score * matched) / groups.length];
    if (ranked.length === limit && !better(hit, ranked[limit - 1])) continue;
    let at = ranked.length;
    while (at > 0 && better(hit, ranked[at - 1])) at--;
    ranked.splice(at, 0, hit);
    if (ranked.length > limit) ranked.pop();
  }
  // Matched terms, for highlighting, only for the papers shown.
  return ranked.map(([id, score]) => {
    const terms = new Set<string>();
    for (const w of words) for (const part of w.hits) part.get(id)?.terms.forEach((t) => terms.add(t));
    return { id, score, terms: [...terms] };
  });
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
