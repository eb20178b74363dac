/**
 * Indexing an import's rows: the options page hands each written chunk to an
 * indexer and, once every file is read, takes the serialised index to store.
 * The indexer runs in a dedicated Web Worker started by the options page
 * (index-worker.ts), so that reading and writing rows (the page) and indexing
 * them (the worker) use both cores and the page stays free to paint its
 * progress bar and hear Cancel; in-process where there are no workers (unit
 * tests). Both run {@link indexBuild}, the one way rows become the index.
 */
import { abstractTerms, type SerialisedIndex } from '../search/index';
import { ABSTRACT_OPTIONS, TITLE_OPTIONS, type AbstractDoc, type TitleDoc } from '../search/options';
import { partBuilder } from './index-builder';
import type { CollectionRow } from './records';
import { COLLECTION_ABSTRACT_TERMS, MAX_INDEXED_AUTHORS, emptyCollectionIndex, loadCollectionIndex } from './search';

/** What the index holds of a row: its first entry's title, the first source's authors that has some, the abstract. */
export interface RowDocument {
  key: string;
  title: string;
  authors: string[];
  abstract: string;
  /** The year the first entry that has one gives (for searches by filters alone: `year:2023`). */
  year?: number;
}

/** The collection's index as stored: the two search parts, and the papers' years. */
export interface CollectionIndexData extends SerialisedIndex {
  /** JSON of `[year, keys[]][]`, newest year first; absent in indexes stored before it existed. */
  years?: string;
}

/** The years of a stored index: year → row keys. */
export function parseYears(years: string): Map<number, string[]> {
  return new Map(JSON.parse(years) as [number, string[]][]);
}

/** The row's document. */
export function rowDocument(row: CollectionRow): RowDocument {
  const es = row.sources.map((s) => row.entries[s]).filter(Boolean);
  return {
    key: row.key,
    title: es[0]?.title ?? '',
    // The first ten authors: a 1,000-author entry (astronomy has them) would be most of the index's author terms.
    authors: (es.find((e) => e.authors.length)?.authors ?? []).slice(0, MAX_INDEXED_AUTHORS),
    abstract: es.find((e) => e.abstract)?.abstract ?? '',
    ...((es.find((e) => e.year)?.year ?? 0) ? { year: es.find((e) => e.year)!.year } : {}),
  };
}

/** An index being built from a stored one (or none). */
export interface IndexBuild {
  /**
   * Adds or replaces documents. Abstract terms are ranked by TF-IDF within the
   * batch (a chunk of 500 rows gives document frequencies close to the whole
   * collection's for the terms that matter).
   */
  add(docs: RowDocument[]): void;
  /** Removes documents by row key. */
  remove(keys: string[]): void;
  /** Documents held. */
  count(): number;
  /** Both parts and the years, as stored. */
  serialise(): CollectionIndexData;
}

/** Row key → year, as stored (grouped by year, newest first). */
export function serialiseYears(years: Map<string, number>): string {
  const byYear = new Map<number, string[]>();
  for (const [k, y] of years) {
    const keys = byYear.get(y);
    if (keys) keys.push(k);
    else byYear.set(y, [k]);
  }
  return JSON.stringify([...byYear].sort((a, b) => b[0] - a[0]));
}

/** A build starting from `stored` (the index as stored) or from nothing. */
export function indexBuild(stored?: CollectionIndexData): IndexBuild {
  const base = stored ? loadCollectionIndex(stored) : emptyCollectionIndex();
  const titles = partBuilder<TitleDoc>(base.titles, TITLE_OPTIONS);
  const abstracts = partBuilder<AbstractDoc>(base.abstracts!, ABSTRACT_OPTIONS);
  const years = new Map<string, number>();
  if (stored?.years) for (const [y, keys] of parseYears(stored.years)) for (const k of keys) years.set(k, y);
  return {
    add(docs) {
      const terms = abstractTerms(docs, COLLECTION_ABSTRACT_TERMS);
      docs.forEach((d, i) => {
        titles.put({ id: d.key, title: d.title });
        abstracts.put({ id: d.key, authors: d.authors.join(', '), terms: terms[i] });
        if (d.year) years.set(d.key, d.year);
        else years.delete(d.key);
      });
    },
    remove(keys) {
      for (const k of keys) {
        titles.remove(k);
        abstracts.remove(k);
        years.delete(k);
      }
    },
    count: () => titles.count(),
    serialise() {
      return { titles: titles.serialise(), abstracts: abstracts.serialise(), years: serialiseYears(years) };
    },
  };
}

