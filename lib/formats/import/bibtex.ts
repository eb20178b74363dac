/**
 * BibTeX import: a small strict parser plus a LaTeX-to-Unicode decoder.
 *
 * Why not a library: the popup bundles this, and the import must be all or
 * nothing with an error that names the entry and line. The maintained parsers
 * (`@retorquere/bibtex-parser`, which Better BibTeX uses) are far larger than
 * this file because they handle all of biblatex and LaTeX; the small ones
 * (`bibtex-parse`, `@orcid/bibtex-parse-js`) skip or half-read bad entries
 * without line numbers. What we need is narrow: the fields a reading list
 * keeps, from files written by arXiv, Zotero, Google Scholar and us.
 *
 * The parser follows BibTeX's rules: text outside entries is ignored;
 * `@comment` and `@preamble` are skipped; `@string` defines macros; values are
 * `{…}` (nested braces; escaped braces count too, as in BibTeX), `"…"`, numbers
 * or macro names, joined with `#`; an entry may be delimited by `{}` or `()`.
 */
import { arxivLinks, isArxivId, localPaperId } from '../../core/paper';
import { cleanTags, toSavedPaper, type SavedPaper } from '../../reading-list/list';
import { foldSpace } from '../../core/strings';

/** A BibTeX file that cannot be read, with the 1-based line of the problem. */
export class BibtexError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
    readonly entry?: string,
  ) {
    super(`line ${line}${entry ? `, entry ${entry}` : ''}: ${detail}`);
    this.name = 'BibtexError';
  }
}

/** One parsed entry: lower-cased type and field names, raw (undecoded) values. */
export interface BibtexEntry {
  type: string;
  key: string;
  /** 1-based line of the `@`. */
  line: number;
  /** Position among the file's entries (0-based, @string/@comment/@preamble not counted). */
  index: number;
  fields: Map<string, string>;
}

const MONTHS: Record<string, string> = {
  jan: 'January',
  feb: 'February',
  mar: 'March',
  apr: 'April',
  may: 'May',
  jun: 'June',
  jul: 'July',
  aug: 'August',
  sep: 'September',
  oct: 'October',
  nov: 'November',
  dec: 'December',
};

