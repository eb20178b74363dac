/**
 * The reading list in IndexedDB (`lib/storage/db.ts`): one row per paper, one
 * transaction per change, so a save at 100,000 papers writes one row and one
 * request-id row instead of a 40 MB record, and no quota stops a large list
 * (`unlimitedStorage`, see wxt.config.ts). Same contract as the one-key store
 * in lib/reading-list/storage.ts (`ReadingListStore`): one promise queue, one
 * atomic write per change, nothing written when nothing changed, the schema
 * version and its migrations, and data that fails validation kept aside (the
 * `corrupt` store), never dropped.
 *
 * The store keeps the list in memory after the first read: the worker is the
 * only writer (popup and content scripts send messages), and within one worker
 * lifetime every write goes through this queue. The papers it hands out are
 * frozen, so that no caller can change the cached state behind its back.
 *
 * On first start the old one-key record in `storage.local` is copied in, in
 * one transaction, and removed only after that transaction committed; a worker
 * stopped in between finds it imported (`meta.legacyImported`) and only
 * removes it.
 */
import { browser } from 'wxt/browser';
import { applyOnce, REQUEST_LOG_SIZE, RequestLog, type Change, type ChangeResults } from '../reading-list/changes';
import { isObject } from '../core/values';
import type { ReadingList, SavedPaper } from '../reading-list/list';
import {
  interpretRecord,
  LIST_CHANGED_KEY,
  migrateRecord,
  recoverPapers,
  SCHEMA_VERSION,
  type LoadResult,
  type ReadingListStore,
  type StorageAreaLike,
  type StoredBackup,
  type StoredRecord,
} from '../reading-list/storage';
import { openPaperLensDb } from './db';
import { applyKeyed, isKeyed, keyedReady, savedAmong, WHOLE_LIST, type Loaded, type State } from './reading-list-keyed';
import {
  freezeList,
  freezePaper,
  importLegacy,
  readLegacy,
  META,
  planRows,
  quiet,
  readRows,
  reuse,
  type WriteTx,
} from './reading-list-rows';

export { planRows, type RowPlan } from './reading-list-rows';

/** What the store is made with; all optional. */
export interface IdbStoreOptions {
  /** The IndexedDB factory (default: the context's `indexedDB`). */
  factory?: IDBFactory;
  /** Where the old one-key record may be (default `browser.storage.local`); null: none. */
  legacy?: StorageAreaLike | null;
  /** Told after every committed change (default: writes `LIST_CHANGED_KEY` to `browser.storage.local`, which tabs watch). */
  notify?: (at: number) => Promise<void>;
  /** The time the last notice carried (default: read from `LIST_CHANGED_KEY`). */
  notified?: () => Promise<number | undefined>;
  now?: () => number;
}

