/**
 * The reading list: what a researcher saved, with their tags and notes. Pure
 * operations only — every function takes a list and returns a new one, so the
 * background can run them inside the storage module's serialised `update` and
 * tests need no browser.
 *
 * Invariants every operation keeps (export and import rely on them, see
 * `lib/formats/export/bibtex.ts`): ids are unique; titles, author names and tags are
 * whitespace-folded and trimmed; tags hold no commas (BibTeX `keywords` and the
 * first release's storage both separate tags with commas); notes use `\n` line
 * ends and are trimmed.
 */
import { arxivLinks, type Paper, type PaperLinks } from '../core/paper';
import { foldSpace } from '../core/strings';
import { cleanTags, unionTags } from '../core/tags';
import { cleanBib, type BibFields } from '../formats/fields';
import { mergeAnnotations, parseAnnotations } from '../annotations/records';
import type { Annotation } from '../annotations/types';

/** Where a saved paper came from; shown in the list and kept through export/import. */
export type PaperSource = 'corpus' | 'page' | 'import';

/** One paper on the reading list. Stored as is in `browser.storage.local` (see `lib/reading-list/storage.ts`). */
export interface SavedPaper {
  /** Bare arXiv ID without version, or a `pl-…` id from `localPaperId(title)`; unique within a list. */
  id: string;
  /** Title, whitespace folded. */
  title: string;
  /** Author names in order, as displayed ("First Last"). */
  authors: string[];
  /** Abstract, when the source had one. */
  abstract?: string;
  /** Year of first publication, when known. */
  year?: number;
  /** Links to follow; for a paper without arXiv ID `abs` holds its landing page, if any. */
  links: PaperLinks;
  /** arXiv primary category (`cs.CV`), when known; BibTeX's `primaryClass`. */
  primaryClass?: string;
  /** DOI without `https://doi.org/`, when known. */
  doi?: string;
  /** When the paper was first saved (ms since epoch); merges keep the earliest. */
  savedAt: number;
  /** The researcher's tags, first spelling kept, no two equal ignoring case. */
  tags: string[];
  /** The researcher's free-text note; `''` when none. */
  note: string;
  /** Whether the researcher marked it read. */
  read: boolean;
  /** How it got on the list. */
  source: PaperSource;
  /** What reference managers keep (type, editors, date, container, volume, issue, pages, publisher), from an import. */
  bib?: BibFields;
  /**
   * The researcher's highlights on the paper's pages, with their notes (lib/annotations/); absent when none.
   * A field of the paper so that every guarantee of the list (atomic writes, backups, merge on import) covers them.
   */
  annotations?: Annotation[];
}

/**
 * The reading list. An array rather than a Record keyed by id because the order
 * is the user's (insertion order, undo puts a paper back where it was) and a
 * Record's key order is not something to rely on across serialisations.
 */
export interface ReadingList {
  /** Papers in insertion order; ids unique. */
  papers: SavedPaper[];
}

/** What `savePaper` accepts: a corpus `Paper`, a paper read from a page, or a full `SavedPaper`. */
export type PaperToSave = Pick<Paper, 'id' | 'title' | 'authors'> & Partial<Omit<SavedPaper, 'id' | 'title' | 'authors'>>;

/** What a page, the popup or the worker knows about a paper it is about to save. */
export type PaperFields = Pick<Paper, 'id' | 'title' | 'authors'> & Partial<Pick<Paper, 'abstract' | 'year' | 'links'>>;

/**
 * THE pick of the fields that saving a paper sends (nothing a view added, such as
 * match state or snippets). `abstract: false` leaves the abstract out: a corpus
 * paper's abstract stays in the corpus, the list keeps only what the user has.
 */
export function paperToSave(paper: PaperFields, opts: { abstract?: boolean } = {}): PaperFields {
  const { id, title, authors, abstract, year, links } = paper;
  return opts.abstract === false ? { id, title, authors, year, links } : { id, title, authors, abstract, year, links };
}

/** The fields a user edits on a saved paper. */
export interface PaperPatch {
  /** Replaces the tags (cleaned: split on commas, trimmed, deduplicated ignoring case). */
  tags?: string[];
  /** Replaces the note. */
  note?: string;
  /** Marks read or unread. */
  read?: boolean;
}

/** Separates two different notes that a merge keeps side by side. */
export const NOTE_SEPARATOR = '\n\n---\n\n';

/** A list with no papers. */
export function emptyReadingList(): ReadingList {
  return { papers: [] };
}

/** The saved paper with this id, if any. */
export function findPaper(list: ReadingList, id: string): SavedPaper | undefined {
  return list.papers.find((p) => p.id === id);
}

