import { describe, expect, it } from 'vitest';
import type { SavedPaper } from '../../lib/reading-list/list';
import {
  createListPager,
  DEFAULT_LIST_QUERY,
  LIST_PAGE,
  listPage,
  newestSaved,
  visiblePapers,
} from '../../lib/reading-list/view';

const p = (id: string, over: Partial<SavedPaper> = {}): SavedPaper => ({
  id,
  title: `T ${id}`,
  authors: [],
  links: {},
  savedAt: 0,
  tags: [],
  note: '',
  read: false,
  source: 'page',
  ...over,
});
const ids = (ps: SavedPaper[]) => ps.map((x) => x.id);

describe('one page of the reading list (lib/reading-list/view.ts)', () => {
  const list = Array.from({ length: 120 }, (_, i) =>
    p(`p${i}`, {
      title: `Paper ${String(119 - i).padStart(3, '0')}`,
      savedAt: 1000 + i,
      year: 2000 + (i % 7),
      read: i % 3 === 0,
      tags: i % 2 ? ['ML'] : i % 5 === 0 ? ['ml', 'CV'] : [],
    }),
  );

  it('answers the first page in the controls order, with the totals of the whole list', () => {
    const page = listPage(list, DEFAULT_LIST_QUERY);
    expect(page.papers).toHaveLength(LIST_PAGE);
    expect(ids(page.papers)).toEqual(ids(visiblePapers(list, 'saved', '', 'all').slice(0, LIST_PAGE)));
    expect(page.papers[0].id).toBe('p119');
    expect(page.matching).toBe(120);
    expect(page.total).toBe(120);
    // A tag's first spelling in the list (p0's 'ml') names it.
    expect(page.tags).toEqual(['CV', 'ml']);
    expect(ids(page.recent)).toEqual(['p119', 'p118', 'p117', 'p116', 'p115']);
  });

  it('filters by tag (ignoring case) and read state, and sorts by title or year, before cutting', () => {
    const page = listPage(list, { sort: 'title', tag: 'ml', read: 'unread', limit: 10 });
    const want = list.filter((x) => x.tags.some((t) => t.toLowerCase() === 'ml') && !x.read);
    expect(page.matching).toBe(want.length);
    expect(page.total).toBe(120);
    expect(page.papers).toHaveLength(10);
    expect(page.papers.map((x) => x.title)).toEqual(
      want
        .map((x) => x.title)
        .sort()
        .slice(0, 10),
    );
    const byYear = listPage(list, { sort: 'year', tag: '', read: 'read', limit: 500 });
    expect(byYear.papers).toHaveLength(40);
    for (let i = 1; i < byYear.papers.length; i++) {
      const [a, b] = [byYear.papers[i - 1], byYear.papers[i]];
      expect((a.year ?? 0) > (b.year ?? 0) || (a.year === b.year && a.savedAt > b.savedAt)).toBe(true);
    }
  });

  it('"Show more" asks for a longer page: the first papers stay the same, the rest follow', () => {
    const first = listPage(list, DEFAULT_LIST_QUERY);
    const more = listPage(list, { ...DEFAULT_LIST_QUERY, limit: LIST_PAGE * 2 });
    expect(ids(more.papers.slice(0, LIST_PAGE))).toEqual(ids(first.papers));
    expect(ids(more.papers.slice(LIST_PAGE))).toEqual(
      ids(visiblePapers(list, 'saved', '', 'all').slice(LIST_PAGE, 2 * LIST_PAGE)),
    );
  });

  it('an empty list, a tag nobody has and a zero limit answer empty pages with the totals', () => {
    expect(listPage([], DEFAULT_LIST_QUERY)).toEqual({ papers: [], matching: 0, total: 0, tags: [], recent: [] });
    expect(listPage(list, { ...DEFAULT_LIST_QUERY, tag: 'nobody' })).toMatchObject({ papers: [], matching: 0, total: 120 });
    expect(listPage(list, { ...DEFAULT_LIST_QUERY, limit: 0 })).toMatchObject({ papers: [], matching: 120 });
  });

  it('the newest saved, found without sorting, are those a stable sort finds (ties keep list order)', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const many = Array.from({ length: 2000 }, (_, i) => p(`r${i}`, { savedAt: Math.floor(rnd() * 300) }));
    const sorted = [...many].sort((a, b) => b.savedAt - a.savedAt);
    for (const n of [1, 5, 37]) expect(ids(newestSaved(many, n))).toEqual(ids(sorted.slice(0, n)));
    expect(newestSaved(many.slice(0, 3), 5)).toHaveLength(3);
  });

  it('leaves the list as it was', () => {
    const before = ids(list);
    listPage(list, { sort: 'title', tag: 'ml', read: 'all', limit: 5 });
    expect(ids(list)).toEqual(before);
  });

  it('the kept pager answers what listPage answers, for the same list and after it changed', () => {
    const pager = createListPager();
    const queries = [
      DEFAULT_LIST_QUERY,
      { sort: 'title', tag: 'ml', read: 'unread', limit: 7 },
      { sort: 'title', tag: '', read: 'read', limit: 200 },
      { sort: 'year', tag: 'CV', read: 'all', limit: 3 },
    ] as const;
    for (const q of queries) expect(pager(list, q)).toEqual(listPage(list, q));
    const changed = [...list.slice(1), p('new', { savedAt: 5000, title: 'Aardvark', tags: ['new'] })];
    for (const q of queries) expect(pager(changed, q)).toEqual(listPage(changed, q));
    expect(pager(changed, DEFAULT_LIST_QUERY).papers[0].id).toBe('new');
  });
});
