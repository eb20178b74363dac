/**
 * The corpus as the extension ships it: files under `corpus/` in the build
 * (written by tools/build-assets.ts from data/), loaded by the worker in the
 * order it needs them. Kept out of the worker's script so that a large corpus
 * does not have to be parsed before the worker can answer anything.
 */
import type { Paper } from '../core/paper';
import { arxivLinks } from '../core/paper';
import { encodeRelatedModel, type RelatedItem, type RelatedModel } from '../related/related';
import { createSearchIndex, serialiseSearchIndex } from '../search';

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

/** One paper in `meta.json`: id, title, authors (joined by {@link AUTHOR_SEPARATOR}), year (0 when unknown), code links. */
export type MetaRow = [id: string, title: string, authors: string, year: number, code?: string[]];

/**
 * Authors are kept as one string per paper and split when a paper is shown: an
 * array of names per paper is most of the paper list's memory at 30,000 papers.
 * Names do not contain it; a name that did would show as two.
 */
export const AUTHOR_SEPARATOR = '; ';

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

/** Builds the contents of every asset file from the corpus and its related data. */
export function buildAssets(papers: Paper[], related: Record<string, RelatedItem[]>, model: RelatedModel): AssetFiles {
  const meta: MetaRow[] = papers.map((p) => {
    const row: MetaRow = [p.id, p.title, p.authors.join(AUTHOR_SEPARATOR), p.year ?? 0];
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
    // Each paper's list stays a JSON string until it is asked for: 30,000 parsed lists would hold
    // 150,000 small objects in the worker for the few pages a session visits.
    related: JSON.stringify(Object.fromEntries(Object.entries(related).map(([id, items]) => [id, encodeRelatedList(items)]))),
    relatedModel: encodeRelatedModel(model),
  };
}

/**
 * A corpus paper read from a `meta.json` row. Its authors and links are derived
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

/** Turns `meta.json` rows back into papers (abstracts come later, from `abstracts.json`). */
export function papersFromMeta(rows: MetaRow[]): Paper[] {
  return rows.map(([id, title, authors, year, code]) => new MetaPaper(id, title, authors, year, code));
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

/** A related list as `related.json` holds it: `[[id, score, ...reasons], …]` as JSON text, without the keys. */
export function encodeRelatedList(items: RelatedItem[]): string {
  return JSON.stringify(items.map((r) => [r.id, r.score, ...r.reasons]));
}

/** The inverse of {@link encodeRelatedList}. */
export function decodeRelatedList(text: string): RelatedItem[] {
  return (JSON.parse(text) as [string, number, ...string[]][]).map(([id, score, ...reasons]) => ({ id, score, reasons }));
}
