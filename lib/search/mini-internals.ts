/**
 * The parts of MiniSearch 7 that are TypeScript-private and that the search
 * code reaches for: its term map and documents' table (filled shard by shard in
 * lib/search/shards.ts), `executeQuery` (for typo-tolerant lookups), and what
 * {@link scoreWord} reads to score one word exactly as `executeQuery` does. The
 * one place that depends on them; tests/unit/search.test.ts,
 * search-shards.test.ts and mini-internals.test.ts compare against MiniSearch's
 * own results.
 */
import type MiniSearch from 'minisearch';
import type { SearchOptions } from 'minisearch';
import { FieldLengths } from './corpus-maps';

/** One scored match: the document's score and which of its terms matched (as keys). */
export interface RawMatch {
  score: number;
  match: Record<string, unknown>;
}

/** A term's postings: field id → (short id → term frequency). */
export type TermData = Map<number, Map<number, number>>;

/** The private fields used. */
export interface MiniSearchInternals {
  _documentIds: Map<number, string>;
  _idToShortId: Map<string, number>;
  _fieldLength: Map<number, number[]>;
  _fieldIds: Record<string, number>;
  _avgFieldLength: number[];
  _documentCount: number;
  /** The short id the next document gets: every short id is below it. */
  _nextId: number;
  _options: { fields: string[]; searchOptions: SearchOptions };
  _index: {
    get(term: string): TermData | undefined;
    set(term: string, data: TermData): void;
    delete(term: string): void;
    atPrefix(prefix: string): Iterable<[string, TermData]>;
  };
  executeQuery(query: string, options: SearchOptions): Map<number, RawMatch>;
  removeTerm(fieldId: number, shortId: number, term: string): void;
}

/** A MiniSearch's private parts. */
export const internals = (m: MiniSearch<never> | object): MiniSearchInternals => m as MiniSearchInternals;

/**
 * One word's scored documents in typed arrays: `docs[i]` (short id) scored
 * `scores[i]`, in the order MiniSearch's result map would list them; the
 * index terms it matched (the word, or the words it begins) in `terms`.
 */
export interface WordScores {
  docs: Uint32Array;
  scores: Float64Array;
  terms: string[];
  /** `terms[first[i]]` is the first term document `docs[i]` matched. */
  first: Uint32Array;
  /** Further terms of the documents that matched more than one ("model" and "models"), by position in `docs`. */
  more: Map<number, number[]>;
}

/** The index terms document `docs[at]` matched. */
export function termsAt(w: WordScores, at: number): string[] {
  const more = w.more.get(at);
  return more ? [w.terms[w.first[at]], ...more.map((t) => w.terms[t])] : [w.terms[w.first[at]]];
}

/** Per index, by short id, reused from word to word: a score, the last term seen (-1: none), the position in `docs`. */
const scratch = new WeakMap<object, { score: Float64Array; last: Int32Array; pos: Int32Array }>();

function scratchFor(key: object, size: number) {
  let s = scratch.get(key);
  if (!s || s.score.length < size) {
    const n = Math.max(size, 1024) * 2;
    scratch.set(key, (s = { score: new Float64Array(n), last: new Int32Array(n).fill(-1), pos: new Int32Array(n) }));
  }
  return s;
}

/**
 * Scores one processed word as MiniSearch's `executeQuery` does for a query of
 * that one term without typo tolerance (`executeQuerySpec` and `termResults`:
 * BM25 per field, times the field's boost, prefix matches weighted by how much
 * longer they are), the same sums in the same order, so the scores are the very
 * same numbers. Without a result object per matched document: for a common word
 * at 110,000 papers those objects, and the map holding them, were most of a
 * keystroke's time. As MiniSearch does, postings of discarded documents are
 * removed on the way.
 */
