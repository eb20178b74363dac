/**
 * RIS import: the tagged format Zotero, Mendeley and EndNote export (`TY  - JOUR`
 * … `ER  - `). Tags read (the ones these three write for the fields we keep):
 * TY; AU/A1 authors; ED/A2 editors; TI/T1 title; T2/JO/JF/BT container (JA as
 * a fallback); PY/DA/Y1 date; VL; IS; SP/EP pages; PB publisher; DO DOI; UR
 * URL; AB/N2 abstract; KW keywords; N1 note. A line without a tag continues the
 * previous value (EndNote wraps long abstracts). One record that cannot be read
 * is a problem, not a failure of the file.
 */
import { foldSpace } from '../../core/strings';
import { cleanTags } from '../../core/tags';
import type { SavedPaper } from '../../reading-list/list';
import { cleanBib, cleanDoi, normaliseDate, typeFromRis } from '../fields';
import type { BibtexProblem } from './bibtex-parse';
import { lastFirstName } from './names';
import { arxivIdIn, workToPaper } from './work';

/** One RIS record: its tags in order of appearance, values per tag. */
export interface RisRecord {
  line: number;
  tags: Map<string, string[]>;
}

const TAG_LINE = /^([A-Z][A-Z0-9]) {2}-(?: (.*))?$/;

/** Whether a text is RIS: its first tagged line is `TY  - …`. */
export function isRis(text: string): boolean {
  return /^\s*TY {2}- ?\S/.test(text.replace(/^\uFEFF/, ''));
}

/** Splits a file into records. Never throws. */
export function parseRis(text: string): { records: RisRecord[]; problems: BibtexProblem[] } {
  const records: RisRecord[] = [];
  const problems: BibtexProblem[] = [];
  let current: RisRecord | undefined;
  let last: string[] | undefined;
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const m = TAG_LINE.exec(raw.trimEnd());
    if (!m) {
      if (current && last && raw.trim()) last[last.length - 1] = `${last[last.length - 1]} ${raw.trim()}`;
      return;
    }
    const [, tag, value = ''] = m;
    if (tag === 'TY') {
      if (current) {
        problems.push({ line: current.line, reason: 'is not closed with "ER  -" before the next "TY  -" (read anyway)' });
        records.push(current);
      }
      current = { line: i + 1, tags: new Map([['TY', [value.trim()]]]) };
      last = undefined;
    } else if (!current) {
      problems.push({ line: i + 1, reason: `"${tag}  -" outside a record (a record starts with "TY  -")` });
    } else if (tag === 'ER') {
      records.push(current);
      current = undefined;
    } else {
      const values = current.tags.get(tag) ?? [];
      values.push(value.trim());
      current.tags.set(tag, values);
      last = values;
    }
  });
  if (current) records.push(current);
  return { records, problems };
}

/** The arXiv id a record names: an arxiv.org URL, an arXiv DOI, or an `arXiv:` number in the container or note. */
function arxivIdOf(get: (...tags: string[]) => string[]): string | undefined {
  const texts = [...get('UR', 'L1', 'L2'), ...get('DO'), ...get('T2', 'JO', 'JF', 'N1', 'M1', 'SN')];
  for (const t of texts) {
    const m =
      /arxiv\.org\/(?:abs|pdf)\/([^\s?#]+?)(?:\.pdf)?(?:[?#\s]|$)/i.exec(t) ??
      /10\.48550\/arxiv\.(\S+)/i.exec(t) ??
      /arxiv:\s*(\S+)/i.exec(t);
    const id = arxivIdIn(m?.[1]);
    if (id) return id;
  }
  return undefined;
}

/** One record as a saved paper, or why it cannot be one. */
export function risRecordToPaper(rec: RisRecord, now: number): SavedPaper | string {
  const get = (...tags: string[]) => tags.flatMap((t) => rec.tags.get(t) ?? []).filter(Boolean);
  const first = (...tags: string[]) => {
    for (const t of tags) {
      const v = get(t)[0];
      if (v) return foldSpace(v);
    }
    return undefined;
  };
  const arxiv = arxivIdOf(get);
  const doi = cleanDoi(first('DO'));
  const rawDate = first('DA', 'PY', 'Y1');
  const date = normaliseDate(rawDate) ?? normaliseDate(first('PY', 'Y1'));
  const year = normaliseDate(first('PY', 'Y1') ?? rawDate)?.slice(0, 4);
  const sp = first('SP');
  const ep = first('EP');
  return workToPaper(
    {
      title: first('TI', 'T1'),
      arxiv,
      doi,
      authors: get('AU', 'A1').map(lastFirstName).filter(Boolean),
      abstract: first('AB', 'N2'),
      year: year ? Number(year) : undefined,
      url: first('UR'),
      tags: cleanTags(get('KW')),
      note: (rec.tags.get('N1') ?? []).join('\n'),
      bib: cleanBib({
        type: typeFromRis(first('TY') ?? '', first('M3')),
        editors: get('ED', 'A2').map(lastFirstName),
        date: date && date.length > 4 ? date : undefined,
        container: first('T2', 'JO', 'JF', 'BT', 'JA'),
        volume: first('VL'),
        issue: first('IS'),
        pages: sp && ep ? `${sp}–${ep}` : sp,
        publisher: first('PB'),
      }),
      plain: arxiv ? { type: 'document', publisher: 'arXiv' } : { type: 'document' },
    },
    now,
  );
}

/** Reads a RIS file: the good records as papers, the rest as problems. */
export function risToPapers(text: string, now: number): { papers: SavedPaper[]; problems: BibtexProblem[]; found: number } {
  const { records, problems } = parseRis(text);
  const papers: SavedPaper[] = [];
  records.forEach((rec, i) => {
    const p = risRecordToPaper(rec, now);
    if (typeof p === 'string') problems.push({ line: rec.line, entry: `#${i + 1}`, reason: p });
    else papers.push(p);
  });
  problems.sort((a, b) => a.line - b.line);
  return { papers, problems, found: records.length };
}