/** The store. Create one per context (the background). */
export function createIdbReadingListStore(options: IdbStoreOptions = {}): ReadingListStore {
  const now = options.now ?? Date.now;
  const legacy = options.legacy === undefined ? (browser.storage.local as unknown as StorageAreaLike) : options.legacy;
  const notify =
    options.notify ?? ((at: number) => (browser.storage.local as unknown as StorageAreaLike).set({ [LIST_CHANGED_KEY]: { at } }));
  const notified =
    options.notified ??
    (async () => {
      const v = (await (browser.storage.local as unknown as StorageAreaLike).get(LIST_CHANGED_KEY))[LIST_CHANGED_KEY];
      return isObject(v) && typeof v.at === 'number' ? v.at : undefined;
    });
  let state: Promise<State> | undefined;
  let queue: Promise<unknown> = Promise.resolve();
  /** The tabs' notice of the last commit: sent after its answer, before the next task starts. */
  let notice: Promise<void> = Promise.resolve();

  function enqueue<T>(task: (s: State) => Promise<T>): Promise<T> {
    const run = queue.then(async () => task(await open()));
    // The answer goes out as soon as the change committed; the notice (a storage.local write) follows, and the
    // next task waits for it, so notices go out in commit order and a read after a change sees it sent.
    queue = run.catch(() => undefined).then(() => notice);
    return run;
  }

  function open(): Promise<State> {
    const opening = (state ??= startStore(d));
    // A failed start (IndexedDB unavailable for a moment) is tried again on the next call.
    opening.catch(() => {
      if (state === opening) state = undefined;
    });
    return opening;
  }

  const d: StoreDeps = {
    now,
    legacy,
    notify: (at) => (notice = notify(at).catch(() => undefined)),
    notified,
    factory: options.factory,
    // A newer Paper Lens asked to upgrade the database: this connection closed; the next task opens it again.
    closed: () => (state = undefined),
  };
  /** The whole list, read once per worker start, when something first needs it (the popup, an import, a search). */
  const whole = async (s: State): Promise<Loaded> => (s.loaded ??= await loadWhole(d, s));

  return {
    load() {
      return enqueue(async (s) => {
        // The cached list itself, frozen: no copy of 100,000 papers per read, and no caller can change it.
        const out: LoadResult = { list: (await whole(s)).list };
        if (s.warning) out.warning = s.warning;
        // Said once, as the one-key store does once its recovery is written.
        s.warning = undefined;
        return out;
      });
    },

    update(change) {
      return enqueue(async (s) => {
        const held = (await whole(s)).list;
        const { list, result } = change(held);
        if (list !== held) await commitChange(d, s, list);
        return result;
      });
    },

    savedAmong(ids) {
      return enqueue(async (s) => {
        const found = keyedReady(s) ? await savedAmong(s, ids) : WHOLE_LIST;
        if (found !== WHOLE_LIST) return found;
        // Rows of an older schema, or one that fails validation: the whole read migrates them (or keeps them aside).
        await whole(s);
        return (await savedAmong(s, ids)) as Map<string, SavedPaper>;
      });
    },

    apply<C extends Change>(change: C) {
      return enqueue(async (s): Promise<ChangeResults[C['kind']]> => {
        // One paper's change touches its row alone, whether or not the whole list was read (issue 17).
        if (isKeyed(change) && keyedReady(s)) {
          const done = await applyKeyed(d, s, change);
          if (done !== WHOLE_LIST) return done as ChangeResults[C['kind']];
        }
        return applyWhole(d, s, (await whole(s)).list, change);
      });
    },

    backupBeforeImport() {
      return enqueue(async (s) => {
        const backup: StoredBackup = {
          at: now(),
          record: { schemaVersion: SCHEMA_VERSION, list: (await whole(s)).list } satisfies StoredRecord,
        };
        await s.db.put('meta', backup, META.importBackup);
      });
    },

    restoreBackup() {
      return enqueue(async (s) => {
        const backup = await s.db.get('meta', META.importBackup);
        if (!isObject(backup) || backup.record === undefined) return false;
        const { papers } = interpretRecord(backup.record, now());
        await commitChange(d, s, { papers: reuse((await whole(s)).list, papers) }, (tx) =>
          quiet(tx.objectStore('meta').delete(META.importBackup)),
        );
        return true;
      });
    },

    hasBackup() {
      return enqueue(async (s) => {
        const backup = await s.db.get('meta', META.importBackup);
        if (!isObject(backup) || typeof backup.at !== 'number') return null;
        const migrated = migrateRecord(backup.record);
        const count = migrated.ok ? migrated.record.list.papers.length : recoverPapers(backup.record, now()).length;
        return { at: backup.at, count };
      });
    },
  };
}

/** What the store's start and commits need, resolved from `IdbStoreOptions`. */
interface StoreDeps {
  now: () => number;
  legacy: StorageAreaLike | null;
  notify: (at: number) => Promise<void>;
  notified: () => Promise<number | undefined>;
  factory?: IdbStoreOptions['factory'];
  /** Told when the connection was closed for a newer version's upgrade. */
  closed: () => void;
}

/**
 * Opens the database, copies the old record in once, reads the request log
 * and the commit time. The rows are not read: one paper's change or lookup
 * reads its row, and the whole list is read when first needed (`loadWhole`).
 */
