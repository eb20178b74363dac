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
}

/** A reader over `db`; `null` (no IndexedDB in this context) reads as an empty collection. */
export function createCollectionReader(db: CollectionDb | null): CollectionReader {
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
    async sources() {
      if (!db) return new Map();
      const all = await listSources(db);
      return new Map(all.filter((s) => s.status === 'active').map((s) => [s.id, s]));
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
      const version = await indexVersion(db);
      if (loaded && loaded.version === version) return loaded.index;
      if (version === 0) return (loaded = { version, index: null }).index;
      return load(version);
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
