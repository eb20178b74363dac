/** The reading list in IndexedDB (fake-indexeddb): one transaction per change, request ids, recovery, migration from storage.local. */
import fc from 'fast-check';
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import {
  removePaper,
  restorePaper,
  savePaper,
  updatePaper,
  type ReadingList,
  type SavedPaper,
} from '../../lib/reading-list/list';
import { BACKUP_KEY, LIST_CHANGED_KEY, SCHEMA_VERSION, STORAGE_KEY } from '../../lib/reading-list/storage';
import { DB_NAME, DB_VERSION, openPaperLensDb, UPGRADES } from '../../lib/storage/db';
import { createIdbReadingListStore, planRows } from '../../lib/storage/reading-list-store';

const corpus = papers as Paper[];
const T0 = 1_700_000_000_000;
let factory: IDBFactory;
const local = () => fakeBrowser.storage.local;
const store = (opts: { now?: () => number } = {}) => createIdbReadingListStore({ factory, now: opts.now ?? (() => T0) });
const rows = async () => (await openPaperLensDb(factory)).getAll('papers');
const save = (l: ReadingList, i: number) => ({ list: savePaper(l, corpus[i], T0 + i), result: i });
const saveChange = (i: number, requestId = `save-${i}`) => ({ kind: 'save' as const, requestId, paper: corpus[i] });

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
  factory = new IDBFactory();
});

describe('the paper-lens database', () => {
  it('has one upgrade per version and the stores the list needs', async () => {
    expect(DB_VERSION).toBe(UPGRADES.length);
    const db = await openPaperLensDb(factory);
    expect(db.name).toBe(DB_NAME);
    // Later upgrades add the collection's stores to the same database.
    expect([...db.objectStoreNames]).toEqual(expect.arrayContaining(['corrupt', 'meta', 'papers', 'requests']));
  });
});

