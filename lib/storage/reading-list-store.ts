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
import { applyOnce, changedWindow, REQUEST_LOG_SIZE, RequestLog, type Change, type ChangeResults } from '../reading-list/changes';
import { isObject } from '../core/values';
import { mergeLists, type ReadingList, type SavedPaper } from '../reading-list/list';
import { salvagePaper } from '../reading-list/read';
import {
  BACKUP_KEY,
  interpretRecord,
  LIST_CHANGED_KEY,
  migrateRecord,
  recoverPapers,
  REQUESTS_KEY,
  SCHEMA_VERSION,
  STORAGE_KEY,
  type LoadResult,
  type ReadingListStore,
  type StorageAreaLike,
  type StoredBackup,
  type StoredRecord,
} from '../reading-list/storage';
import type { IDBPTransaction } from 'idb';
import { openPaperLensDb, type CorruptRow, type PaperLensDB, type PaperLensDatabase, type PaperRow } from './db';

/** `meta` keys. */
const META = {
  /** Schema version (`SCHEMA_VERSION`) of the paper rows. */
  schemaVersion: 'schemaVersion',
  /** When the old `storage.local` record was copied in. */
  legacyImported: 'legacyImported',
  /** The list as it was before the last import (`StoredBackup`), for "undo import". */
  importBackup: 'importBackup',
  /** When the last change committed: the notice tabs watch carries the same time once it was sent. */
  changedAt: 'changedAt',
} as const;

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

interface State {
  db: PaperLensDatabase;
  list: ReadingList;
  /** Each paper's row order, by id. */
  order: Map<string, number>;
  log: RequestLog;
  /** When the last change committed (strictly increasing, so that every notice differs from the last). */
  changedAt: number;
  warning?: string;
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

  function enqueue<T>(task: (s: State) => Promise<T>): Promise<T> {
    const run = queue.then(async () => task(await open()));
    queue = run.catch(() => undefined);
    return run;
  }

  function open(): Promise<State> {
    state ??= start();
    // A failed start (IndexedDB unavailable for a moment) is tried again on the next call.
    state.catch(() => (state = undefined));
    return state;
  }

  async function start(): Promise<State> {
    const db = await openPaperLensDb(options.factory);
    const warnings: string[] = [];
    if (legacy) {
      const w = await importLegacy(db, legacy, now());
      if (w) warnings.push(w);
    }
    const { list, order, warning } = await readRows(db, now());
    if (warning) warnings.push(warning);
    const requests = await db.getAllFromIndex('requests', 'at');
    // A worker stopped between a commit and its notice left tabs showing the old state: send the notice now.
    const changedAt = await db.get('meta', META.changedAt);
    if (typeof changedAt === 'number' && changedAt !== (await notified().catch(() => undefined)))
      await notify(changedAt).catch(() => undefined);
    return {
      db,
      list: freezeList(list),
      order,
      log: new RequestLog(requests, REQUEST_LOG_SIZE),
      changedAt: typeof changedAt === 'number' ? changedAt : 0,
      warning: warnings.join(' ') || undefined,
    };
  }

  /**
   * Writes `next` over `s.list`: the rows of papers that are new or changed
   * (by object identity: the list operations return the same object for an
   * untouched paper), deleted rows, and `extra` writes, all in one transaction.
   */
  async function commit(s: State, next: ReadingList, extra?: (tx: WriteTx) => void): Promise<void> {
    const plan = planRows(s, next);
    const tx = s.db.transaction(['papers', 'requests', 'meta'], 'readwrite', { durability: 'strict' });
    const papers = tx.objectStore('papers');
    for (const id of plan.deleted) quiet(papers.delete(id));
    for (const row of plan.put) quiet(papers.put(row));
    extra?.(tx);
    const at = Math.max(now(), s.changedAt + 1);
    quiet(tx.objectStore('meta').put(at, META.changedAt));
    await tx.done;
    for (const row of plan.put) freezePaper(row.paper as SavedPaper);
    s.list = freezeList(next);
    plan.apply(s.order);
    s.changedAt = at;
    await notify(at).catch(() => undefined);
  }

