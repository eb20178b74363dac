/**
 * The added collection as the worker reads it: keyed gets for pages (never the
 * whole collection), and the stored search index, loaded on first need and
 * again whenever an import or a removal stored a new version. The options page
 * writes (import.ts); the worker only reads, so an import never holds up a
 * page's answer.
 */
import { parseArxivId } from '../core/arxiv-id';
import type { SearchIndex } from '../search/index';
import { normaliseTitle } from './match';
import type { CollectionSource, ShownPaper } from './records';
import { parseYears, serialiseYears } from './indexer';
import { loadCollectionIndexAsync } from './search';
import {
  findByArxivId,
  findByTitleKey,
  getManyShown,
  indexVersion,
  listSources,
  readStoredIndex,
  rowYears,
  type CollectionDb,
} from './store';

/** The added collection, read side. */
export interface CollectionReader {
  /** Active sources by id (a small store, read on every request so that a change shows at once). */
  sources(): Promise<Map<string, CollectionSource>>;
  /** The paper a page shows: by arXiv id when the page has one, else by exact normalised title. */
  match(page: { arxivId?: string; title?: string }, sources: Map<string, CollectionSource>): Promise<ShownPaper | null>;
  /** Papers by row key (null where gone). */
  papers(keys: string[], sources: Map<string, CollectionSource>): Promise<(ShownPaper | null)[]>;
  /** The search index, loaded (or reloaded after a change) if need be; null when nothing was added. */
  index(): Promise<SearchIndex | null>;
  /** The index if it is loaded and current as of the last check; starts loading it otherwise. */
  indexIfReady(): SearchIndex | null;
  /** Row keys by year, newest year first (for searches by filters alone), with the index; null when nothing was added. */
  years(): Promise<Map<number, string[]> | null>;
  /** Forgets the sources and index version read (the options page changed them: `collectionChanged`). */
  changed(): void;
}

/**
 * How long the sources and the index version read are taken as they are
 * without asking again. They change only through the options page, which says
 * so (`collectionChanged`); the re-read after this long is a safety net, done
 * in the background while the last value answers. An import keeps IndexedDB
 * busy (its backend runs one origin's requests in turn: even a read of another
 * store waited up to 0.6 s behind the import's writes), so a page's answer
 * must not wait on a read it can do without.
 */
export const RECHECK_MS = 10_000;

/** A value read on first need, then reused; re-read in the background once {@link RECHECK_MS} old. */
function cached<T>(read: () => Promise<T>, now: () => number) {
  let value: { at: number; v: T } | undefined;
  let reading: Promise<T> | undefined;
  const refresh = () =>
    (reading ??= read()
      .then((v) => ((value = { at: now(), v }), v))
      .finally(() => (reading = undefined)));
  return {
    get(): Promise<T> {
      if (!value) return refresh();
      if (now() - value.at > RECHECK_MS) void refresh().catch(() => undefined);
      return Promise.resolve(value.v);
    },
    forget() {
      value = undefined;
      reading = undefined;
    },
  };
}

/** A reader over `db`; `null` (no IndexedDB in this context) reads as an empty collection. */
export function createCollectionReader(db: CollectionDb | null, now: () => number = Date.now): CollectionReader {
  const activeSources = cached(async () => {
    const all = db ? await listSources(db) : [];
    return new Map(all.filter((s) => s.status === 'active').map((s) => [s.id, s]));
  }, now);
  const version = cached(async () => (db ? indexVersion(db) : 0), now);
  let loaded: { version: number; index: SearchIndex | null; years?: string } | undefined;
  let years: { of: SearchIndex; map: Map<number, string[]> } | undefined;
  let loading: Promise<SearchIndex | null> | undefined;

  const load = (version: number): Promise<SearchIndex | null> =>
    (loading ??= (async () => {
      try {
        const stored = db ? await readStoredIndex(db) : undefined;
        const index = stored ? await loadCollectionIndexAsync(stored) : null;
        loaded = { version: stored?.version ?? version, index, years: stored?.years };
        return index;
      } finally {
        loading = undefined;
      }
    })());

  const reader: CollectionReader = {
    sources: () => activeSources.get(),
    changed() {
      activeSources.forget();
      version.forget();
    },
    async match(page, sources) {
      if (!db || !sources.size) return null;
      const rawId = page.arxivId?.trim();
      if (rawId) return findByArxivId(db, parseArxivId(rawId)?.id ?? rawId, sources);
      return page.title ? findByTitleKey(db, normaliseTitle(page.title), sources) : null;
    },
    async papers(keys, sources) {
      if (!db || !keys.length || !sources.size) return keys.map(() => null);
      return getManyShown(db, keys, sources);
    },
    async index() {
      if (!db) return null;
      const v = await version.get();
      if (loaded && loaded.version === v) return loaded.index;
      if (v === 0) return (loaded = { version: v, index: null }).index;
      return load(v);
    },
    async years() {
      const index = await reader.index();
      if (!index || !db) return null;
      if (years?.of !== index) {
        // An index stored before the years were: read them from the rows, once per loaded index.
        const text = loaded?.years ?? serialiseYears(await rowYears(db));
        years = { of: index, map: parseYears(text) };
      }
      return years.map;
    },
    indexIfReady() {
      if (!loaded) void reader.index().catch(() => undefined);
      return loaded?.index ?? null;
    },
  };
  return reader;
}
