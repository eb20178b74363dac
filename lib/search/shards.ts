/**
 * The shipped corpus's search index, read in shards by term (issue 12): the
 * worker holds the documents' table (ids, field lengths: what BM25 needs) and,
 * of the postings, only the shards of the words being searched, a bounded
 * number of bytes of them. Every term of a shard key (its first three letters,
 * {@link termKey}) is in one shard, so an exact word, a prefix of four letters or
 * more and a typo past the first three letters (lib/search/options.ts `termKey`) all find in the
 * shard exactly what the whole index holds: scores are MiniSearch's own, as
 * over the whole index (documentCount and average field lengths are the
 * corpus's). MiniSearch still ranks; this module only fills its term map.
 *
 * Build side: tools/corpus/search-shards.ts. Round trip: tests/unit/search-shards.test.ts.
 */
import MiniSearch, { type Options } from 'minisearch';
import { ABSTRACT_OPTIONS, TITLE_OPTIONS, termKey, type AbstractDoc, type TitleDoc } from './options';
import type { SearchIndex } from './index';
import { distinctWords, invalidateWords, type HeldWords } from './words';
import { internals } from './mini-internals';
import type { PartDocs, SearchDocs } from './docs-table';
import { CorpusDocumentIds, CorpusShortIds, FieldLengths } from './corpus-maps';

/** The parts of the index, as in lib/search/index.ts `SearchIndex`. */
export type SearchPart = 'titles' | 'abstracts';

/** The shipped files, relative to the extension's root. */
export const SEARCH_FILES = {
  docs: 'corpus/search/docs.bin',
  shard: (part: SearchPart, n: number): string => `corpus/search/${part}/${n}.json`,
} as const;

/**
 * One shard: `[term, { fieldId: postings }]`, the postings a flat array because it parses several
 * times faster than MiniSearch's objects keyed by short id. Short ids ascend and are written as the
 * gap from the previous one (the first from -1, so no gap is 0); a term frequency of 1 is left out,
 * any other follows its gap, which is then negated: `[4, -2, 4, 10]` is short id 3 (once), 5 (4
 * times), 15 (once).
 * Gaps rather than ids made the 30k real corpus's search shards 1.3 MB smaller in the zip.
 */
export type ShardEntry = [term: string, fields: Record<string, number[]>];

/** Calls `each(shortId, termFrequency)` for every posting of an encoded array ({@link ShardEntry}); returns their count. */
export function eachPosting(flat: number[], each?: (shortId: number, tf: number) => void): number {
  let id = -1;
  let n = 0;
  for (let i = 0; i < flat.length; i++, n++) {
    const v = flat[i];
    if (v > 0) {
      id += v;
      each?.(id, 1);
    } else {
      id -= v;
      each?.(id, flat[++i]);
    }
  }
  return n;
}

/** An empty part over the documents' table: MiniSearch's own loader with no terms, then the table filled in place. */
function openPart<T>(docs: SearchDocs, part: PartDocs, options: Options<T>): MiniSearch<T> {
  const mini = MiniSearch.loadJS<T>(
    {
      documentCount: part.documentCount,
      nextId: docs.ids.length,
      documentIds: {},
      fieldIds: part.fieldIds,
      fieldLength: {},
      averageFieldLength: part.averageFieldLength,
      storedFields: {},
      dirtCount: 0,
      index: [],
      serializationVersion: 2,
    },
    options,
  );
  const inner = internals(mini);
  inner._documentIds = new CorpusDocumentIds(docs.ids);
  inner._idToShortId = new CorpusShortIds(docs.ids);
  inner._fieldLength = new FieldLengths(part.fieldLength, docs.ids.length);
  // The typed arrays are the copy kept.
  part.fieldLength = [];
  return mini;
}

