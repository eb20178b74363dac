/**
 * CSL-JSON export, the format Zotero, Mendeley and pandoc read. Preprints are
 * `type: "article"` with `publisher: "arXiv"` and the arXiv ID as `number`,
 * which Zotero 7 imports as a Preprint with Repository and Archive ID set.
 */
import { isArxivId } from '../../core/paper';
import type { SavedPaper } from '../../reading-list/list';

/** A CSL name: split when we can tell family from given, else one literal. */
export type CslName = { family: string; given?: string; 'non-dropping-particle'?: string } | { literal: string };

/** The CSL-JSON fields we write. */
export interface CslItem {
  id: string;
  type: 'article';
  title: string;
  author?: CslName[];
  issued?: { 'date-parts': [[number]] };
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
  const item: CslItem = { id: p.id, type: 'article', title: p.title };
  if (p.authors.length) item.author = p.authors.map(cslName);
  if (p.year !== undefined) item.issued = { 'date-parts': [[p.year]] };
  if (p.abstract) item.abstract = p.abstract;
  if (isArxivId(p.id)) {
    item.URL = `https://arxiv.org/abs/${p.id}`;
    item.number = p.id;
    item.publisher = 'arXiv';
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
