/**
 * The added collection as data: one row per paper, holding what each source
 * said about it, and the rules that make the same paper from several sources
 * one paper (arXiv id, then DOI, then normalised title). Pure; the IndexedDB
 * side is store.ts.
 */
import { parseArxivId } from '../core/arxiv-id';
import { arxivLinks, localPaperId, type Paper, type PaperLinks } from '../core/paper';
import type { ImportFormat } from '../formats/import/index';
import { normaliseTitle } from './match';

/** A paper as one source gave it. */
export interface CollectedPaper {
  title: string;
  authors: string[];
  abstract: string;
  year?: number;
  /** Bare arXiv id (no version), when the source names one. */
  arxivId?: string;
  /** Normalised DOI (lower case, no resolver prefix), when the source names one. */
  doi?: string;
  links: PaperLinks;
}

/** One paper of the added collection. */
export interface CollectionRow {
  /** The row's key, fixed when the row is made: the arXiv id, else `doi:…`, else a `pl-…` title hash. */
  key: string;
  /** The arXiv id any entry names (indexed: pages are matched by it). */
  arxivId?: string;
  /** The DOI any entry names (indexed: the second merge key). */
  doi?: string;
  /** `normaliseTitle` of the first entry's title (indexed: the third merge key, and pages without an id). */
  titleKey: string;
  /** Ids of the sources holding the paper (multi-entry index: removing a source finds its rows). */
  sources: string[];
  /** What each source said, by source id. */
  entries: Record<string, CollectedPaper>;
}

/** The file formats a source can be read from. */
export type CollectionFormat = 'arxiv-metadata' | 'hf-daily-papers' | ImportFormat;

/** One source of the collection: a file the user added. */
export interface CollectionSource {
  /** Unique, made when the import starts. */
  id: string;
  /** Shown to the user; the file name until renamed. */
  name: string;
  format: CollectionFormat;
  /** Papers the source holds. */
  count: number;
  /** When it was added (ms since epoch). */
  addedAt: number;
  /** `pending` while its import runs (its entries are not shown), `active` once it finished, `removing` while its entries go. */
  status: 'pending' | 'active' | 'removing';
  /** The source this one replaces when it becomes active (a re-import). */
  replaces?: string;
}

/** Lower-case DOI without `https://doi.org/` or `doi:`; undefined when it does not look like one. */
export function normaliseDoi(doi: string | undefined): string | undefined {
  if (!doi) return undefined;
  const d = doi
    .trim()
    .replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/i, '')
    .toLowerCase();
  return /^10\.\d{4,9}\/\S+$/.test(d) ? d : undefined;
}

/** A paper read by any reader, as a collection entry. */
export function toCollected(
  p: Pick<Paper, 'id' | 'title' | 'authors' | 'year' | 'links'> & { abstract?: string; doi?: string },
): CollectedPaper {
  const arxivId = parseArxivId(p.id)?.id;
  const doi = normaliseDoi(p.doi);
  return {
    title: p.title,
    authors: p.authors,
    abstract: p.abstract ?? '',
    ...(p.year ? { year: p.year } : {}),
    ...(arxivId ? { arxivId } : {}),
    ...(doi ? { doi } : {}),
    links: arxivId ? { ...arxivLinks(arxivId), ...p.links } : p.links,
  };
}

/** The three keys an entry is merged by. */
export interface MergeKeys {
  arxivId?: string;
  doi?: string;
  titleKey: string;
}

/** The merge keys of an entry. */
export function mergeKeys(p: CollectedPaper): MergeKeys {
  return { arxivId: p.arxivId, doi: p.doi, titleKey: normaliseTitle(p.title) };
}

/** The key a new row gets. */
export function rowKey(p: CollectedPaper): string {
  return p.arxivId ?? (p.doi ? `doi:${p.doi}` : localPaperId(p.title));
}

/**
 * Whether an entry may join a row: never when both name an arXiv id and they
 * differ, nor when both name a DOI and they differ (two papers may share a
 * title; a different id is a different paper).
 */