/** Adds a shard's postings; a term some saved paper already added (lib/worker/list-cache.ts) keeps that paper's postings. */
function addShard(mini: MiniSearch<never>, entries: ShardEntry[]): string[] {
  const index = internals(mini)._index;
  const terms: string[] = [];
  for (const [term, fields] of entries) {
    let data = index.get(term);
    if (!data) index.set(term, (data = new Map()));
    for (const [field, flat] of Object.entries(fields)) {
      const fieldId = Number(field);
      let postings = data.get(fieldId);
      if (!postings) data.set(fieldId, (postings = new Map()));
      eachPosting(flat, (shortId, tf) => postings.set(shortId, tf));
    }
    terms.push(term);
  }
  return terms;
}

/** Drops a shard's postings of corpus papers (short ids below `corpusSize`), keeping those of saved papers added since. */
function dropShard(mini: MiniSearch<never>, terms: string[], corpusSize: number): void {
  const index = internals(mini)._index;
  for (const term of terms) {
    const data = index.get(term);
    if (!data) continue;
    for (const [fieldId, postings] of data) {
      for (const shortId of postings.keys()) if (shortId < corpusSize) postings.delete(shortId);
      if (!postings.size) data.delete(fieldId);
    }
    if (!data.size) index.delete(term);
  }
}

/** Reads shard `n` of a part (the file's text). */
export type ShardReader = (part: SearchPart, n: number) => Promise<string>;

/** The shipped index, its shards read as words need them. */
export interface ShardedIndex {
  /** What lib/search/index.ts `searchPapers` runs on; `abstracts` is null until {@link ShardedIndex.openAbstracts}. */
  readonly index: SearchIndex;
  readonly docs: SearchDocs;
  /**
   * Reads the shards the query's words need, of the parts open, and keeps them
   * until the returned release is called (so that a search running at the same
   * time cannot drop them before this one has searched). Words whose results
   * are `held` (lib/search/index.ts `holdWords`, given to `searchPapers` too)
   * need none: refining a query reads only its new words' shards.
   */
  prepare(query: string, held?: HeldWords): Promise<() => void>;
  /** Opens the abstracts part (its shards are read as queries need them). */
  openAbstracts(): void;
  /** Bytes of shard text held now (what the budget counts). */
  heldBytes(): number;
  /** Whether a paper is one of the corpus's (not a saved paper added to the index since). */
  has(id: string): boolean;
  /** A corpus paper's year; undefined when unknown or not in the corpus. */
  yearOf(id: string): number | undefined;
}

/** Bytes of shard text kept once no search holds them: about 8x that in the heap as MiniSearch's maps (at 110,000 papers, 12 MB of it gave a heap of 145 MB with search loaded). */
export const SHARD_BUDGET_BYTES = 10_000_000;

/**
 * The shards a query's words are in, for a part, each with the term keys
 * (lib/search/options.ts `termKey`) wanted from it: the query's words as
 * lib/search/index.ts `searchPapers` looks them up, but those whose results are
 * held already (`held`).
 */
export function shardsOf(
  query: string,
  shards: number,
  shardOf: (key: string, shards: number) => number,
  part: SearchPart = 'titles',
  held?: HeldWords,
): Map<number, Set<string>> {
  const out = new Map<number, Set<string>>();
  for (const w of distinctWords(query)) {
    if (held?.has(part, w)) continue;
    const key = termKey(w.word);
    const n = shardOf(key, shards);
    let keys = out.get(n);
    if (!keys) out.set(n, (keys = new Set()));
    keys.add(key);
  }
  return out;
}

/** A shard file read: its entries by term key, and its text's length shared out by postings. */
interface ParsedShard {
  groups: Map<string, ShardEntry[]>;
  bytesOf(key: string): number;
}

