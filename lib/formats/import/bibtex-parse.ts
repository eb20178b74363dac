/**
 * BibTeX/BibLaTeX parser: entries with raw (undecoded) values, plus one problem
 * per entry that cannot be read, so a missing comma damages one entry, not the
 * file.
 *
 * Why our own parser and not `@retorquere/bibtex-parser` (Better BibTeX's):
 * measured on the nine real files in `tests/fixtures/bib/` (docs/formats.md),
 * this one reads all 2,481 entries in 0.1 s where the library takes 12 s (10 s
 * for the 2.7 MB Zotero export alone, past the 3 s budget for 6,000 entries)
 * and drops 6 entries ours reads (a `$` in a key, a stray `@url` field). We take
 * the library's character tables instead (`./latex.ts`).
 *
 * BibTeX's rules: text outside entries is ignored; `@comment` is skipped;
 * `@preamble` is kept (its `\newcommand`s are honoured by the decoder);
 * `@string` defines macros, months predefined; values are `{…}` (nested braces;
 * escaped braces count too, as in BibTeX), `"…"`, numbers or macro names,
 * joined with `#`; an entry may be delimited by `{}` or `()`. After a broken
 * entry, reading resumes at the next line that starts with `@`.
 */
import { lineFinder } from '../../core/lines';

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

/** An entry (or `@string`) that could not be read: where, which, why. */
export interface BibtexProblem {
  /** 1-based line of the problem. */
  line: number;
  /** The citation key, when it was read. */
  key?: string;
  /** `"bsi" (#12)`, `@string`: the entry as the message names it. */
  entry?: string;
  /** What is wrong, in words a user can act on. */
  reason: string;
}

/** What `parseBibtex` returns. */
export interface BibtexFile {
  entries: BibtexEntry[];
  problems: BibtexProblem[];
  /** The `@preamble` values, for `preambleMacros`. */
  preambles: string[];
  /** How many entries the file holds, readable or not. */
  found: number;
}

const MONTHS = 'jan feb mar apr may jun jul aug sep oct nov dec'.split(' ');

/** Thrown inside the reader, caught per entry. */
class Broken {
  constructor(
    readonly at: number,
    readonly reason: string,
  ) {}
}

