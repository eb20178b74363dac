/**
 * LaTeX as BibTeX files write it → the plain Unicode a person reads.
 *
 * Characters come from `unicode2latex`'s `latex2unicode` and `combining`
 * tables: the ones Better BibTeX and `@retorquere/bibtex-parser` use, kept up
 * by their maintainer (4,600 commands), instead of a list of our own. This file
 * adds only what is not a character: TeX's ligatures (`--`, ``` `` ```, `~`),
 * formatting commands whose argument is kept (`\emph{…}`), no-ops (`\relax`,
 * `\protect`), logos (`\LaTeX`), and commands a file defines in its own
 * `@preamble`. Inline math (`$…$`, `\(…\)`) is kept as written, since arXiv
 * shows titles with their math; a line break `\\` gives `\n`.
 */
// The two tables by their files, not the package's index: the index also builds its Unicode → LaTeX tables
// (deep-frozen merges of 230 KB each) as it is evaluated, which was half of the worker's script and 18–24 ms of
// every worker start, for an export direction Paper Lens does not use. The package's exports map names only its
// index, so the files are imported by path.
import { table as latex2unicode } from '../../../node_modules/unicode2latex/dist/esm/tables/latex2unicode.js';
import { table as combining } from '../../../node_modules/unicode2latex/dist/esm/tables/combining.js';

const TABLE = latex2unicode as Record<string, string | { text?: string; math?: string }>;
const ACCENTS = combining.tounicode as Record<string, string>;

/** The text-mode character(s) of a table entry. */
function character(key: string): string | undefined {
  const v = TABLE[key];
  return (typeof v === 'string' ? v : v?.text)?.normalize('NFC');
}

/** Formatting commands whose argument is kept and the command dropped. */
const FORMATTING = new Set(
  'emph textit textbf textsc textrm textsf texttt textup textsl textmd textnormal mbox hbox text url href uppercase lowercase MakeUppercase MakeLowercase NoCaseChange ensuremath enquote mkbibquote'.split(
    ' ',
  ),
);

/**
 * Commands that are not characters: TeX no-ops that Better BibTeX writes to
 * stop name parsing (`{\relax DESI}`, zotero-bbt-astro-library.bib), `\hyphen`
 * from the hyphenat package (DBLP titles, dblp-export.bib), and the logos.
 */
const EXTRA: Record<string, string> = {
  relax: '',
  protect: '',
  ignorespaces: '',
  nobreak: '',
  unskip: '',
  hyphen: '-',
  LaTeX: 'LaTeX',
  TeX: 'TeX',
  BibTeX: 'BibTeX',
  textpercent: '%',
  textampersand: '&',
  // ACL Anthology editors ("F. d\\textquotesingle Alch\\'{e}-Buc", acl-anthology-style.bib); textcomp's straight quote.
  textquotesingle: "'",
};

/** Commands a file defines in `@preamble` (name → replacement text; `argCount` 1 drops its argument). */
export type PreambleMacros = Map<string, { text: string; args: number }>;

/**
 * Reads `\newcommand{\x}{…}`, `\providecommand`, `\providerobustcmd*` and
 * `\def\x{…}` from `@preamble` text: zero-argument commands, and one-argument
 * commands with an empty body (`\noopsort`, which files use to steer sorting).
 */