/** Notes keep their line breaks but with `\n` only, and lose leading/trailing blank space. */
export function cleanNote(s: string): string {
  return s.replace(/\r\n?/g, '\n').trim();
}

/** Tag cleaning is `lib/core/tags.ts`'s (re-exported here for the list's callers). */
export { cleanTags };

function cleanLinks(links: PaperLinks | undefined, id: string): PaperLinks {
  return { ...arxivLinks(id), ...dropEmpty(links) };
}

/**
 * A `SavedPaper` with every invariant applied and fields in one fixed order (so
 * two equal papers serialise identically, which `samePaper` relies on).
 */
export function toSavedPaper(p: PaperToSave, now: number): SavedPaper {
  const out: SavedPaper = {
    id: p.id.trim(),
    title: foldSpace(p.title),
    authors: p.authors.map(foldSpace).filter(Boolean),
    links: cleanLinks(p.links, p.id.trim()),
    savedAt: p.savedAt ?? now,
    tags: cleanTags(p.tags ?? []),
    note: cleanNote(p.note ?? ''),
    read: p.read ?? false,
    // A bare `Paper` is the corpus type; pages and imports say so explicitly.
    source: p.source ?? 'corpus',
  };
  if (p.abstract?.trim()) out.abstract = p.abstract.trim();
  if (p.year !== undefined && Number.isFinite(p.year)) out.year = p.year;
  if (p.primaryClass?.trim()) out.primaryClass = p.primaryClass.trim();
  if (p.doi?.trim()) out.doi = p.doi.trim();
  out.bib = cleanBib(p.bib);
  const annotations = parseAnnotations(p.annotations).annotations;
  if (annotations.length) out.annotations = annotations;
  return orderFields(out);
}

const FIELD_ORDER: (keyof SavedPaper)[] = [
  'id',
  'title',
  'authors',
  'abstract',
  'year',
  'links',
  'primaryClass',
  'doi',
  'savedAt',
  'tags',
  'note',
  'read',
  'source',
  'bib',
  'annotations',
];

function orderFields(p: SavedPaper): SavedPaper {
  const out: Record<string, unknown> = {};
  for (const k of FIELD_ORDER) if (p[k] !== undefined) out[k] = p[k];
  return out as unknown as SavedPaper;
}

function samePaper(a: SavedPaper, b: SavedPaper): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Both notes, once: the longer when one contains the other, else both joined by a separator line. */
export function mergeNotes(current: string, incoming: string): string {
  const a = current.trim();
  const b = incoming.trim();
  if (!b || a.includes(b)) return a;
  if (!a || b.includes(a)) return b;
  return `${a}${NOTE_SEPARATOR}${b}`;
}

/**
 * Merges two records of the same paper (same id). This is THE merge rule, used
 * when saving a paper already on the list, when importing, and by undo:
 *
 * - notes: when both sides have a note and they differ, keep both, joined by a
 *   separator line (`---`); when one contains the other, keep the longer, so
 *   importing the same file twice never duplicates a note;
 * - tags: the union, compared ignoring case, keeping the first spelling
 *   (current before incoming);
 * - read: read if either side is read;
 * - savedAt: the earliest;
 * - metadata (title, abstract, year, primaryClass, doi, each link, `bib` as a whole): the current
 *   value when non-empty, else the incoming one; authors: the longer list
 *   (current on a tie), since the corpus names only the first author and an
 *   imported BibTeX entry often names all; code links: the union;
 * - source: the current one;
 * - annotations: the union by annotation id, the copy edited last winning (`mergeAnnotations`).
 */
export function mergePaper(current: SavedPaper, incoming: SavedPaper): SavedPaper {
  const links: PaperLinks = { ...incoming.links, ...dropEmpty(current.links) };
  const code = [...new Set([...(current.links.code ?? []), ...(incoming.links.code ?? [])])];
  if (code.length) links.code = code;
  else delete links.code;
  return toSavedPaper(
    {
      id: current.id,
      title: current.title || incoming.title,
      authors: incoming.authors.length > current.authors.length ? incoming.authors : current.authors,
      abstract: current.abstract || incoming.abstract,
      year: current.year ?? incoming.year,
      links,
      primaryClass: current.primaryClass || incoming.primaryClass,
      doi: current.doi || incoming.doi,
      bib: current.bib ?? incoming.bib,
      annotations: mergeAnnotations(current.annotations, incoming.annotations),
      savedAt: Math.min(current.savedAt, incoming.savedAt),
      tags: unionTags(current.tags, incoming.tags),
      note: mergeNotes(current.note, incoming.note),
      read: current.read || incoming.read,
      source: current.source,
    },
    current.savedAt,
  );
}

