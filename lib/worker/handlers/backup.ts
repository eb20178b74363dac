/**
 * Backups to the downloads folder and sync through `storage.sync`, as the
 * worker runs them (the logic is in lib/backup/). Only extension pages may send
 * these requests (lib/messaging/page-requests.ts).
 *
 * When things happen, without an `alarms` permission:
 * - on worker start: a backup when the last one is a week old, and a sync;
 * - after every change of the list (a request that changes it): the same weekly
 *   check, and a debounced sync (2 s after the last change, at most every 5 s);
 * - the weekly check waits until nothing changed for `QUIET_MS` (at most 30 s),
 *   so that it never delays a first answer or a click;
 * - after an import or a restore: a backup at once (a bulk change);
 * - when another device's change arrives (`storage.onChanged` for `sync`): a
 *   debounced sync, which applies it through the one list store.
 */
import type { RequestType } from '../../messaging/contract';
import { createBackups, type BackupDeps, type Backups } from '../../backup/backup';
import { createSync, debounced, type SyncEngine } from '../../backup/sync';
import type { StorageAreaLike } from '../../reading-list/storage';
import type { Handlers, WorkerContext } from './context';

/**
 * Requests that only read. Any other request may have changed the list (or its
 * annotations), so a new request type counts as a change until it is added here:
 * a needless check costs one small read, a missed one a week-old backup.
 */
const READS: ReadonlySet<string> = new Set([
  'status',
  'search',
  'annotatePage',
  'matchListing',
  'related',
  'moreLikeList',
  'listGet',
  'listExport',
  'listImportPart',
  'listImportPreview',
  'backupStatus',
  'backupNow',
  'backupSetAuto',
  'syncSetEnabled',
]);
/** How long the worker must have had no change before the weekly backup check runs. */
export const QUIET_MS = 3_000;

/** Of those, the bulk changes: a backup follows each at once. */
const BULK: Readonly<Record<string, 'import' | 'restore'>> = { listImport: 'import', listRestoreBackup: 'restore' };

/** What the backup and sync wiring needs from the browser. */
export interface BackupWorkerDeps {
  downloads: BackupDeps['downloads'];
  /** `browser.storage.local`: the backup and sync state. */
  local: StorageAreaLike;
  /** `browser.storage.sync`. */
  syncArea: StorageAreaLike;
  extensionId?: string;
  toUrl?: BackupDeps['toUrl'];
}

/** The wiring: the request handlers and the hooks the service and the entrypoint call. */
export interface BackupWorker {
  handlers: Handlers<'backupStatus' | 'backupNow' | 'backupSetAuto' | 'syncSetEnabled'>;
  /** After each answered request: back up or sync when the request changed the list. */
  afterRequest(type: RequestType): void;
  /** Another device's change arrived in `storage.sync`. */
  syncChanged(): void;
  /** The worker started. */
  started(): void;
  backups: Backups;
  sync: SyncEngine;
  /** Runs a pending sync now (tests). */
  flushSync(): Promise<void>;
}

/** Builds the backup and sync wiring over the worker's context. */
export function backupWorker(ctx: WorkerContext, deps: BackupWorkerDeps): BackupWorker {
  const backups = createBackups({
    downloads: deps.downloads,
    storage: deps.local,
    list: async () => (await ctx.list.read()).list,
    extensionId: deps.extensionId,
    toUrl: deps.toUrl,
    now: ctx.now,
  });
  const sync = createSync({
    area: deps.syncArea,
    local: deps.local,
    list: async () => (await ctx.list.read()).list,
    update: (fn) => ctx.list.change(fn),
    corpus: { ids: () => ctx.corpus.ids(), papers: (ids) => ctx.corpus.papersById(ids) },
    now: ctx.now,
  });
  const syncSoon = debounced(() => sync.syncNow(), { delayMs: 2_000, maxWaitMs: 30_000, minIntervalMs: 5_000 });
  // The weekly check once the worker is quiet: a due backup of a 100,000-paper list is seconds of the worker's
  // time, which must not come between a worker start (or a click) and its answer.
  const backupSoon = debounced(() => backups.backUpIfDue(), { delayMs: QUIET_MS, maxWaitMs: 30_000, minIntervalMs: 0 });

  return {
    backups,
    sync,
    handlers: {
      async backupStatus() {
        return { backup: await backups.state(), sync: await sync.status() };
      },
      async backupNow() {
        const outcome = await backups.backUp('manual');
        return { outcome, backup: await backups.state() };
      },
      async backupSetAuto({ enabled }) {
        return backups.setEnabled(enabled);
      },
      async syncSetEnabled({ enabled }) {
        return sync.setEnabled(enabled);
      },
    },
    afterRequest(type) {
      if (READS.has(type)) return;
      const bulk = BULK[type];
      if (bulk) void backups.afterBulkChange(bulk);
      else backupSoon.schedule();
      syncSoon.schedule();
    },
    syncChanged: () => syncSoon.schedule(),
    started() {
      backupSoon.schedule();
      syncSoon.schedule();
    },
    flushSync: () => syncSoon.flush(),
  };
}

/** The same requests in a service built without browser backups and sync (tests, tools): each says so. */
export const backupUnavailable: BackupWorker['handlers'] = {
  backupStatus: () => Promise.reject(new Error('backups are not available here')),
  backupNow: () => Promise.reject(new Error('backups are not available here')),
  backupSetAuto: () => Promise.reject(new Error('backups are not available here')),
  syncSetEnabled: () => Promise.reject(new Error('sync is not available here')),
};
