/**
 * RIS export, in the layout Zotero writes (`TY  - JOUR` … `ER  - `, one value
 * per line, names as "Last, First"), which Zotero, Mendeley and EndNote import.
 * A preprint is written as Zotero writes its Preprint type: `GEN` with the
 * repository in `PB` and the arXiv URL in `UR`, where every reader finds the ID.
 */
import { isArxivId } from '../../core/arxiv-id';
import type { SavedPaper } from '../../reading-list/list';
import { risSubtype, typeToRis } from '../fields';
import { familyName } from './bibtex';

/** "First Last" → "Last, First"; "First Last, Jr" → "Last, First, Jr" (RIS's order). */
export function risName(name: string): string {
  const [main, ...suffix] = name.split(',');
  const family = familyName(main);
  const given = main.slice(0, main.length - family.length).trim();
  return [family, given, suffix.join(',').trim()].filter(Boolean).join(', ');
}

/** One value on one line: RIS has no escapes, so line breaks become spaces (notes keep theirs as separate N1 lines). */
function line(tag: string, value: string): string {
  return `${tag}  - ${value.replace(/\s*\r?\n\s*/g, ' ')}`;
}

/** One record. */
export function risRecord(p: SavedPaper): string {
  const bib = p.bib ?? {};
  const out = [line('TY', p.bib ? typeToRis(bib.type) : 'GEN'), line('TI', p.title)];
  const subtype = risSubtype(bib.type);
  if (subtype) out.push(line('M3', subtype));
  for (const a of p.authors) out.push(line('AU', risName(a)));
  for (const e of bib.editors ?? []) out.push(line('ED', risName(e)));
  if (p.year !== undefined) {
    out.push(line('PY', String(p.year)));
    // Zotero's `DA  - 2017///`: citation-js takes a conference paper's PY for the event's date, DA for the issued one.
    const [y, m, d] = bib.date && Number(bib.date.slice(0, 4)) === p.year ? bib.date.split('-') : [String(p.year)];
    out.push(line('DA', `${y}/${m ?? ''}/${d ?? ''}/`));
  }
  if (bib.container) out.push(line('T2', bib.container));
  if (bib.volume) out.push(line('VL', bib.volume));
  if (bib.issue) out.push(line('IS', bib.issue));
  if (bib.pages) {
    // A plain range is SP and EP; anything else ("i–xxii, 469–1089") stays whole in SP.
    const range = /^([^\s,–—-]+)\s*[-\u2013\u2014]+\s*([^\s,–—-]+)$/.exec(bib.pages);
    out.push(line('SP', range ? range[1] : bib.pages));
    if (range) out.push(line('EP', range[2]));
  }
  const arxiv = isArxivId(p.id);
  if (bib.publisher || (arxiv && !p.bib)) out.push(line('PB', bib.publisher ?? 'arXiv'));
  if (p.doi) out.push(line('DO', p.doi));
  const url = arxiv ? `https://arxiv.org/abs/${p.id}` : p.links.abs;
  if (url) out.push(line('UR', url));
  if (p.abstract) out.push(line('AB', p.abstract));
  for (const t of p.tags) out.push(line('KW', t));
  if (p.note) for (const n of p.note.split('\n')) out.push(line('N1', n));
  out.push('ER  - ');
  return out.join('\n');
}

/** The list as a `.ris` file (blank line between records, as Zotero writes). */
export function toRis(papers: readonly SavedPaper[]): string {
  return papers.map((p) => `${risRecord(p)}\n`).join('\n');
}
