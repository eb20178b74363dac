/**
 * The shipped corpus as the worker holds it, read in parts as they are needed.
 *
 * Pages: a paper page is answered from one paper shard (its record: title,
 * authors) and the shards of its related papers, which are scored from the
 * term shards of its own terms (./corpus-related.ts); a page without an id
 * from one title shard. None of that grows with the collection
 * (lib/collection/assets.ts). Listings and the reading list read the list of ids.
 *
 * Search: the index's documents' table on the first search, then the shards of
 * the words searched (lib/search/shards.ts), of titles first and of abstracts
 * from the next answer on; a result's paper from its paper shard and its
 * snippet's abstract from its abstracts shard. Nothing of search holds the
 * whole paper list.
 */
import { buildLookup, matchPaper, normaliseTitle, type CorpusLookup, type PaperMatch } from '../collection/match';
import {
  ASSET_FILES,
  paperFromRecord,
  shardOf,
  shardPath,
  titleHash,
  type CorpusLayout,
  type AssetReader,
  type PaperRecord,
} from '../collection/assets';
import type { Paper } from '../core/paper';
import { createRelatedSource, type RelatedSource } from './corpus-related';
import { bareId, createSearchLoader, type Corpus, type SearchLoader } from './corpus-search';

export type { Corpus } from './corpus-search';

/** Loads the corpus part by part, each part once: search's parts (`SearchLoader`), and those pages need. */
export interface CorpusLoader extends SearchLoader {
  /** A corpus paper from its shard (its abstract via `abstractOf`, with search); undefined when not in the corpus. */
  paper(id: string): Promise<Paper | undefined>;
  /** Corpus papers by id (those found), from their shards. */
  papersById(ids: string[]): Promise<Map<string, Paper>>;
  /** Which corpus paper a page shows (lib/collection/match.ts `matchPaper`'s rules). */
  matchPage(page: { arxivId?: string; title?: string }): Promise<PaperMatch | null>;
  /** Every corpus paper's bare id (for listings and the reading list). */
  ids(): Promise<Set<string>>;
  /** Related papers, scored on demand from the term shards. */
  related: RelatedSource;
}

/** Shards kept parsed: a session visits few papers; each shard is about 128 records. */
const SHARDS_KEPT = 48;
/** Paper shards read at once for the whole paper list's lookup. */
const LOOKUP_READS = 32;

/**
 * A loader over the shipped files; nothing is read until a part is asked for.
 * `onCore` runs once the search corpus has loaded, before anyone is given it.
 */
export function createCorpus(assets: AssetReader, onCore?: (c: Corpus) => void): CorpusLoader {
  let lookup: Promise<CorpusLookup> | undefined;
  let layout: Promise<CorpusLayout> | undefined;
  let ids: Promise<Set<string>> | undefined;
  const shards = new Map<string, Promise<Record<string, unknown>>>();

  const json = async <T>(path: string): Promise<T> => JSON.parse(await assets.text(path)) as T;
  /** Reads a file once; a failed read is forgotten, so that the next ask tries again. */
  const once = <T>(get: () => Promise<T> | undefined, set: (p: Promise<T> | undefined) => void, read: () => Promise<T>) => {
    let p = get();
    if (!p) {
      set((p = read()));
      p.catch(() => get() === p && set(undefined));
    }
    return p;
  };
  const getLayout = () =>
    once(
      () => layout,
      (p) => (layout = p),
      () => json<CorpusLayout>(ASSET_FILES.layout),
    );

  /** One shard, parsed once and kept among the most recently used. */
  function shard<T>(path: string): Promise<Record<string, T>> {
    let s = shards.get(path);
    if (s) shards.delete(path);
    else {
      s = json<Record<string, unknown>>(path);
      // A failed read is not kept: the next ask tries again.
      s.catch(() => shards.get(path) === s && shards.delete(path));
    }
    shards.set(path, s);
    if (shards.size > SHARDS_KEPT) shards.delete(shards.keys().next().value!);
    return s as Promise<Record<string, T>>;
  }

  async function record(id: string): Promise<PaperRecord | undefined> {
    const key = bareId(id);
    const { paperShards } = await getLayout();
    const s = await shard<PaperRecord>(shardPath('papers', shardOf(key, paperShards)));
    return Object.hasOwn(s, key) ? s[key] : undefined;
  }

  const paper = async (id: string) => {
    const r = await record(id);
    return r && paperFromRecord(bareId(id), r);
  };

  const papersById = async (wanted: string[]) => {
    const found = await Promise.all(wanted.map(async (id) => [id, await paper(id)] as const));
    return new Map(found.filter((f): f is [string, Paper] => f[1] !== undefined));
  };
  const search = createSearchLoader(assets, getLayout, papersById, onCore);
  const loadCore = search.core;

  /**
   * The whole paper list's lookup: only for a page matched by a title within a typo (pages, not search).
   * Read from every paper shard, in the corpus's order (`ids`), so that of two papers with one title
   * the first keeps it; no second copy of the records ships for this rare page.
   */
  const getLookup = () =>
    once(
      () => lookup,
      (p) => (lookup = p),
      async () => {
        const [{ paperShards }, order] = await Promise.all([getLayout(), json<string[]>(ASSET_FILES.ids)]);
        const records = new Map<string, PaperRecord>();
        for (let n = 0; n < paperShards; n += LOOKUP_READS) {
          const batch = Array.from({ length: Math.min(LOOKUP_READS, paperShards - n) }, (_, i) =>
            json<Record<string, PaperRecord>>(shardPath('papers', n + i)),
          );
          for (const s of await Promise.all(batch)) for (const [id, r] of Object.entries(s)) records.set(id, r);
        }
        const papers = order.flatMap((id) => {
          const r = records.get(id);
          return r ? [paperFromRecord(id, r)] : [];
        });
        return buildLookup(papers);
      },
    );

  return {
    core: loadCore,
    loadedCore: search.loadedCore,
    loadRest: search.loadRest,
    readAbstracts: search.readAbstracts,
    abstractOf: search.abstractOf,
    shownPapers: search.shownPapers,
    paper,
    papersById,
    async matchPage(page) {
      if (page.arxivId?.trim()) {
        const p = await paper(page.arxivId);
        return p ? { paper: p, by: 'id' } : null;
      }
      const key = page.title ? normaliseTitle(page.title) : '';
      if (!key) return null;
      const { titleShards } = await getLayout();
      const titles = await shard<string[]>(shardPath('titles', shardOf(key, titleShards)));
      const hash = titleHash(key);
      for (const id of Object.hasOwn(titles, hash) ? titles[hash] : []) {
        const p = await paper(id);
        if (p && normaliseTitle(p.title) === key) return { paper: p, by: 'title' };
      }
      // A title within a typo of a corpus title: the rare page without an id and with a
      // changed title needs every title (the search corpus), as matchPaper compares them all.
      const m = matchPaper({ title: page.title }, await getLookup());
      const p = m && (await paper(m.paper.id));
      return m && p ? { paper: p, by: m.by } : null;
    },
    ids: () =>
      once(
        () => ids,
        (p) => (ids = p),
        () => json<string[]>(ASSET_FILES.ids).then((list) => new Set(list)),
      ),
    related: createRelatedSource(assets),
  };
}
