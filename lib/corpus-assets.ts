/**
 * The corpus as the extension ships it: files under `corpus/` in the build
 * (written by scripts/build-assets.ts from data/), loaded by the worker in the
 * order it needs them. Kept out of the worker's script so that a large corpus
 * does not have to be parsed before the worker can answer anything.
 */
import type { Paper } from './paper';
import { arxivLinks } from './paper';
import { encodeRelatedModel, type RelatedItem, type RelatedModel } from './related';
import { createSearchIndex, serialiseSearchIndex } from './search';

/** The files, relative to the extension's root. */
export const ASSET_FILES = {
  meta: 'corpus/meta.json',
  searchTitles: 'corpus/search-titles.json',
  searchAbstracts: 'corpus/search-abstracts.json',
  abstracts: 'corpus/abstracts.json',
  related: 'corpus/related.json',
  relatedModel: 'corpus/related-model.bin',
} as const;

export type AssetName = keyof typeof ASSET_FILES;

/** One paper in `meta.json`: id, title, authors, year (0 when unknown), code links. */
export type MetaRow = [id: string, title: string, authors: string[], year: number, code?: string[]];

/** Above this many papers, abstracts ship as their first `LEAD_CHARS` characters (enough for a snippet). */
export const FULL_ABSTRACTS_UP_TO = 5_000;
export const LEAD_CHARS = 400;

/** What an abstract is shipped as: whole, or its lead in a large corpus. */
export function shippedAbstract(abstract: string, corpusSize: number): string {
  if (corpusSize <= FULL_ABSTRACTS_UP_TO || abstract.length <= LEAD_CHARS) return abstract;
  const cut = abstract.lastIndexOf(' ', LEAD_CHARS);
  return abstract.slice(0, cut > 0 ? cut : LEAD_CHARS) + ' …';
}

/** Builds the contents of every asset file from the corpus and its related data. */
export function buildAssets(papers: Paper[], related: Record<string, RelatedItem[]>, model: RelatedModel): AssetFiles {
  const meta: MetaRow[] = papers.map((p) => {
    const row: MetaRow = [p.id, p.title, p.authors, p.year ?? 0];
    if (p.links.code?.length) row.push(p.links.code);
    return row;
  });
  const index = serialiseSearchIndex(createSearchIndex(papers));
  const abstracts: Record<string, string> = {};
  for (const p of papers) abstracts[p.id] = shippedAbstract(p.abstract, papers.length);
  return {
    meta: JSON.stringify(meta),
    searchTitles: index.titles,
    searchAbstracts: index.abstracts,
    abstracts: JSON.stringify(abstracts),
    related: JSON.stringify(related),
    relatedModel: encodeRelatedModel(model),
  };
}

/** Turns `meta.json` rows back into papers (abstracts come later, from `abstracts.json`). */
export function papersFromMeta(rows: MetaRow[]): Paper[] {
  return rows.map(([id, title, authors, year, code]) => ({
    id,
    title,
    authors,
    abstract: '',
    ...(year ? { year } : {}),
    links: { ...arxivLinks(id), ...(code?.length ? { code } : {}) },
  }));
}

/** The asset files' contents: text, except the related-paper model, which is binary. */
export type AssetFiles = Record<Exclude<AssetName, 'relatedModel'>, string> & { relatedModel: Uint8Array };

/** Reads assets: `fetch` of the extension's own files in the worker, files in memory in tests and tools. */
export interface AssetReader {
  text(name: Exclude<AssetName, 'relatedModel'>): Promise<string>;
  bytes(name: 'relatedModel'): Promise<Uint8Array>;
}

/** An asset reader over files held in memory (tests, benchmarks). */
export function memoryAssets(files: AssetFiles): AssetReader {
  return { text: async (name) => files[name], bytes: async (name) => files[name] };
}
