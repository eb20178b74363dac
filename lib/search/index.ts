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
  TITLE_OPTIONS,
  processTerm,
  toTitleDoc,
  tokenize,
  type AbstractDoc,
  type TitleDoc,
} from './options';
import { internals, termsAt } from './mini-internals';
import { distinctWords, invalidateWords, MAX_GROUPS, queryGroups, wordHits, type HeldWords, type WordHits } from './words';

export { holdWords, invalidateWords, wordsGeneration, type HeldWords, type QueryWord, type WordHits } from './words';

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
  /** Its short id in the titles part (lib/search/shards.ts: a corpus paper's is below the corpus's size). */
  doc: number;
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
 * Searches as the user types, over both parts: any typed word may match (so a
 * long query with one unknown word still answers), and the score is scaled by
 * the share of typed words a paper matches in its title, authors or abstract
 * terms (Lucene's classic coordination factor: a paper that misses a word common
 * enough to be left out of its indexed abstract terms is not dropped). `keep`
 * filters candidates before ranking (saved only, tags, years).
 */
export function searchPapers(
  index: SearchIndex,
  query: string,
  limit = 20,
  keep?: (id: string) => boolean,
  held?: HeldWords,
): SearchHit[] {
  const groups = queryGroups(query).slice(0, MAX_GROUPS);
  if (!groups.length) return [];
  const typed = distinctWords(query, groups);
  // Every distinct word once, with the bit it sets on the papers it matches.
  const bitOf = new Map(typed.map((w, bit) => [w.word, bit]));
  const masks = groups.map((g) => ({
    joined: g.joined !== null && bitOf.has(g.joined) ? 1 << bitOf.get(g.joined)! : 0,
    parts: g.parts.reduce((m, p) => (bitOf.has(p) ? m | (1 << bitOf.get(p)!) : m), 0),
  }));
  const matchedGroups = (bits: number) => {
    let matched = 0;
    for (const g of masks) if ((g.joined && bits & g.joined) || (g.parts && (bits & g.parts) === g.parts)) matched++;
    return matched;
  };
  const titles = typed.map(({ word, last }) => wordHits(index, 'titles', word, last, held));
  const acc = accumulator(index);
  let hits = [titles];
  acc.add(titles, keep);
  // Abstracts only when titles do not fill the page with papers that match every word: a common
  // query ("language model") is answered from titles, and its abstracts' thousands of postings are
  // not read (most of a keystroke's time at 110,000 papers); a surname or a word of the abstract is.
  if (index.abstracts && acc.count((bits) => matchedGroups(bits) === groups.length, limit) < limit) {
    hits = [titles, typed.map(({ word, last }) => wordHits(index, 'abstracts', word, last, held))];
    acc.add(hits[1], keep);
  }
  // Keep the best `limit` in a small sorted array: sorting every candidate of a
  // common word (thousands at 30,000 papers) was most of a keystroke's time.
  const ranked: [number, number][] = [];
  const titleIds = internals(index.titles)._documentIds;
  const better = (a: [number, number], b: [number, number]) =>
    a[1] > b[1] || (a[1] === b[1] && titleIds.get(a[0])! < titleIds.get(b[0])!);
  // One plain loop, the groups matched by each set of words looked up once: a common query's first search
  // runs before the engine has compiled it, and there a call and a pair for each of thousands of candidates
  // were most of its time. A candidate below the last kept one is passed over at once.
  const matchedOf = typed.length <= 16 ? new Int8Array(1 << typed.length).fill(-1) : null;
  const { touched, state, score, bits } = acc.raw();
  let worst = -Infinity;
  for (let i = 0; i < touched.length; i++) {
    const doc = touched[i];
    if (state[doc] !== 1) continue;
    const b = bits[doc];
    let matched = matchedOf ? matchedOf[b] : -1;
    if (matched < 0) {
      matched = matchedGroups(b);
      if (matchedOf) matchedOf[b] = matched;
    }
    const sc = (score[doc] * matched) / groups.length;
    if (sc < worst) continue;
    const hit: [number, number] = [doc, sc];
    if (ranked.length === limit && !better(hit, ranked[limit - 1])) continue;
    let at = ranked.length;
    while (at > 0 && better(hit, ranked[at - 1])) at--;
    ranked.splice(at, 0, hit);
    if (ranked.length > limit) ranked.pop();
    if (ranked.length === limit) worst = ranked[limit - 1][1];
  }
  acc.clear();
  // Matched terms, for highlighting, only for the papers shown.
  return ranked.map(([doc, score]) => {
    const id = titleIds.get(doc)!;
    const terms = new Set<string>();
    for (const part of hits)
      for (const w of part) {
        // The titles part's numbering, which a corpus paper has in every part; another's only for a paper added since.
        const shortId = w.ids === titleIds || w.ids.get(doc) === id ? doc : (w.shortIds.get(id) ?? -1);
        const at = w.docs.indexOf(shortId);
        if (at >= 0) for (const t of termsAt(w, at)) terms.add(t);
      }
    return { id, score, terms: [...terms], doc };
  });
}

