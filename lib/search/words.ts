/**
 * The words of a query as search looks them up (lib/search/index.ts
 * `searchPapers`): grouped as typed, each scored in a part of the index once
 * and kept for the next keystrokes, and held for one search so that the
 * shipped index (lib/search/shards.ts) reads only the shards of new words.
 */
import { processTerm, SEARCH_OPTIONS, termKey } from './options';
import { addScores, fromMatches, internals, scoreWord, type WordScores } from './mini-internals';
import type { SearchIndex } from './index';

/**
 * What AND counts against: one group per typed word. A compound ("pre-training")
 * is satisfied by its joined form or by all of its parts, since papers write it
 * both ways.
 */
export function queryGroups(query: string): { joined: string | null; parts: string[] }[] {
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

export const MAX_GROUPS = 12;
const MAX_WORDS = 30;

/** The distinct words a query looks up, in order, each once; `last` for the word still being typed. */
export function distinctWords(query: string, groups = queryGroups(query).slice(0, MAX_GROUPS)): QueryWord[] {
  const typing = /[\p{L}\p{N}]$/u.test(query);
  const words: QueryWord[] = [];
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

/** A part's word as {@link searchPapers} looks it up: `last` for the word still being typed. */
export interface QueryWord {
  word: string;
  last: boolean;
}

const wordKey = (part: 'titles' | 'abstracts', { word, last }: QueryWord) => `${part}|${last ? 'p' : 'f'}|${word}`;

/**
 * The results of a query's words already at hand (from earlier keystrokes),
 * held for one search: given to {@link searchPapers}, these words need no
 * shard read (lib/search/shards.ts `prepare`), and a search running meanwhile
 * cannot drop them from the cache before this one uses them.
 */
export interface HeldWords {
  has(part: 'titles' | 'abstracts', w: QueryWord): boolean;
  get(part: 'titles' | 'abstracts', w: QueryWord): WordHits | undefined;
}

/** Takes the cached results of the query's words, for {@link searchPapers}. */
export function holdWords(index: SearchIndex, query: string): HeldWords {
  const held = new Map<string, WordHits>();
  const cache = wordCache.get(index);
  if (cache)
    for (const part of ['titles', 'abstracts'] as const)
      for (const w of distinctWords(query)) {
        const h = cache.words.get(wordKey(part, w));
        if (h) held.set(wordKey(part, w), h);
      }
  return { has: (part, w) => held.has(wordKey(part, w)), get: (part, w) => held.get(wordKey(part, w)) };
}

/** What one word found in one part: its scored documents, and the part's maps between short ids and paper ids. */
export interface WordHits extends WordScores {
  ids: Map<number, string>;
  shortIds: Map<string, number>;
}

const NO_HITS: WordHits = {
  docs: new Uint32Array(0),
  scores: new Float64Array(0),
  terms: [],
  first: new Uint32Array(0),
  more: new Map(),
  ids: new Map(),
  shortIds: new Map(),
};

/** Per-index cache of word results: typing "pre-training dat" repeats every word but the last. */
const wordCache = new WeakMap<SearchIndex, { words: Map<string, WordHits>; matches: number }>();
/** At most this many words, and this many matches in all (a common word has 20,000 at 110,000 papers: ~2 MB). */
const WORD_CACHE_SIZE = 96;
const WORD_CACHE_MATCHES = 80_000;

/** How many times each index's word results were forgotten: a search that held some before can tell. */
const generations = new WeakMap<SearchIndex, number>();

/** Forgets cached word results (after the index changed). */
export function invalidateWords(index: SearchIndex): void {
  wordCache.delete(index);
  generations.set(index, (generations.get(index) ?? 0) + 1);
}

/** Changes whenever {@link invalidateWords} runs for the index: words held before it are out of date. */
export const wordsGeneration = (index: SearchIndex): number => generations.get(index) ?? 0;

/**
 * One processed word in one part. The last word of the query is still being
 * typed: it matches as a prefix from four letters (a three-letter word, often an
 * acronym like "ctc", matches whole: as a prefix of a common stem it costs the
 * most). A word of five letters or more that matches nothing tolerates a typo
 * ("retreival"): a word the index knows is taken as typed, since typo tolerance
 * on a common word costs the most and adds near-misses ("models" for "modes").
 * A typo is not looked for in the first three letters (options.ts `termKey`).
 */
export function wordHits(
  index: SearchIndex,
  part: 'titles' | 'abstracts',
  word: string,
  last: boolean,
  held?: HeldWords,
): WordHits {
  const mini = index[part];
  if (!mini) return NO_HITS;
  const kept = held?.get(part, { word, last });
  if (kept) return kept;
  let cache = wordCache.get(index);
  if (!cache) wordCache.set(index, (cache = { words: new Map(), matches: 0 }));
  const cacheKey = wordKey(part, { word, last });
  const cached = cache.words.get(cacheKey);
  if (cached) {
    cache.words.delete(cacheKey);
    cache.words.set(cacheKey, cached);
    return cached;
  }
  const key = termKey(word);
  const sameKey = (_id: unknown, term: string) => (termKey(term) === key ? 1 : 0);
  const { executeQuery, _documentIds: ids, _idToShortId: shortIds } = internals(mini);
  // MiniSearch's scores as `search` gives them (one query term: its quality factor is 1), without a
  // result object per match (lib/search/mini-internals.ts `scoreWord`).
  const run = (prefix: boolean, fields?: string[]) => scoreWord(mini, word, { ...SEARCH_OPTIONS, prefix, fuzzy: false, fields });
  const prefix = last && word.length >= 4;
  // A word being typed completes among titles and authors, not among abstract terms: "tran" there is
  // every abstract with "transformer" (most of a keystroke at 110,000 papers), and the word is looked
  // up whole in abstracts once typed. Fields apart, BM25 adds up the same (it is per field).
  let scores = part === 'abstracts' && prefix ? addScores(mini, run(false, ['terms']), run(true, ['authors'])) : run(prefix);
  if (scores.docs.length === 0 && word.length >= 5) {
    const opts = { ...SEARCH_OPTIONS, tokenize: (t: string) => [t], processTerm: (t: string) => t, prefix: false, fuzzy: 0.2 };
    scores = fromMatches(executeQuery.call(mini, word, { ...opts, boostDocument: sameKey }));
  }
  const hits: WordHits = { ...scores, ids, shortIds };
  cache.words.set(cacheKey, hits);
  cache.matches += hits.docs.length;
  while (cache.words.size > WORD_CACHE_SIZE || (cache.matches > WORD_CACHE_MATCHES && cache.words.size > 1)) {
    const [oldest, dropped] = cache.words.entries().next().value!;
    cache.words.delete(oldest);
    cache.matches -= dropped.docs.length;
  }
  return hits;
}
