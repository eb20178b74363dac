import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { emptyReadingList, savePaper, updatePaper, type ReadingList } from '../../lib/reading-list/list';
import {
  BACKUP_KEY,
  CORRUPT_KEY_PREFIX,
  migrateRecord,
  MIGRATIONS,
  SCHEMA_VERSION,
  REQUESTS_KEY,
  STORAGE_KEY,
} from '../../lib/reading-list/storage';
import { createReadingListStore } from '../../lib/reading-list/local-store';

const corpus = papers as Paper[];
const T0 = 1_700_000_000_000;
const local = () => fakeBrowser.storage.local;
const stored = async (key = STORAGE_KEY) => (await local().get(key))[key];

/** What the first release (schema v1) wrote. */
const v1Record = {
  schemaVersion: 1,
  list: {
    papers: [
      {
        id: '1909.11740',
        title: 'UNITER: UNiversal Image-TExt Representation Learning',
        authors: ['Yen-Chun Chen'],
        year: 2019,
        links: { abs: 'https://arxiv.org/abs/1909.11740' },
        savedAt: T0,
        tags: 'vision, pretraining,  ,Vision',
        note: 'read §3',
      },
      { id: 'pl-abc', title: 'No arXiv', authors: [], links: {}, savedAt: T0 + 1, tags: '', note: '' },
    ],
  },
};

function save(list: ReadingList, i: number) {
  return { list: savePaper(list, corpus[i], T0 + i), result: i };
}

beforeEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

describe('schema and migrations', () => {
  it('has one ordered step per version', () => {
    expect(SCHEMA_VERSION).toBe(3);
    MIGRATIONS.forEach((m, i) => {
      expect(m.from).toBe(i + 1);
      expect(m.to).toBe(i + 2);
    });
  });

  it('v1 → v2: comma-string tags become an array, read and source are added', () => {
    const v2 = MIGRATIONS[0].migrate(structuredClone(v1Record));
    expect(v2.schemaVersion).toBe(2);
    const [a, b] = (v2.list as ReadingList).papers;
    expect(a).toMatchObject({ tags: ['vision', 'pretraining', 'Vision'], read: false, source: 'page', note: 'read §3' });
    expect(b).toMatchObject({ tags: [], read: false, source: 'page' });
    const full = migrateRecord(v1Record);
    expect(full.ok && full.record.list.papers[0].tags).toEqual(['vision', 'pretraining']);
  });

  it('loads a v1 record without a warning and writes the current version on the next change', async () => {
    await local().set({ [STORAGE_KEY]: v1Record });
    const store = createReadingListStore();
    const { list, warning } = await store.load();
    expect(warning).toBeUndefined();
    expect(list.papers.map((p) => p.id)).toEqual(['1909.11740', 'pl-abc']);
    expect(list.papers[0].links.pdf).toBe('https://arxiv.org/pdf/1909.11740');
    await store.update((l) => ({ list: updatePaper(l, 'pl-abc', { read: true }), result: null }));
    expect(await stored()).toMatchObject({
      schemaVersion: SCHEMA_VERSION,
      list: { papers: [{ tags: ['vision', 'pretraining'] }, { read: true }] },
    });
  });
});

