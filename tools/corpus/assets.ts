/**
 * Writes the contents of the shipped corpus files (lib/collection/assets.ts
 * `ASSET_FILES` and the shards) from the corpus and its related data. Build time
 * only: the worker reads these files, it never builds them.
 */
import type { Paper } from '../../lib/core/paper';
import { parseArxivId } from '../../lib/core/arxiv-id';
import {
  ASSET_FILES,
  AUTHOR_SEPARATOR,
  PAPERS_PER_SHARD,
  shardCount,
  shardOf,
  shardPath,
  titleHash,
  TITLES_PER_SHARD,
  type CorpusLayout,
  type PaperRecord,
  type AssetReader,
} from '../../lib/collection/assets';
import { createHash } from 'node:crypto';
import { normaliseTitle } from '../../lib/collection/match';
import { isStoredPath, STORED_MANIFEST, type StoredManifest } from '../../lib/storage/corpus-files';
import type { RelatedModel } from '../../lib/related/model';
import { createSearchIndex } from '../../lib/search';
import { buildRelatedShards } from '../related/shards';
import { searchShardFiles } from './search-shards';

/** Above this many papers, abstracts ship as their first `LEAD_CHARS` characters (enough for a snippet). */
export const FULL_ABSTRACTS_UP_TO = 5_000;
export const LEAD_CHARS = 280;

/** What an abstract is shipped as: whole, or its lead in a large corpus. */
export function shippedAbstract(abstract: string, corpusSize: number): string {
  if (corpusSize <= FULL_ABSTRACTS_UP_TO || abstract.length <= LEAD_CHARS) return abstract;
  const cut = abstract.lastIndexOf(' ', LEAD_CHARS);
  // ASCII dots, not '…': one character outside Latin-1 makes V8 store the whole string at two bytes a character.
  return abstract.slice(0, cut > 0 ? cut : LEAD_CHARS) + ' ...';
}

/** The shipped files: path under the extension root → content (text, or bytes for the related-paper term shards). */
export type AssetFiles = Record<string, string | Uint8Array>;

/** The key a paper is found by in its shard: its bare arXiv id, as lib/collection/match.ts `buildLookup` keys it. */
const bareId = (id: string) => parseArxivId(id)?.id ?? id;

/** Builds the contents of every asset file from the corpus and its related-paper model. */
export function buildAssets(papers: Paper[], model: RelatedModel): AssetFiles {
  const layout: CorpusLayout = {
    papers: papers.length,
    paperShards: shardCount(papers.length, PAPERS_PER_SHARD),
    titleShards: shardCount(papers.length, TITLES_PER_SHARD),
  };
  const paperShards: Record<string, PaperRecord>[] = Array.from({ length: layout.paperShards }, () => ({}));
  const titleShards: Record<string, string[]>[] = Array.from({ length: layout.titleShards }, () => ({}));
  // Abstracts for search snippets, by id as the papers: a search reads those of the results it shows.
  const abstractShards: Record<string, string>[] = Array.from({ length: layout.paperShards }, () => ({}));
  const titlesSeen = new Set<string>();
  const ids: string[] = [];
  for (const p of papers) {
    const id = bareId(p.id);
    const shard = paperShards[shardOf(id, layout.paperShards)];
    // The first paper of an id keeps it, as in the lookup.
    if (id in shard) continue;
    ids.push(id);
    const record: PaperRecord = [p.title, p.authors.join(AUTHOR_SEPARATOR), p.year ?? 0];
    if (p.links.code?.length) record.push(p.links.code);
    shard[id] = record;
    abstractShards[shardOf(id, layout.paperShards)][id] = shippedAbstract(p.abstract, papers.length);
    const key = normaliseTitle(p.title);
    // The first paper of a title keeps it, as in the lookup; papers whose titles share a hash share its entry.
    if (!key || titlesSeen.has(key)) continue;
    titlesSeen.add(key);
    const titles = titleShards[shardOf(key, layout.titleShards)];
    (titles[titleHash(key)] ??= []).push(id);
  }
  const files: AssetFiles = {
    [ASSET_FILES.layout]: JSON.stringify(layout),
    [ASSET_FILES.ids]: JSON.stringify(ids),
    ...buildRelatedShards(model, bareId),
    ...searchShardFiles(papers, createSearchIndex(papers)),
  };
  paperShards.forEach((s, n) => (files[shardPath('papers', n)] = JSON.stringify(s)));
  titleShards.forEach((s, n) => (files[shardPath('titles', n)] = JSON.stringify(s)));
  abstractShards.forEach((s, n) => (files[shardPath('abstracts', n)] = JSON.stringify(s)));
  files[STORED_MANIFEST] = JSON.stringify(storedManifest(files));
  return files;
}

/** The order files are copied in (lib/storage/corpus-files.ts): what an abstract page reads first. */
const COPY_ORDER = [
  'corpus/related/terms/',
  'corpus/related/ids/',
  'corpus/related/papers/',
  'corpus/papers/',
  'corpus/search/titles/',
  'corpus/abstracts/',
];

/** Which files the worker copies into IndexedDB, and a hash of the whole build that tells its copies from another's. */
export function storedManifest(files: AssetFiles): StoredManifest {
  const hash = createHash('sha256');
  for (const path of Object.keys(files).sort()) {
    if (path === STORED_MANIFEST) continue;
    hash.update(`${path}\0`);
    hash.update(files[path]);
    hash.update('\0');
  }
  const rank = (p: string) => COPY_ORDER.findIndex((prefix) => p.startsWith(prefix));
  const number = (p: string) => Number(/(\d+)\.\w+$/.exec(p)?.[1] ?? 0);
  const copied = Object.keys(files)
    .filter(isStoredPath)
    .sort((a, b) => rank(a) - rank(b) || number(a) - number(b) || (a < b ? -1 : 1));
  return { build: hash.digest('hex').slice(0, 32), files: copied };
}

/** An asset reader over files held in memory (tests, benchmarks); each path read is pushed onto `read` when given. */
export function memoryAssets(files: AssetFiles, read?: string[]): AssetReader {
  const get = (path: string) => {
    read?.push(path);
    const content = files[path];
    if (content === undefined) throw new Error(`no asset ${path}`);
    return content;
  };
  return {
    text: async (path) => {
      const c = get(path);
      return typeof c === 'string' ? c : new TextDecoder().decode(c);
    },
    bytes: async (path) => {
      const c = get(path);
      return typeof c === 'string' ? new TextEncoder().encode(c) : c;
    },
  };
}