export function preambleMacros(preambles: readonly string[], into: PreambleMacros = new Map()): PreambleMacros {
  const def =
    /\\(?:(?:re)?newcommand|providecommand|(?:provide|new)robustcmd)\*?\s*\{?\\([A-Za-z]+)\}?\s*(?:\[(\d)\])?\s*\{([^{}]*)\}|\\def\s*\\([A-Za-z]+)\s*(#1)?\s*\{([^{}]*)\}/g;
  for (const text of preambles) {
    for (const m of text.matchAll(def)) {
      const name = m[1] ?? m[4];
      const args = Number(m[2] ?? (m[5] ? 1 : 0));
      const body = m[3] ?? m[6] ?? '';
      if (args === 0 || (args === 1 && !body.trim())) into.set(name, { text: args ? '' : body, args });
    }
  }
  return into;
}

const WORD = /[A-Za-z]+/y;
const LINE_BREAK_AFTER = /[ \t]*\r?\n[ \t]*/y;
const SPACES_THEN_NEWLINE = /[ \t]*(?:\r?\n[ \t]*)+/y;

class Decoder {
  private i = 0;
  private out = '';
  constructor(
    private readonly src: string,
    private readonly macros?: PreambleMacros,
  ) {}

  run(): string {
    const { src } = this;
    while (this.i < src.length) {
      const c = src[this.i];
      if (c === '\\') this.command();
      else if (c === '$') this.math();
      else if (c === '{' || c === '}') this.i++;
      else if (c === '~') this.emit(' ', 1);
      else if (c === '-' && src[this.i + 1] === '-') {
        if (src[this.i + 2] === '-') this.emit('\u2014', 3);
        else this.emit('\u2013', 2);
      } else if ((c === '`' || c === "'") && src[this.i + 1] === c) this.emit(c === '`' ? '\u201c' : '\u201d', 2);
      else if (c === '\r' || c === '\n' || c === ' ' || c === '\t') this.space();
      else this.emit(c, 1);
    }
    return this.out;
  }

  private emit(text: string, advance: number) {
    this.out += text;
    this.i += advance;
  }

  /** A line break in the file (with its indentation) is one space; other spaces stay. */
  private space() {
    SPACES_THEN_NEWLINE.lastIndex = this.i;
    const m = SPACES_THEN_NEWLINE.exec(this.src);
    if (m) this.emit(' ', m[0].length);
    else this.emit(this.src[this.i] === '\r' ? ' ' : this.src[this.i], 1);
  }

  /** `$…$` is kept as written; `\\(…\\)` (DBLP) becomes `$…$`, the one way arXiv and our export write math. */
  private math() {
    const { src } = this;
    if (src[this.i] === '$') {
      const end = findMathEnd(src, this.i + 1);
      if (end < 0) return this.emit('$', 1);
      return this.emit(src.slice(this.i, end + 1), end + 1 - this.i);
    }
    const end = src.indexOf('\\)', this.i + 2);
    if (end < 0) return this.emit('(', 2);
    this.emit(`$${src.slice(this.i + 2, end)}$`, end + 2 - this.i);
  }

  /** After a control word TeX swallows spaces; `{}` ends it explicitly. */
  private endControlWord() {
    if (this.src.startsWith('{}', this.i)) this.i += 2;
    else while (this.src[this.i] === ' ') this.i++;
  }

  private command() {
    const { src } = this;
    const next = src[this.i + 1];
    if (next === undefined) return this.emit('\\', 1);
    if (next === '\\') {
      this.emit('\n', 2);
      // A real line break right after `\\` is layout, not a second break.
      LINE_BREAK_AFTER.lastIndex = this.i;
      const m = LINE_BREAK_AFTER.exec(src);
      if (m) this.i += m[0].length;
      return;
    }
    if (next === '(') return this.math();
    if (!/[A-Za-z]/.test(next)) return this.symbol(next);
    WORD.lastIndex = this.i + 1;
    const name = WORD.exec(src)![0];
    this.i += 1 + name.length;
    const own = this.macros?.get(name);
    if (own) {
      this.endControlWord();
      if (own.args) this.argument();
      this.out += own.text;
    } else if (ACCENTS[name] !== undefined && name.length <= 2) this.accent(ACCENTS[name]);
    else if (EXTRA[name] !== undefined) {
      this.endControlWord();
      this.out += EXTRA[name];
    } else if (FORMATTING.has(name)) {
      // The argument's braces are structural and dropped by `run`.
      while (src[this.i] === ' ') this.i++;
    } else {
      const ch = character(`\\${name}`);
      if (ch === undefined || isCombining(ch)) {
        if (ch !== undefined) return this.accent(ch);
        this.out += `\\${name}`;
        return;
      }
      this.endControlWord();
      this.out += ch;
    }
  }

  /** `\'`, `\"`, `\&`, `\,` …: one-character commands. */
  private symbol(next: string) {
    if (ACCENTS[next] !== undefined) {
      this.i += 2;
      return this.accent(ACCENTS[next]);
    }
    this.i += 2;
    if (next === ' ' || next === ',' || next === ';' || next === ':') this.out += ' ';
    else if (next === '-' || next === '/' || next === '@') return;
    else this.out += character(`\\${next}`) ?? next;
  }

  /** Reads one argument: a braced group (decoded) or the next character or command. */
  private argument(): string {
    const { src } = this;
    while (src[this.i] === ' ' || src[this.i] === '\t') this.i++;
    if (src[this.i] === '{') {
      let depth = 0;
      const start = this.i;
      for (; this.i < src.length; this.i++) {
        if (src[this.i] === '{') depth++;
        else if (src[this.i] === '}' && --depth === 0) break;
      }
      const inner = src.slice(start + 1, this.i);
      this.i++;
      return decodeLatex(inner, this.macros);
    }
    if (src[this.i] === '\\') {
      // `\"\i`: the argument is itself a command.
      WORD.lastIndex = this.i + 1;
      const m = WORD.exec(src);
      const ch = m && character(`\\${m[0]}`);
      if (m && ch) {
        this.i += 1 + m[0].length;
        this.endControlWord();
        return ch;
      }
    }
    const cp = src.codePointAt(this.i);
    if (cp === undefined) return '';
    const ch = String.fromCodePoint(cp);
    this.i += ch.length;
    return ch;
  }

  private accent(mark: string) {
    const chars = [...this.argument()];
    // `\"\i`: accents go on a dotless i in LaTeX, on a plain i in Unicode.
    if (chars[0] === '\u0131') chars[0] = 'i';
    else if (chars[0] === '\u0237') chars[0] = 'j';
    this.out += chars.length ? (chars[0] + mark).normalize('NFC') + chars.slice(1).join('') : mark;
  }
}

function isCombining(s: string): boolean {
  return /^\p{M}+$/u.test(s);
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
 * Decodes a field value. The inverse of `escapeLatex` in
 * `lib/formats/export/bibtex.ts` for everything that writes (the round-trip
 * property test holds us to it); `macros` are the file's own `@preamble` commands.
 */
export function decodeLatex(src: string, macros?: PreambleMacros): string {
  if (!/[\\{}~$\-`'\n\r]/.test(src)) return src;
  return new Decoder(src, macros).run();
}

/** LaTeX commands left in decoded text outside math: what the real-file tests count (should be none). */
export function leftoverCommands(text: string): string[] {
  return text.replace(/\$(?:\\.|[^$\\])*\$|\\\((?:.|\n)*?\\\)/g, '').match(/\\[A-Za-z]+|\\[^A-Za-z\s]/g) ?? [];
}