export function scoreWord(
  mini: MiniSearch<never> | object,
  word: string,
  search: SearchOptions & { prefix: boolean },
): WordScores {
  const m = internals(mini);
  const o = { ...m._options.searchOptions, ...search };
  const boost = o.boost ?? {};
  const fields = (o.fields ?? m._options.fields).map((f) => ({
    id: m._fieldIds[f],
    boost: (Object.hasOwn(boost, f) ? boost[f] : 0) || 1,
  }));
  // MiniSearch's defaults when the options set none.
  const prefixWeight = o.weights?.prefix ?? 0.375;
  const { k, b, d } = o.bm25 ?? { k: 1.2, b: 0.7, d: 0.5 };
  const { score, last, pos } = scratchFor(mini, m._nextId);
  const touched: number[] = [];
  const firstOf: number[] = [];
  const more = new Map<number, number[]>();
  const terms: string[] = [];
  const total = m._documentCount;
  const ids = m._documentIds;
  const lengths = m._fieldLength;
  const add = (term: string, weight: number, data: TermData | undefined) => {
    if (!data) return;
    const t = terms.length;
    let used = false;
    for (const field of fields) {
      const freqs = data.get(field.id);
      if (!freqs) continue;
      let matching = freqs.size;
      const avg = m._avgFieldLength[field.id];
      // As MiniSearch computes it for each posting, from the postings left: it changes only when one is removed.
      const idfOf = (n: number) => Math.log(1 + (total - n + 0.5) / (n + 0.5));
      let idf = idfOf(matching);
      // The shipped corpus's lengths read straight from their typed array (lib/search/corpus-maps.ts).
      const column = lengths instanceof FieldLengths ? lengths.column(field.id) : undefined;
      // forEach rather than for…of with [doc, tf]: a common word's first search runs before the engine has
      // compiled this loop, and there the pair made for each posting cost twice the loop's own work.
      freqs.forEach((tf, doc) => {
        if (!ids.has(doc)) {
          m.removeTerm(field.id, doc, term);
          matching -= 1;
          idf = idfOf(matching);
          return;
        }
        const length = column !== undefined && doc < column.length ? column[doc] : lengths.get(doc)![field.id];
        const raw = idf * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * length) / avg)));
        // termWeight × termBoost (1) × fieldBoost × docBoost (1) × raw, as termResults multiplies.
        const weighted = weight * field.boost * raw;
        used = true;
        const seen = last[doc];
        if (seen < 0) {
          last[doc] = t;
          score[doc] = weighted;
          pos[doc] = touched.length;
          firstOf.push(t);
          touched.push(doc);
        } else {
          score[doc] += weighted;
          if (seen !== t) {
            last[doc] = t;
            const extra = more.get(pos[doc]);
            if (extra) extra.push(t);
            else more.set(pos[doc], [t]);
          }
        }
      });
    }
    if (used) terms.push(term);
  };
  add(word, 1, m._index.get(word));
  if (search.prefix) {
    for (const [term, data] of m._index.atPrefix(word)) {
      const distance = term.length - word.length;
      if (!distance) continue;
      add(term, (prefixWeight * term.length) / (term.length + 0.3 * distance), data);
    }
  }
  const docs = Uint32Array.from(touched);
  const scores = new Float64Array(docs.length);
  for (let i = 0; i < docs.length; i++) {
    scores[i] = score[docs[i]];
    last[docs[i]] = -1;
  }
  return { docs, scores, terms, first: Uint32Array.from(firstOf), more };
}

/**
 * Two words' scores over the same documents added up, `a`'s first (as
 * MiniSearch adds a second result map into the first: `score += …`, terms
 * joined); `key` names the index whose short ids they are.
 */
export function addScores(key: object, a: WordScores, b: WordScores): WordScores {
  let top = 0;
  for (const doc of a.docs) if (doc > top) top = doc;
  for (const doc of b.docs) if (doc > top) top = doc;
  const { last, pos } = scratchFor(key, top + 1);
  const docs = [...a.docs];
  const scores = [...a.scores];
  const terms = [...a.terms];
  const first = [...a.first];
  const more = new Map([...a.more].map(([at, ts]) => [at, [...ts]]));
  a.docs.forEach((doc, at) => {
    last[doc] = 1;
    pos[doc] = at;
  });
  const shift = terms.length;
  terms.push(...b.terms);
  b.docs.forEach((doc, j) => {
    const bTerms = [b.first[j], ...(b.more.get(j) ?? [])].map((t) => t + shift);
    if (last[doc] < 0) {
      last[doc] = 1;
      pos[doc] = docs.length;
      if (bTerms.length > 1) more.set(docs.length, bTerms.slice(1));
      docs.push(doc);
      scores.push(b.scores[j]);
      first.push(bTerms[0]);
    } else {
      const at = pos[doc];
      scores[at] += b.scores[j];
      more.set(at, [...(more.get(at) ?? []), ...bTerms]);
    }
  });
  for (const doc of docs) last[doc] = -1;
  return { docs: Uint32Array.from(docs), scores: Float64Array.from(scores), terms, first: Uint32Array.from(first), more };
}

/** MiniSearch's result map (a typo-tolerant lookup) in the same typed arrays. */
export function fromMatches(matches: Map<number, RawMatch>): WordScores {
  const docs = new Uint32Array(matches.size);
  const scores = new Float64Array(matches.size);
  const terms: string[] = [];
  const termIndex = new Map<string, number>();
  const first = new Uint32Array(matches.size);
  const more = new Map<number, number[]>();
  let i = 0;
  for (const [doc, r] of matches) {
    docs[i] = doc;
    scores[i] = r.score;
    Object.keys(r.match).forEach((term, j) => {
      let t = termIndex.get(term);
      if (t === undefined) termIndex.set(term, (t = terms.push(term) - 1));
      if (j === 0) first[i] = t;
      else more.set(i, [...(more.get(i) ?? []), t]);
    });
    i++;
  }
  return { docs, scores, terms, first, more };
}
