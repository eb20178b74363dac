/**
 * What reference managers keep about a work beyond what the reading list
 * shows: its type, editors, full date, where it appeared (container, volume,
 * issue, pages) and who published it. Title, authors, year, abstract, DOI,
 * URL (`links.abs`) and keywords (`tags`) already live on `SavedPaper`; these
 * ride along in its one optional `bib` field, so a Zotero library imported and
 * exported again comes back with them (docs/formats.md).
 *
 * The vocabulary is CSL's (the one Zotero, Mendeley and pandoc share); BibTeX
 * and RIS types are mapped to and from it here, in one place.
 */
import { foldSpace } from '../core/strings';

/** A CSL item type (`article-journal`, `paper-conference`, `book`, `chapter`, `report`, `thesis`, …). */
export type WorkType = string;

/** The reference-manager fields of a saved paper; every field optional, none empty. */
export interface BibFields {
  /** The item type, CSL vocabulary. */
  type?: WorkType;
  /** Editor names, as displayed ("First Last"). */
  editors?: string[];
  /** The date as precise as the source gave it: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
  date?: string;
  /** Journal, proceedings or book the work appeared in. */
  container?: string;
  volume?: string;
  issue?: string;
  /** Page range with an en dash or hyphen, as written (`77–86`). */
  pages?: string;
  /** Publisher, or the institution/school of a report or thesis. */
  publisher?: string;
}

/** The keys of `BibFields`, in the order they are stored and compared. */
export const BIB_KEYS = ['type', 'editors', 'date', 'container', 'volume', 'issue', 'pages', 'publisher'] as const;

/**
 * The fields with empties dropped, strings trimmed and keys in `BIB_KEYS` order;
 * undefined when nothing is left. Used by every reader and by the list's own
 * parse, so two equal records serialise identically.
 */
export function cleanBib(raw: unknown): BibFields | undefined {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const r = raw as Record<string, unknown>;
  const out: BibFields = {};
  for (const k of BIB_KEYS) {
    const v = r[k];
    if (k === 'editors') {
      const names = Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map(foldSpace) : [];
      if (names.some(Boolean)) out.editors = names.filter(Boolean);
    } else if (typeof v === 'string' && foldSpace(v)) out[k] = foldSpace(v);
    else if (typeof v === 'number' && Number.isFinite(v)) out[k] = String(v);
  }
  return Object.keys(out).length ? out : undefined;
}

/** Why `bib` is not a `BibFields` record (for the strict parse of stored papers), or undefined when it is. */
export function bibProblem(raw: unknown): string | undefined {
  if (raw === undefined) return undefined;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'must be an object';
  const r = raw as Record<string, unknown>;
  for (const k of Object.keys(r)) {
    if (!(BIB_KEYS as readonly string[]).includes(k)) return `has an unknown field "${k}"`;
    if (k === 'editors') {
      if (!Array.isArray(r[k]) || !(r[k] as unknown[]).every((x) => typeof x === 'string'))
        return 'field "editors" must be an array of strings';
    } else if (typeof r[k] !== 'string') return `field "${k}" must be a string`;
  }
  return undefined;
}

/**
 * Drops an `issue` that is only the arXiv id again (Zotero's "Archive ID"
 * `arXiv:2401.09685` that Better BibTeX writes as `number`; the id CSL-JSON
 * carries as `number`): the id is the paper's own, not an issue of anything.
 */
export function withoutArxivNumber(bib: BibFields | undefined, arxivId: string | undefined): BibFields | undefined {
  if (!bib?.issue || !arxivId || bib.issue.replace(/^arxiv:\s*/i, '').replace(/v\d+$/, '') !== arxivId) return bib;
  const { issue: _issue, ...rest } = bib;
  return cleanBib(rest);
}

