/**
 * Turns the corpus sources (the text of a captured Hugging Face papers page and a
 * table of arXiv IDs) into the bundled corpus. Pure: strings in, papers out.
 */
import { normaliseArxivId } from '../../lib/core/arxiv-id';
import { arxivLinks, codeUrls, localPaperId, type Paper } from '../../lib/core/paper';
import { foldSpace } from '../../lib/core/strings';

/** A line the parser could not read, with its 1-based line number. */
export class CorpusParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(`${file}:${line}: ${message}`);
    this.name = 'CorpusParseError';
  }
}

/** One row of `arxiv-ids.tsv`. */
export interface IdRow {
  title: string;
  arxivId: string;
  firstAuthor: string;
  year?: number;
}

/** Lines of Hugging Face page chrome that precede the first paper. */
const CHROME_LINES = [
  /^new$/i,
  /^get trending papers in your email inbox!?$/i,
  /^subscribe$/i,
  /^by\s*ak and the research community$/i,
  /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(,\s*\d{4})?$/i,
];

/** Parses `arxiv-ids.tsv` (header `title, arxiv_id, first_author, year`). */
export function parseIdTable(text: string, file = 'arxiv-ids.tsv'): IdRow[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const header = lines[0]?.split('\t').map((h) => h.trim());
  const want = ['title', 'arxiv_id', 'first_author', 'year'];
  if (!header || want.some((w, i) => header[i] !== w)) {
    throw new CorpusParseError(file, 1, `expected the header "${want.join('\\t')}"`);
  }
  const rows: IdRow[] = [];
  lines.slice(1).forEach((raw, i) => {
    const lineNo = i + 2;
    if (!raw.trim()) return;
    const cells = raw.split('\t').map((c) => foldSpace(c));
    if (cells.length < 2) throw new CorpusParseError(file, lineNo, 'expected tab-separated columns');
    const [title, id, firstAuthor = '', yearText = ''] = cells;
    if (!title) throw new CorpusParseError(file, lineNo, 'empty title');
    // An empty cell is a paper without an arXiv ID; anything else must be one.
    const checked = id ? normaliseArxivId(id) : { id: '' };
    if ('error' in checked) throw new CorpusParseError(file, lineNo, checked.error);
    if (yearText && !/^\d{4}$/.test(yearText)) {
      throw new CorpusParseError(file, lineNo, `"${yearText}" is not a year`);
    }
    rows.push({
      title,
      arxivId: checked.id,
      firstAuthor,
      year: yearText ? Number(yearText) : undefined,
    });
  });
  return rows;
}

/** A title/abstract pair read from the page text, with the line the title was on. */
export interface TextEntry {
  title: string;
  abstract: string;
  line: number;
}

/**
 * Reads the page text: optional chrome lines, then for each paper a title line and
 * an abstract line separated by blank lines. A line that fits neither role fails
 * with its line number, so a paper is never dropped silently.
 */
export function parsePageText(text: string, file = 'page text'): TextEntry[] {
  const lines = text.replace(/^\ufeff/, '').split(/\r?\n/);
  const entries: TextEntry[] = [];
  let i = 0;
  // Skip the chrome, which only ever comes before the first paper.
  while (i < lines.length && (!foldSpace(lines[i]) || CHROME_LINES.some((re) => re.test(foldSpace(lines[i]))))) i++;
  let pendingTitle: { text: string; line: number } | undefined;
  for (; i < lines.length; i++) {
    const line = foldSpace(lines[i]);
    if (!line) continue;
    if (!pendingTitle) {
      if (line.length > 400) {
        throw new CorpusParseError(file, i + 1, 'expected a title line, found a paragraph (is an abstract missing its title?)');
      }
      pendingTitle = { text: line, line: i + 1 };
    } else {
      if (line.length < 80 && !/[.!?)]$/.test(line)) {
        throw new CorpusParseError(
          file,
          i + 1,
          `expected the abstract of "${pendingTitle.text}", found a short line "${line.slice(0, 60)}"`,
        );
      }
      entries.push({ title: pendingTitle.text, abstract: line, line: pendingTitle.line });
      pendingTitle = undefined;
    }
  }
  if (pendingTitle) {
    throw new CorpusParseError(file, pendingTitle.line, `title "${pendingTitle.text}" has no abstract`);
  }
  return entries;
}

/**
 * Joins page entries with the ID table by exact (trimmed) title. A paper with no
 * row, or a row with an empty ID, keeps a stable local id. A row that names no
 * paper on the page is an error: the two sources disagree.
 */
export function buildCorpus(pageText: string, idTable: string, files = { page: 'page text', ids: 'arxiv-ids.tsv' }): Paper[] {
  const entries = parsePageText(pageText, files.page);
  const rows = parseIdTable(idTable, files.ids);
  const byTitle = new Map(rows.map((r) => [r.title, r]));
  const titles = new Set(entries.map((e) => e.title));
  rows.forEach((r, idx) => {
    if (!titles.has(r.title)) {
      throw new CorpusParseError(files.ids, idx + 2, `title "${r.title}" is not on the page`);
    }
  });
  const seen = new Map<string, number>();
  return entries.map((e) => {
    const row = byTitle.get(e.title);
    const id = row?.arxivId || localPaperId(e.title);
    if (seen.has(id)) {
      throw new CorpusParseError(files.page, e.line, `paper ${id} appears twice (first at line ${seen.get(id)})`);
    }
    seen.set(id, e.line);
    const code = codeUrls(e.abstract);
    return {
      id,
      title: e.title,
      abstract: e.abstract,
      authors: row?.firstAuthor ? [row.firstAuthor] : [],
      ...(row?.year ? { year: row.year } : {}),
      links: { ...arxivLinks(id), ...(code.length ? { code } : {}) },
    };
  });
}
