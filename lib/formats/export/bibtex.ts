/**
 * BibTeX export, in the shape arXiv's own "Export BibTeX citation" gives for a
 * preprint (`@misc` with `eprint`, `archivePrefix`, `primaryClass`, `url`), so a
 * saved paper cites the same way as one copied from arxiv.org.
 *
 * Text encoding, chosen so that `lib/formats/import/bibtex.ts` gives back the exact
 * string (the round-trip property test holds us to it):
 * - Non-ASCII stays UTF-8 (biber and bibtex with `inputenc` read it); turning
 *   "Jiménez" into `Jim{\'e}nez` would be lossy for scripts LaTeX has no macro for.
 * - LaTeX specials are escaped: `\& \% \$ \# \_`, `\textbackslash{}`,
 *   `\textasciitilde{}`, `\textasciicircum{}`; braces as `\{ \}` when they
 *   balance (BibTeX counts escaped braces too) and `\textbraceleft{}` /
 *   `\textbraceright{}` otherwise.
 * - Inline math written the arXiv way (`$\alpha$`) passes through unescaped
 *   when it is simple and brace-balanced, so it still typesets; the importer
 *   keeps `$…$` verbatim.
 * - `--`, ``` `` ``` and `''` are split with `{}` so that LaTeX (and our
 *   importer) do not turn them into dashes and curly quotes.
 * - A line break in a note becomes `\\`.
 */
import { isArxivId } from '../../core/arxiv-id';
import type { SavedPaper } from '../../reading-list/list';
import { bibtexSubtype, dateParts, typeToBibtex, type BibFields } from '../fields';

/** Words skipped when a title's first word goes into a citation key. */
const STOP_WORDS = new Set(
  'a an the on of in for to and or with from by at as is are via towards toward do does can what how why when'.split(' '),
);

/** Lowercase ASCII letters and digits only: accents dropped ("López" → "lopez"). */
function asciiSlug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** The family name as BibTeX would read it: before the comma, else the last word. */
export function familyName(name: string): string {
  if (name.includes(',')) return name.split(',')[0].trim();
  const words = name.trim().split(/\s+/);
  return words[words.length - 1] ?? '';
}

/** `chen2019uniter`: first author's family name, year, first significant title word. */
function baseKey(p: SavedPaper): string {
  const author = asciiSlug(familyName(p.authors[0] ?? '')) || 'anon';
  const words = p.title
    .split(/[^\p{L}\p{N}]+/u)
    .map(asciiSlug)
    .filter(Boolean);
  const word = words.find((w) => !STOP_WORDS.has(w)) ?? words[0] ?? '';
  return `${author}${p.year ?? ''}${word}`;
}

/**
 * Citation keys for a list: `baseKey`, and when several papers share one, a
 * suffix a, b, c … given in order of paper id, so the same papers always get
 * the same keys whatever their order on the list.
 */
export function citationKeys(papers: readonly SavedPaper[]): Map<string, string> {
  const groups = new Map<string, SavedPaper[]>();
  for (const p of papers) {
    const k = baseKey(p);
    groups.set(k, [...(groups.get(k) ?? []), p]);
  }
  const keys = new Map<string, string>();
  for (const [k, group] of groups) {
    if (group.length === 1) {
      keys.set(group[0].id, k);
      continue;
    }
    const sorted = [...group].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    sorted.forEach((p, i) => keys.set(p.id, k + letterSuffix(i)));
  }
  return keys;
}

/** a … z, then aa, ab … */
function letterSuffix(i: number): string {
  let s = '';
  let n = i;
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26) - 1;
  } while (n >= 0);
  return s;
}

const SIMPLE_MATH = /^(?:[A-Za-z0-9{}^_ +\-*/=<>()[\],.:;'|!]|\\[A-Za-z]+)+$/;

/**
 * Math worth typesetting (`$\alpha$`, `$x^2$`, `$k$`) rather than dollar
 * amounts in a note ("$5 and $6"), and simple enough to pass through safely.
 */
function looksLikeMath(inner: string): boolean {
  return SIMPLE_MATH.test(inner) && bracesBalance(inner) && (/[\\^_{}=<>+]/.test(inner) || /^[A-Za-z]{1,3}[0-9]?$/.test(inner));
}

function bracesBalance(s: string): boolean {
  let depth = 0;
  for (const c of s) {
    if (c === '{') depth++;
    else if (c === '}' && --depth < 0) return false;
  }
  return depth === 0;
}

/** Escapes text for a braced BibTeX field value (see the module comment). */
export function escapeLatex(text: string): string {
  const plainBraces = bracesBalance(text);
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '$') {
      const end = text.indexOf('$', i + 1);
      const inner = end > i + 1 ? text.slice(i + 1, end) : '';
      if (looksLikeMath(inner)) {
        out += text.slice(i, end + 1);
        i = end;
        continue;
      }
      out += '\\$';
      continue;
    }
    const next = text[i + 1];
    switch (c) {
      case '\\':
        out += '\\textbackslash{}';
        break;
      case '{':
        out += plainBraces ? '\\{' : '\\textbraceleft{}';
        break;
      case '}':
        out += plainBraces ? '\\}' : '\\textbraceright{}';
        break;
      case '&':
      case '%':
      case '#':
      case '_':
        out += `\\${c}`;
        break;
      case '~':
        out += '\\textasciitilde{}';
        break;
      case '^':
        out += '\\textasciicircum{}';
        break;
      case '\n':
        out += '\\\\';
        break;
      case '-':
      case '`':
      case "'":
        // `--` is an en dash, ``` `` ``` and `''` curly quotes, to LaTeX.
        out += next === c ? `${c}{}` : c;
        break;
      default:
        out += c;
    }
  }
  return out;
}

