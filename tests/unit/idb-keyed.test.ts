/**
 * One paper's change and lookup on its row alone (lib/storage/reading-list-keyed.ts): after a worker start a
 * save, unsave or edit, and a page's "is it saved?", never read the whole list; the list they leave is the
 * one the pure `applyChange` gives over the whole list, across restarts; an unreadable row still goes
 * through the whole read that keeps it aside. And the database lets a newer version upgrade it.
 */
import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { applyChange, NotSavedError, type Change } from '../../lib/reading-list/changes';
import type { ReadingList } from '../../lib/reading-list/list';
import { DB_NAME, DB_VERSION, openPaperLensDb } from '../../lib/storage/db';
import { createIdbReadingListStore } from '../../lib/storage/reading-list-store';
import { createService } from '../../lib/worker/service';
import { buildRelatedModel } from '../../tools/related/build';
import { buildAssets, memoryAssets } from '../../tools/corpus/assets';

const corpus = papers as Paper[];
const T0 = 1_700_000_000_000;
let factory: IDBFactory;
const store = () => createIdbReadingListStore({ factory, now: () => T0 });
const ids = (l: ReadingList) => l.papers.map((p) => p.id);

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  factory = new IDBFactory();
});

/** Counts reads of every row (`getAll` on the papers store). */
function wholeReads() {
  const spy = vi.spyOn(IDBObjectStore.prototype, 'getAll');
  return () => spy.mock.contexts.filter((c) => (c as IDBObjectStore).name === 'papers').length;
}

async function seed(n: number) {
  const s = store();
  for (let i = 0; i < n; i++) await s.apply({ kind: 'save', requestId: `seed-${i}`, paper: corpus[i] });
  // The whole list was read once (the first change of a fresh database writes its schema version).
  return s;
}

describe('after a worker start, one paper is one row', () => {
  it('save, edit, unsave and "is it saved?" read no other row, and answer as the whole list would', async () => {
    await seed(20);
    const reads = wholeReads();
    const s = store();
    expect((await s.savedAmong([corpus[3].id, corpus[40].id])).has(corpus[3].id)).toBe(true);
    expect((await s.savedAmong([corpus[40].id])).size).toBe(0);
    const saved = await s.apply({ kind: 'save', requestId: 'new', paper: corpus[40], tags: ['x'] });
    expect(saved).toMatchObject({ id: corpus[40].id, tags: ['x'] });
    await s.apply({ kind: 'setNote', requestId: 'note', id: corpus[5].id, note: 'read §2' });
    const removed = await s.apply({ kind: 'unsave', requestId: 'gone', id: corpus[7].id });
    // Its rank among all rows would cost a scan: not known here (an undo puts it back by save time).
    expect(removed).toMatchObject({ removed: { id: corpus[7].id }, index: -1 });
    await expect(s.apply({ kind: 'setTags', requestId: 'refused', id: corpus[60].id, tags: ['y'] })).rejects.toThrow(
      /not in the reading list/,
    );
    expect(reads()).toBe(0);
    // The whole list, read when asked: the new paper last, the note there, the removed one gone.
    const { list } = await store().load();
    expect(ids(list)).toEqual([...corpus.slice(0, 7), ...corpus.slice(8, 20), corpus[40]].map((p) => p.id));
    expect(list.papers.find((p) => p.id === corpus[5].id)?.note).toBe('read §2');
  });

  it('a retried request gets its first answer after a restart, even where the whole list was not read', async () => {
    await seed(5);
    const first = await store().apply({ kind: 'unsave', requestId: 'u', id: corpus[2].id });
    await store().apply({ kind: 'save', requestId: 'again', paper: corpus[2] });
    expect(await store().apply({ kind: 'unsave', requestId: 'u', id: corpus[2].id })).toEqual(first);
    expect(ids((await store().load()).list)).toContain(corpus[2].id);
  });

  it('any mix of changes and restarts leaves the list the pure applyChange gives (property)', async () => {
    const change = fc.oneof(
      fc.record({ kind: fc.constant('save' as const), i: fc.nat(11), tag: fc.constantFrom(undefined, 'a', 'b') }),
      fc.record({ kind: fc.constant('unsave' as const), i: fc.nat(11) }),
      fc.record({ kind: fc.constant('setNote' as const), i: fc.nat(11), note: fc.string({ maxLength: 4 }) }),
      fc.record({ kind: fc.constant('setRead' as const), i: fc.nat(11), read: fc.boolean() }),
      fc.record({ kind: fc.constant('restore' as const), i: fc.nat(11), at: fc.nat(12) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(change, fc.nat(3)), { maxLength: 25 }), async (steps) => {
        factory = new IDBFactory();
        let s = store();
        let oracle: ReadingList = { papers: [] };
        for (const [[step, roll], k] of steps.map((x, k) => [x, k] as const)) {
          if (roll === 0) s = store(); // a worker restart
          if (roll === 1) await s.load(); // something read the whole list
          const p = corpus[step.i];
          const c: Change =
            step.kind === 'save'
              ? { kind: 'save', requestId: `r${k}`, paper: p, ...(step.tag ? { tags: [step.tag] } : {}) }
              : step.kind === 'unsave'
                ? { kind: 'unsave', requestId: `r${k}`, id: p.id }
                : step.kind === 'setNote'
                  ? { kind: 'setNote', requestId: `r${k}`, id: p.id, note: step.note }
                  : step.kind === 'setRead'
                    ? { kind: 'setRead', requestId: `r${k}`, id: p.id, read: step.read }
                    : {
                        kind: 'restore',
                        requestId: `r${k}`,
                        paper: { ...p, links: {}, savedAt: T0, tags: [], note: '', read: false, source: 'corpus' },
                        index: step.at,
                      };
          let want: unknown;
          try {
            const r = applyChange(oracle, c, T0);
            oracle = r.list;
            want = r.result;
          } catch (e) {
            if (!(e instanceof NotSavedError)) throw e;
            want = 'refused';
          }
          const got = await s.apply(c).catch(() => 'refused');
          // An unsave's rank is known only where the whole list is held (-1 otherwise: ChangeResults).
          if (c.kind === 'unsave' && (got as { index: number }).index === -1) (want as { index: number }).index = -1;
          expect(got).toEqual(want);
        }
        expect((await store().load()).list).toEqual(oracle);
        expect((await s.load()).list).toEqual(oracle);
      }),
      { numRuns: 60 },
    );
  });

  it('an unreadable row still goes through the whole read, which keeps it aside', async () => {
    await seed(3);
    const db = await openPaperLensDb(factory);
    await db.put('papers', { id: corpus[1].id, order: 1, paper: 'junk' });
    db.close();
    const s = store();
    expect((await s.savedAmong([corpus[1].id])).size).toBe(0);
    expect(ids((await s.load()).list)).toEqual([corpus[0].id, corpus[2].id]);
    const kept = await (await openPaperLensDb(factory)).getAll('corrupt');
    expect(kept.map((k) => (k.value as { id: string }).id)).toEqual([corpus[1].id]);
  });
});

