import { describe, expect, it } from 'vitest';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import {
  cleanTags,
  emptyReadingList,
  mergeLists,
  mergeNotes,
  NOTE_SEPARATOR,
  paperToSave,
  removePaper,
  restorePaper,
  savePaper,
  toSavedPaper,
  updatePaper,
  type ReadingList,
  type SavedPaper,
} from '../../lib/reading-list/list';
import { parseSavedPaper } from '../../lib/reading-list/read';

const corpus = papers as Paper[];
const [uniter, temAdapter, ofa] = corpus;
const T0 = 1_700_000_000_000;

function listOf(...ps: Paper[]): ReadingList {
  return ps.reduce((l, p, i) => savePaper(l, p, T0 + i), emptyReadingList());
}

function saved(over: Partial<SavedPaper> & { id: string }): SavedPaper {
  return toSavedPaper({ title: `Title ${over.id}`, authors: [], savedAt: T0, ...over }, T0);
}

describe('savePaper', () => {
  it('saves a corpus paper with empty tags and note, unread, source corpus', () => {
    const l = savePaper(emptyReadingList(), uniter, T0);
    expect(l.papers).toHaveLength(1);
    expect(l.papers[0]).toMatchObject({
      id: '1909.11740',
      title: uniter.title,
      authors: ['Yen-Chun Chen'],
      year: 2019,
      savedAt: T0,
      tags: [],
      note: '',
      read: false,
      source: 'corpus',
    });
    expect(l.papers[0].links).toEqual(uniter.links);
  });

  it('keeps insertion order and does not mutate the input list', () => {
    const empty = emptyReadingList();
    const l = listOf(uniter, temAdapter, ofa);
    expect(empty.papers).toEqual([]);
    expect(l.papers.map((p) => p.id)).toEqual([uniter.id, temAdapter.id, ofa.id]);
  });

  it('saving a paper again never loses its note, tags, read state or first save time', () => {
    let l = listOf(uniter);
    l = updatePaper(l, uniter.id, { note: 'key paper', tags: ['vision'], read: true });
    const again = savePaper(l, { ...uniter, source: 'page' }, T0 + 999);
    expect(again).toBe(l); // nothing new: same object, so the store skips the write
    expect(again.papers[0]).toMatchObject({ note: 'key paper', tags: ['vision'], read: true, savedAt: T0, source: 'corpus' });
  });

  it('saving again fills in what was missing (a richer author list, a DOI)', () => {
    const l = listOf(uniter);
    const next = savePaper(l, { id: uniter.id, title: 'x', authors: ['Yen-Chun Chen', 'Linjie Li'], doi: '10.1/x' }, T0 + 5);
    expect(next.papers).toHaveLength(1);
    expect(next.papers[0].title).toBe(uniter.title);
    expect(next.papers[0].authors).toEqual(['Yen-Chun Chen', 'Linjie Li']);
    expect(next.papers[0].doi).toBe('10.1/x');
  });

  it('folds whitespace in titles and names', () => {
    const l = savePaper(emptyReadingList(), { id: 'pl-a', title: '  A \n title\t', authors: [' Ann  Lee ', '  '] }, T0);
    expect(l.papers[0].title).toBe('A title');
    expect(l.papers[0].authors).toEqual(['Ann Lee']);
  });
});

describe('tags', () => {
  it('splits on commas, trims, dedupes ignoring case and keeps the first spelling', () => {
    expect(cleanTags(['ML, vision', ' ml ', 'Vision', '', 'deep  learning'])).toEqual(['ML', 'vision', 'deep learning']);
  });
});

describe('removePaper and restorePaper (undo)', () => {
  it('returns the removed paper with its tags and note, and undo puts it back where it was', () => {
    let l = listOf(uniter, temAdapter, ofa);
    l = updatePaper(l, temAdapter.id, { note: 'n', tags: ['t'] });
    const { list, removed, index } = removePaper(l, temAdapter.id);
    expect(list.papers.map((p) => p.id)).toEqual([uniter.id, ofa.id]);
    expect(removed).toMatchObject({ id: temAdapter.id, note: 'n', tags: ['t'] });
    expect(index).toBe(1);
    expect(restorePaper(list, removed!, index)).toEqual(l);
    // Without the index: save order puts it back in place too.
    expect(restorePaper(list, removed!)).toEqual(l);
  });

  it('removing a paper not on the list changes nothing', () => {
    const l = listOf(uniter);
    expect(removePaper(l, 'nope')).toEqual({ list: l, removed: null, index: -1 });
  });

  it('undo after the paper was saved again merges instead of duplicating', () => {
    const l = updatePaper(listOf(uniter), uniter.id, { note: 'old note' });
    const { list, removed } = removePaper(l, uniter.id);
    const resaved = updatePaper(savePaper(list, uniter, T0 + 100), uniter.id, { tags: ['new'] });
    const restored = restorePaper(resaved, removed!);
    expect(restored.papers).toHaveLength(1);
    expect(restored.papers[0]).toMatchObject({ note: 'old note', tags: ['new'], savedAt: T0 });
  });
});

