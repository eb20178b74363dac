/**
 * The worker's copy of the reading list, and the saved papers from outside the
 * corpus that it keeps in the search index. Every write goes through the one
 * queue of the storage module (lib/reading-list/storage.ts), which makes one
 * atomic write per change; this cache only remembers the list that queue last
 * read back, so it needs no queue of its own.
 *
 * Reads wait for the changes before them: after each write a `load` is queued
 * behind it in the store, and reads return that load. A tab told by
 * `storage.onChanged` that the list changed is never answered from the state
 * before the change. Until something asks for the whole list, nothing reads
 * it: one paper's change and `saved` work on rows (lib/storage/reading-list-keyed.ts).
 */
import { changedWindow, type Change, type ChangeResults } from '../reading-list/changes';
import type { ReadingList, SavedPaper } from '../reading-list/list';
import type { LoadResult, ReadingListStore } from '../reading-list/storage';
import { removePaperFromIndex, upsertPaper } from '../search';
import type { Corpus } from './corpus';

/** The cached reading list. */
export interface ListCache {
  /** The list after every change sent before this call (the whole list: read once per worker start, when first asked). */
  read(): Promise<LoadResult>;
  /** The saved papers among `ids`, after every change sent before this call, without reading the whole list. */
  saved(ids: readonly string[]): Promise<Map<string, SavedPaper>>;
  /** Changes the list (one atomic write in the store's queue) and returns `change`'s result. */
  change<T>(change: (list: ReadingList) => { list: ReadingList; result: T }): Promise<T>;
  /** Applies an idempotent change with its request id (lib/reading-list/changes.ts): a repeated id gets its first answer. */
  apply<C extends Change>(change: C): Promise<ChangeResults[C['kind']]>;
  /** Runs any other store write (restoring a backup) the same way: the cache reloads after it. */
  write<T>(task: (store: ReadingListStore) => Promise<T>): Promise<T>;
  /** Puts the saved papers from outside the corpus into the index again (after its abstracts part loaded). */
  reindexAll(corpus: Corpus): void;
}

/**
 * A cache over `store`; `corpus` gives the search corpus whose index the saved papers join, if it is
 * loaded (pages never load it; it calls `reindexAll` when it does).
 */
export function createListCache(store: ReadingListStore, corpus: () => Corpus | undefined): ListCache {
  let current: Promise<LoadResult> | undefined;
  let latest: LoadResult | undefined;
  /** Saved papers outside the corpus, so that search finds them too. */
  const indexedSaved = new Set<string>();

  /** The list the index was last brought in line with. */
  let synced: ReadingList | undefined;

  /** Keeps saved papers from outside the corpus in the index; `all` re-adds them (after the abstracts part loaded). */
  function syncIndex(c: Corpus, l: ReadingList, all = false) {
    if (!all && synced) {
      // Only the papers the change touched (a save at 100,000 papers must not walk the list: issue 17).
      const { removed, added } = changedWindow(synced, l);
      const now = new Set(added.map((p) => p.id));
      for (const p of removed) {
        if (!now.has(p.id) && indexedSaved.delete(p.id)) removePaperFromIndex(c.index, p.id);
      }
      for (const p of added) {
        if (!c.has(p.id) && !indexedSaved.has(p.id)) {
          upsertPaper(c.index, { ...p, abstract: p.abstract ?? '' });
          indexedSaved.add(p.id);
        }
      }
      synced = l;
      return;
    }
    synced = l;
    const outside = new Set(l.papers.filter((p) => !c.has(p.id)).map((p) => p.id));
    for (const id of indexedSaved) if (!outside.has(id)) removePaperFromIndex(c.index, id);
    for (const p of l.papers) {
      if (outside.has(p.id) && (all || !indexedSaved.has(p.id))) upsertPaper(c.index, { ...p, abstract: p.abstract ?? '' });
    }
    indexedSaved.clear();
    outside.forEach((id) => indexedSaved.add(id));
  }

  /** Queues a load behind whatever the store is doing; it becomes what reads return. */
  function reload(): Promise<LoadResult> {
    const next = store.load().then((loaded) => {
      const c = corpus();
      if (c) syncIndex(c, loaded.list);
      latest = loaded;
      return loaded;
    });
    current = next;
    // A failed load is not kept: the next read tries again.
    next.catch(() => {
      if (current === next) current = undefined;
    });
    return next;
  }

  async function write<T>(task: (s: ReadingListStore) => Promise<T>): Promise<T> {
    const result = task(store);
    // Queued behind the write: every read from now on (a tab told of the change, a search) sees it, and the
    // index shows it before that read answers. The writer's own answer does not wait for it (issue 17: save →
    // "Saved" within 100 ms). Nothing read the whole list yet: it stays unread (the next `read` reads it).
    if (current) reload().catch(() => undefined);
    return result;
  }

  return {
    read: () => current ?? reload(),
    saved: (ids) => store.savedAmong(ids),
    change: (fn) => write((s) => s.update(fn)),
    apply: (c) => write((s) => s.apply(c)),
    write,
    reindexAll(c) {
      if (latest) syncIndex(c, latest.list, true);
    },
  };
}
