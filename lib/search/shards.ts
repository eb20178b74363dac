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
import { invalidateWords, queryWords, type SearchIndex } from './index';
import { internals } from './mini-internals';

/** The parts of the index, as in lib/search/index.ts `SearchIndex`. */
export type SearchPart = 'titles' | 'abstracts';

/** The shipped files, relative to the extension's root. */
export const SEARCH_FILES = {
  docs: 'corpus/search/docs.json',
  shard: (part: SearchPart, n: number): string => `corpus/search/${part}/${n}.json`,
} as const;

/** One part's document statistics, as MiniSearch serialises them but with lengths as arrays by short id. */
export interface PartDocs {
  documentCount: number;
  fieldIds: Record<string, number>;
  averageFieldLength: number[];
  /** `fieldLength[fieldId][shortId]`. */
  fieldLength: number[][];
}

/** `corpus/search/docs.json`: the documents' table both parts share. */
export interface SearchDocs {
  /** Paper ids by MiniSearch short id (both parts number the papers alike). */
  ids: string[];
  /** Publication years by short id (0 when unknown), for the year filter. */
  years: number[];
  /** Term shards of each part: `corpus/search/<part>/<n>.json`, n = shardOf(termKey(term), shards). */
  shards: number;
  titles: PartDocs;
  abstracts: PartDocs;
}

/**
 * One shard: `[term, { fieldId: [shortId, termFrequency, shortId, termFrequency, …] }]`,
 * flat arrays because they parse several times faster than MiniSearch's objects keyed by short id.
 */
export type ShardEntry = [term: string, fields: Record<string, number[]>];

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
  docs.ids.forEach((id, shortId) => {
    inner._documentIds.set(shortId, id);
    inner._idToShortId.set(id, shortId);
  });
  inner._fieldLength = new FieldLengths(
    part.fieldLength.map((lengths) => Uint32Array.from(lengths)),
    docs.ids.length,
  );
  // The typed arrays are the copy kept.
  part.fieldLength = [];
  return mini;
}

/**
 * MiniSearch's map of field lengths by short id, with the corpus's papers' in
 * typed arrays (a map of 110,000 small arrays was about 5 MB a part) and
 * MiniSearch's own entries for papers added since.
 */
class FieldLengths extends Map<number, number[]> {
  private readonly row: number[];
  private readonly removed = new Set<number>();
  constructor(
    private readonly lengths: Uint32Array[],
    private readonly corpusSize: number,
  ) {
    super();
    this.row = lengths.map(() => 0);
  }
  override get(shortId: number): number[] | undefined {
    if (shortId >= this.corpusSize || (this.removed.size && this.removed.has(shortId))) return super.get(shortId);
    // One row, reused: MiniSearch reads a length from it at once (scoring, discarding) and keeps nothing.
    for (let f = 0; f < this.lengths.length; f++) this.row[f] = this.lengths[f][shortId];
    return this.row;
  }
  override has(shortId: number): boolean {
    return shortId < this.corpusSize ? !this.removed.has(shortId) : super.has(shortId);
  }
  override delete(shortId: number): boolean {
    if (shortId >= this.corpusSize) return super.delete(shortId);
    this.removed.add(shortId);
    return true;
  }
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
      for (let i = 0; i < flat.length; i += 2) postings.set(flat[i], flat[i + 1]);
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
   * time cannot drop them before this one has searched).
   */
  prepare(query: string): Promise<() => void>;
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

/** Which shard each word of a query is in: the query's words as lib/search/index.ts `searchPapers` looks them up. */
export function shardsOf(query: string, shards: number, shardOf: (key: string, shards: number) => number): number[] {
  return [...new Set(queryWords(query).map((w) => shardOf(termKey(w), shards)))];
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
  /** Loaded shards, least recently used first: "part/n" → its terms and size. */
  const held = new Map<string, { part: SearchPart; terms: string[]; bytes: number; pins: number }>();
  const loading = new Map<string, Promise<void>>();
  let bytes = 0;

  const load = (part: SearchPart, n: number): Promise<void> => {
    const key = `${part}/${n}`;
    const h = held.get(key);
    if (h) {
      held.delete(key);
      held.set(key, h);
      return Promise.resolve();
    }
    let p = loading.get(key);
    if (!p) {
      p = read(part, n).then((text) => {
        const mini = index[part] as MiniSearch<never> | null;
        if (!mini) return;
        const terms = addShard(mini, JSON.parse(text) as ShardEntry[]);
        held.set(key, { part, terms, bytes: text.length, pins: 0 });
        bytes += text.length;
        // Word results cached before stay right: a word is searched only once its shard is in, and its
        // shard holds every term it can match (lib/search/options.ts `termKey`).
      });
      loading.set(key, p);
      // A failed read is forgotten, so that the next search tries again.
      void p.then(
        () => loading.delete(key),
        () => loading.delete(key),
      );
    }
    return p;
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
    async prepare(query) {
      const ns = shardsOf(query, docs.shards, shardOf);
      const parts: SearchPart[] = index.abstracts ? ['titles', 'abstracts'] : ['titles'];
      const keys = parts.flatMap((part) => ns.map((n) => [part, n] as const));
      await Promise.all(keys.map(([part, n]) => load(part, n)));
      const pinned = keys.flatMap(([part, n]) => held.get(`${part}/${n}`) ?? []);
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