const IDENT = /[^\s"#%'(),={}]+/y;
const NEXT_ENTRY = /\n[ \t]*@/g;

class Reader {
  pos = 0;
  readonly macros = new Map<string, string>(MONTHS.map((m, i) => [m, String(i + 1)]));
  constructor(
    readonly text: string,
    readonly lineOf: (offset: number) => number,
  ) {}

  fail(at: number, reason: string): never {
    throw new Broken(Math.min(at, this.text.length), reason);
  }
  skipSpace() {
    const { text } = this;
    while (this.pos < text.length && /\s/.test(text[this.pos])) this.pos++;
  }
  ident(): string {
    IDENT.lastIndex = this.pos;
    const m = IDENT.exec(this.text);
    if (!m) return '';
    this.pos += m[0].length;
    return m[0];
  }
  describe(at: number) {
    return at >= this.text.length ? 'the end of the file' : JSON.stringify(this.text[at]);
  }

  /** Reads `{…}` starting at `pos`, returns the inside. */
  braced(): string {
    const { text } = this;
    const start = this.pos;
    let depth = 0;
    for (; this.pos < text.length; this.pos++) {
      const c = text[this.pos];
      if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        this.pos++;
        return text.slice(start + 1, this.pos - 1);
      }
      // An `@` at the start of a line inside a value is almost always a missing
      // closing brace; reporting it here points at the right entry.
      else if (c === '@' && depth > 0 && (this.pos === 0 || text[this.pos - 1] === '\n') && this.looksLikeEntry(this.pos))
        this.fail(start, 'unbalanced braces: "{" opened here is not closed before the next entry');
    }
    return this.fail(start, 'unbalanced braces: "{" opened here is never closed');
  }
  looksLikeEntry(at: number): boolean {
    return /^@\s*[a-zA-Z]+\s*[{(]/.test(this.text.slice(at, at + 40));
  }
  quoted(): string {
    const { text } = this;
    const start = this.pos;
    let depth = 0;
    for (this.pos++; this.pos < text.length; this.pos++) {
      const c = text[this.pos];
      if (c === '{') depth++;
      else if (c === '}') {
        if (--depth < 0) this.fail(this.pos, 'unbalanced "}" inside a quoted value');
      } else if (c === '"' && depth === 0) {
        this.pos++;
        return text.slice(start + 1, this.pos - 1);
      }
    }
    return this.fail(start, 'quoted value is never closed (missing ")');
  }
  /** value ( # value )* */
  value(): string {
    const { text } = this;
    let out = '';
    for (;;) {
      this.skipSpace();
      const c = text[this.pos];
      if (c === '{') out += this.braced();
      else if (c === '"') out += this.quoted();
      else if (c !== undefined && c >= '0' && c <= '9') {
        const start = this.pos;
        while (text[this.pos] >= '0' && text[this.pos] <= '9') this.pos++;
        out += text.slice(start, this.pos);
      } else {
        const at = this.pos;
        const name = this.ident();
        if (!name) this.fail(at, `expected a value ({…}, "…", a number or a @string name) but found ${this.describe(at)}`);
        const m = this.macros.get(name.toLowerCase());
        if (m === undefined) this.fail(at, `undefined @string "${name}"`);
        out += m;
      }
      this.skipSpace();
      if (text[this.pos] !== '#') return out;
      this.pos++;
    }
  }

  /** `@string{name = value}` */
  stringDef() {
    const nameAt = this.pos;
    const name = this.ident();
    if (!name) this.fail(nameAt, 'expected a name after @string');
    this.skipSpace();
    if (this.text[this.pos] !== '=')
      this.fail(this.pos, `expected "=" after @string name "${name}" but found ${this.describe(this.pos)}`);
    this.pos++;
    this.macros.set(name.toLowerCase(), this.value());
  }

  /** The fields of an entry after its key, up to (not including) the closing delimiter. */
  fields(key: string, close: string): Map<string, string> {
    const { text } = this;
    const fields = new Map<string, string>();
    this.skipSpace();
    if (text[this.pos] === '=') this.fail(this.pos, `the citation key is missing ("${key} =" stands where the key should be)`);
    let lastField: { name: string; at: number } | undefined;
    while (text[this.pos] === ',') {
      this.pos++;
      this.skipSpace();
      if (text[this.pos] === close) break;
      const nameAt = this.pos;
      const name = this.ident().toLowerCase();
      if (!name) this.fail(nameAt, `expected a field name but found ${this.describe(nameAt)}`);
      this.skipSpace();
      if (text[this.pos] !== '=') this.fail(this.pos, `expected "=" after field "${name}" but found ${this.describe(this.pos)}`);
      this.pos++;
      lastField = { name, at: nameAt };
      const v = this.value();
      // BibTeX keeps the first of two equal field names; so do we.
      if (!fields.has(name)) fields.set(name, v);
      this.skipSpace();
    }
    if (text[this.pos] === '@' && lastField)
      // A value that swallowed the closing brace: point at it, not at the next entry.
      this.fail(
        lastField.at,
        `the entry is not closed before the next entry (line ${this.lineOf(this.pos)}): check the braces of field "${lastField.name}"`,
      );
    return fields;
  }
}

/**
 * Parses a whole file. Never throws on bad input: each entry that cannot be
 * read becomes a problem and reading goes on at the next entry.
 */
export function parseBibtex(text: string, onEntry?: (done: number) => void): BibtexFile {
  const lineOf = lineFinder(text);
  const r = new Reader(text, lineOf);
  const out: BibtexFile = { entries: [], problems: [], preambles: [], found: 0 };
  while (r.pos < text.length) {
    const at = text.indexOf('@', r.pos);
    if (at < 0) break;
    r.pos = at + 1;
    r.skipSpace();
    const type = r.ident().toLowerCase();
    // BibTeX ignores text outside entries, `@` in an e-mail address included.
    if (!/^[a-z]+$/.test(type)) continue;
    const isEntry = type !== 'comment' && type !== 'preamble' && type !== 'string';
    if (isEntry) out.found++;
    let key: string | undefined;
    let label: string | undefined = isEntry ? undefined : `@${type}`;
    try {
      r.skipSpace();
      const open = text[r.pos];
      if (type === 'comment') {
        if (open === '{') r.braced();
        continue;
      }
      if (open !== '{' && open !== '(') r.fail(r.pos, `expected "{" or "(" after @${type} but found ${r.describe(r.pos)}`);
      const close = open === '{' ? '}' : ')';
      r.pos++;
      r.skipSpace();
      if (type === 'preamble') out.preambles.push(r.value());
      else if (type === 'string') r.stringDef();
      else {
        const index = out.found - 1;
        const keyAt = r.pos;
        const k = r.ident();
        key = k || undefined;
        label = k ? `"${k}" (#${out.found})` : `#${out.found} (@${type} at line ${lineOf(at)})`;
        if (!k) r.fail(keyAt, `expected a citation key after @${type}${open} but found ${r.describe(keyAt)}`);
        const fields = r.fields(k, close);
        out.entries.push({ type, key: k, line: lineOf(at), index, fields });
        onEntry?.(out.entries.length);
      }
      r.skipSpace();
      if (text[r.pos] !== close)
        r.fail(r.pos, `expected "," or "${close}" to end the entry but found ${r.describe(r.pos)} (a missing comma or brace?)`);
      r.pos++;
    } catch (e) {
      if (!(e instanceof Broken)) throw e;
      // The entry pushed before its closing delimiter failed is broken too.
      if (key && out.entries.at(-1)?.line === lineOf(at)) out.entries.pop();
      out.problems.push({ line: lineOf(e.at), key, entry: label, reason: e.reason });
      NEXT_ENTRY.lastIndex = at;
      const next = NEXT_ENTRY.exec(text);
      r.pos = next ? next.index + 1 : text.length;
    }
  }
  return out;
}

/** A problem as one line: `line 12, entry "broken" (#3): the entry is not closed …`. */
export function describeProblem(p: BibtexProblem): string {
  return `line ${p.line}${p.entry ? `, entry ${p.entry}` : ''}: ${p.reason}`;
}