/** A DOI as the list keeps it: no `https://doi.org/`, no `doi:` (as some exports write it), undefined when empty. */
export function cleanDoi(raw: string | undefined): string | undefined {
  return (
    raw
      ?.trim()
      .replace(/^https?:\/\/(dx\.)?doi\.org\//i, '')
      .replace(/^doi:\s*/i, '') || undefined
  );
}

/**
 * Undefined when `bib` says nothing but what every preprint's export says: only
 * the type `plain` (`@misc`, `TY  - GEN` → `document`; CSL `article` with
 * publisher arXiv), so a paper saved from arXiv and brought back from a file is
 * the paper it was, not an imported work with fields of its own.
 */
export function unlessPlain(bib: BibFields | undefined, plain: BibFields): BibFields | undefined {
  return bib && JSON.stringify(bib) === JSON.stringify(plain) ? undefined : bib;
}

/** BibTeX/BibLaTeX entry types → CSL. Unknown types become `document`. */
const FROM_BIBTEX: Record<string, WorkType> = {
  article: 'article-journal',
  inproceedings: 'paper-conference',
  conference: 'paper-conference',
  proceedings: 'book',
  book: 'book',
  mvbook: 'book',
  booklet: 'pamphlet',
  inbook: 'chapter',
  incollection: 'chapter',
  phdthesis: 'thesis',
  mastersthesis: 'thesis',
  thesis: 'thesis',
  techreport: 'report',
  report: 'report',
  manual: 'report',
  unpublished: 'manuscript',
  online: 'webpage',
  electronic: 'webpage',
  www: 'webpage',
  dataset: 'dataset',
  software: 'software',
  patent: 'patent',
  misc: 'document',
};

/** CSL 1.0.2's item types, the only values taken from `entrysubtype` and `M3`. */
const TO_BIBTEX_OR_MISC = Object.fromEntries(
  'article article-journal article-magazine article-newspaper bill book broadcast chapter classic collection dataset document entry entry-dictionary entry-encyclopedia event figure graphic hearing interview legal_case legislation manuscript map motion_picture musical_score pamphlet paper-conference patent performance periodical personal_communication post post-weblog regulation report review review-book software song speech standard thesis treaty webpage'
    .split(' ')
    .map((t) => [t, true]),
);

/** CSL → the BibTeX type we write (plain BibTeX types, which biber reads too). */
const TO_BIBTEX: Record<WorkType, string> = {
  'article-journal': 'article',
  'article-magazine': 'article',
  'article-newspaper': 'article',
  article: 'article',
  'paper-conference': 'inproceedings',
  book: 'book',
  pamphlet: 'booklet',
  chapter: 'incollection',
  thesis: 'phdthesis',
  report: 'techreport',
  manuscript: 'unpublished',
  webpage: 'online',
  dataset: 'dataset',
  software: 'software',
  patent: 'patent',
};

/**
 * The CSL type of a BibTeX entry type (lower case). `subtype` is the
 * `entrysubtype` our export writes when BibTeX has no type of its own for a CSL
 * type (a CSL `article`, a preprint, is `@article` with `entrysubtype = {article}`);
 * it is taken only when it maps back to this very entry type.
 */
export function typeFromBibtex(entryType: string, subtype?: string): WorkType {
  if (subtype && subtype !== FROM_BIBTEX[entryType] && typeToBibtex(subtype) === entryType && subtype in TO_BIBTEX_OR_MISC)
    return subtype;
  return FROM_BIBTEX[entryType] ?? 'document';
}

/** The CSL type when BibTeX's type alone would not give it back, else undefined. */
export function bibtexSubtype(type: WorkType | undefined): string | undefined {
  return type && typeFromBibtex(typeToBibtex(type)) !== type ? type : undefined;
}

/** The BibTeX entry type for a CSL type (`misc` when BibTeX has none). */
export function typeToBibtex(type: WorkType | undefined): string {
  return (type && TO_BIBTEX[type]) || 'misc';
}

/** RIS `TY` → CSL (the RIS specification's types that Zotero, Mendeley and EndNote write). */
const FROM_RIS: Record<string, WorkType> = {
  JOUR: 'article-journal',
  JFULL: 'article-journal',
  EJOUR: 'article-journal',
  MGZN: 'article-magazine',
  NEWS: 'article-newspaper',
  CONF: 'paper-conference',
  CPAPER: 'paper-conference',
  BOOK: 'book',
  EBOOK: 'book',
  EDBOOK: 'book',
  CHAP: 'chapter',
  ECHAP: 'chapter',
  THES: 'thesis',
  RPRT: 'report',
  UNPB: 'manuscript',
  MANSCPT: 'manuscript',
  ELEC: 'webpage',
  WEB: 'webpage',
  DATA: 'dataset',
  COMP: 'software',
  PAT: 'patent',
  PAMP: 'pamphlet',
  GEN: 'document',
};

/** CSL → RIS `TY`. */
const TO_RIS: Record<WorkType, string> = {
  'article-journal': 'JOUR',
  'article-magazine': 'MGZN',
  'article-newspaper': 'NEWS',
  'paper-conference': 'CONF',
  book: 'BOOK',
  chapter: 'CHAP',
  thesis: 'THES',
  report: 'RPRT',
  manuscript: 'UNPB',
  webpage: 'ELEC',
  dataset: 'DATA',
  software: 'COMP',
  patent: 'PAT',
  pamphlet: 'PAMP',
};

/** The CSL type of a RIS `TY` value; `m3` (type of work) as for `typeFromBibtex`'s subtype. */
export function typeFromRis(ty: string, m3?: string): WorkType {
  const own = FROM_RIS[ty.trim().toUpperCase()] ?? 'document';
  return m3 && m3 !== own && m3 in TO_BIBTEX_OR_MISC && typeToRis(m3) === ty.trim().toUpperCase() ? m3 : own;
}

/** The CSL type when RIS's `TY` alone would not give it back (written as `M3`), else undefined. */
export function risSubtype(type: WorkType | undefined): string | undefined {
  return type && typeFromRis(typeToRis(type)) !== type ? type : undefined;
}

/** The RIS `TY` for a CSL type (`GEN` when RIS has none). */
export function typeToRis(type: WorkType | undefined): string {
  return (type && TO_RIS[type]) || 'GEN';
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * A date as the sources write it (`2021`, `2021-01-05`, `2021/01/05/`, `jan`,
 * `January 2021`, `5 Jan. 2021`) → `YYYY[-MM[-DD]]`, or undefined.
 */
export function normaliseDate(year: string | undefined, month?: string, day?: string): string | undefined {
  const y = /(\d{4})/.exec(year ?? '')?.[1];
  if (!y) return undefined;
  const rest = (year ?? '').slice((year ?? '').indexOf(y) + 4);
  const iso = /^[-/](\d{1,2})(?:[-/](\d{1,2}))?/.exec(rest);
  const m = month?.trim() || iso?.[1];
  const d = day?.trim() || iso?.[2];
  let mm: number | undefined;
  if (m) {
    const n = Number(m);
    mm = Number.isInteger(n) && n >= 1 && n <= 12 ? n : MONTH_NAMES.indexOf(m.slice(0, 3).toLowerCase()) + 1 || undefined;
  }
  if (!mm) return y;
  const dd = Number(d);
  const pad = (n: number) => String(n).padStart(2, '0');
  return Number.isInteger(dd) && dd >= 1 && dd <= 31 ? `${y}-${pad(mm)}-${pad(dd)}` : `${y}-${pad(mm)}`;
}

/** `[year, month?, day?]` of a normalised date. */
export function dateParts(date: string): number[] {
  return date.split('-').map(Number);
}
