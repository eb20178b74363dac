/**
 * Readers for corpora a user brings: arXiv's public metadata snapshot (JSON lines)
 * and Hugging Face's daily-papers JSON. Pure: strings in, papers and problems out.
 * A bad record never stops a reader; it becomes a problem naming its file and line,
 * and the caller decides whether problems stop the build or are skipped.
 */
import { lineFinder } from '../core/lines';
import { isObject } from '../core/values';
import { arxivRecord, hfRecord, RecordError, type SourceOrigin, type SourcePaper, type SourceRead } from './corpus-records';

export { formatProblem, splitAuthors } from './corpus-records';
export type { SourceOrigin, SourcePaper, SourceProblem, SourceRead } from './corpus-records';

/**
 * "not valid JSON (…)" with JSON.parse's reason, its "position N" (an offset into
 * the text parsed, meaningless to a person) rewritten by `where`.
 */
function notJson(err: unknown, where: (offset: number) => string): string {
  const reason = (err as Error).message.replace(/\bat position (\d+)/, (_, n: string) => `at ${where(Number(n))}`);
  return `not valid JSON (${reason})`;
}

/** Reads records one per line; blank lines are allowed. */
function readLines(text: string, file: string, read: (record: unknown) => SourcePaper): SourceRead {
  const out: SourceRead = { papers: [], problems: [], origins: [] };
  text
    .replace(/^\ufeff/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      if (!raw.trim()) return;
      let record: unknown;
      try {
        record = JSON.parse(raw);
      } catch (err) {
        out.problems.push({ file, line: i + 1, message: notJson(err, (at) => `column ${at + 1}`) });
        return;
      }
      addRecord(out, file, i + 1, () => read(record));
    });
  return dedupe(out);
}

function addRecord(out: SourceRead, file: string, line: number, read: () => SourcePaper, prefix = ''): void {
  try {
    out.papers.push(read());
    out.origins.push({ file, line });
  } catch (err) {
    if (!(err instanceof RecordError)) throw err;
    out.problems.push({ file, line, message: prefix + err.message });
  }
}

/** Keeps the first paper of each id; every later one becomes a problem naming the first. */
function dedupe(read: SourceRead): SourceRead {
  return mergeSources([read]);
}

/**
 * Reads arXiv's metadata snapshot (`arxiv-metadata-oai-snapshot.json`, one JSON
 * object per line) or a filtered part of it. Titles and abstracts are folded
 * (the snapshot keeps arXiv's hard line breaks and leading spaces); the year is
 * that of version 1, else the one the ID encodes.
 */
export function readArxivMetadataJsonl(text: string, file: string): SourceRead {
  return readLines(text, file, arxivRecord);
}

/** One element of a JSON array, as text, with the offset it starts at. */
interface ArrayElement {
  offset: number;
  text: string;
}

/**
 * Cuts the JSON array whose `[` is at `start` into its elements' texts, tracking
 * strings and nesting but not judging the contents. JSON.parse names no line and
 * stops at the first error; cutting first lets each entry be parsed on its own, so a
 * problem names the line its entry starts on and one broken entry does not lose the rest.
 */
function splitArray(text: string, start: number): { elements: ArrayElement[]; closed: boolean } {
  const elements: ArrayElement[] = [];
  let depth = 0;
  let from = start + 1;
  const cut = (end: number) => {
    const slice = text.slice(from, end);
    const lead = slice.search(/\S/);
    if (lead >= 0) elements.push({ offset: from + lead, text: slice.trim() });
  };
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') {
      depth--;
      if (depth === 0) {
        cut(i);
        return { elements, closed: true };
      }
    } else if (c === ',' && depth === 1) {
      cut(i);
      from = i + 1;
    }
  }
  cut(text.length);
  return { elements, closed: false };
}

/** Offset of the `[` of the top-level array, or of the `dailyPapers` array in a top-level object. */
function papersArrayStart(text: string): number | undefined {
  const first = text.search(/\S/);
  if (text[first] === '[') return first;
  if (text[first] !== '{') return undefined;
  let depth = 0;
  for (let i = first; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const from = i;
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
      if (depth === 1 && text.slice(from, i + 1) === '"dailyPapers"') {
        const after = /^\s*:\s*\[/.exec(text.slice(i + 1));
        if (after) return i + after[0].length;
      }
    } else if (c === '[' || c === '{') depth++;
    else if (c === ']' || c === '}') depth--;
  }
  return undefined;
}

/**
 * Reads Hugging Face daily papers: the array `/api/daily_papers` answers, an object
 * `{dailyPapers: [...]}`, or one entry per line (JSON lines). Each entry is
 * `{paper: {id, title, summary, authors: [{name}], publishedAt}}`; a bare paper
 * object is accepted too. A problem names the line its entry starts on and, in an
 * array, the entry's index.
 */
