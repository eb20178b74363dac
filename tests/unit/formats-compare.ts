/**
 * Shared by the format tests: the fields reference managers care about, read
 * off a saved paper, and a per-field comparison of two imports of one library.
 */
import { readFileSync } from 'node:fs';
import { isArxivId } from '../../lib/core/arxiv-id';
import { foldSpace } from '../../lib/core/strings';
import { importFile, type ImportResult } from '../../lib/formats/import/index';
import type { SavedPaper } from '../../lib/reading-list/list';

export const T0 = 1_700_000_000_000;

/** The fields issue 16 asks every round trip to keep. */
export const FIELDS = [
  'type',
  'title',
  'authors',
  'editors',
  'date',
  'container',
  'volume',
  'issue',
  'pages',
  'publisher',
  'doi',
  'url',
  'abstract',
  'keywords',
] as const;
export type Field = (typeof FIELDS)[number];

/** One paper as the fields above; the URL of an arXiv paper is its id (every format writes it its own way). */
export function fieldsOf(p: SavedPaper): Record<Field, unknown> {
  const b = p.bib ?? {};
  return {
    type: b.type,
    title: p.title,
    authors: p.authors,
    editors: b.editors ?? [],
    date: b.date ?? (p.year === undefined ? undefined : String(p.year)),
    container: b.container,
    volume: b.volume,
    issue: b.issue,
    pages: b.pages?.replace(/\s*[-\u2013\u2014]+\s*/g, '–'),
    publisher: b.publisher,
    doi: p.doi?.toLowerCase(),
    url: isArxivId(p.id) ? `arXiv:${p.id}` : p.links.abs,
    abstract: p.abstract === undefined ? undefined : foldSpace(p.abstract),
    keywords: p.tags,
  };
}

/** For each field, how many papers of `before` came back with it unchanged in `after` (matched by id). */
export function compareFields(
  before: readonly SavedPaper[],
  after: readonly SavedPaper[],
): { missing: string[]; kept: Record<Field, number>; lost: Record<Field, { id: string; before: unknown; after: unknown }[]> } {
  const byId = new Map(after.map((p) => [p.id, p]));
  const kept = Object.fromEntries(FIELDS.map((f) => [f, 0])) as Record<Field, number>;
  const lost = Object.fromEntries(FIELDS.map((f) => [f, []])) as unknown as Record<
    Field,
    { id: string; before: unknown; after: unknown }[]
  >;
  const missing: string[] = [];
  for (const p of before) {
    const q = byId.get(p.id);
    if (!q) {
      missing.push(p.id);
      continue;
    }
    const a = fieldsOf(p);
    const b = fieldsOf(q);
    for (const f of FIELDS) {
      if (JSON.stringify(a[f]) === JSON.stringify(b[f])) kept[f]++;
      else lost[f].push({ id: p.id, before: a[f], after: b[f] });
    }
  }
  return { missing, kept, lost };
}

/** Imports a text or throws with the error. */
export function read(text: string, filename: string): Extract<ImportResult, { ok: true }> {
  const r = importFile(text, filename, undefined, T0);
  if (!r.ok) throw new Error(r.error);
  return r;
}

/** The real files (tests/fixtures/bib, tests/fixtures/csl; origins in their SOURCES.md). */
export const REAL_FILES = [
  'bib/acl-anthology-style.bib',
  'bib/arxiv-generated-mixed.bib',
  'bib/b-vitamins-neco-2009.bib',
  'bib/b-vitamins-oscillation.bib',
  'bib/dblp-export.bib',
  'bib/mathscinet-export.bib',
  'bib/pl-strings-macros.bib',
  'bib/zotero-bbt-astro-library.bib',
  'bib/zotero-bbt-my-library.bib',
  'csl/manubot-references.csl.json',
] as const;

export function fixture(path: string): string {
  return readFileSync(new URL(`../fixtures/${path}`, import.meta.url), 'utf8');
}