async function startStore(d: StoreDeps): Promise<State> {
  // Reads that do not wait for each other go side by side: in a cold worker, one after another they were
  // most of the first search's wait for the list (lib/worker/handlers/search.ts).
  const legacy = d.legacy ? readLegacy(d.legacy) : undefined;
  legacy?.catch(() => undefined);
  const notified = d.notified().catch(() => undefined);
  const db = await openPaperLensDb(d.factory, { onClosed: d.closed });
  const warnings: string[] = [];
  if (d.legacy) {
    const w = await importLegacy(db, d.legacy, d.now(), legacy);
    if (w) warnings.push(w);
  }
  const [requests, changedAt, version] = await Promise.all([
    db.getAllFromIndex('requests', 'at'),
    db.get('meta', META.changedAt),
    db.get('meta', META.schemaVersion),
  ]);
  // A worker stopped between a commit and its notice left tabs showing the old state: send the notice now.
  if (typeof changedAt === 'number' && changedAt !== (await notified)) await d.notify(changedAt).catch(() => undefined);
  return {
    db,
    log: new RequestLog(requests, REQUEST_LOG_SIZE),
    changedAt: typeof changedAt === 'number' ? changedAt : 0,
    version,
    warning: warnings.join(' ') || undefined,
  };
}

/** Reads every row (migrated, validated, damaged ones kept aside) into the list the store then holds. */
async function loadWhole(d: StoreDeps, s: State): Promise<Loaded> {
  const { list, order, warning } = await readRows(s.db, d.now());
  if (warning) s.warning = s.warning ? `${s.warning} ${warning}` : warning;
  s.version = SCHEMA_VERSION;
  const held = freezeList(list);
  return { list: held, order, byId: new Map(held.papers.map((p) => [p.id, p])) };
}

/** A change of the whole list (an import, a restore, an undo at an index): `applyOnce` over it, one commit. */
async function applyWhole<C extends Change>(
  d: StoreDeps,
  s: State,
  held: ReadingList,
  change: C,
): Promise<ChangeResults[C['kind']]> {
  const r = applyOnce(held, s.log, change, d.now());
  const backupFirst = change.kind === 'merge' && change.backupFirst === true;
  if (!r.repeated && (r.remember || r.list !== held || backupFirst)) {
    const remember = r.remember;
    const evicted = remember ? s.log.evictedBy(remember) : [];
    await commitChange(d, s, r.list, (tx) => {
      if (backupFirst) {
        const backup: StoredBackup = { at: d.now(), record: { schemaVersion: SCHEMA_VERSION, list: held } };
        quiet(tx.objectStore('meta').put(backup, META.importBackup));
      }
      if (!remember) return;
      const requests = tx.objectStore('requests');
      quiet(requests.put(remember));
      for (const id of evicted) quiet(requests.delete(id));
    });
    if (remember) s.log.add(remember);
  }
  if (r.error) throw new Error(r.error);
  return r.result!;
}

/**
 * Writes `next` over the held list: the rows of papers that are new or changed
 * (by object identity: the list operations return the same object for an
 * untouched paper), deleted rows, and `extra` writes, all in one transaction.
 */
async function commitChange(d: StoreDeps, s: State, next: ReadingList, extra?: (tx: WriteTx) => void): Promise<void> {
  const held = s.loaded!;
  const plan = planRows(held, next);
  const tx = s.db.transaction(['papers', 'requests', 'meta'], 'readwrite', { durability: 'strict' });
  const papers = tx.objectStore('papers');
  for (const id of plan.deleted) quiet(papers.delete(id));
  for (const row of plan.put) quiet(papers.put(row));
  extra?.(tx);
  const at = Math.max(d.now(), s.changedAt + 1);
  quiet(tx.objectStore('meta').put(at, META.changedAt));
  await tx.done;
  for (const row of plan.put) held.byId.set(row.id, freezePaper(row.paper as SavedPaper));
  for (const id of plan.deleted) held.byId.delete(id);
  held.list = freezeList(next);
  plan.apply(held.order);
  s.changedAt = at;
  // Not awaited: the caller answers now; the store's queue sends the notice before its next task.
  void d.notify(at);
}