function parseShard(text: string): ParsedShard {
  const groups = new Map<string, ShardEntry[]>();
  const postings = new Map<string, number>();
  let total = 0;
  for (const e of JSON.parse(text) as ShardEntry[]) {
    const key = termKey(e[0]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(e);
    let n = 0;
    for (const flat of Object.values(e[1])) n += eachPosting(flat);
    postings.set(key, (postings.get(key) ?? 0) + n);
    total += n;
  }
  return { groups, bytesOf: (key) => (total ? Math.round((text.length * (postings.get(key) ?? 0)) / total) : 0) };
}

/**
 * Opens the shipped index over its documents' table. `shardOf` is the corpus's
 * key → shard function (lib/collection/assets.ts), `budget` the bytes of shard
 * text kept once no search is using them.
 */
export function openShardedIndex(
  docs: SearchDocs,
  read: ShardReader,
  shardOf: (key: string, shards: number) => number,
  budget = SHARD_BUDGET_BYTES,
): ShardedIndex {
  const index: SearchIndex = {
    titles: openPart<TitleDoc>(docs, docs.titles, TITLE_OPTIONS),
    abstracts: null,
  };
  const shortIdOf = internals(index.titles)._idToShortId;
  /**
   * Term keys whose postings are in the index, least recently used first:
   * "part/n/key" → its terms and its share of the shard's text. A shard holds
   * the terms of many keys (at 110,000 papers 20–40); only those of the words
   * searched are added: building MiniSearch's maps was most of a new word's
   * keystroke ("vis" sharing its shard with "mod"), parsing the file a fifth.
   */
  const held = new Map<string, { part: SearchPart; terms: string[]; bytes: number; pins: number }>();
  /** Shard files being read, by "part/n". */
  const reading = new Map<string, Promise<ParsedShard>>();
  let bytes = 0;
  const heldKey = (part: SearchPart, n: number, key: string) => `${part}/${n}/${key}`;

  const load = async (part: SearchPart, n: number, keys: Set<string>): Promise<void> => {
    const wanted = [...keys].filter((key) => {
      const k = heldKey(part, n, key);
      const h = held.get(k);
      if (h) {
        held.delete(k);
        held.set(k, h);
      }
      return !h;
    });
    if (!wanted.length) return;
    const file = `${part}/${n}`;
    let p = reading.get(file);
    if (!p) {
      p = read(part, n).then(parseShard);
      reading.set(file, p);
      // A failed read is forgotten, so that the next search tries again.
      void p.then(
        () => reading.delete(file),
        () => reading.delete(file),
      );
    }
    const shard = await p;
    const mini = index[part] as MiniSearch<never> | null;
    if (!mini) return;
    for (const key of wanted) {
      const k = heldKey(part, n, key);
      // Another search reading the same file may have added it meanwhile.
      if (held.has(k)) continue;
      // A key the corpus has no term for is held too (empty), so that its file is not read again.
      const terms = addShard(mini, shard.groups.get(key) ?? []);
      const b = shard.bytesOf(key);
      held.set(k, { part, terms, bytes: b, pins: 0 });
      bytes += b;
      // Word results cached before stay right: a word is searched only once its key's terms are in, and
      // they are every term it can match (lib/search/options.ts `termKey`).
    }
  };

  const evict = () => {
    for (const [key, h] of held) {
      if (bytes <= budget) break;
      if (h.pins) continue;
      const mini = index[h.part];
      if (mini) dropShard(mini as MiniSearch<never>, h.terms, docs.ids.length);
      held.delete(key);
      bytes -= h.bytes;
    }
  };

  return {
    index,
    docs,
    async prepare(query, words) {
      const parts: SearchPart[] = index.abstracts ? ['titles', 'abstracts'] : ['titles'];
      const wanted = parts.flatMap((part) =>
        [...shardsOf(query, docs.shards, shardOf, part, words)].map(([n, keys]) => ({ part, n, keys })),
      );
      await Promise.all(wanted.map(({ part, n, keys }) => load(part, n, keys)));
      const pinned = wanted.flatMap(({ part, n, keys }) => [...keys].flatMap((key) => held.get(heldKey(part, n, key)) ?? []));
      pinned.forEach((h) => h.pins++);
      evict();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        pinned.forEach((h) => h.pins--);
        evict();
      };
    },
    openAbstracts() {
      index.abstracts ??= openPart<AbstractDoc>(docs, docs.abstracts, ABSTRACT_OPTIONS);
      invalidateWords(index);
    },
    heldBytes: () => bytes,
    has: (id) => (shortIdOf.get(id) ?? Infinity) < docs.ids.length,
    yearOf(id) {
      const s = shortIdOf.get(id);
      return s !== undefined && s < docs.ids.length ? docs.years[s] || undefined : undefined;
    },
  };
}
