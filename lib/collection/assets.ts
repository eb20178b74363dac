/**
 * The corpus as the extension ships it: files under `corpus/` in the build
 * (written by tools/build-assets.ts from data/ through tools/corpus/assets.ts),
 * loaded by the worker in the order it needs them. Kept out of the worker's
 * script so that a large corpus does not have to be parsed before the worker
 * can answer anything.
 */
import type { Paper } from '../core/paper';
import { arxivLinks } from '../core/paper';

/**
 * The files, relative to the extension's root. A page's answer reads only
 * `layout`, one paper shard (and the shards of its related papers), or one title
 * shard, and the related-paper files of its terms (lib/related/shards.ts): its
 * cost does not grow with the collection. The search index is in
 * lib/search/shards.ts `SEARCH_FILES`, read for search only, as the shards of the
 * words searched; `ids` for listings and the reading list, and with every paper
 * shard to match the rare page by a title within a typo.
 */
export const ASSET_FILES = {
  layout: 'corpus/layout.json',
  ids: 'corpus/ids.json',
} as const;

export type AssetName = keyof typeof ASSET_FILES;

/** `corpus/layout.json`: how many papers and shards the build has. */
export interface CorpusLayout {
  papers: number;
  /** Paper shards: `corpus/papers/<n>.json`, n = {@link shardOf}(id). */
  paperShards: number;
  /**
   * Title shards: `corpus/titles/<n>.json`, n = {@link shardOf}(normalised title), each
   * `{ titleHash(key): [id, …] }`: the hash, not the title, so that the lookup costs a few bytes a
   * paper; the ids' records tell which one really has the title.
   */
  titleShards: number;
}

/** Papers per paper shard (about 40 KB of real records), titles per title shard. */
export const PAPERS_PER_SHARD = 128;
export const TITLES_PER_SHARD = 1024;

/** The smallest power of two that gives shards of at most `per` keys on average. */
export function shardCount(keys: number, per: number): number {
  let n = 1;
  while (n * per < keys) n *= 2;
  return n;
}

/** The path of shard `n` of a kind; `abstracts` shards are keyed as `papers` ones, for search snippets. */
export const shardPath = (kind: 'papers' | 'titles' | 'abstracts', n: number): string => `corpus/${kind}/${n}.json`;

/** FNV-1a (32 bits) over a key's UTF-16 units. */
function fnv1a(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Which of `shards` a key (a bare paper id, a normalised title) is in. */
export const shardOf = (key: string, shards: number): number => fnv1a(key) % shards;

/** A normalised title's key in its title shard. */
export const titleHash = (key: string): string => fnv1a(key).toString(36);

/**
 * One paper in its shard (`{ id: PaperRecord }`): title, authors (joined by
 * {@link AUTHOR_SEPARATOR}), year (0 when unknown) and code links. Its related
 * papers are scored when asked for (lib/worker/corpus-related.ts). No abstract: nothing a page
 * shows needs it (the page has its own), and it ships once, for search snippets,
 * in the `abstracts` shards (about 3 MB of the zip at 30,000 papers).
 */
export type PaperRecord = [title: string, authors: string, year: number, code?: string[]];

/** A paper read from its shard record (its abstract is in its `abstracts` shard, read by search). */
export function paperFromRecord(id: string, [title, authors, year, code]: PaperRecord): Paper {
  return new MetaPaper(id, title, authors, year, code);
}

/**
 * Authors are kept as one string per paper and split when a paper is shown: an
 * array of names per paper is most of the paper list's memory at 30,000 papers.
 * Names do not contain it; a name that did would show as two.
 */
export const AUTHOR_SEPARATOR = '; ';

/**
 * A corpus paper read from its shard record. Its authors and links are derived
 * when asked for: arrays and URL strings for each of 30,000 papers would sit in
 * the worker's memory for the few papers a session shows.
 */
class MetaPaper implements Paper {
  readonly abstract = '';
  readonly year?: number;
  constructor(
    readonly id: string,
    readonly title: string,
    private readonly authorText: string,
    year: number,
    private readonly code?: string[],
  ) {
    if (year) this.year = year;
  }
  get authors(): string[] {
    return this.authorText ? this.authorText.split(AUTHOR_SEPARATOR) : [];
  }
  get links(): Paper['links'] {
    return { ...arxivLinks(this.id), ...(this.code?.length ? { code: this.code } : {}) };
  }
}

/** Reads assets by path ({@link ASSET_FILES}, {@link shardPath}): `fetch` of the extension's own files in the worker, files in memory in tests and tools. */
export interface AssetReader {
  text(path: string): Promise<string>;
  bytes(path: string): Promise<Uint8Array>;
}