describe('reading and writing', () => {
  it('starts empty and writes one record { schemaVersion, list } under one key', async () => {
    const store = createReadingListStore();
    expect(await store.load()).toEqual({ list: emptyReadingList() });
    const setSpy = vi.spyOn(local(), 'set');
    expect(await store.update((l) => save(l, 0))).toBe(0);
    expect(setSpy).toHaveBeenCalledTimes(1);
    expect(Object.keys(setSpy.mock.calls[0][0])).toEqual([STORAGE_KEY]);
    expect(await stored()).toEqual({ schemaVersion: SCHEMA_VERSION, list: (await store.load()).list });
  });

  it('does not write when the change returns the same list', async () => {
    const store = createReadingListStore();
    await store.update((l) => save(l, 0));
    const setSpy = vi.spyOn(local(), 'set');
    await store.update((l) => save(l, 0)); // already saved, nothing new
    expect(setSpy).not.toHaveBeenCalled();
  });

  it('50 concurrent saves all land', async () => {
    const store = createReadingListStore();
    const results = await Promise.all(corpus.slice(0, 50).map((_, i) => store.update((l) => save(l, i))));
    expect(results).toEqual([...Array(50).keys()]);
    const { list } = await store.load();
    expect(list.papers.map((p) => p.id)).toEqual(corpus.slice(0, 50).map((p) => p.id));
  });

  it('two stores (two service-worker lifetimes) see each other’s writes', async () => {
    await createReadingListStore().update((l) => save(l, 0));
    const { list } = await createReadingListStore().load();
    expect(list.papers).toHaveLength(1);
  });

  it('an interrupted write (set rejects) leaves the old state and the queue keeps working', async () => {
    const store = createReadingListStore();
    await store.update((l) => save(l, 0));
    const before = structuredClone(await stored());
    vi.spyOn(local(), 'set').mockRejectedValueOnce(new Error('QUOTA_BYTES quota exceeded'));
    await expect(store.update((l) => save(l, 1))).rejects.toThrow(/quota/);
    expect(await stored()).toEqual(before);
    await store.update((l) => save(l, 2));
    expect((await store.load()).list.papers.map((p) => p.id)).toEqual([corpus[0].id, corpus[2].id]);
  });

  it('a set that throws synchronously or a change that throws also leaves the old state', async () => {
    const store = createReadingListStore();
    await store.update((l) => save(l, 0));
    const before = structuredClone(await stored());
    vi.spyOn(local(), 'set').mockImplementationOnce(() => {
      throw new Error('worker stopped');
    });
    await expect(store.update((l) => save(l, 1))).rejects.toThrow('worker stopped');
    await expect(
      store.update(() => {
        throw new Error('bad change');
      }),
    ).rejects.toThrow('bad change');
    expect(await stored()).toEqual(before);
  });

  it('never hands out the object the storage area holds', async () => {
    const store = createReadingListStore();
    await store.update((l) => save(l, 0));
    const { list } = await store.load();
    list.papers[0].tags.push('mutated');
    list.papers.pop();
    expect((await store.load()).list.papers[0].tags).toEqual([]);
  });
});