  return {
    load() {
      return enqueue(async (s) => {
        // The cached list itself, frozen: no copy of 100,000 papers per read, and no caller can change it.
        const out: LoadResult = { list: s.list };
        if (s.warning) out.warning = s.warning;
        // Said once, as the one-key store does once its recovery is written.
        s.warning = undefined;
        return out;
      });
    },

    update(change) {
      return enqueue(async (s) => {
        const { list, result } = change(s.list);
        if (list !== s.list) await commit(s, list);
        return result;
      });
    },

    apply<C extends Change>(change: C) {
      return enqueue(async (s): Promise<ChangeResults[C['kind']]> => {
        const r = applyOnce(s.list, s.log, change, now());
        const backupFirst = change.kind === 'merge' && change.backupFirst === true;
        if (!r.repeated && (r.remember || r.list !== s.list || backupFirst)) {
          const remember = r.remember;
          const evicted = remember ? s.log.evictedBy(remember) : [];
          const before = s.list;
          await commit(s, r.list, (tx) => {
            if (backupFirst) {
              const backup: StoredBackup = { at: now(), record: { schemaVersion: SCHEMA_VERSION, list: before } };
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
      });
    },

    backupBeforeImport() {
      return enqueue(async (s) => {
        const backup: StoredBackup = {
          at: now(),
          record: { schemaVersion: SCHEMA_VERSION, list: s.list } satisfies StoredRecord,
        };
        await s.db.put('meta', backup, META.importBackup);
      });
    },

    restoreBackup() {
      return enqueue(async (s) => {
        const backup = await s.db.get('meta', META.importBackup);
        if (!isObject(backup) || backup.record === undefined) return false;
        const { papers } = interpretRecord(backup.record, now());
        await commit(s, { papers: reuse(s.list, papers) }, (tx) => quiet(tx.objectStore('meta').delete(META.importBackup)));
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

/** The transaction `commit` hands to `extra`. */
type WriteTx = IDBPTransaction<PaperLensDB, ('papers' | 'requests' | 'meta')[], 'readwrite'>;

/** Papers equal to ones already held are replaced by those objects, so that only real changes are written. */
function reuse(current: ReadingList, papers: SavedPaper[]): SavedPaper[] {
  const byId = new Map(current.papers.map((p) => [p.id, p]));
  return papers.map((p) => {
    const old = byId.get(p.id);
    return old && JSON.stringify(old) === JSON.stringify(p) ? old : p;
  });
}

/** The rows one change writes, and how the order map changes once they committed. */
export interface RowPlan {
  put: PaperRow[];
  deleted: string[];
  /** Applies the plan to the order map (after the transaction committed). */
  apply(order: Map<string, number>): void;
}

/**
 * Which rows to write for `next`. Only the window between the unchanged
 * prefix and suffix (same paper objects at the same places: the list
 * operations keep untouched papers as they were) is looked at, so a save at
 * 100,000 papers plans in well under a millisecond instead of walking the
 * list. Orders only grow along the list; a paper in the window keeps its order
 * (and is not rewritten) when it is the same object at an order still in
 * sequence, and a new or moved one gets an order between its neighbours. When
 * floating point runs out of room between them, every row is renumbered (still
 * one transaction).
 */
export function planRows(s: Pick<State, 'list' | 'order'>, next: ReadingList): RowPlan {
  const a = s.list.papers;
  const b = next.papers;
  const { start: lo, prevEnd: hiA, nextEnd: hiB, removed, added } = changedWindow(s.list, next);
  const before = new Map(removed.map((p) => [p.id, p]));
  const inWindow = new Set(added.map((p) => p.id));
  const orderOf = (p: SavedPaper | undefined) => (p ? s.order.get(p.id) : undefined);
  let last = lo > 0 ? (orderOf(a[lo - 1]) ?? -Infinity) : -Infinity;
  const ceiling = hiA < a.length ? (orderOf(a[hiA]) ?? Infinity) : Infinity;
  // The old order of the next paper in the window that already has a row: the upper bound for a new one.
  const upper = new Array<number>(hiB - lo + 1);
  upper[hiB - lo] = ceiling;
  for (let i = hiB - 1; i >= lo; i--) {
    const o = before.has(b[i].id) ? s.order.get(b[i].id) : undefined;
    upper[i - lo] = o !== undefined && o < upper[i - lo + 1] ? o : upper[i - lo + 1];
  }
  const put: PaperRow[] = [];
  const set: [string, number][] = [];
  for (let i = lo; i < hiB; i++) {
    const p = b[i];
    const old = before.has(p.id) ? s.order.get(p.id) : undefined;
    let o: number;
    if (old !== undefined && old > last && old < ceiling) o = old;
    else {
      const hi = upper[i - lo + 1];
      o = last === -Infinity ? (hi === Infinity ? 0 : hi - 1) : hi === Infinity || hi <= last ? last + 1 : (last + hi) / 2;
      if (!(o > last) || !(o < ceiling) || (hi !== Infinity && hi > last && !(o < hi))) return renumber(s, next);
    }
    if (o !== old || before.get(p.id) !== p) put.push({ id: p.id, order: o, paper: p });
    set.push([p.id, o]);
    last = o;
  }
  const deleted = [...before.keys()].filter((id) => !inWindow.has(id));
  return {
    put,
    deleted,
    apply(order) {
      for (const id of deleted) order.delete(id);
      for (const [id, o] of set) order.set(id, o);
    },
  };
}

function renumber(s: Pick<State, 'order'>, next: ReadingList): RowPlan {
  const ids = new Set(next.papers.map((p) => p.id));
  const deleted = [...s.order.keys()].filter((id) => !ids.has(id));
  return {
    put: next.papers.map((p, i) => ({ id: p.id, order: i, paper: p })),
    deleted,
    apply(order) {
      order.clear();
      next.papers.forEach((p, i) => order.set(p.id, i));
    },
  };
}

/**
 * Reads every row in order, migrates rows written by an older schema version,
 * and validates each. A row that fails is copied to `corrupt` with the reason;
 * what `salvagePaper` can read of it stays on the list, the rest leaves it.
 * Writes (one transaction) only when something had to change.
 */
async function readRows(
  db: PaperLensDatabase,
  at: number,
): Promise<{ list: ReadingList; order: Map<string, number>; warning?: string }> {
  const rows = (await db.getAll('papers')).sort((a, b) => a.order - b.order);
  const stored = await db.get('meta', META.schemaVersion);
  const version = typeof stored === 'number' ? stored : SCHEMA_VERSION;
  const papers: SavedPaper[] = [];
  const order = new Map<string, number>();
  const fixed: PaperRow[] = [];
  const removed: string[] = [];
  const kept: CorruptRow[] = [];
  for (const row of rows) {
    const migrated = migrateRecord({ schemaVersion: version, list: { papers: [row.paper] } });
    if (migrated.ok && migrated.record.list.papers[0]?.id === row.id) {
      const p = migrated.record.list.papers[0];
      papers.push(freezePaper(p));
      order.set(p.id, row.order);
      if (version !== SCHEMA_VERSION) fixed.push({ id: p.id, order: row.order, paper: p });
      continue;
    }
    const error = migrated.ok ? `row "${row.id}" holds paper "${migrated.record.list.papers[0]?.id}"` : migrated.error;
    kept.push({ at, from: 'papers', error, value: row });
    const salvaged = isObject(row.paper) ? salvagePaper({ ...row.paper, id: row.id }, at) : null;
    if (salvaged) {
      papers.push(freezePaper(salvaged));
      order.set(salvaged.id, row.order);
      fixed.push({ id: salvaged.id, order: row.order, paper: salvaged });
    } else removed.push(row.id);
  }
  if (fixed.length || removed.length || kept.length || stored !== SCHEMA_VERSION) {
    const tx = db.transaction(['papers', 'corrupt', 'meta'], 'readwrite', { durability: 'strict' });
    for (const c of kept) quiet(tx.objectStore('corrupt').add(c));
    for (const r of fixed) quiet(tx.objectStore('papers').put(r));
    for (const id of removed) quiet(tx.objectStore('papers').delete(id));
    quiet(tx.objectStore('meta').put(SCHEMA_VERSION, META.schemaVersion));
    await tx.done;
  }
  const warning = kept.length
    ? `${kept.length} saved paper${kept.length === 1 ? '' : 's'} could not be read${
        version > SCHEMA_VERSION ? ` (saved by a newer version of Paper Lens, schema ${version})` : ''
      }; ${kept.length - removed.length} recovered, and the original data is kept in the extension's database (store "corrupt").`
    : undefined;
  return { list: { papers }, order, warning };
}

/**
 * Copies the one-key record (and its import backup) from `storage.local` into
 * the database in one transaction, then removes the old keys. A record that
 * cannot be read is recovered as the one-key store does and kept in `corrupt`.
 */
async function importLegacy(db: PaperLensDatabase, area: StorageAreaLike, at: number): Promise<string | undefined> {
  const got = await area.get([STORAGE_KEY, BACKUP_KEY]);
  const raw = got[STORAGE_KEY];
  if (raw === undefined || raw === null) return undefined;
  if ((await db.get('meta', META.legacyImported)) === undefined) {
    const { papers, problem } = interpretRecord(structuredClone(raw), at);
    const existing = (await db.getAll('papers')).sort((a, b) => a.order - b.order);
    // The database should be empty here; if it is not, nothing in it is overwritten: the lists are merged.
    const base = existing.length
      ? interpretRecord({ schemaVersion: SCHEMA_VERSION, list: { papers: existing.map((r) => r.paper) } }, at).papers
      : [];
    const merged = mergeLists({ papers: base }, papers).list.papers;
    const tx = db.transaction(['papers', 'corrupt', 'meta'], 'readwrite', { durability: 'strict' });
    merged.forEach((p, i) => quiet(tx.objectStore('papers').put({ id: p.id, order: i, paper: p })));
    if (problem) quiet(tx.objectStore('corrupt').add({ at, from: 'storage.local', error: problem, value: raw }));
    if (isObject(got[BACKUP_KEY])) quiet(tx.objectStore('meta').put(got[BACKUP_KEY], META.importBackup));
    quiet(tx.objectStore('meta').put(SCHEMA_VERSION, META.schemaVersion));
    quiet(tx.objectStore('meta').put(at, META.legacyImported));
    await tx.done;
    await area.remove([STORAGE_KEY, BACKUP_KEY, REQUESTS_KEY]).catch(() => undefined);
    return problem
      ? `${problem} ${papers.length} paper${papers.length === 1 ? ' was' : 's were'} recovered; the original data is kept in the extension's database (store "corrupt").`
      : undefined;
  }
  // Imported before, but the worker stopped before the old keys were removed.
  await area.remove([STORAGE_KEY, BACKUP_KEY, REQUESTS_KEY]).catch(() => undefined);
  return undefined;
}

/** Freezes a list (its array; its papers are frozen as they enter it). */
function freezeList(l: ReadingList): ReadingList {
  for (const p of l.papers) if (!Object.isFrozen(p)) freezePaper(p);
  Object.freeze(l.papers);
  return Object.isFrozen(l) ? l : Object.freeze(l);
}

/** Freezes a paper and what it holds, so that the cached list cannot be changed by a caller. */
function freezePaper(p: SavedPaper): SavedPaper {
  if (Object.isFrozen(p)) return p;
  for (const v of Object.values(p)) if (typeof v === 'object' && v !== null) deepFreeze(v);
  return Object.freeze(p);
}

function deepFreeze(v: object): void {
  if (Object.isFrozen(v)) return;
  for (const x of Object.values(v)) if (typeof x === 'object' && x !== null) deepFreeze(x);
  Object.freeze(v);
}

/** Lets a request of a transaction fail quietly: the transaction's `done` rejects with its error instead. */
function quiet(p: Promise<unknown>): void {
  p.catch(() => undefined);
}
