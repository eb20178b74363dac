/**
 * CSL-JSON import: what Zotero ("Export Library… → CSL JSON"), Manubot and
 * pandoc write. One item that cannot be read is a problem, not a failure of the
 * file; a file that is not JSON at all is (`./json.ts` says where).
 */
import { lineFinder } from '../../core/lines';
import { foldSpace } from '../../core/strings';
import { cleanTags } from '../../core/tags';
import { isObject } from '../../core/values';
import type { SavedPaper } from '../../reading-list/list';
import { cleanBib, cleanDoi, normaliseDate } from '../fields';
import type { BibtexProblem } from './bibtex-parse';
import { cslDisplayName, type CslNameIn } from './names';
import { arxivIdIn, workToPaper } from './work';

const str = (v: unknown): string | undefined =>
  typeof v === 'string' ? foldSpace(v) || undefined : typeof v === 'number' ? String(v) : undefined;

/**
 * CSL's rich-text markup (`<i>`, `<b>`, `<sup>`, `<sub>`, `<span class="nocase">`),
 * which Zotero and citation-js write into titles; the list shows plain text.
 */
const CSL_MARKUP = /<\/?(?:i|b|sup|sub|sc|span)(?:\s[^>]*)?>/g;
const plain = (v: unknown) => str(typeof v === 'string' ? v.replace(CSL_MARKUP, '') : v);

/** Whether parsed JSON looks like CSL-JSON: an array (empty, or of objects with a `type` or an `issued` date). */
export function isCslJson(data: unknown): data is unknown[] {
  return Array.isArray(data) && (data.length === 0 || (isObject(data[0]) && ('type' in data[0] || 'issued' in data[0])));
}

/** `{date-parts: [[y, m, d]]}`, `{raw}`, `{literal}` or a string → `YYYY[-MM[-DD]]`. */
function cslDate(v: unknown): string | undefined {
  if (typeof v === 'string') return normaliseDate(v);
  if (!isObject(v)) return undefined;
  const parts = Array.isArray(v['date-parts']) ? v['date-parts'][0] : undefined;
  if (Array.isArray(parts) && parts.length) return normaliseDate(String(parts[0]), str(parts[1]), str(parts[2]));
  return normaliseDate(str(v.raw) ?? str(v.literal));
}

function names(v: unknown): string[] {
  return Array.isArray(v)
    ? v
        .filter(isObject)
        .map((n) => cslDisplayName(n as CslNameIn))
        .filter(Boolean)
    : [];
}

/** The arXiv id an item names: `number` of an arXiv item, an arxiv.org URL, or an arXiv DOI. */
function arxivIdOf(item: Record<string, unknown>): string | undefined {
  const candidates: (string | undefined)[] = [];
  const fromArxiv = /arxiv/i.test(`${str(item.publisher) ?? ''} ${str(item['container-title']) ?? ''}`);
  if (fromArxiv) candidates.push(str(item.number));
  candidates.push(/arxiv\.org\/(?:abs|pdf)\/([^\s?#]+?)(?:\.pdf)?$/i.exec(str(item.URL) ?? '')?.[1]);
  candidates.push(/^10\.48550\/arxiv\.(.+)$/i.exec(str(item.DOI) ?? '')?.[1]);
  return candidates.map(arxivIdIn).find(Boolean);
}

/** One item as a saved paper, or why it cannot be one. */
export function cslItemToPaper(item: unknown, now: number): SavedPaper | string {
  if (!isObject(item)) return 'is not an object';
  const arxiv = arxivIdOf(item);
  const doi = cleanDoi(str(item.DOI));
  const date = cslDate(item.issued);
  return workToPaper(
    {
      title: plain(item.title),
      arxiv,
      doi,
      authors: names(item.author),
      // Kept as written (line breaks and all), as our JSON export keeps it.
      abstract: typeof item.abstract === 'string' ? item.abstract : undefined,
      year: date ? Number(date.slice(0, 4)) : undefined,
      url: str(item.URL),
      tags: cleanTags(typeof item.keyword === 'string' ? item.keyword.split(',') : []),
      note: typeof item.note === 'string' ? item.note : '',
      bib: cleanBib({
        type: str(item.type),
        editors: names(item.editor),
        date: date && date.length > 4 ? date : undefined,
        container: plain(item['container-title']),
        volume: str(item.volume),
        issue: str(item.issue),
        pages: str(item.page),
        publisher: str(item.publisher),
      }),
      plain: arxiv ? { type: 'article', publisher: 'arXiv' } : { type: 'article' },
    },
    now,
  );
}

/** Line of each item's `"id"`, in file order, so a problem can point at its item. */
function itemLines(text: string): number[] {
  const lineOf = lineFinder(text);
  return [...text.matchAll(/[{,]\s*"id"\s*:/g)].map((m) => lineOf(m.index));
}

/** Reads parsed CSL-JSON items (the text is only used to find lines). */
export function cslJsonToPapers(
  items: readonly unknown[],
  text: string,
  now: number,
): { papers: SavedPaper[]; problems: BibtexProblem[] } {
  const lines = itemLines(text);
  const aligned = lines.length === items.length;
  const papers: SavedPaper[] = [];
  const problems: BibtexProblem[] = [];
  items.forEach((item, i) => {
    const p = cslItemToPaper(item, now);
    if (typeof p !== 'string') return void papers.push(p);
    const key = isObject(item) ? str(item.id) : undefined;
    problems.push({ line: aligned ? lines[i] : 1, key, entry: `${key ? `"${key}" ` : ''}(#${i + 1})`, reason: p });
  });
  return { papers, problems };
}
