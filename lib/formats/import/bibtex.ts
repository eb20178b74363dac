/**
 * BibTeX import: parsed entries (`./bibtex-parse.ts`) → saved papers, with the
 * reference-manager fields (`../fields.ts`) kept. An entry with neither a title
 * nor an identifier becomes a problem, not a failure of the file.
 */
import { foldSpace } from '../../core/strings';
import { cleanTags } from '../../core/tags';
import type { SavedPaper } from '../../reading-list/list';
import { cleanBib, cleanDoi, normaliseDate, typeFromBibtex, type BibFields } from '../fields';
import type { BibtexEntry, BibtexProblem } from './bibtex-parse';
import { decodeLatex, type PreambleMacros } from './latex';
import { arxivIdIn, workToPaper } from './work';

export { parseBibtex, describeProblem, type BibtexEntry, type BibtexProblem, type BibtexFile } from './bibtex-parse';
export { decodeLatex } from './latex';

/**
 * Splits where `sep` (a sticky regex) matches outside braces. Braces count even
 * when escaped, as BibTeX counts them; other escaped characters (`\,`) never split.
 */
function splitOutsideBraces(raw: string, sep: RegExp): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\' && raw[i + 1] !== '{' && raw[i + 1] !== '}') i++;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (depth === 0) {
      sep.lastIndex = i;
      const m = sep.exec(raw);
      if (m) {
        parts.push(raw.slice(start, i));
        i += m[0].length - 1;
        start = i + 1;
      }
    }
  }
  parts.push(raw.slice(start));
  return parts.map((s) => s.trim());
}

/** "Last, First" and "Last, Jr, First" → "First Last" ("First Last, Jr"); "First Last" unchanged. */
function displayName(raw: string, macros?: PreambleMacros): string | null {
  if (/^others$/i.test(raw)) return null; // BibTeX's "et al."
  const parts = splitOutsideBraces(raw, /,/y);
  if (parts.length === 1) return foldSpace(decodeLatex(raw, macros));
  // One fold at the end: names are most of a 1,000-author entry's work.
  const [last, a, b] = parts.map((p) => decodeLatex(p, macros));
  return foldSpace(parts.length === 2 ? `${a} ${last}` : `${b} ${last}, ${a}`);
}

/** A name list field (`author`, `editor`) as display names. */
export function bibtexNames(raw: string | undefined, macros?: PreambleMacros): string[] {
  if (!raw) return [];
  return splitOutsideBraces(raw, /\s+and\s+/iy)
    .filter(Boolean)
    .map((n) => displayName(n, macros))
    .filter((a): a is string => !!a);
}