/** A name BibTeX would split or read as "Last, First" is braced so it comes back as written. */
function escapeName(name: string): string {
  const e = escapeLatex(name);
  if (/,|(^|\s)and(\s|$)|^others$/i.test(name)) return `{${e}}`;
  // BibTeX splits given names at hyphens too, and takes a lower-case part for a
  // "von" ("Chi-kiu Lo" would be Chi / kiu / Lo): "Lo, Chi-kiu" cannot be misread.
  const family = familyName(name);
  const given = name.slice(0, name.length - family.length).trim();
  return /-\p{Ll}/u.test(given) ? `${escapeLatex(family)}, ${escapeLatex(given)}` : e;
}

/** URLs and DOIs are verbatim fields (biblatex); only braces could break the entry. */
function verbatim(s: string): string {
  return s.replace(/\{/g, '%7B').replace(/\}/g, '%7D');
}

/** Field that holds the container, by BibTeX type. */
function containerField(type: string): string {
  return type === 'inproceedings' || type === 'incollection' || type === 'inbook' ? 'booktitle' : 'journal';
}

/** Field that holds the publisher, by BibTeX type (BibTeX's styles want these names). */
function publisherField(type: string): string {
  if (type === 'techreport') return 'institution';
  if (type === 'phdthesis') return 'school';
  return 'publisher';
}

/** The reference-manager fields of an imported work, after title, author and year. */
function bibFields(type: string, bib: BibFields): [string, string][] {
  const out: [string, string][] = [];
  const subtype = bibtexSubtype(bib.type);
  if (subtype) out.push(['entrysubtype', subtype]);
  if (bib.editors?.length) out.push(['editor', bib.editors.map(escapeName).join(' and ')]);
  if (bib.date && bib.date.length > 4) {
    const [, month, day] = dateParts(bib.date);
    out.push(['month', String(month)]);
    if (day) out.push(['day', String(day)]);
  }
  if (bib.container) out.push([containerField(type), `{${escapeLatex(bib.container)}}`]);
  if (bib.volume) out.push(['volume', escapeLatex(bib.volume)]);
  if (bib.issue) out.push(['number', escapeLatex(bib.issue)]);
  if (bib.pages)
    out.push(['pages', escapeLatex(bib.pages.replace(/\s*[-\u2013\u2014]+\s*/g, '\u2013')).replace(/\u2013/g, '--')]);
  if (bib.publisher) out.push([publisherField(type), `{${escapeLatex(bib.publisher)}}`]);
  return out;
}

/**
 * One entry; `key` from `citationKeys`. A preprint that came from arXiv or the
 * corpus is written as arXiv writes it; a work imported from a reference
 * manager (it has `bib`) keeps its own type and fields, plus the arXiv fields
 * when it has an arXiv ID, and its abstract.
 */
export function bibtexEntry(p: SavedPaper, key: string): string {
  const type = p.bib ? typeToBibtex(p.bib.type) : 'misc';
  const fields: [string, string][] = [['title', `{${escapeLatex(p.title)}}`]];
  if (p.authors.length) fields.push(['author', p.authors.map(escapeName).join(' and ')]);
  if (p.year !== undefined) fields.push(['year', String(p.year)]);
  if (p.bib) fields.push(...bibFields(type, p.bib));
  if (isArxivId(p.id)) {
    fields.push(['eprint', p.id], ['archivePrefix', 'arXiv']);
    if (p.primaryClass) fields.push(['primaryClass', verbatim(p.primaryClass)]);
    fields.push(['url', `https://arxiv.org/abs/${p.id}`]);
    if (p.doi) fields.push(['doi', verbatim(p.doi)]);
  } else {
    if (p.doi) fields.push(['doi', verbatim(p.doi)]);
    if (p.links.abs) fields.push(['url', verbatim(p.links.abs)]);
  }
  if (p.abstract && p.source === 'import') fields.push(['abstract', escapeLatex(p.abstract)]);
  if (p.tags.length) fields.push(['keywords', p.tags.map(escapeLatex).join(', ')]);
  if (p.note) fields.push(['note', escapeLatex(p.note)]);
  const body = fields.map(([name, value]) => `      ${name}={${value}}`).join(',\n');
  return `@${type}{${key},\n${body}\n}\n`;
}

/** The whole list as a `.bib` file. */
export function toBibtex(papers: readonly SavedPaper[]): string {
  const keys = citationKeys(papers);
  return papers.map((p) => bibtexEntry(p, keys.get(p.id)!)).join('\n');
}