describe('damaged data is kept, recovered and reported', () => {
  const store = () => createReadingListStore(undefined, { now: () => T0 });
  const corruptKey = `${CORRUPT_KEY_PREFIX}${T0}`;

  it('a record stored as a JSON string is read', async () => {
    await local().set({ [STORAGE_KEY]: JSON.stringify({ schemaVersion: 1, list: v1Record.list }) });
    const { list, warning } = await store().load();
    expect(warning).toBeUndefined();
    expect(list.papers).toHaveLength(2);
  });

  it('garbage: a copy is kept, an empty list returned, and the user warned', async () => {
    await local().set({ [STORAGE_KEY]: '}{ not json at all' });
    const { list, warning } = await store().load();
    expect(list.papers).toEqual([]);
    expect(warning).toMatch(/could not be read/);
    expect(warning).toContain(corruptKey);
    expect(await stored(corruptKey)).toBe('}{ not json at all');
    expect(await stored()).toEqual({ schemaVersion: SCHEMA_VERSION, list: { papers: [] } });
  });

  it('a damaged paper: the copy is kept and every paper with an id and title recovered', async () => {
    const damaged = {
      schemaVersion: 2,
      list: {
        papers: [
          { id: 'a', title: 'Good enough', tags: ['x'], note: 'keep me' },
          { id: 'b' },
          'junk',
          { id: 'c', title: 'Also here', authors: 'Solo Author', savedAt: 'yesterday' },
        ],
      },
    };
    await local().set({ [STORAGE_KEY]: damaged });
    const result = await store().load();
    expect(result.warning).toMatch(/2 papers were recovered/);
    expect(result.list.papers.map((p) => [p.id, p.title, p.note])).toEqual([
      ['a', 'Good enough', 'keep me'],
      ['c', 'Also here', ''],
    ]);
    expect(result.list.papers[1].authors).toEqual(['Solo Author']);
    expect(await stored(corruptKey)).toEqual(damaged);
  });

  it('an unknown future version: copy kept, papers recovered, warning names the version', async () => {
    const future = {
      schemaVersion: 7,
      list: { items: { papers: [{ id: 'x1', title: 'From the future', tags: ['t'], colour: 'red' }] } },
    };
    await local().set({ [STORAGE_KEY]: future });
    const { list, warning } = await store().load();
    expect(warning).toMatch(/newer version/);
    expect(warning).toMatch(/version 7/);
    expect(list.papers.map((p) => p.id)).toEqual(['x1']);
    expect(await stored(corruptKey)).toEqual(future);
    // Recovery is written once: the next load is clean.
    expect((await store().load()).warning).toBeUndefined();
  });

  it('a warning raised inside update is still delivered by the next load', async () => {
    await local().set({ [STORAGE_KEY]: 42 });
    const s = store();
    await s.update((l) => save(l, 0));
    const { list, warning } = await s.load();
    expect(warning).toMatch(/could not be read/);
    expect(list.papers).toHaveLength(1);
    expect(await stored(corruptKey)).toBe(42);
  });

  it('if writing the recovery fails, the original stays where it was', async () => {
    await local().set({ [STORAGE_KEY]: 'garbage' });
    vi.spyOn(local(), 'set').mockRejectedValueOnce(new Error('disk full'));
    const { warning } = await store().load();
    expect(warning).toMatch(/left untouched/);
    expect(await stored()).toBe('garbage');
  });
});

describe('backup before import', () => {
  it('backs up, reports, restores once', async () => {
    const store = createReadingListStore(undefined, { now: () => T0 });
    expect(await store.hasBackup()).toBeNull();
    expect(await store.restoreBackup()).toBe(false);
    await store.update((l) => save(l, 0));
    await store.backupBeforeImport();
    await store.update((l) => save(save(l, 1).list, 2));
    expect(await store.hasBackup()).toEqual({ at: T0, count: 1 });
    expect(await store.restoreBackup()).toBe(true);
    expect((await store.load()).list.papers.map((p) => p.id)).toEqual([corpus[0].id]);
    expect(await store.hasBackup()).toBeNull();
    expect(await stored(BACKUP_KEY)).toBeUndefined();
  });

  it('a backup of an empty list restores to empty', async () => {
    const store = createReadingListStore();
    await store.backupBeforeImport();
    await store.update((l) => save(l, 0));
    expect(await store.hasBackup()).toMatchObject({ count: 0 });
    await store.restoreBackup();
    expect((await store.load()).list.papers).toEqual([]);
  });
});

describe('idempotent changes in the one-key store', () => {
  it('remembers request ids in the same set as the change: a late retry gets the first answer', async () => {
    const store = createReadingListStore(undefined, { now: () => T0 });
    const setSpy = vi.spyOn(local(), 'set');
    const first = await store.apply({ kind: 'save', requestId: 'click-1', paper: corpus[0] });
    expect(setSpy).toHaveBeenCalledTimes(1);
    expect(Object.keys(setSpy.mock.calls[0][0]).sort()).toEqual([STORAGE_KEY, REQUESTS_KEY].sort());
    await store.apply({ kind: 'unsave', requestId: 'click-2', id: corpus[0].id });
    expect(await createReadingListStore().apply({ kind: 'save', requestId: 'click-1', paper: corpus[0] })).toEqual(first);
    expect((await store.load()).list.papers).toEqual([]);
  });
});