describe('changes', () => {
  it('one row per paper; a change writes the changed row only, in one transaction', async () => {
    const s = store();
    for (let i = 0; i < 5; i++) await s.apply(saveChange(i));
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await s.apply({ kind: 'setNote', requestId: 'n', id: corpus[2].id, note: 'read §2' });
    const writes = spy.mock.calls.filter((c) => c[1] === 'readwrite');
    expect(writes).toHaveLength(1);
    const all = await rows();
    expect(all).toHaveLength(5);
    expect(all.find((r) => r.id === corpus[2].id)?.paper).toMatchObject({ note: 'read §2' });
    // Told to the tabs, which watch this key.
    const changedAt = await (await openPaperLensDb(factory)).get('meta', 'changedAt');
    expect((await local().get(LIST_CHANGED_KEY))[LIST_CHANGED_KEY]).toEqual({ at: changedAt });
  });

  it('a notice lost with a stopped worker is sent when the next worker starts, and only then', async () => {
    const lost = vi.fn().mockRejectedValue(new Error('worker stopped'));
    await createIdbReadingListStore({ factory, now: () => T0, notify: lost }).apply(saveChange(0));
    expect(lost).toHaveBeenCalled();
    expect(await local().get(LIST_CHANGED_KEY)).toEqual({});
    await store().load();
    expect((await local().get(LIST_CHANGED_KEY))[LIST_CHANGED_KEY]).toEqual({ at: T0 });
    const spy = vi.spyOn(local(), 'set');
    await store().load();
    expect(spy).not.toHaveBeenCalled();
  });

  it('the plan for a save at the end of a long list is one row', () => {
    let list: ReadingList = { papers: [] };
    for (let i = 0; i < 50; i++) list = savePaper(list, corpus[i], T0 + i);
    const order = new Map(list.papers.map((p, i) => [p.id, i]));
    const next = savePaper(list, corpus[50], T0);
    const plan = planRows({ list, order }, next);
    expect(plan.put.map((r) => r.id)).toEqual([corpus[50].id]);
    expect(plan.deleted).toEqual([]);
    plan.apply(order);
    expect(order.get(corpus[50].id)).toBe(50);
  });

  it('plans keep the order whatever the change: property over random edits, removals and undos', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom('save', 'unsave', 'restore', 'edit'), fc.nat(19), fc.nat(25)), { maxLength: 40 }),
        (steps) => {
          let list: ReadingList = { papers: [] };
          const order = new Map<string, number>();
          const removed: { paper: SavedPaper; index: number }[] = [];
          for (const [kind, i, at] of steps) {
            let next: ReadingList;
            if (kind === 'save') next = savePaper(list, corpus[i], T0 + i);
            else if (kind === 'unsave') {
              const r = removePaper(list, corpus[i].id);
              if (r.removed) removed.push({ paper: r.removed, index: r.index });
              next = r.list;
            } else if (kind === 'restore' && removed.length) {
              const r = removed.pop()!;
              next = restorePaper(list, r.paper, Math.min(at, r.index));
            } else next = updatePaper(list, corpus[i].id, { note: `n${at}` });
            const plan = planRows({ list, order }, next);
            plan.apply(order);
            list = next;
            // Reading the rows back by order gives the list.
            const ids = [...order.entries()].sort((x, y) => x[1] - y[1]).map(([id]) => id);
            expect(ids).toEqual(list.papers.map((p) => p.id));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a repeated request id gets the first answer and writes nothing', async () => {
    const s = store();
    const first = await s.apply(saveChange(0, 'click-1'));
    await s.apply({ kind: 'unsave', requestId: 'click-2', id: corpus[0].id });
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    // The save's retry arrives late: the paper stays unsaved (the toggle bug of issue 17).
    expect(await s.apply(saveChange(0, 'click-1'))).toEqual(first);
    expect(spy.mock.calls.filter((c) => c[1] === 'readwrite')).toHaveLength(0);
    expect((await s.load()).list.papers).toEqual([]);
  });

  it('request ids outlive the worker: a new store (a restarted worker) still knows them', async () => {
    await store().apply(saveChange(0, 'click-1'));
    await store().apply({ kind: 'unsave', requestId: 'click-2', id: corpus[0].id });
    await store().apply(saveChange(0, 'click-1'));
    expect((await store().load()).list.papers).toEqual([]);
  });

  it('a refused edit is refused again on retry, even after the paper was saved', async () => {
    const s = store();
    const edit = { kind: 'setTags' as const, requestId: 'tags-1', id: corpus[0].id, tags: ['x'] };
    await expect(s.apply(edit)).rejects.toThrow(/not in the reading list/);
    await s.apply(saveChange(0));
    await expect(s.apply(edit)).rejects.toThrow(/not in the reading list/);
    expect((await s.load()).list.papers[0].tags).toEqual([]);
  });

  it('50 concurrent saves all land, in order', async () => {
    const s = store();
    await Promise.all(corpus.slice(0, 50).map((_, i) => s.apply(saveChange(i))));
    expect((await store().load()).list.papers.map((p) => p.id)).toEqual(corpus.slice(0, 50).map((p) => p.id));
  });

  it('order survives removals and undo at an index, across restarts', async () => {
    const s = store();
    for (let i = 0; i < 4; i++) await s.apply(saveChange(i));
    const { removed, index } = await s.apply({ kind: 'unsave', requestId: 'u', id: corpus[1].id });
    await s.apply({ kind: 'restore', requestId: 'r', paper: removed!, index });
    await s.apply({ kind: 'unsave', requestId: 'u0', id: corpus[0].id });
    const { removed: r0 } = await s.apply({ kind: 'unsave', requestId: 'u2', id: corpus[2].id });
    await s.apply({ kind: 'restore', requestId: 'r0', paper: r0!, index: 0 });
    expect((await store().load()).list.papers.map((p) => p.id)).toEqual([2, 1, 3].map((i) => corpus[i].id));
  });

  it('update (a function of the list) still works and writes nothing when nothing changed', async () => {
    const s = store();
    expect(await s.update((l) => save(l, 0))).toBe(0);
    const spy = vi.spyOn(IDBDatabase.prototype, 'transaction');
    await s.update((l) => save(l, 0));
    expect(spy.mock.calls.filter((c) => c[1] === 'readwrite')).toHaveLength(0);
  });

  it('a failed transaction leaves the stored and the cached list as they were, and the queue keeps working', async () => {
    const s = store();
    await s.apply(saveChange(0));
    const put = vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementationOnce(() => {
      throw new DOMException('disk full', 'QuotaExceededError');
    });
    await expect(s.apply(saveChange(1))).rejects.toThrow(/disk full/);
    put.mockRestore();
    expect((await s.load()).list.papers.map((p) => p.id)).toEqual([corpus[0].id]);
    expect((await rows()).map((r) => r.id)).toEqual([corpus[0].id]);
    // Not remembered either: the retry of the failed request applies it.
    await s.apply(saveChange(1));
    expect((await store().load()).list.papers.map((p) => p.id)).toEqual([corpus[0].id, corpus[1].id]);
  });

  it('never hands out an object a caller could change the stored state through', async () => {
    const s = store();
    await s.apply(saveChange(0));
    const { list } = await s.load();
    expect(() => list.papers[0].tags.push('mutated')).toThrow(TypeError);
    expect(() => list.papers.pop()).toThrow(TypeError);
    expect((await s.load()).list.papers[0].tags).toEqual([]);
  });
});

