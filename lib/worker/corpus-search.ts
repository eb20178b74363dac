/**
 * The search half of the shipped corpus (lib/worker/corpus.ts): the index's
 * documents' table on the first search, then the shards of the words searched
 * (lib/search/shards.ts), of titles first and of abstracts from the next answer
 * on; the abstracts of the results shown from their abstracts shards. Nothing
 * here holds the whole paper list.
 */
import { shardOf, shardPath, type AssetReader, type CorpusLayout } from '../collection/assets';
import { parseArxivId } from '../core/arxiv-id';
import type { Paper } from '../core/paper';
import type { SearchIndex } from '../search';
import { openShardedIndex, SEARCH_FILES, type ShardedIndex } from '../search/shards';
import { decodeSearchDocs } from '../search/docs-table';

/** The key a paper is found by in its shard: its bare arXiv id (as the lookup keys it). */
export const bareId = (id: string) => parseArxivId(id.trim())?.id ?? id.trim();

/** What search needs: the index, whose documents' table also tells which papers are the corpus's. */
export interface Corpus {
  /** The shipped index; {@link Corpus.index} is what lib/search/index.ts searches. */
  search: ShardedIndex;
  index: SearchIndex;
  /** How many papers the corpus has. */
  count: number;
  /** Every corpus paper's id, in the corpus's order (for searches with filters only). */
  ids: readonly string[];
  /** Whether a paper (by id, bare or not) is in the corpus. */
  has(id: string): boolean;
  /**
   * Whether a search hit is a corpus paper, from its titles short id (`SearchHit.doc`): `has` needs the map of every
   * corpus id, whose first use took 10–40 ms at 110,000 papers, in the first search's wait.
   */
  isCorpusDoc(doc: number): boolean;
  /** A corpus paper's year; undefined when unknown. */
  yearOf(id: string): number | undefined;
  /** Milliseconds from the first search to the index being searchable. */
  loadMs: number;
}

/**
 * Papers and abstracts of results shown lately, kept by id (about 2 MB each at
 * 5,000): a refined query shows many of the same papers again, and each one
 * missing costs a shard of 128 read and parsed.
 */
const SHOWN_KEPT = 5_000;

/** A bounded map, least recently used first. */
function remember<V>(m: Map<string, V>, key: string, value: V): void {
  m.delete(key);
  m.set(key, value);
  if (m.size > SHOWN_KEPT) m.delete(m.keys().next().value!);
}

/** The search parts of lib/worker/corpus.ts `CorpusLoader`. */
export interface SearchLoader {
  /** For search: the index's documents' table and its titles part. */
  core(): Promise<Corpus>;
  /** The search corpus if it is loaded already (nothing is started). */
  loadedCore(): Corpus | undefined;
  /** Opens the abstracts part of the index (after `core`). */
  loadRest(): Promise<void>;
  /** Reads the abstracts of these corpus papers (for search snippets), after which `abstractOf` has them. */
  readAbstracts(ids: string[]): Promise<void>;
  /** A corpus paper's abstract, if it was read lately (by `readAbstracts`). */
  abstractOf(id: string): string | undefined;
  /** Corpus papers by id (those found) for search results: as `papersById`, those shown lately kept. */
  shownPapers(ids: string[]): Promise<Map<string, Paper>>;
}

/** Loads search's files as they are needed; `onCore` runs once the index is searchable, before anyone is given it. */
export function createSearchLoader(
  assets: AssetReader,
  layout: () => Promise<CorpusLayout>,
  papersById: (ids: string[]) => Promise<Map<string, Paper>>,
  onCore?: (c: Corpus) => void,
): SearchLoader {
  let core: Promise<Corpus> | undefined;
  let loaded: Corpus | undefined;
  let rest: Promise<void> | undefined;
  /** Abstracts of papers shown lately, by bare id. */
  const abstracts = new Map<string, string>();
  /** Papers shown lately, by id as asked for. */
  const papers = new Map<string, Paper>();
  const json = async <T>(path: string): Promise<T> => JSON.parse(await assets.text(path)) as T;

  const loadCore = (): Promise<Corpus> => {
    if (!core) {
      // The layout too: the papers shown read their shards by it.
      layout().catch(() => undefined);
      core = (async () => {
        const t0 = performance.now();
        const docs = decodeSearchDocs(await assets.bytes(SEARCH_FILES.docs));
        const search = openShardedIndex(docs, (part, n) => assets.text(SEARCH_FILES.shard(part, n)), shardOf);
        const c: Corpus = {
          search,
          index: search.index,
          count: docs.ids.length,
          ids: docs.ids,
          has: (id) => search.has(id) || search.has(bareId(id)),
          isCorpusDoc: (doc) => doc < docs.ids.length,
          yearOf: (id) => search.yearOf(id) ?? search.yearOf(bareId(id)),
          loadMs: 0,
        };
        c.loadMs = performance.now() - t0;
        onCore?.(c);
        loaded = c;
        return c;
      })();
      // A failed read is not kept: the next search tries again.
      core.catch(() => (core = undefined));
    }
    return core;
  };

  return {
    core: loadCore,
    loadedCore: () => loaded,
    loadRest: () =>
      (rest ??= (async () => {
        (await loadCore()).search.openAbstracts();
      })()),
    async readAbstracts(wanted) {
      const { paperShards } = await layout();
      const missing = new Map<number, string[]>();
      for (const id of wanted) {
        const key = bareId(id);
        const text = abstracts.get(key);
        if (text !== undefined) remember(abstracts, key, text);
        else missing.set(shardOf(key, paperShards), [...(missing.get(shardOf(key, paperShards)) ?? []), key]);
      }
      await Promise.all(
        [...missing].map(async ([n, keys]) => {
          const texts = await json<Record<string, string>>(shardPath('abstracts', n));
          for (const key of keys) if (Object.hasOwn(texts, key)) remember(abstracts, key, texts[key]);
        }),
      );
    },
    abstractOf: (id) => abstracts.get(bareId(id)),
    async shownPapers(wanted) {
      const found = new Map<string, Paper>();
      const missing: string[] = [];
      for (const id of wanted) {
        const p = papers.get(id);
        if (p) found.set(id, p);
        else missing.push(id);
      }
      for (const [id, p] of await papersById(missing)) found.set(id, p);
      for (const [id, p] of found) remember(papers, id, p);
      return found;
    },
  };
}
