/**
 * The reading-list store over a `storage.local`-like area: the whole record
 * under one key (`STORAGE_KEY`), every change through one promise queue and one
 * atomic `set`. It was the extension's store until the list moved to IndexedDB
 * (issue 17); it stays for tests, the bench and as the reference the IndexedDB
 * store is checked against.
 *
 * Why one key: `storage.local.set` is written atomically by the browser, so a
 * worker stopped mid-write leaves the old or the new record, never half a list.
 * Why one queue: two tabs saving at the same moment both land, each change
 * starting from the previous one's result; reads (`load`) wait in it too.
 */
import { browser } from 'wxt/browser';
import { isObject } from '../core/values';
import { applyOnce, RequestLog, type RememberedRequest } from './changes';
import { emptyReadingList } from './list';
import {
  BACKUP_KEY,
  CORRUPT_KEY_PREFIX,
  migrateRecord,
  recoverPapers,
  REQUESTS_KEY,
  SCHEMA_VERSION,
  STORAGE_KEY,
  tryJson,
  type LoadResult,
  type ReadingListStore,
  type StorageAreaLike,
  type StoredBackup,
  type StoredRecord,
} from './storage';

/** Options for tests: a clock. */
export interface StoreOptions {
  now?: () => number;
}

/**
 * The store over `browser.storage.local` (or `area`). Create one per context
 * (the background) and route all writes through it.
 */
export function createReadingListStore(area?: StorageAreaLike, options: StoreOptions = {}): ReadingListStore {
  const storage: StorageAreaLike = area ?? (browser.storage.local as unknown as StorageAreaLike);
  const now = options.now ?? Date.now;
  let queue: Promise<unknown> = Promise.resolve();
  // A recovery that happened inside `update` still owes the user its warning.
  let pendingWarning: string | undefined;

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  }

  const read = () => readRecord(storage, now);

  return {
    load() {
      return enqueue(async () => {
        const result = await read();
        const warning = result.warning ?? pendingWarning;
        pendingWarning = undefined;
        return warning ? { list: result.list, warning } : { list: result.list };
      });
    },
    update(change) {
      return enqueue(async () => {
        const current = await read();
        if (current.warning) pendingWarning = current.warning;
        const { list, result } = change(current.list);
        if (list !== current.list) {
          const record: StoredRecord = { schemaVersion: SCHEMA_VERSION, list };
          await storage.set({ [STORAGE_KEY]: record });
        }
        return result;
      });
    },
    savedAmong(ids) {
      return enqueue(async () => {
        // One key holds the whole list: it is read whole either way.
        const { list, warning } = await read();
        if (warning) pendingWarning = warning;
        const wanted = new Set(ids);
        return new Map(list.papers.filter((p) => wanted.has(p.id)).map((p) => [p.id, p]));
      });
    },
    apply(change) {
      return enqueue(async () => {
        const current = await read();
        if (current.warning) pendingWarning = current.warning;
        const stored = (await storage.get(REQUESTS_KEY))[REQUESTS_KEY];
        const entries = Array.isArray(stored) ? (stored as RememberedRequest[]) : [];
        const log = new RequestLog(entries);
        const r = applyOnce(current.list, log, change, now());
        const backupFirst = change.kind === 'merge' && change.backupFirst === true;
        if (!r.repeated && (r.remember || r.list !== current.list || backupFirst)) {
          const items: Record<string, unknown> = {};
          if (backupFirst) items[BACKUP_KEY] = backupOf((await storage.get(STORAGE_KEY))[STORAGE_KEY], now());
          if (r.list !== current.list)
            items[STORAGE_KEY] = { schemaVersion: SCHEMA_VERSION, list: r.list } satisfies StoredRecord;
          if (r.remember) {
            log.add(r.remember);
            items[REQUESTS_KEY] = [...entries.filter((e) => e.requestId !== r.remember!.requestId), r.remember].slice(
              -log.length,
            );
          }
          // One set: the change, the memory of its request (and the import's backup) land together or not at all.
          await storage.set(items);
        }
        if (r.error) throw new Error(r.error);
        return r.result!;
      });
    },
    backupBeforeImport() {
      return enqueue(async () => {
        await storage.set({ [BACKUP_KEY]: backupOf((await storage.get(STORAGE_KEY))[STORAGE_KEY], now()) });
      });
    },
    restoreBackup() {
      return enqueue(async () => {
        const backup = (await storage.get(BACKUP_KEY))[BACKUP_KEY];
        if (!isObject(backup) || backup.record === undefined) return false;
        await storage.set({ [STORAGE_KEY]: backup.record });
        // Removing after restoring: if this fails the backup merely lingers.
        await storage.remove(BACKUP_KEY).catch(() => undefined);
        return true;
      });
    },
    hasBackup() {
      return enqueue(async () => {
        const backup = (await storage.get(BACKUP_KEY))[BACKUP_KEY];
        if (!isObject(backup) || typeof backup.at !== 'number') return null;
        const migrated = migrateRecord(backup.record);
        const count = migrated.ok ? migrated.record.list.papers.length : recoverPapers(backup.record, now()).length;
        return { at: backup.at, count };
      });
    },
  };
}

/** A backup of the stored record as it is (an empty list when nothing is stored). */
function backupOf(raw: unknown, at: number): StoredBackup {
  return { at, record: raw ?? { schemaVersion: SCHEMA_VERSION, list: emptyReadingList() } };
}

/**
 * Reads the record under `STORAGE_KEY`, migrated. A record that cannot be read
 * is copied to `readingList.corrupt.<time>` in the same set that stores what
 * could be recovered, and the warning says so.
 */
async function readRecord(storage: StorageAreaLike, now: () => number): Promise<LoadResult> {
  const raw = (await storage.get(STORAGE_KEY))[STORAGE_KEY];
  if (raw === undefined || raw === null) return { list: emptyReadingList() };
  // Never hand out the object the storage area holds: callers build new lists from it.
  const value = structuredClone(raw);
  const migrated = migrateRecord(typeof value === 'string' ? tryJson(value) : value);
  if (migrated.ok) return { list: migrated.record.list };

  const at = now();
  const papers = recoverPapers(value, at);
  const copyKey = `${CORRUPT_KEY_PREFIX}${at}`;
  const recovered: StoredRecord = { schemaVersion: SCHEMA_VERSION, list: { papers } };
  const what = migrated.newer
    ? `Your reading list was saved by a newer version of Paper Lens (${migrated.error}).`
    : `Your saved reading list could not be read (${migrated.error}).`;
  let warning = `${what} ${papers.length} paper${papers.length === 1 ? ' was' : 's were'} recovered; the original data is kept in extension storage under "${copyKey}".`;
  try {
    // One set: the copy and the recovered list land together or not at all.
    await storage.set({ [copyKey]: raw, [STORAGE_KEY]: recovered });
  } catch (e) {
    warning = `${what} ${papers.length} paper(s) could be read, but saving the recovery failed (${(e as Error).message}); the stored data was left untouched.`;
  }
  return { list: { papers }, warning };
}