describe('damaged rows are kept aside, recovered and reported', () => {
  it('a row that fails validation is copied to corrupt; what can be read stays', async () => {
    await store().apply(saveChange(0));
    const db = await openPaperLensDb(factory);
    await db.put('papers', {
      id: 'a',
      order: 5,
      paper: { id: 'a', title: 'Good enough', note: 'keep me', savedAt: 'yesterday' },
    });
    await db.put('papers', { id: 'b', order: 6, paper: 'junk' });
    db.close();
    const { list, warning } = await store().load();
    expect(list.papers.map((p) => [p.id, p.note])).toEqual([
      [corpus[0].id, ''],
      ['a', 'keep me'],
    ]);
    expect(warning).toMatch(/2 saved papers could not be read; 1 recovered/);
    const kept = await (await openPaperLensDb(factory)).getAll('corrupt');
    expect(kept.map((k) => (k.value as { id: string }).id)).toEqual(['a', 'b']);
    expect(kept[1].value).toMatchObject({ paper: 'junk' });
    // Recovery is written once: the next start is clean.
    expect((await store().load()).warning).toBeUndefined();
  });
});

describe('first start: the storage.local record moves in', () => {
  const v1Record = {
    schemaVersion: 1,
    list: {
      papers: [
        {
          id: '1909.11740',
          title: 'UNITER',
          authors: ['Yen-Chun Chen'],
          links: {},
          savedAt: T0,
          tags: 'vision, pretraining',
          note: 'read §3',
        },
        { id: 'pl-abc', title: 'No arXiv', authors: [], links: {}, savedAt: T0 + 1, tags: '', note: '' },
      ],
    },
  };

  it('a v1 record is migrated, copied in one transaction, and the old key removed only after', async () => {
    await local().set({ [STORAGE_KEY]: v1Record, [BACKUP_KEY]: { at: T0, record: v1Record } });
    const removeSpy = vi.spyOn(local(), 'remove');
    const s = store();
    const { list, warning } = await s.load();
    expect(warning).toBeUndefined();
    expect(list.papers.map((p) => [p.id, p.tags, p.read])).toEqual([
      ['1909.11740', ['vision', 'pretraining'], false],
      ['pl-abc', [], false],
    ]);
    expect((await rows()).length).toBe(2);
    expect(removeSpy).toHaveBeenCalled();
    expect(await local().get(STORAGE_KEY)).toEqual({});
    expect(await s.hasBackup()).toEqual({ at: T0, count: 2 });
    expect(await (await openPaperLensDb(factory)).get('meta', 'schemaVersion')).toBe(SCHEMA_VERSION);
  });

  it('if the copy fails, the old key stays and the next start tries again', async () => {
    await local().set({ [STORAGE_KEY]: v1Record });
    const original = IDBDatabase.prototype.transaction;
    let failed = false;
    const tx = vi.spyOn(IDBDatabase.prototype, 'transaction').mockImplementation(function (this: IDBDatabase, ...args) {
      if (args[1] === 'readwrite' && !failed) {
        failed = true;
        throw new DOMException('worker stopped', 'AbortError');
      }
      return original.apply(this, args);
    });
    await expect(store().load()).rejects.toThrow(/worker stopped/);
    tx.mockRestore();
    expect((await local().get(STORAGE_KEY))[STORAGE_KEY]).toEqual(v1Record);
    expect((await store().load()).list.papers).toHaveLength(2);
    expect(await local().get(STORAGE_KEY)).toEqual({});
  });

  it('stopped after the copy committed but before the old key was removed: nothing is copied twice', async () => {
    await local().set({ [STORAGE_KEY]: v1Record });
    vi.spyOn(local(), 'remove').mockRejectedValueOnce(new Error('worker stopped'));
    const s1 = store();
    await s1.load();
    await s1.apply({ kind: 'unsave', requestId: 'u', id: 'pl-abc' });
    expect((await local().get(STORAGE_KEY))[STORAGE_KEY]).toBeDefined();
    const { list } = await store().load();
    expect(list.papers.map((p) => p.id)).toEqual(['1909.11740']);
    expect(await local().get(STORAGE_KEY)).toEqual({});
  });

  it('a damaged record: recovered papers move in, the original is kept in corrupt, the user warned', async () => {
    await local().set({ [STORAGE_KEY]: { schemaVersion: 2, list: { papers: [{ id: 'x', title: 'Salvage me' }, 3] } } });
    const { list, warning } = await store().load();
    expect(list.papers.map((p) => p.id)).toEqual(['x']);
    expect(warning).toMatch(/could not be read.*1 paper was recovered/);
    const kept = await (await openPaperLensDb(factory)).getAll('corrupt');
    expect(kept).toMatchObject([{ from: 'storage.local' }]);
  });
});

describe('backup before import', () => {
  it('backs up, reports, restores once (one transaction)', async () => {
    const s = store();
    await s.apply(saveChange(0));
    await s.backupBeforeImport();
    await s.apply({ kind: 'merge', requestId: 'imp', papers: [savePaper({ papers: [] }, corpus[1], T0).papers[0]] });
    expect(await s.hasBackup()).toEqual({ at: T0, count: 1 });
    expect(await s.restoreBackup()).toBe(true);
    expect((await store().load()).list.papers.map((p) => p.id)).toEqual([corpus[0].id]);
    expect(await s.hasBackup()).toBeNull();
    expect(await s.restoreBackup()).toBe(false);
  });
});