/**
 * Each paper's summed score and which words it matched (a bit per word), in
 * arrays by the titles part's short id, reused from search to search: a map of
 * objects for every paper a common word matches was half a keystroke's time.
 */
interface Accumulator {
  /** Adds one part's hits (`hits[word]`); a paper new to the search is kept only if `keep` says so. */
  add(hits: WordHits[], keep?: (id: string) => boolean): void;
  /** How many papers pass `test`, counting up to `atMost`. */
  count(test: (bits: number) => boolean, atMost: number): number;
  /** The papers this search touched (in `touched`; `state` 1 for those kept) and their scores and bits, by short id. */
  raw(): { touched: readonly number[]; state: Uint8Array; score: Float64Array; bits: Int32Array };
  /** Resets what this search touched, for the next one. */
  clear(): void;
}

const accumulators = new WeakMap<SearchIndex, { score: Float64Array; bits: Int32Array; state: Uint8Array }>();

function accumulator(index: SearchIndex): Accumulator {
  const titles = internals(index.titles);
  const size = titles._nextId;
  let a = accumulators.get(index);
  if (!a || a.score.length < size) {
    const n = Math.max(size, 1024) * 2;
    accumulators.set(index, (a = { score: new Float64Array(n), bits: new Int32Array(n), state: new Uint8Array(n) }));
  }
  const { score, bits, state } = a;
  /** 1: in this search; 2: left out by `keep`. */
  const touched: number[] = [];
  return {
    add(hits, keep) {
      hits.forEach(({ docs, scores, ids }, bit) => {
        const same = ids === titles._documentIds;
        for (let i = 0; i < docs.length; i++) {
          const shortId = docs[i];
          const hs = scores[i];
          let doc = shortId;
          if (!same) {
            // Another part's numbering: the same paper's titles short id (every paper is in the titles part).
            const id = ids.get(shortId)!;
            doc = titles._documentIds.get(shortId) === id ? shortId : (titles._idToShortId.get(id) ?? -1);
            if (doc < 0 || doc >= state.length) continue;
          }
          const st = state[doc];
          if (st === 1) {
            score[doc] += hs;
            bits[doc] |= 1 << bit;
          } else if (st === 0) {
            touched.push(doc);
            if (keep && !keep(titles._documentIds.get(doc)!)) state[doc] = 2;
            else {
              state[doc] = 1;
              score[doc] = hs;
              bits[doc] = 1 << bit;
            }
          }
        }
      });
    },
    count(test, atMost) {
      let n = 0;
      for (const d of touched) if (state[d] === 1 && test(bits[d]) && ++n >= atMost) break;
      return n;
    },
    raw: () => ({ touched, state, score, bits }),
    clear() {
      for (const d of touched) state[d] = 0;
    },
  };
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