const ARXIV_URL = /arxiv\.org\/(?:abs|pdf)\/([^\s?#{}]+?)(?:\.pdf)?(?:[?#\s}]|$)/i;
const ARXIV_IN_TEXT = /arxiv[:\s./]*(?:abs\/|pdf\/)?(\d{4}\.\d{4,5}(?:v\d+)?|[a-z-]+(?:\.[A-Z]{2})?\/\d{7}(?:v\d+)?)/i;
const ARXIV_DOI = /10\.48550\/arxiv\.([^\s{}]+)/i;

/** The bare arXiv ID an entry names, if any: `eprint`, an arxiv.org URL, an arXiv DOI, or "arXiv:…" in journal/note. */
function arxivIdOf(fields: Map<string, string>): string | undefined {
  const prefix = (fields.get('archiveprefix') ?? fields.get('eprinttype') ?? 'arxiv').trim().toLowerCase();
  const eprint = prefix === 'arxiv' ? arxivIdIn(fields.get('eprint')) : undefined;
  if (eprint) return eprint;
  // Zotero (Better BibTeX) and pandoc put the id in `number` of an arXiv item.
  const where = ['publisher', 'journal', 'journaltitle', 'institution', 'howpublished'].map((f) => fields.get(f) ?? '');
  const number = where.some((w) => /arxiv/i.test(w)) ? arxivIdIn(fields.get('number')) : undefined;
  if (number) return number;
  for (const f of ['url', 'doi', 'journal', 'journaltitle', 'note', 'howpublished']) {
    const v = fields.get(f);
    if (!v) continue;
    const id = arxivIdIn(ARXIV_URL.exec(v)?.[1]) ?? arxivIdIn(ARXIV_DOI.exec(v)?.[1]) ?? arxivIdIn(ARXIV_IN_TEXT.exec(v)?.[1]);
    if (id) return id;
  }
  return undefined;
}

/** Fields a child never takes from its parent. */
const NOT_INHERITED = new Set(['crossref', 'xdata', 'ids', 'entryset', 'key']);

/**
 * `crossref` and `xdata` inheritance, as BibTeX and biber apply it: a child
 * takes each field it lacks from its parent; a proceedings or book parent's
 * `title` becomes the child's `booktitle`. Parents may come after the child.
 */
export function inheritFields(entries: readonly BibtexEntry[]): void {
  const byKey = new Map(entries.map((e) => [e.key.toLowerCase(), e]));
  const inherit = (child: BibtexEntry, parent: BibtexEntry, asCrossref: boolean) => {
    for (const [name, v] of parent.fields) {
      if (NOT_INHERITED.has(name)) continue;
      if (asCrossref && name === 'title') {
        if (!child.fields.has('booktitle')) child.fields.set('booktitle', v);
      } else if (!child.fields.has(name)) child.fields.set(name, v);
    }
  };
  for (const e of entries) {
    for (const k of (e.fields.get('xdata') ?? '').split(',')) {
      const parent = byKey.get(k.trim().toLowerCase());
      if (parent && parent !== e) inherit(e, parent, false);
    }
    const parent = byKey.get((e.fields.get('crossref') ?? '').trim().toLowerCase());
    if (parent && parent !== e) inherit(e, parent, true);
  }
}

/** The reference-manager fields of one entry. */
function bibOf(e: BibtexEntry, text: (name: string) => string | undefined, macros?: PreambleMacros): BibFields | undefined {
  const f = e.fields;
  const date = normaliseDate(text('date') ?? text('year'), text('month'), text('day'));
  const container = text('journaltitle') ?? text('journal') ?? text('booktitle');
  const publisher = text('publisher') ?? text('institution') ?? text('school') ?? text('organization');
  return cleanBib({
    type: typeFromBibtex(e.type, f.get('entrysubtype')?.trim()),
    editors: bibtexNames(f.get('editor'), macros),
    date: date && date.length > 4 ? date : undefined,
    container,
    volume: text('volume'),
    issue: text('number') ?? text('issue'),
    pages: text('pages')?.replace(/\s*-+\s*/g, '–'),
    publisher,
  });
}

/** One entry as a saved paper, or the reason it cannot be one. */
function entryToPaper(e: BibtexEntry, now: number, macros?: PreambleMacros): SavedPaper | string {
  const f = e.fields;
  const text = (name: string) => {
    const v = f.get(name);
    return v === undefined ? undefined : foldSpace(decodeLatex(v, macros)) || undefined;
  };
  const arxiv = arxivIdOf(f);
  const year = /(\d{4})/.exec(text('date') ?? text('year') ?? '')?.[1];
  return workToPaper(
    {
      title: text('title'),
      arxiv,
      doi: cleanDoi(f.get('doi')),
      authors: bibtexNames(f.get('author'), macros),
      abstract: text('abstract'),
      year: year ? Number(year) : undefined,
      url: f.get('url')?.trim(),
      primaryClass: f.get('primaryclass')?.trim() || undefined,
      tags: cleanTags(decodeLatex(f.get('keywords') ?? f.get('keyword') ?? '', macros).split(',')),
      note: decodeLatex(f.get('note') ?? '', macros).trim(),
      bib: bibOf(e, text, macros),
      plain: { type: 'document' },
    },
    now,
  );
}

/**
 * Turns parsed entries into saved papers (source "import"); an entry that has
 * neither a title nor an identifier to stand on becomes a problem.
 */
export function entriesToPapers(
  entries: readonly BibtexEntry[],
  now: number,
  macros?: PreambleMacros,
): { papers: SavedPaper[]; problems: BibtexProblem[] } {
  inheritFields(entries);
  const papers: SavedPaper[] = [];
  const problems: BibtexProblem[] = [];
  for (const e of entries) {
    const p = entryToPaper(e, now, macros);
    if (typeof p === 'string') problems.push({ line: e.line, key: e.key, entry: `"${e.key}" (#${e.index + 1})`, reason: p });
    else papers.push(p);
  }
  return { papers, problems };
}