/** The links that are set (a copy). */
function dropEmpty(links: PaperLinks | undefined): PaperLinks {
  const out: PaperLinks = {};
  if (links?.abs) out.abs = links.abs;
  if (links?.pdf) out.pdf = links.pdf;
  if (links?.hf) out.hf = links.hf;
  if (links?.code?.length) out.code = [...links.code];
  return out;
}

/**
 * Saves a paper. A paper already on the list is never replaced: the new record
 * only fills in what was missing (see `mergePaper`), so saving again from a page
 * cannot wipe a note. Returns the same list object when nothing changed.
 */
export function savePaper(list: ReadingList, paper: PaperToSave, now: number): ReadingList {
  const incoming = toSavedPaper(paper, now);
  const i = list.papers.findIndex((p) => p.id === incoming.id);
  if (i < 0) return { papers: [...list.papers, incoming] };
  const merged = mergePaper(list.papers[i], incoming);
  if (samePaper(merged, list.papers[i])) return list;
  const papers = [...list.papers];
  papers[i] = merged;
  return { papers };
}

/**
 * Removes a paper. `removed` is the paper as it was (tags, note and all; null
 * when absent) and `index` where it stood (-1 when absent): what undo needs.
 */
export function removePaper(list: ReadingList, id: string): { list: ReadingList; removed: SavedPaper | null; index: number } {
  const index = list.papers.findIndex((p) => p.id === id);
  if (index < 0) return { list, removed: null, index };
  return { list: { papers: list.papers.filter((_, j) => j !== index) }, removed: list.papers[index], index };
}

/**
 * Undoes a removal: puts the paper back at `index` when given, else at its
 * place in save order (before the first paper saved after it), which is where
 * it stood unless the list was reordered by a merge. If it was saved again in
 * the meantime, the two records are merged instead, so the undo cannot lose
 * the new save.
 */
export function restorePaper(list: ReadingList, saved: SavedPaper, index?: number): ReadingList {
  const existing = list.papers.findIndex((p) => p.id === saved.id);
  if (existing >= 0) {
    const papers = [...list.papers];
    papers[existing] = mergePaper(saved, list.papers[existing]);
    return { papers };
  }
  let at: number;
  if (index !== undefined && index >= 0) {
    at = Math.min(index, list.papers.length);
  } else {
    at = list.papers.findIndex((p) => p.savedAt > saved.savedAt);
    if (at < 0) at = list.papers.length;
  }
  const papers = [...list.papers];
  papers.splice(at, 0, toSavedPaper(saved, saved.savedAt));
  return { papers };
}

/** Edits tags, note or read state. Returns the same list object when the id is absent or nothing changed. */
export function updatePaper(list: ReadingList, id: string, patch: PaperPatch): ReadingList {
  const i = list.papers.findIndex((p) => p.id === id);
  if (i < 0) return list;
  const old = list.papers[i];
  const next = toSavedPaper(
    {
      ...old,
      tags: patch.tags ?? old.tags,
      note: patch.note ?? old.note,
      read: patch.read ?? old.read,
    },
    old.savedAt,
  );
  if (samePaper(next, old)) return list;
  const papers = [...list.papers];
  papers[i] = next;
  return { papers };
}

/**
 * Merges an incoming list (an import, another device) into the current one
 * with `mergePaper`, deduplicating by id. Papers new to the list are appended
 * in the incoming order. `added` counts new papers, `updated` the existing ones
 * the merge changed.
 */
export function mergeLists(
  current: ReadingList,
  incoming: ReadingList | readonly SavedPaper[],
): { list: ReadingList; added: number; updated: number } {
  const papers = [...current.papers];
  const index = new Map(papers.map((p, i) => [p.id, i]));
  const touched = new Set<string>();
  let added = 0;
  const incomingPapers = Array.isArray(incoming) ? incoming : (incoming as ReadingList).papers;
  for (const raw of incomingPapers) {
    const p = toSavedPaper(raw, raw.savedAt);
    const i = index.get(p.id);
    if (i === undefined) {
      index.set(p.id, papers.length);
      papers.push(p);
      added++;
      touched.add(p.id);
      continue;
    }
    const merged = mergePaper(papers[i], p);
    if (!samePaper(merged, papers[i])) {
      papers[i] = merged;
      touched.add(p.id);
    }
  }
  const currentIds = new Set(current.papers.map((p) => p.id));
  const updated = [...touched].filter((id) => currentIds.has(id)).length;
  if (touched.size === 0) return { list: current, added: 0, updated: 0 };
  return { list: { papers }, added, updated };
}
