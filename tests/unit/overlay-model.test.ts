import { describe, expect, it, vi } from 'vitest';
import { createOverlayModel, type OverlayDeps } from '../../lib/content/overlay-model';
import { planPage } from '../../lib/content/page-plan';
import type { PageAnnotation } from '../../lib/messaging/contract';
import type { SavedPaper } from '../../lib/reading-list/list';
import { DEFAULT_SETTINGS } from '../../lib/settings/settings';

const paper = { id: '2010.10137', title: 'A paper', authors: ['Ann Lee'], abstract: 'About it.', year: 2020, links: {} };
const related = Array.from({ length: 8 }, (_, i) => ({ ...paper, id: `2010.1000${i}`, score: 1, terms: [] }));
const saved: SavedPaper = { ...paper, savedAt: 1, tags: [], note: '', read: false, source: 'page' };

function fakeDeps(over: Partial<OverlayDeps> = {}) {
  const calls: string[] = [];
  let isSaved = false;
  const deps: OverlayDeps = {
    annotate: async () =>
      ({ state: 'match', by: 'id', paper, related, saved: isSaved ? saved : null }) as unknown as PageAnnotation,
    save: async (p) => {
      calls.push(`save ${JSON.stringify(p)}`);
      isSaved = true;
    },
    remove: async (id) => {
      calls.push(`remove ${id}`);
      isSaved = false;
    },
    update: async (id, d) => ({ ...saved, ...d }),
    saveCollapsed: (c) => calls.push(`collapsed ${c}`),
    changed: () => calls.push('paint'),
    ...over,
  };
  return { deps, calls };
}

describe('the overlay model', () => {
  it('loads the annotation and shows as many related papers as the settings say', async () => {
    const { deps } = fakeDeps();
    const m = createOverlayModel(deps, { ...DEFAULT_SETTINGS, relatedCount: 3 });
    expect(m.state().loading).toBe(true);
    await m.show(paper.id, () => ({ arxivId: paper.id, authors: [] }));
    expect(m.state()).toMatchObject({ loading: false, busy: false });
    expect(m.shown()?.related).toHaveLength(3);
    m.setSettings({ ...DEFAULT_SETTINGS, relatedCount: 0 });
    expect(m.shown()?.related).toHaveLength(0);
  });

  it('saves the picked fields, then reads the page again and shows it saved; removes again', async () => {
    const { deps, calls } = fakeDeps();
    const m = createOverlayModel(deps, DEFAULT_SETTINGS);
    await m.show(paper.id, () => ({ arxivId: paper.id, authors: [] }));
    await m.toggleSave();
    expect(calls).toContain(`save ${JSON.stringify(paper)}`);
    expect(m.state().annotation?.saved).toEqual(saved);
    await m.toggleSave();
    expect(calls).toContain(`remove ${paper.id}`);
    expect(m.state().annotation?.saved).toBeNull();
  });

  it('reports errors in the words the overlay shows', async () => {
    const { deps } = fakeDeps({
      annotate: async () => {
        throw new Error('worker gone');
      },
    });
    const m = createOverlayModel(deps, DEFAULT_SETTINGS);
    await m.show(paper.id, () => ({ authors: [] }));
    expect(m.state().error).toBe('Paper Lens could not read this page: worker gone');
  });

  it('asks again after a failure (a worker that was stopping), and the answer replaces the error', async () => {
    vi.useFakeTimers();
    try {
      let calls = 0;
      const { deps } = fakeDeps({
        annotate: async () => {
          if (++calls < 3) throw new Error('Could not establish connection');
          return { state: 'match', by: 'id', paper, related, saved: null } as unknown as PageAnnotation;
        },
      });
      const m = createOverlayModel(deps, DEFAULT_SETTINGS);
      await m.show(paper.id, () => ({ authors: [] }));
      expect(m.state().error).toMatch(/could not read this page/);
      await vi.advanceTimersByTimeAsync(500);
      expect(calls).toBe(2);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(calls).toBe(3);
      expect(m.state()).toMatchObject({ error: undefined, loading: false, annotation: { paper: { id: paper.id } } });
      // Answered: nothing more is asked.
      await vi.advanceTimersByTimeAsync(10_000);
      expect(calls).toBe(3);
    } finally {
      vi.useRealTimers();
    }
  });

  it('ignores an answer that arrives after it was cancelled', async () => {
    let answer!: (a: PageAnnotation) => void;
    const { deps } = fakeDeps({ annotate: () => new Promise((resolve) => (answer = resolve)) });
    const m = createOverlayModel(deps, DEFAULT_SETTINGS);
    const shown = m.show(paper.id, () => ({ authors: [] }));
    m.cancel();
    answer({ paper, related: [], saved: null } as unknown as PageAnnotation);
    await shown;
    expect(m.state()).toMatchObject({ annotation: null, loading: true });
  });

  it('toggles collapse at once and remembers it', () => {
    const { deps, calls } = fakeDeps();
    const m = createOverlayModel(deps, DEFAULT_SETTINGS);
    m.toggleCollapsed();
    expect(m.settings().collapsed).toBe(true);
    expect(calls).toEqual(['paint', 'collapsed true']);
  });

  it('saves tags, note and read state of a saved paper only', async () => {
    const { deps } = fakeDeps();
    const m = createOverlayModel(deps, DEFAULT_SETTINGS);
    await m.show(paper.id, () => ({ authors: [] }));
    await m.saveDetails({ tags: ['x'], note: 'n', read: true });
    expect(m.state().annotation?.saved).toBeNull();
    await m.toggleSave();
    await m.saveDetails({ tags: ['x'], note: 'n', read: true });
    expect(m.state().annotation?.saved).toMatchObject({ tags: ['x'], note: 'n', read: true });
  });
});

describe('planPage', () => {
  const on = DEFAULT_SETTINGS;
  it('overlay on paper pages, badges on listings, nothing elsewhere or when switched off', () => {
    expect(planPage(new URL('https://arxiv.org/abs/2010.10137v2'), on)).toMatchObject({
      key: 'arxiv-abs:2010.10137',
      show: 'overlay',
    });
    expect(planPage(new URL('https://arxiv.org/list/cs.CL/new'), on)).toMatchObject({ show: 'badges' });
    expect(planPage(new URL('https://arxiv.org/help'), on)).toEqual({ key: '', show: 'nothing' });
    expect(planPage(new URL('https://huggingface.co/papers/2302.08582'), { ...on, huggingface: false })).toMatchObject({
      show: 'nothing',
    });
    expect(planPage(new URL('https://huggingface.co/papers/2302.08582'), { ...on, arxiv: false })).toMatchObject({
      show: 'overlay',
    });
  });
});