describe('updatePaper', () => {
  it('edits tags, note and read state', () => {
    const l = updatePaper(listOf(uniter), uniter.id, { tags: ['a', 'A', 'b'], note: ' x\r\ny ', read: true });
    expect(l.papers[0]).toMatchObject({ tags: ['a', 'b'], note: 'x\ny', read: true });
  });

  it('returns the same list for an unknown id or a no-op patch', () => {
    const l = listOf(uniter);
    expect(updatePaper(l, 'nope', { read: true })).toBe(l);
    expect(updatePaper(l, uniter.id, { read: false })).toBe(l);
  });
});

describe('mergeLists (the merge rule)', () => {
  it('keeps both notes when they differ, joined by a separator line', () => {
    const cur = { papers: [saved({ id: 'a', note: 'mine' })] };
    const inc = [saved({ id: 'a', note: 'theirs' })];
    const { list, added, updated } = mergeLists(cur, inc);
    expect(list.papers[0].note).toBe(`mine${NOTE_SEPARATOR}theirs`);
    expect(NOTE_SEPARATOR).toContain('\n---\n');
    expect([added, updated]).toEqual([0, 1]);
  });

  it('does not duplicate a note when one contains the other, so importing twice is a no-op', () => {
    expect(mergeNotes('abc def', 'def')).toBe('abc def');
    expect(mergeNotes('def', 'abc def')).toBe('abc def');
    expect(mergeNotes('', 'x')).toBe('x');
    const cur = { papers: [saved({ id: 'a', note: 'mine' })] };
    const inc = [saved({ id: 'a', note: 'theirs', tags: ['t'] })];
    const once = mergeLists(cur, inc).list;
    const twice = mergeLists(once, inc);
    expect(twice.list).toBe(once);
    expect([twice.added, twice.updated]).toEqual([0, 0]);
  });

  it('unions tags ignoring case (first spelling wins), read if either, earliest savedAt', () => {
    const cur = { papers: [saved({ id: 'a', tags: ['ML', 'nlp'], read: false, savedAt: T0 + 10 })] };
    const inc = [saved({ id: 'a', tags: ['ml', 'Vision'], read: true, savedAt: T0 })];
    const p = mergeLists(cur, inc).list.papers[0];
    expect(p.tags).toEqual(['ML', 'nlp', 'Vision']);
    expect(p.read).toBe(true);
    expect(p.savedAt).toBe(T0);
  });

  it('keeps current metadata when non-empty, takes incoming to fill gaps, and the longer author list', () => {
    const cur = { papers: [saved({ id: 'a', title: 'Current', authors: ['A'], abstract: undefined, year: 2020 })] };
    const inc = [saved({ id: 'a', title: 'Incoming', authors: ['A', 'B'], abstract: 'abs', year: 2021, doi: '10.1/x' })];
    const p = mergeLists(cur, inc).list.papers[0];
    expect(p).toMatchObject({ title: 'Current', authors: ['A', 'B'], abstract: 'abs', year: 2020, doi: '10.1/x' });
  });

  it('appends new papers in incoming order, dedupes by id, and counts added and updated', () => {
    const cur = { papers: [saved({ id: 'a' }), saved({ id: 'b' })] };
    const inc = {
      papers: [saved({ id: 'c' }), saved({ id: 'b', note: 'n' }), saved({ id: 'd' }), saved({ id: 'c', tags: ['x'] })],
    };
    const { list, added, updated } = mergeLists(cur, inc);
    expect(list.papers.map((p) => p.id)).toEqual(['a', 'b', 'c', 'd']);
    expect(list.papers[2].tags).toEqual(['x']);
    expect([added, updated]).toEqual([2, 1]);
  });
});

describe('parseSavedPaper', () => {
  it('accepts a stored paper and names the first bad field otherwise', () => {
    const good = saved({ id: 'a' });
    expect(parseSavedPaper(good)).toEqual({ ok: true, paper: good });
    expect(parseSavedPaper({ ...good, tags: 'a,b' })).toEqual({ ok: false, error: 'field "tags" must be an array of strings' });
    expect(parseSavedPaper({ ...good, title: '' })).toMatchObject({ ok: false, error: expect.stringContaining('title') });
    expect(parseSavedPaper(null)).toMatchObject({ ok: false });
  });
});

describe('paperToSave', () => {
  it('picks what saving sends and nothing a view added', () => {
    const view = { ...uniter, state: 'match', score: 3, snippet: [] };
    expect(paperToSave(view)).toEqual({
      id: uniter.id,
      title: uniter.title,
      authors: uniter.authors,
      abstract: uniter.abstract,
      year: uniter.year,
      links: uniter.links,
    });
    expect(paperToSave(view, { abstract: false })).not.toHaveProperty('abstract');
  });
});
