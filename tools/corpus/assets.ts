/**
 * Writes the contents of the shipped corpus files (lib/collection/assets.ts
 * `ASSET_FILES`) from the corpus and its related data. Build time only: the
 * worker reads these files, it never builds them.
 */
import type { Paper } from '../../lib/core/paper';
import { AUTHOR_SEPARATOR, type AssetName, type AssetReader, type MetaRow } from '../../lib/collection/assets';
import type { RelatedItem, RelatedModel } from '../../lib/related/model';
import { createSearchIndex, serialiseSearchIndex } from '../../lib/search';
import { encodeRelatedModel } from '../related/encode';

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

/** The asset files' contents: text, except the related-paper model, which is binary. */
export type AssetFiles = Record<Exclude<AssetName, 'relatedModel'>, string> & { relatedModel: Uint8Array };

/** An asset reader over files held in memory (tests, benchmarks). */
export function memoryAssets(files: AssetFiles): AssetReader {
  return { text: async (name) => files[name], bytes: async (name) => files[name] };
}

/** A related list as `related.json` holds it: `[[id, score, ...reasons], …]` as JSON text, without the keys. */
export function encodeRelatedList(items: RelatedItem[]): string {
  return JSON.stringify(items.map((r) => [r.id, r.score, ...r.reasons]));
}