/** An import's indexer, wherever it runs. */
export interface CollectionIndexer {
  /** Queues documents; `onIndexed` tells how many are indexed so far. */
  add(docs: RowDocument[]): void;
  /** Queues the removal of documents by row key. */
  remove(keys: string[]): void;
  /** The finished index, serialised. Rejects if indexing failed. */
  finish(): Promise<CollectionIndexData>;
  /** Stops and frees it (after finish, or on cancel). */
  close(): void;
}

/** Starts an indexer from the stored index; `onIndexed` gets the count of documents indexed. */
export type IndexerFactory = (stored: CollectionIndexData | undefined, onIndexed: (n: number) => void) => CollectionIndexer;

/** An indexer in this thread. */
export const inProcessIndexer: IndexerFactory = (stored, onIndexed) => {
  const build = indexBuild(stored);
  let n = 0;
  return {
    add(docs) {
      build.add(docs);
      onIndexed((n += docs.length));
    },
    remove: (keys) => build.remove(keys),
    finish: async () => build.serialise(),
    close: () => undefined,
  };
};

/** Page → worker. */
export type IndexerRequest =
  | { kind: 'start'; stored?: CollectionIndexData }
  | { kind: 'add'; docs: RowDocument[] }
  | { kind: 'remove'; keys: string[] }
  | { kind: 'finish' };

/** Worker → page. */
export type IndexerReply =
  { kind: 'indexed'; count: number } | { kind: 'done'; index: SerialisedIndex } | { kind: 'failed'; message: string };

/** The two ends' common shape (a `Worker` on the page, the worker's global scope inside it). */
export interface IndexerPort<In, Out> {
  postMessage(message: Out): void;
  onmessage: ((e: MessageEvent<In>) => void) | null;
}

/**
 * The worker's side: builds as requests arrive, one at a time. A failure is
 * kept and reported when the page asks for the index (the page then undoes the import).
 */
export function serveIndexer(port: IndexerPort<IndexerRequest, IndexerReply>): void {
  let build: IndexBuild | undefined;
  let failure: string | undefined;
  let n = 0;
  port.onmessage = (e) => {
    const m = e.data;
    if (failure) return m.kind === 'finish' ? port.postMessage({ kind: 'failed', message: failure }) : undefined;
    try {
      if (m.kind === 'start') build = indexBuild(m.stored);
      else if (!build) throw new Error('the indexer was not started');
      else if (m.kind === 'add') {
        build.add(m.docs);
        port.postMessage({ kind: 'indexed', count: (n += m.docs.length) });
      } else if (m.kind === 'remove') build.remove(m.keys);
      else port.postMessage({ kind: 'done', index: build.serialise() });
    } catch (err) {
      failure = `indexing failed: ${err instanceof Error ? err.message : String(err)}`;
      if (m.kind === 'finish') port.postMessage({ kind: 'failed', message: failure });
    }
  };
}

/** An indexer in a worker (`port`), terminated by `close`. */
export function workerIndexer(
  port: IndexerPort<IndexerReply, IndexerRequest> & { terminate(): void; onerror?: ((e: ErrorEvent) => void) | null },
  stored: CollectionIndexData | undefined,
  onIndexed: (n: number) => void,
): CollectionIndexer {
  let settle: { ok(i: CollectionIndexData): void; fail(e: Error): void } | undefined;
  let early: Error | undefined;
  const fail = (e: Error) => (settle ? settle.fail(e) : (early = e));
  port.onmessage = (e) => {
    const m = e.data;
    if (m.kind === 'indexed') onIndexed(m.count);
    else if (m.kind === 'done') settle?.ok(m.index);
    else fail(new Error(m.message));
  };
  port.onerror = (e) => fail(new Error(`the indexing worker stopped: ${e.message || 'it could not start'}`));
  port.postMessage({ kind: 'start', stored });
  return {
    add: (docs) => port.postMessage({ kind: 'add', docs }),
    remove: (keys) => port.postMessage({ kind: 'remove', keys }),
    finish: () =>
      new Promise<CollectionIndexData>((ok, no) => {
        if (early) return no(early);
        settle = { ok, fail: no };
        port.postMessage({ kind: 'finish' });
      }),
    close: () => port.terminate(),
  };
}