export function compatible(row: Pick<CollectionRow, 'arxivId' | 'doi'>, k: MergeKeys): boolean {
  if (row.arxivId && k.arxivId && row.arxivId !== k.arxivId) return false;
  if (row.doi && k.doi && row.doi !== k.doi) return false;
  return true;
}

/**
 * The row an entry joins, from the candidates found by arXiv id, by DOI and by
 * title (in that order): the first compatible one, else none (a new row).
 */
export function chooseRow(
  k: MergeKeys,
  byId: CollectionRow[],
  byDoi: CollectionRow[],
  byTitle: CollectionRow[],
): CollectionRow | undefined {
  for (const list of [byId, byDoi, k.titleKey ? byTitle : []]) {
    const row = list.find((r) => compatible(r, k));
    if (row) return row;
  }
  return undefined;
}

/** A new row holding one entry. */
export function newRow(sourceId: string, p: CollectedPaper): CollectionRow {
  const k = mergeKeys(p);
  return {
    key: rowKey(p),
    ...(k.arxivId ? { arxivId: k.arxivId } : {}),
    ...(k.doi ? { doi: k.doi } : {}),
    titleKey: k.titleKey,
    sources: [sourceId],
    entries: { [sourceId]: p },
  };
}

/** The row with `sourceId`'s entry added (or replaced); the row's ids fill in from it. */
export function addEntry(row: CollectionRow, sourceId: string, p: CollectionRow['entries'][string]): CollectionRow {
  return {
    ...row,
    arxivId: row.arxivId ?? p.arxivId,
    doi: row.doi ?? p.doi,
    sources: row.sources.includes(sourceId) ? row.sources : [...row.sources, sourceId],
    entries: { ...row.entries, [sourceId]: p },
  };
}

/** The row without `sourceId`'s entry, its ids recomputed from what remains; null when nothing remains. */
export function removeEntry(row: CollectionRow, sourceId: string): CollectionRow | null {
  const sources = row.sources.filter((s) => s !== sourceId);
  if (!sources.length) return null;
  const entries = { ...row.entries };
  delete entries[sourceId];
  const rest = sources.map((s) => entries[s]).filter(Boolean);
  const arxivId = rest.find((e) => e.arxivId)?.arxivId;
  const doi = rest.find((e) => e.doi)?.doi;
  const { arxivId: _a, doi: _d, ...base } = row;
  return {
    ...base,
    ...(arxivId ? { arxivId } : {}),
    ...(doi ? { doi } : {}),
    titleKey: normaliseTitle(rest[0]?.title ?? ''),
    sources,
    entries,
  };
}

/** A paper of the added collection as shown, with the names of the sources holding it. */
export interface ShownPaper extends Paper {
  /** The row key (the search index's document id). */
  key: string;
  doi?: string;
  /** Names of the active sources holding it, oldest source first. */
  sourceNames: string[];
}

/**
 * The row as shown, from its entries in active sources (oldest source first,
 * later ones filling what it lacks); null when no active source holds it.
 */
export function shownPaper(row: CollectionRow, sources: Map<string, CollectionSource>): ShownPaper | null {
  const live = row.sources
    .map((id) => sources.get(id))
    .filter((s): s is CollectionSource => s?.status === 'active' && !!row.entries[s.id])
    .sort((a, b) => a.addedAt - b.addedAt);
  if (!live.length) return null;
  const es = live.map((s) => row.entries[s.id]);
  const first = es[0];
  const arxivId = es.find((e) => e.arxivId)?.arxivId;
  const doi = es.find((e) => e.doi)?.doi;
  const links: PaperLinks = Object.assign({}, ...[...es].reverse().map((e) => e.links)) as PaperLinks;
  return {
    key: row.key,
    id: arxivId ?? row.key,
    title: first.title,
    authors: es.find((e) => e.authors.length)?.authors ?? [],
    abstract: es.find((e) => e.abstract)?.abstract ?? '',
    ...((es.find((e) => e.year)?.year ?? 0) ? { year: es.find((e) => e.year)!.year } : {}),
    ...(doi ? { doi } : {}),
    links: arxivId ? { ...links, ...arxivLinks(arxivId) } : links,
    sourceNames: live.map((s) => s.name),
  };
}
