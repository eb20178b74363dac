/**
 * The corpus as the extension ships it: files under `corpus/` in the build
 * (written by tools/build-assets.ts from data/ through tools/corpus/assets.ts),
 * loaded by the worker in the order it needs them. Kept out of the worker's
 * script so that a large corpus does not have to be parsed before the worker
 * can answer anything.
 */
import type { Paper } from '../core/paper';
import { arxivLinks } from '../core/paper';
import type { RelatedItem } from '../related/model';

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

/** Reads assets: `fetch` of the extension's own files in the worker, files in memory in tests and tools. */
export interface AssetReader {
  text(name: Exclude<AssetName, 'relatedModel'>): Promise<string>;
  bytes(name: 'relatedModel'): Promise<Uint8Array>;
}

/** Reads one list of `related.json`: `[[id, score, ...reasons], …]` as JSON text (tools/corpus/assets.ts `encodeRelatedList` writes it). */
export function decodeRelatedList(text: string): RelatedItem[] {
  return (JSON.parse(text) as [string, number, ...string[]][]).map(([id, score, ...reasons]) => ({ id, score, reasons }));
}
