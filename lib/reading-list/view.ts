/**
 * What the popup's reading list shows, computed where the list is (the
 * worker): sorted and filtered as the controls say, cut to the papers shown,
 * with the totals the popup needs. The popup never receives the whole list, so
 * its answer stays small at any size (a 100,000-paper list with notes is past
 * Chrome's 64 MiB message limit).
 */
import { distinctTags, hasTag } from '../core/tags';
import type { SavedPaper } from './list';

/** How the reading list is sorted. */
export type ListSort = 'saved' | 'title' | 'year';
/** Which papers the reading list shows by read state. */
export type ReadFilter = 'all' | 'read' | 'unread';

/** The popup's reading-list controls: sort, tag ('' for every tag), read state, how many papers are shown. */
export interface ListQuery {
  sort: ListSort;
  tag: string;
  read: ReadFilter;
  limit: number;
}

/** Papers the list shows at first, and how many more each "Show more" adds. */
export const LIST_PAGE = 50;
/** How many of the newest saved papers the search view lists as "recent". */
export const RECENT = 5;

/** The controls as the popup opens. */
export const DEFAULT_LIST_QUERY: ListQuery = { sort: 'saved', tag: '', read: 'all', limit: LIST_PAGE };

/** One page of the list and what the popup says about the rest. */
export interface ListPage {
  /** The first `limit` papers matching the controls, in their order. */
  papers: SavedPaper[];
  /** Papers matching the tag and read filters. */
  matching: number;
  /** Papers in the list. */
  total: number;
  /** The list's distinct tags (for the tag menu). */
  tags: string[];
  /** The newest saved papers, newest first. */
  recent: SavedPaper[];
}

// One collator for every comparison: `localeCompare` builds one per call, a second per 100,000 compares.
const collator = new Intl.Collator();

const ORDER: Record<ListSort, (a: SavedPaper, b: SavedPaper) => number> = {
  saved: (a, b) => b.savedAt - a.savedAt,
  title: (a, b) => collator.compare(a.title, b.title),
  year: (a, b) => (b.year ?? 0) - (a.year ?? 0) || b.savedAt - a.savedAt,
};

/** Sorts and filters the list as the controls say (`tag` '' for every tag). */
export function visiblePapers(papers: readonly SavedPaper[], sort: ListSort, tag: string, read: ReadFilter): SavedPaper[] {
  const out = papers.filter((p) => (!tag || hasTag(p.tags, tag)) && (read === 'all' || p.read === (read === 'read')));
  return out.sort(ORDER[sort]);
}

/** The `count` papers saved last, newest first (one pass, without sorting the list). */
export function newestSaved(papers: readonly SavedPaper[], count: number): SavedPaper[] {
  const top: SavedPaper[] = [];
  for (const p of papers) {
    if (top.length === count && ORDER.saved(p, top[count - 1]) >= 0) continue;
    let i = top.length;
    while (i > 0 && ORDER.saved(p, top[i - 1]) < 0) i--;
    top.splice(i, 0, p);
    if (top.length > count) top.pop();
  }
  return top;
}

/** The page of the list the controls ask for, with the totals. */
export function listPage(papers: readonly SavedPaper[], query: ListQuery): ListPage {
  const visible = visiblePapers(papers, query.sort, query.tag, query.read);
  return {
    papers: visible.slice(0, Math.max(0, query.limit)),
    matching: visible.length,
    total: papers.length,
    tags: distinctTags(papers.map((p) => p.tags)),
    recent: newestSaved(papers, RECENT),
  };
}

/**
 * `listPage` for a list that changes less often than it is shown: the sort
 * order and the totals are kept for the list last seen (the same array while
 * nothing changed), so another page, filter or "Show more" costs a filter and
 * a slice, not a sort of every paper. Filtering the sorted list gives the
 * order sorting the filtered one gives (the sort is stable).
 */
export function createListPager(): (papers: readonly SavedPaper[], query: ListQuery) => ListPage {
  let sorted: { papers: readonly SavedPaper[]; sort: ListSort; out: SavedPaper[] } | null = null;
  let totals: { papers: readonly SavedPaper[]; tags: string[]; recent: SavedPaper[] } | null = null;
  return (papers, query) => {
    if (sorted?.papers !== papers || sorted.sort !== query.sort)
      sorted = { papers, sort: query.sort, out: visiblePapers(papers, query.sort, '', 'all') };
    if (totals?.papers !== papers)
      totals = { papers, tags: distinctTags(papers.map((p) => p.tags)), recent: newestSaved(papers, RECENT) };
    const visible = visiblePapers(sorted.out, query.sort, query.tag, query.read);
    return {
      papers: visible.slice(0, Math.max(0, query.limit)),
      matching: visible.length,
      total: papers.length,
      tags: totals.tags,
      recent: totals.recent,
    };
  };
}
