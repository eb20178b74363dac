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
import { loadCollectionIndexAsync } from './search';
import {
  findByArxivId,
  findByTitleKey,
  getManyShown,
  indexVersion,
  listSources,
  readStoredIndex,
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
}

/** A reader over `db`; `null` (no IndexedDB in this context) reads as an empty collection. */
export function createCollectionReader(db: CollectionDb | null): CollectionReader {
  let loaded: { version: number; index: SearchIndex | null } | undefined;
  let loading: Promise<SearchIndex | null> | undefined;

  const load = (version: number): Promise<SearchIndex | null> =>
    (loading ??= (async () => {
      try {
        const stored = db ? await readStoredIndex(db) : undefined;
        const index = stored ? await loadCollectionIndexAsync(stored) : null;
        loaded = { version: stored?.version ?? version, index };
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
    indexIfReady() {
      if (!loaded) void reader.index().catch(() => undefined);
      return loaded?.index ?? null;
    },
  };
  return reader;
}
