/**
 * One record of a corpus source (an arXiv metadata line, a Hugging Face daily-papers
 * entry) to a paper: field checks with messages a user can act on, authors, links.
 * Split from `corpus-sources.ts`, which reads whole files.
 */
import { arxivIdYear, normaliseArxivId } from '../core/arxiv-id';
import { arxivLinks, codeUrls, type Paper } from '../core/paper';
import { foldSpace } from '../core/strings';
import { isObject } from '../core/values';

/** A paper read from a source, with its arXiv primary category when the source names one. */
export type SourcePaper = Paper & {
  /** First of the record's categories (`cs.CL`), as BibTeX's `primaryClass`. */
  primaryClass?: string;
};

/** A record that could not be read, or a duplicate, with its 1-based line. */
export interface SourceProblem {
  file: string;
  line: number;
  message: string;
}

/** Where a paper was read. */
export interface SourceOrigin {
  file: string;
  line: number;
}

/** What a reader returns. */
export interface SourceRead {
  /** The papers read, each id once, in the order of the source. */
  papers: SourcePaper[];
  /** The records left out, in the order of the source. */
  problems: SourceProblem[];
  /** Where each paper was read, parallel to `papers`, so a later duplicate can name the first one. */
  origins: SourceOrigin[];
}

/** A record field had the wrong shape; becomes a problem on the record's line. */
export class RecordError extends Error {}

/** `file:line: message`, the form every problem is printed in. */
export function formatProblem(p: SourceProblem): string {
  return `${p.file}:${p.line}: ${p.message}`;
}

/** A four-digit year in a date string (`Mon, 2 Apr 2007 19:18:42 GMT`, `2023-10-02`). */
function yearInDate(date: unknown): number | undefined {
  if (typeof date !== 'string') return undefined;
  const m = /\b(19|20)\d{2}\b/.exec(date);
  return m ? Number(m[0]) : undefined;
}

function requireString(record: Record<string, unknown>, key: string, label = key): string {
  const v = record[key];
  if (v === undefined || v === null) throw new RecordError(`missing ${label}`);
  if (typeof v !== 'string') throw new RecordError(`${label} is a ${Array.isArray(v) ? 'list' : typeof v}, expected text`);
  const folded = foldSpace(v);
  if (!folded) throw new RecordError(`empty ${label}`);
  return folded;
}

function optionalString(record: Record<string, unknown>, key: string, label = key): string | undefined {
  const v = record[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw new RecordError(`${label} is a ${Array.isArray(v) ? 'list' : typeof v}, expected text`);
  return foldSpace(v);
}

function arxivIdOf(record: Record<string, unknown>, key: string, label = key): string {
  const raw = record[key];
  // The snapshot loaded through some tools turns `0704.0001` into a number; the digits are then lost (`704.0001`), so refuse it.
  if (typeof raw === 'number') throw new RecordError(`${label} is a number (${raw}), expected text such as "0704.0001"`);
  const text = requireString(record, key, label);
  const id = normaliseArxivId(text);
  if ('error' in id) throw new RecordError(`${label} ${id.error}`);
  return id.id;
}

/**
 * Splits the snapshot's `authors` string ("A. One, B. Two and C. Three"). Commas
 * inside parentheses (affiliations, "A. One (MIT, Cambridge)") do not split, and the
 * parentheses are dropped.
 */
export function splitAuthors(text: string): string[] {
  const names: string[] = [];
  let depth = 0;
  let current = '';
  for (const c of foldSpace(text)) {
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (depth > 0) continue;
    else if (c === ',') {
      names.push(current);
      current = '';
    } else current += c;
  }
  names.push(current);
  return names
    .flatMap((n) => n.split(/\s+and\s+/))
    .map((n) => foldSpace(n.replace(/^and\s+/, '')))
    .filter((n) => n && n !== 'et al.' && n !== 'et al');
}

/** `authors_parsed` rows `[last, first, suffix]` as "first last suffix". */
function parsedAuthors(rows: unknown): string[] {
  if (!Array.isArray(rows)) throw new RecordError('authors_parsed is not a list');
  return rows.map((row, i) => {
    if (!Array.isArray(row) || row.some((part) => typeof part !== 'string')) {
      throw new RecordError(`authors_parsed[${i}] is not a [last, first, suffix] list of text`);
    }
    const [last = '', first = '', suffix = ''] = row as string[];
    const name = foldSpace(`${first} ${last} ${suffix}`);
    if (!name) throw new RecordError(`authors_parsed[${i}] is empty`);
    return name;
  });
}

function linksFor(id: string, abstract: string): Paper['links'] {
  const code = codeUrls(abstract);
  return { ...arxivLinks(id), ...(code.length ? { code } : {}) };
}

/** One record of arXiv's metadata snapshot as a paper; throws RecordError on a bad field. */
export function arxivRecord(record: unknown): SourcePaper {
  if (!isObject(record)) throw new RecordError('expected a JSON object');
  const id = arxivIdOf(record, 'id');
  const title = requireString(record, 'title');
  const abstract = optionalString(record, 'abstract') ?? '';
  const authors =
    record.authors_parsed !== undefined && record.authors_parsed !== null
      ? parsedAuthors(record.authors_parsed)
      : splitAuthors(optionalString(record, 'authors') ?? '');
  const categories = optionalString(record, 'categories');
  let versionYear: number | undefined;
  if (record.versions !== undefined && record.versions !== null) {
    if (!Array.isArray(record.versions)) throw new RecordError('versions is not a list');
    const v1 = record.versions[0];
    if (v1 !== undefined && !isObject(v1)) throw new RecordError('versions[0] is not an object');
    versionYear = yearInDate(v1?.created);
  }
  // Every accepted ID encodes its first month, so `update_date` (the last metadata change, often years later) is never needed.
  const year = versionYear ?? arxivIdYear(id);
  const primaryClass = categories?.split(' ')[0];
  return {
    id,
    title,
    abstract,
    authors,
    ...(year ? { year } : {}),
    links: linksFor(id, abstract),
    ...(primaryClass ? { primaryClass } : {}),
  };
}

/** One Hugging Face daily-papers entry (`{paper: {...}}`, or a bare paper object) as a paper. */
export function hfRecord(record: unknown): SourcePaper {
  if (!isObject(record)) throw new RecordError('expected a JSON object');
  const paper = record.paper ?? record;
  if (!isObject(paper)) throw new RecordError('paper is not an object');
  const id = arxivIdOf(paper, 'id', 'paper.id');
  const title = requireString(paper, 'title', 'paper.title');
  const abstract = optionalString(paper, 'summary', 'paper.summary') ?? '';
  const authorList = paper.authors ?? [];
  if (!Array.isArray(authorList)) throw new RecordError('paper.authors is not a list');
  const authors = authorList.map((a, i) => {
    if (!isObject(a) || typeof a.name !== 'string') throw new RecordError(`paper.authors[${i}] has no name`);
    return foldSpace(a.name);
  });
  const year = yearInDate(paper.publishedAt) ?? arxivIdYear(id);
  return { id, title, abstract, authors: authors.filter(Boolean), ...(year ? { year } : {}), links: linksFor(id, abstract) };
}