describe('the worker after a start', () => {
  it('answers a page, saves, edits, highlights and unsaves without reading the whole list; the popup then reads it', async () => {
    await seed(30);
    const reads = wholeReads();
    const service = createService({
      assets: memoryAssets(buildAssets(corpus, buildRelatedModel(corpus))),
      store: store(),
      collection: null,
      now: () => T0,
    });
    const page = { arxivId: corpus[2].id, title: corpus[2].title, authors: [] };
    const shown = await service.handle({ type: 'annotatePage', payload: { page, limit: 5 } });
    expect(shown.saved?.id).toBe(corpus[2].id);
    // The related papers' marks come from their rows too: those among the first 30 are saved.
    const firstThirty = new Set(corpus.slice(0, 30).map((p) => p.id));
    expect(shown.related.length).toBeGreaterThan(0);
    for (const r of shown.related) expect(r.saved).toBe(firstThirty.has(r.id));
    const p = corpus[45];
    await service.handle({ type: 'listSave', payload: { paper: { id: p.id, title: p.title, authors: p.authors } } });
    await service.handle({ type: 'listUpdate', payload: { id: p.id, note: 'later' } });
    const annotation = {
      id: 'h1',
      target: {
        quote: { exact: 'a passage', prefix: '', suffix: '' },
        position: { start: 0, end: 9 },
        rendering: 'arxiv-abs' as const,
      },
      note: '',
      colour: 'yellow' as const,
      createdAt: T0,
      updatedAt: T0,
    };
    expect((await service.handle({ type: 'annotationAdd', payload: { paperId: p.id, annotation } })).annotations).toHaveLength(1);
    await service.handle({ type: 'listRemove', payload: { id: corpus[0].id } });
    const listing = await service.handle({
      type: 'matchListing',
      payload: {
        entries: [{ arxivId: p.id }, { arxivId: corpus[0].id }],
      },
    });
    expect(listing[0]).toContain('saved');
    expect(listing[1]).not.toContain('saved');
    expect(reads()).toBe(0);
    const { papers: all } = await service.handle({ type: 'listGet', payload: {} });
    expect(reads()).toBe(1);
    expect(all.map((x) => x.id)).toEqual([...corpus.slice(1, 30), p].map((x) => x.id));
    expect(all.at(-1)).toMatchObject({ note: 'later', annotations: [{ id: 'h1' }] });
  });
});

describe('a newer version of Paper Lens upgrades the database', () => {
  it('the open connection closes instead of blocking it, and the old store then says why it cannot go on', async () => {
    const s = await seed(2);
    const upgraded = await new Promise<IDBDatabase>((ok, ko) => {
      const r = factory.open(DB_NAME, DB_VERSION + 1);
      r.onupgradeneeded = () => r.result.createObjectStore('fromTheFuture');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
      // Not closed by the old connection: the upgrade would wait here.
      r.onblocked = () => ko(new Error('blocked by the open connection'));
    });
    expect([...upgraded.objectStoreNames]).toContain('fromTheFuture');
    upgraded.close();
    // This (older) store opens again on its next task and refuses to touch the newer schema, saying so.
    await expect(s.apply({ kind: 'save', requestId: 'late', paper: corpus[5] })).rejects.toThrow(/version/i);
    await expect(s.load()).rejects.toThrow(/version/i);
  });

  it('openPaperLensDb tells its owner when it closed for an upgrade', async () => {
    const onClosed = vi.fn();
    const db = await openPaperLensDb(factory, { onClosed });
    await new Promise<void>((ok, ko) => {
      const r = factory.open(DB_NAME, DB_VERSION + 1);
      r.onsuccess = () => (r.result.close(), ok());
      r.onerror = () => ko(r.error);
      r.onblocked = () => ko(new Error('blocked'));
    });
    expect(onClosed).toHaveBeenCalledOnce();
    expect(() => db.transaction('papers')).toThrow();
  });
});
