/**
 * The last step every reader shares: what it gathered about one work becomes
 * a saved paper (source "import"), or the reason it cannot be one. One place
 * for the rules: the title a work without one gets, the id, the links, and the
 * clean-ups of the reference-manager fields.
 */
import { normaliseArxivId } from '../../core/arxiv-id';
import { arxivLinks, localPaperId } from '../../core/paper';
import { toSavedPaper, type SavedPaper } from '../../reading-list/list';
import { unlessPlain, withoutArxivNumber, type BibFields } from '../fields';

/** Why an entry is skipped when it has nothing to stand on. */
export const NOTHING_TO_SAVE = 'has no title, arXiv id or DOI, so there is nothing to save';

/** The bare arXiv id of a candidate, or undefined (the grammar in `lib/core/arxiv-id.ts` decides). */
export function arxivIdIn(candidate: string | undefined): string | undefined {
  if (!candidate) return undefined;
  const r = normaliseArxivId(candidate);
  return 'id' in r ? r.id : undefined;
}

/** What a reader gathered about one work, decoded and trimmed. */
export interface Work {
  title: string | undefined;
  arxiv: string | undefined;
  doi: string | undefined;
  authors: string[];
  abstract?: string;
  year?: number;
  url?: string;
  primaryClass?: string;
  tags: string[];
  note: string;
  /** The reference-manager fields as read. */
  bib: BibFields | undefined;
  /** What this format's export writes for a plain preprint: such a `bib` is dropped (`unlessPlain`). */
  plain: BibFields;
}

/** One work as a saved paper, or `NOTHING_TO_SAVE`. */
export function workToPaper(w: Work, now: number): SavedPaper | string {
  const title = w.title || (w.arxiv ? `arXiv:${w.arxiv}` : w.doi ? `DOI ${w.doi}` : '');
  if (!title) return NOTHING_TO_SAVE;
  const bib = unlessPlain(withoutArxivNumber(w.bib, w.arxiv), w.plain);
  return toSavedPaper(
    {
      id: w.arxiv ?? localPaperId(title),
      title,
      authors: w.authors,
      abstract: w.abstract,
      year: w.year,
      links: w.arxiv ? arxivLinks(w.arxiv) : w.url ? { abs: w.url } : {},
      primaryClass: w.primaryClass,
      doi: w.doi,
      savedAt: now,
      tags: w.tags,
      note: w.note,
      read: false,
      source: 'import',
      ...(bib ? { bib } : {}),
    },
    now,
  );
}
