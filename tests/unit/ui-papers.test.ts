import { describe, expect, it } from 'vitest';
import type { SavedPaper } from '../../lib/reading-list/list';
import { newestSaved, visiblePapers } from '../../lib/reading-list/view';
import { formatAuthors, paperUrl, searchKeyAction } from '../../lib/ui/papers';

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

describe('reading list presentation (lib/ui/papers.ts)', () => {
  const list = [
    p('a', { title: 'Beta', year: 2020, savedAt: 1, tags: ['ML'] }),
    p('b', { title: 'Alpha', year: 2023, savedAt: 2, read: true }),
    p('c', { title: 'Gamma', savedAt: 3, tags: ['ml', 'cv'] }),
  ];

  it('sorts by date saved, title or year, and filters by tag (ignoring case) and read state', () => {
    const ids = (ps: SavedPaper[]) => ps.map((x) => x.id);
    expect(ids(visiblePapers(list, 'saved', '', 'all'))).toEqual(['c', 'b', 'a']);
    expect(ids(visiblePapers(list, 'title', '', 'all'))).toEqual(['b', 'a', 'c']);
    expect(ids(visiblePapers(list, 'year', '', 'all'))).toEqual(['b', 'a', 'c']);
    expect(ids(visiblePapers(list, 'saved', 'Ml', 'all'))).toEqual(['c', 'a']);
    expect(ids(visiblePapers(list, 'saved', '', 'read'))).toEqual(['b']);
    expect(ids(visiblePapers(list, 'saved', 'ml', 'unread'))).toEqual(['c', 'a']);
    expect(ids(newestSaved(list, 2))).toEqual(['c', 'b']);
    expect(ids(list)).toEqual(['a', 'b', 'c']);
  });

  it('names authors briefly and opens the arXiv page first', () => {
    expect(formatAuthors(['A', 'B', 'C'])).toBe('A, B, C');
    expect(formatAuthors(['A', 'B', 'C', 'D', 'E'])).toBe('A, B and 3 others');
    expect(paperUrl({ pdf: 'p', hf: 'h' })).toBe('h');
    expect(paperUrl({ pdf: 'p', hf: 'h', abs: 'a' })).toBe('a');
    expect(paperUrl({})).toBeUndefined();
  });

  it('search box keys: arrows move within the results, Enter opens, Esc clears a query', () => {
    const down = searchKeyAction('ArrowDown', 3, true);
    expect(down?.kind === 'move' && [down.to(0), down.to(2)]).toEqual([1, 2]);
    const up = searchKeyAction('ArrowUp', 3, true);
    expect(up?.kind === 'move' && [up.to(2), up.to(0)]).toEqual([1, 0]);
    expect(searchKeyAction('Enter', 3, false)).toMatchObject({ kind: 'open', preventDefault: false });
    expect(searchKeyAction('Escape', 3, true)).toMatchObject({ kind: 'clear', preventDefault: true });
    expect(searchKeyAction('Escape', 3, false)).toBeNull();
    expect(searchKeyAction('a', 3, true)).toBeNull();
  });
});
