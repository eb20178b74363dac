/**
 * CSL-JSON export, the format Zotero, Mendeley and pandoc read. Preprints are
 * `type: "article"` with `publisher: "arXiv"` and the arXiv ID as `number`,
 * which Zotero 7 imports as a Preprint with Repository and Archive ID set. A
 * work imported from a reference manager keeps its type and fields (`bib`).
 */
import { isArxivId } from '../../core/arxiv-id';
import type { SavedPaper } from '../../reading-list/list';
import { dateParts } from '../fields';

/** A CSL name: split when we can tell family from given, else one literal. */
export type CslName = { family: string; given?: string; 'non-dropping-particle'?: string; suffix?: string } | { literal: string };

/** The CSL-JSON fields we write. */
export interface CslItem {
  id: string;
  /** `article` for a preprint; an imported work keeps its own type. */
  type: string;
  title: string;
  author?: CslName[];
  editor?: CslName[];
  issued?: { 'date-parts': [number[]] };
  'container-title'?: string;
  volume?: string;
  issue?: string;
  page?: string;
  abstract?: string;
  URL?: string;
  DOI?: string;
  number?: string;
  publisher?: string;
  note?: string;
  keyword?: string;
}

const PARTICLES = new Set([
  'van',
  'von',
  'der',
  'den',
  'de',
  'del',
  'della',
  'di',
  'da',
  'du',
  'le',
  'la',
  'dos',
  'das',
  'ter',
  'ten',
  'zu',
  'al',
  'el',
  'bin',
  'ibn',
]);

/** "Yen-Chun Chen" → {given "Yen-Chun", family "Chen"}; "Ludwig van Beethoven" keeps "van" as particle. */
export function cslName(name: string): CslName {
  // "First Last, Jr" is how the list shows a name with a suffix (BibTeX's "Last, Jr, First").
  const suffix = /^(.*\S)\s*,\s*((?:Jr|Sr)\.?|I{2,3}|IV)$/.exec(name);
  if (suffix) {
    const main = cslName(suffix[1]);
    return 'family' in main ? { ...main, suffix: suffix[2] } : { literal: name };
  }
  if (name.includes(',')) {
    const [family, ...rest] = name.split(',');
    const given = rest.join(',').trim();
    return given ? { family: family.trim(), given } : { literal: name };
  }
  const words = name.trim().split(/\s+/);
  // One word (a mononym, a collaboration, a CJK name written without spaces): no split to guess.
  if (words.length < 2) return { literal: name };
  const family = words.pop()!;
  let p = words.length;
  while (p > 1 && PARTICLES.has(words[p - 1].toLowerCase())) p--;
  const particle = words.slice(p).join(' ');
  const out: CslName = { family, given: words.slice(0, p).join(' ') };
  if (particle) out['non-dropping-particle'] = particle;
  return out;
}

/** One paper as a CSL item. */
export function cslItem(p: SavedPaper): CslItem {
  const bib = p.bib ?? {};
  const item: CslItem = { id: p.id, type: bib.type ?? 'article', title: p.title };
  if (p.authors.length) item.author = p.authors.map(cslName);
  if (bib.editors?.length) item.editor = bib.editors.map(cslName);
  if (bib.date && Number(bib.date.slice(0, 4)) === p.year) item.issued = { 'date-parts': [dateParts(bib.date)] };
  else if (p.year !== undefined) item.issued = { 'date-parts': [[p.year]] };
  if (bib.container) item['container-title'] = bib.container;
  if (bib.volume) item.volume = bib.volume;
  if (bib.issue) item.issue = bib.issue;
  if (bib.pages) item.page = bib.pages;
  if (p.abstract) item.abstract = p.abstract;
  if (bib.publisher) item.publisher = bib.publisher;
  if (isArxivId(p.id)) {
    item.URL = `https://arxiv.org/abs/${p.id}`;
    item.number = p.id;
    if (!p.bib) item.publisher = 'arXiv';
  } else if (p.links.abs) {
    item.URL = p.links.abs;
  }
  if (p.doi) item.DOI = p.doi;
  if (p.note) item.note = p.note;
  if (p.tags.length) item.keyword = p.tags.join(', ');
  return item;
}

/** The list as a CSL-JSON array. */
export function toCslJson(papers: readonly SavedPaper[]): string {
  return `${JSON.stringify(papers.map(cslItem), null, 2)}\n`;
}