/** Parses a whole file or throws a `BibtexError`. */
export function parseBibtex(text: string, onEntry?: (done: number) => void): BibtexEntry[] {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const lineAt = (pos: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };

  const macros = new Map<string, string>(Object.entries(MONTHS));
  const entries: BibtexEntry[] = [];
  let pos = 0;
  let label: string | undefined;
  const fail = (at: number, detail: string): never => {
    throw new BibtexError(lineAt(Math.min(at, text.length)), detail, label);
  };
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos])) pos++;
  };
  const ident = (): string => {
    const m = /^[^\s"#%'(),={}]+/.exec(text.slice(pos, pos + 200));
    if (!m) return '';
    pos += m[0].length;
    return m[0];
  };
  const describe = (at: number) => (at >= text.length ? 'the end of the file' : JSON.stringify(text[at]));

  /** Reads `{…}` starting at `pos`, returns the inside. */
  const braced = (): string => {
    const start = pos;
    let depth = 0;
    for (; pos < text.length; pos++) {
      const c = text[pos];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        pos++;
        return text.slice(start + 1, pos - 1);
      }
      // An `@` at the start of a line inside a value is almost always a missing
      // closing brace; reporting it here points at the right entry.
      else if (
        c === '@' &&
        depth > 0 &&
        (pos === 0 || text[pos - 1] === '\n') &&
        /^@\s*[a-zA-Z]+\s*[{(]/.test(text.slice(pos, pos + 40))
      )
        fail(start, 'unbalanced braces: "{" opened here is not closed before the next entry');
    }
    return fail(start, 'unbalanced braces: "{" opened here is never closed');
  };
  const quoted = (): string => {
    const start = pos;
    let depth = 0;
    for (pos++; pos < text.length; pos++) {
      const c = text[pos];
      if (c === '{') depth++;
      else if (c === '}') {
        if (--depth < 0) fail(pos, 'unbalanced "}" inside a quoted value');
      } else if (c === '"' && depth === 0) {
        pos++;
        return text.slice(start + 1, pos - 1);
      }
    }
    return fail(start, 'quoted value is never closed (missing ")');
  };
  /** value ( # value )* */
  const value = (): string => {
    let out = '';
    for (;;) {
      skipSpace();
      const c = text[pos];
      if (c === '{') out += braced();
      else if (c === '"') out += quoted();
      else if (c !== undefined && c >= '0' && c <= '9') {
        const start = pos;
        while (text[pos] >= '0' && text[pos] <= '9') pos++;
        out += text.slice(start, pos);
      } else {
        const at = pos;
        const name = ident();
        if (!name) fail(at, `expected a value ({…}, "…", a number or a @string name) but found ${describe(at)}`);
        const m = macros.get(name.toLowerCase());
        if (m === undefined) fail(at, `undefined @string "${name}"`);
        out += m;
      }
      skipSpace();
      if (text[pos] !== '#') return out;
      pos++;
    }
  };

  while (pos < text.length) {
    const at = text.indexOf('@', pos);
    if (at < 0) break;
    pos = at + 1;
    label = undefined;
    skipSpace();
    const type = ident().toLowerCase();
    if (!/^[a-z]+$/.test(type)) {
      // BibTeX ignores text outside entries, `@` in an e-mail address included.
      continue;
    }
    skipSpace();
    const open = text[pos];
    if (type === 'comment') {
      if (open === '{') braced();
      continue;
    }
    if (open !== '{' && open !== '(') fail(pos, `expected "{" or "(" after @${type} but found ${describe(pos)}`);
    const close = open === '{' ? '}' : ')';
    pos++;
    skipSpace();
    if (type === 'preamble') {
      label = '@preamble';
      value();
    } else if (type === 'string') {
      label = '@string';
      const nameAt = pos;
      const name = ident();
      if (!name) fail(nameAt, 'expected a name after @string');
      skipSpace();
      if (text[pos] !== '=') fail(pos, `expected "=" after @string name "${name}" but found ${describe(pos)}`);
      pos++;
      macros.set(name.toLowerCase(), value());
    } else {
      const index = entries.length;
      const keyAt = pos;
      const key = ident();
      label = key ? `"${key}" (#${index + 1})` : `#${index + 1} (@${type} at line ${lineAt(at)})`;
      if (!key) fail(keyAt, `expected a citation key after @${type}${open} but found ${describe(keyAt)}`);
      const fields = new Map<string, string>();
      skipSpace();
      if (text[pos] === '=') fail(pos, `the citation key is missing ("${key} =" stands where the key should be)`);
      let lastField: { name: string; at: number } | undefined;
      while (text[pos] === ',') {
        pos++;
        skipSpace();
        if (text[pos] === close) break;
        const nameAt = pos;
        const name = ident().toLowerCase();
        if (!name) fail(nameAt, `expected a field name but found ${describe(nameAt)}`);
        skipSpace();
        if (text[pos] !== '=') fail(pos, `expected "=" after field "${name}" but found ${describe(pos)}`);
        pos++;
        lastField = { name, at: nameAt };
        const v = value();
        // BibTeX keeps the first of two equal field names; so do we.
        if (!fields.has(name)) fields.set(name, v);
        skipSpace();
      }
      skipSpace();
      if (text[pos] === '@' && lastField)
        // A value that swallowed the closing brace: point at it, not at the next entry.
        fail(
          lastField.at,
          `the entry is not closed before the next entry (line ${lineAt(pos)}): check the braces of field "${lastField.name}"`,
        );
      entries.push({ type, key, line: lineAt(at), index, fields });
      onEntry?.(entries.length);
    }
    skipSpace();
    if (text[pos] !== close)
      fail(pos, `expected "," or "${close}" to end the entry but found ${describe(pos)} (a missing comma or brace?)`);
    pos++;
  }
  return entries;
}

/** Combining marks for LaTeX accent commands. */
const ACCENTS: Record<string, string> = {
  '`': '\u0300',
  "'": '\u0301',
  '^': '\u0302',
  '~': '\u0303',
  '=': '\u0304',
  u: '\u0306',
  '.': '\u0307',
  '"': '\u0308',
  r: '\u030A',
  H: '\u030B',
  v: '\u030C',
  d: '\u0323',
  c: '\u0327',
  k: '\u0328',
  b: '\u0331',
  t: '\u0361',
};

/** Commands that stand for one character (text symbols and special letters). */
const SYMBOLS: Record<string, string> = {
  textbackslash: '\\',
  textasciitilde: '~',
  textasciicircum: '^',
  textbraceleft: '{',
  textbraceright: '}',
  textunderscore: '_',
  textdollar: '$',
  textpercent: '%',
  textampersand: '&',
  textendash: '\u2013',
  textemdash: '\u2014',
  textquoteleft: '\u2018',
  textquoteright: '\u2019',
  textquotedblleft: '\u201c',
  textquotedblright: '\u201d',
  textbullet: '\u2022',
  textellipsis: '\u2026',
  ldots: '\u2026',
  dots: '\u2026',
  ss: '\u00df',
  SS: 'SS',
  ae: '\u00e6',
  AE: '\u00c6',
  oe: '\u0153',
  OE: '\u0152',
  o: '\u00f8',
  O: '\u00d8',
  aa: '\u00e5',
  AA: '\u00c5',
  l: '\u0142',
  L: '\u0141',
  i: '\u0131',
  j: '\u0237',
  dh: '\u00f0',
  DH: '\u00d0',
  th: '\u00fe',
  TH: '\u00de',
  ng: '\u014b',
  NG: '\u014a',
  dj: '\u0111',
  DJ: '\u0110',
  copyright: '\u00a9',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  BibTeX: 'BibTeX',
  S: '\u00a7',
  P: '\u00b6',
  pounds: '\u00a3',
  euro: '\u20ac',
};

/** Formatting commands whose argument is kept and the command dropped. */
const FORMATTING = new Set(
  'emph textit textbf textsc textrm textsf texttt textup textsl textmd textnormal mbox hbox text url href uppercase lowercase MakeUppercase MakeLowercase NoCaseChange'.split(
    ' ',
  ),
);

/**
 * LaTeX as BibTeX files write it → the plain Unicode a person reads. Inverse of
 * `escapeLatex` in `lib/formats/export/bibtex.ts` for everything that writes; also reads
 * accents (`{\"u}`, `\'{e}`, `\c c`), special letters (`{\ss}`), `--`/`---`,
 * curly quotes, `~`, and formatting commands (`\emph{…}` → its text). Inline
 * math (`$…$`) is kept as is, as arXiv shows titles. A line break (`\\`) gives
 * `\n`; other line breaks in the file are just spaces.
 */
export function decodeLatex(src: string): string {
  let out = '';
  let i = 0;
  const n = src.length;
  /** Reads one argument: a braced group (decoded) or the next character. */
  const argument = (): string => {
    while (i < n && (src[i] === ' ' || src[i] === '\t')) i++;
    if (src[i] === '{') {
      let depth = 0;
      const start = i;
      for (; i < n; i++) {
        if (src[i] === '{') depth++;
        else if (src[i] === '}' && --depth === 0) break;
      }
      const inner = src.slice(start + 1, i);
      i++;
      return decodeLatex(inner);
    }
    if (src[i] === '\\') {
      // `\"\i`: the argument is itself a command.
      const m = /^\\([A-Za-z]+)\s*(\{\})?/.exec(src.slice(i));
      if (m && SYMBOLS[m[1]] !== undefined) {
        i += m[0].length;
        return SYMBOLS[m[1]];
      }
    }
    const cp = src.codePointAt(i);
    if (cp === undefined) return '';
    const ch = String.fromCodePoint(cp);
    i += ch.length;
    return ch;
  };
  const accent = (mark: string) => {
    const arg = argument();
    const chars = [...arg];
    // `\"\i`: accents go on a dotless i in LaTeX, on a plain i in Unicode.
    if (chars[0] === '\u0131') chars[0] = 'i';
    else if (chars[0] === '\u0237') chars[0] = 'j';
    out += chars.length ? (chars[0] + mark).normalize('NFC') + chars.slice(1).join('') : mark;
  };

  while (i < n) {
    const c = src[i];
    if (c === '\\') {
      const next = src[i + 1];
      if (next === undefined) {
        out += '\\';
        i++;
      } else if (next === '\\') {
        out += '\n';
        i += 2;
        // A real line break right after `\\` is layout, not a second break.
        const m = /^[ \t]*\r?\n[ \t]*/.exec(src.slice(i, i + 200));
        if (m) i += m[0].length;
      } else if (/[A-Za-z]/.test(next)) {
        const m = /^[A-Za-z]+/.exec(src.slice(i + 1))!;
        const name = m[0];
        i += 1 + name.length;
        if (name.length === 1 && ACCENTS[name] !== undefined) {
          accent(ACCENTS[name]);
        } else if (SYMBOLS[name] !== undefined) {
          // TeX swallows spaces after a control word; `{}` ends it explicitly.
          if (src.startsWith('{}', i)) i += 2;
          else while (src[i] === ' ') i++;
          out += SYMBOLS[name];
        } else if (FORMATTING.has(name)) {
          while (src[i] === ' ') i++;
          // The argument's braces are structural and dropped below.
        } else {
          out += `\\${name}`;
        }
      } else if (ACCENTS[next] !== undefined) {
        i += 2;
        accent(ACCENTS[next]);
      } else if (next === ' ' || next === ',' || next === ';' || next === ':') {
        out += ' ';
        i += 2;
      } else if (next === '-' || next === '/') {
        i += 2;
      } else {
        // \& \% \$ \# \_ \{ \} and any other escaped character stand for themselves.
        out += next;
        i += 2;
      }
    } else if (c === '$') {
      const end = findMathEnd(src, i + 1);
      if (end < 0) {
        out += '$';
        i++;
      } else {
        out += src.slice(i, end + 1);
        i = end + 1;
      }
    } else if (c === '{' || c === '}') {
      i++;
    } else if (c === '~') {
      out += ' ';
      i++;
    } else if (c === '-' && src[i + 1] === '-') {
      if (src[i + 2] === '-') {
        out += '\u2014';
        i += 3;
      } else {
        out += '\u2013';
        i += 2;
      }
    } else if ((c === '`' || c === "'") && src[i + 1] === c) {
      out += c === '`' ? '\u201c' : '\u201d';
      i += 2;
    } else if (c === '\r' || c === '\n' || ((c === ' ' || c === '\t') && /^[ \t]*\r?\n/.test(src.slice(i, i + 200)))) {
      // A line break in the file (with its indentation) is one space.
      const m = /^[ \t]*(?:\r?\n[ \t]*)+/.exec(src.slice(i))!;
      out += ' ';
      i += m ? m[0].length : 1;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index of the `$` closing inline math opened before `from`, or -1; `\$` does not close. */
function findMathEnd(src: string, from: number): number {
  for (let i = from; i < src.length; i++) {
    if (src[i] === '\\') i++;
    else if (src[i] === '$') return i;
  }
  return -1;
}

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

/** Splits a raw `author` field on ` and `. */
function splitAuthors(raw: string): string[] {
  return splitOutsideBraces(raw, /\s+and\s+/iy).filter(Boolean);
}

/** Splits on commas outside braces ("Last, Jr, First"). */
function splitTopLevelCommas(raw: string): string[] {
  return splitOutsideBraces(raw, /,/y);
}

/** "Last, First" and "Last, Jr, First" → "First Last" ("First Last, Jr"); "First Last" unchanged. */
function displayName(raw: string): string | null {
  if (/^others$/i.test(raw)) return null; // BibTeX's "et al."
  const parts = splitTopLevelCommas(raw);
  if (parts.length === 1) return foldSpace(decodeLatex(raw));
  const [last, a, b] = parts.map((p) => foldSpace(decodeLatex(p)));
  if (parts.length === 2) return foldSpace(`${a} ${last}`);
  return foldSpace(`${b} ${last}, ${a}`);
}

const ARXIV_IN_TEXT = /arxiv[:\s./]*(?:abs\/|pdf\/)?(\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v\d+)?/i;

/** The bare arXiv ID an entry names, if any: `eprint`, an arxiv.org URL, or "arXiv:…" in journal/note. */
function arxivIdOf(fields: Map<string, string>): string | undefined {
  const eprint = fields
    .get('eprint')
    ?.trim()
    .replace(/^arxiv:/i, '')
    .replace(/v\d+$/, '');
  const prefix = (fields.get('archiveprefix') ?? fields.get('eprinttype') ?? 'arxiv').trim().toLowerCase();
  if (eprint && prefix === 'arxiv' && isArxivId(eprint)) return eprint;
  for (const f of ['url', 'journal', 'note', 'howpublished', 'doi']) {
    const v = fields.get(f);
    if (!v) continue;
    const m = /arxiv\.org\/(?:abs|pdf)\/([^\s?#{}]+?)(?:v\d+)?(?:\.pdf)?(?:[?#\s}]|$)/i.exec(v) ?? ARXIV_IN_TEXT.exec(v);
    if (m) {
      const id = m[1].replace(/\.[A-Z]{2}\//, '/');
      if (isArxivId(id)) return id;
    }
    // DOIs arXiv mints: 10.48550/arXiv.2310.00161
    const d = /10\.48550\/arxiv\.(\d{4}\.\d{4,5})/i.exec(v);
    if (d) return d[1];
  }
  return undefined;
}

/**
 * Turns parsed entries into saved papers (source "import"), or throws a
 * `BibtexError` naming the first entry that has neither a title nor an
 * identifier to stand on.
 */
export function entriesToPapers(entries: readonly BibtexEntry[], now: number): SavedPaper[] {
  return entries.map((e) => {
    const f = e.fields;
    const arxivId = arxivIdOf(f);
    const doiRaw = f
      .get('doi')
      ?.trim()
      .replace(/^https?:\/\/(dx\.)?doi\.org\//i, '');
    const doi = doiRaw || undefined;
    let title = foldSpace(decodeLatex(f.get('title') ?? ''));
    if (!title) {
      if (arxivId) title = `arXiv:${arxivId}`;
      else if (doi) title = `DOI ${doi}`;
      else
        throw new BibtexError(
          e.line,
          'has no title, arXiv id or DOI, so there is nothing to save',
          `"${e.key}" (#${e.index + 1})`,
        );
    }
    const id = arxivId ?? localPaperId(title);
    const yearText = f.get('year') ?? f.get('date') ?? '';
    const year = /^\s*(\d{4})/.exec(decodeLatex(yearText))?.[1];
    const url = f.get('url')?.trim();
    const links = arxivId ? arxivLinks(arxivId) : url ? { abs: url } : {};
    const authors = splitAuthors(f.get('author') ?? '')
      .map(displayName)
      .filter((a): a is string => !!a);
    const keywords = f.get('keywords') ?? f.get('keyword') ?? '';
    return toSavedPaper(
      {
        id,
        title,
        authors,
        abstract: f.has('abstract') ? foldSpace(decodeLatex(f.get('abstract')!)) : undefined,
        year: year ? Number(year) : undefined,
        links,
        primaryClass: f.get('primaryclass')?.trim() || undefined,
        doi,
        savedAt: now,
        tags: cleanTags(decodeLatex(keywords).split(',')),
        note: decodeLatex(f.get('note') ?? '').trim(),
        read: false,
        source: 'import',
      },
      now,
    );
  });
}