export function readHfDailyPapersJson(text: string, file: string): SourceRead {
  const body = text.replace(/^\ufeff/, '');
  const out: SourceRead = { papers: [], problems: [], origins: [] };
  const lineAt = lineFinder(body);
  const arrayStart = papersArrayStart(body);
  if (arrayStart !== undefined) {
    const { elements, closed } = splitArray(body, arrayStart);
    elements.forEach((element, i) => {
      const line = lineAt(element.offset);
      let entry: unknown;
      try {
        entry = JSON.parse(element.text);
      } catch (err) {
        out.problems.push({ file, line, message: `entry ${i}: ${notJson(err, (at) => `line ${lineAt(element.offset + at)}`)}` });
        return;
      }
      addRecord(out, file, line, () => hfRecord(entry), `entry ${i}: `);
    });
    if (!closed) out.problems.push({ file, line: lineAt(body.length), message: 'the list of papers is not closed with ]' });
    return dedupe(out);
  }
  if (!body.trim()) return out;
  try {
    const whole: unknown = JSON.parse(body);
    addRecord(out, file, lineAt(body.search(/\S/)), () => hfRecord(whole));
    return out;
  } catch (err) {
    // Not one JSON value: JSON lines, if some line is an object on its own.
    if (body.split(/\r?\n/).some(isJsonObject)) return readLines(body, file, hfRecord);
    const at = /position (\d+)/.exec((err as Error).message);
    out.problems.push({ file, line: at ? lineAt(Number(at[1])) : 1, message: notJson(err, (n) => `line ${lineAt(n)}`) });
    return out;
  }
}

function isJsonObject(line: string): boolean {
  try {
    return isObject(JSON.parse(line));
  } catch {
    return false;
  }
}

/**
 * Merges several sources in order; the first paper of an id wins and every later
 * one becomes a problem that names where the first was read. Problems keep their
 * sources' order.
 */
export function mergeSources(lists: SourceRead[]): SourceRead {
  const out: SourceRead = { papers: [], problems: [], origins: [] };
  const first = new Map<string, SourceOrigin>();
  for (const list of lists) {
    const problems = [...list.problems];
    list.papers.forEach((paper, i) => {
      const origin = list.origins[i];
      const seen = first.get(paper.id);
      if (seen) {
        problems.push({ ...origin, message: `paper ${paper.id} already read at ${seen.file}:${seen.line} (the first is kept)` });
        return;
      }
      first.set(paper.id, origin);
      out.papers.push(paper);
      out.origins.push(origin);
    });
    // Duplicates join the source's own problems in file order, then line order.
    const fileRank = new Map<string, number>();
    for (const p of problems) if (!fileRank.has(p.file)) fileRank.set(p.file, fileRank.size);
    out.problems.push(...problems.sort((a, b) => fileRank.get(a.file)! - fileRank.get(b.file)! || a.line - b.line));
  }
  return out;
}

/** The kinds of source a file can be. */
export type SourceFormat = 'arxiv-metadata' | 'hf-daily-papers';

/**
 * The format of a source file: `.jsonl` is arXiv metadata and `.json` Hugging Face
 * daily papers, except that a `.json` file whose first line is an arXiv metadata
 * record is arXiv metadata too, since arXiv names its snapshot
 * `arxiv-metadata-oai-snapshot.json`. Undefined for any other file.
 */
export function sourceFormat(file: string, text: string): SourceFormat | undefined {
  if (/\.jsonl$/i.test(file)) return 'arxiv-metadata';
  if (!/\.json$/i.test(file)) return undefined;
  const firstLine = text
    .replace(/^\ufeff/, '')
    .trimStart()
    .split(/\r?\n/, 1)[0];
  try {
    const record: unknown = JSON.parse(firstLine);
    if (
      isObject(record) &&
      !('paper' in record) &&
      typeof record.id === 'string' &&
      ('categories' in record || 'versions' in record)
    ) {
      return 'arxiv-metadata';
    }
  } catch {
    // a pretty-printed or broken file: the Hugging Face reader reports it
  }
  return 'hf-daily-papers';
}

/** Reads a source file with the reader its format calls for. */
export function readSourceFile(text: string, file: string): SourceRead {
  const format = sourceFormat(file, text);
  if (format === 'arxiv-metadata') return readArxivMetadataJsonl(text, file);
  if (format === 'hf-daily-papers') return readHfDailyPapersJson(text, file);
  return {
    papers: [],
    problems: [
      { file, line: 1, message: 'unknown source type: use .jsonl (arXiv metadata) or .json (Hugging Face daily papers)' },
    ],
    origins: [],
  };
}
