/**
 * Backups outside the browser profile: the lossless Paper Lens JSON export
 * (`lib/formats/export/json.ts`, through `exportList`) written quietly into the
 * user's downloads folder as `Paper Lens/paper-lens-backup-YYYY-MM-DD.json`.
 * Uninstalling the extension or losing the profile then leaves the list on disk,
 * and a fresh profile restores it with the ordinary JSON import.
 *
 * When: on by default; when the last backup is older than a week (checked on
 * worker start and after every change, so no `alarms` permission: a browser in
 * which nothing happens has nothing new to back up), after every bulk change
 * (import, restore), and when the user asks ("Back up now"). An empty list is
 * never written (a fresh install should not drop a file into Downloads).
 *
 * Only files this code made are ever removed: a download is ours when its file
 * name has the backup shape and either the browser says this extension made it
 * (`byExtensionId`) or its download id is one we recorded.
 */
import type { ReadingList } from '../reading-list/list';
import type { StorageAreaLike } from '../reading-list/storage';
import { exportList } from '../formats/export/index';
import { base64 } from './base64';

/** Folder inside the downloads folder; `downloads.download` accepts a relative path. */
export const BACKUP_FOLDER = 'Paper Lens';
/** How many backup files (days) are kept; older ones made by Paper Lens are removed. */
export const BACKUPS_KEPT = 5;
/** A backup older than this is due. */
export const BACKUP_INTERVAL_MS = 7 * 24 * 60 * 60 * 1000;
/** Key in `storage.local` of the {@link BackupState}. */
export const BACKUP_STATE_KEY = 'backup.state';
/** Matches the file name (any folder, either separator) of a backup this code writes. */
export const BACKUP_FILE_PATTERN = /(?:^|[\\/])paper-lens-backup-\d{4}-\d{2}-\d{2}\.json$/;

/** Why a backup was written; shown on the options page. */
export type BackupReason = 'manual' | 'weekly' | 'import' | 'restore' | 'bulk-remove';

/** What is remembered about backups, in `storage.local` under {@link BACKUP_STATE_KEY}. */
export interface BackupState {
  /** Automatic backups on (the default); "Back up now" works either way. */
  enabled: boolean;
  /** When the last backup was started (ms since epoch). */
  lastAt?: number;
  /** Its path relative to the downloads folder. */
  lastFile?: string;
  /** How many papers it held. */
  lastCount?: number;
  /** Why it was written. */
  lastReason?: BackupReason;
  /** The last failure's message, cleared by the next success. */
  lastError?: string;
  /** Download ids of the backups written, newest last (at most a few dozen). */
  downloadIds: number[];
}

/** The parts of `browser.downloads` used here; tests pass a fake. */
export interface DownloadsLike {
  download(options: { url: string; filename: string; saveAs: boolean; conflictAction: 'overwrite' }): Promise<number>;
  search(query: { filenameRegex?: string }): Promise<DownloadItemLike[]>;
  removeFile(id: number): Promise<void>;
  erase(query: { id: number }): Promise<number[]>;
}

/** The fields of a `downloads.DownloadItem` used here. */
export interface DownloadItemLike {
  id: number;
  /** Absolute path on disk. */
  filename: string;
  /** ISO 8601. */
  startTime: string;
  exists?: boolean;
  byExtensionId?: string;
}

/** The backup file name for a day: the local calendar date, since that is the user's day. */
export function backupFilename(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${BACKUP_FOLDER}/paper-lens-backup-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.json`;
}

/**
 * A `data:application/json;base64,` URL of the text. A Chrome MV3 service
 * worker has no `URL.createObjectURL`, and `downloads.download` accepts a data
 * URL from it; base64 of the UTF-8 bytes keeps every character intact.
 */
export function jsonDataUrl(text: string): string {
  return `data:application/json;base64,${base64(new TextEncoder().encode(text))}`;
}

/**
 * A URL `downloads.download` accepts for the file. Firefox refuses `data:` URLs
 * there ("Access denied for URL data:…", reported in iansinnott/full-text-tabs-forever#11) but its MV2
 * background page has `URL.createObjectURL`; a Chrome MV3 service worker has no
 * `createObjectURL`, and Chrome takes the data URL. The blob is released after
 * a few minutes: the download has opened it by then.
 */
export function backupUrl(text: string): string {
  if (typeof URL.createObjectURL !== 'function') return jsonDataUrl(text);
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  setTimeout(() => URL.revokeObjectURL(url), 5 * 60_000);
  return url;
}

/** True when an automatic backup should be written now. */
export function backupDue(state: BackupState, now: number): boolean {
  return state.enabled && (state.lastAt === undefined || now - state.lastAt >= BACKUP_INTERVAL_MS);
}

/** The base name of a path written with either separator. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

/**
 * Which downloads to clean up, and how: of the backups Paper Lens made, the
 * newest `keep` distinct files stay; an older file is removed from disk
 * (`removeFile`) and from the downloads list (`erase`). An older download of a
 * file name that is kept (a second backup the same day overwrote it) is only
 * erased from the list: removing its file would delete the newest backup.
 */
export function backupsToPrune(
  items: readonly DownloadItemLike[],
  ours: { extensionId?: string; downloadIds: readonly number[] },
  keep = BACKUPS_KEPT,
): { removeFile: number[]; erase: number[] } {
  const recorded = new Set(ours.downloadIds);
  const mine = items
    .filter((d) => BACKUP_FILE_PATTERN.test(d.filename))
    .filter((d) => recorded.has(d.id) || (ours.extensionId !== undefined && d.byExtensionId === ours.extensionId))
    .sort((a, b) => Date.parse(b.startTime) - Date.parse(a.startTime) || b.id - a.id);
  const keptNames = new Set<string>();
  const keptPaths = new Set<string>();
  const removeFile: number[] = [];
  const erase: number[] = [];
  for (const d of mine) {
    const name = baseName(d.filename);
    if (!keptNames.has(name) && keptNames.size < keep) {
      keptNames.add(name);
      keptPaths.add(d.filename);
      continue;
    }
    if (keptNames.has(name) || keptPaths.has(d.filename)) {
      // An older download of a kept file: the file on disk is the newer backup.
      erase.push(d.id);
      continue;
    }
    if (d.exists !== false) removeFile.push(d.id);
    erase.push(d.id);
  }
  return { removeFile, erase };
}

/** The state as stored, with defaults for anything missing or malformed. */
export function readBackupState(raw: unknown): BackupState {
  const r = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const reasons: BackupReason[] = ['manual', 'weekly', 'import', 'restore', 'bulk-remove'];
  const state: BackupState = {
    enabled: r.enabled !== false,
    downloadIds: Array.isArray(r.downloadIds) ? r.downloadIds.filter((x): x is number => Number.isInteger(x)) : [],
  };
  const lastAt = num(r.lastAt);
  if (lastAt !== undefined) state.lastAt = lastAt;
  if (str(r.lastFile)) state.lastFile = str(r.lastFile);
  const lastCount = num(r.lastCount);
  if (lastCount !== undefined) state.lastCount = lastCount;
  if (reasons.includes(r.lastReason as BackupReason)) state.lastReason = r.lastReason as BackupReason;
  if (str(r.lastError)) state.lastError = str(r.lastError);
  return state;
}

/** What {@link createBackups} needs. */
export interface BackupDeps {
  downloads: DownloadsLike;
  /** Where the {@link BackupState} lives (`browser.storage.local`). */
  storage: StorageAreaLike;
  /** The list as it is now (the worker's store). */
  list(): Promise<ReadingList>;
  /** This extension's id, to recognise its own downloads. */
  extensionId?: string;
  /** Turns the file text into a URL `downloads.download` accepts; {@link backupUrl} by default. */
  toUrl?(text: string): string;
  now?: () => number;
}

/** The outcome of one backup. */
export type BackupOutcome =
  | { written: true; file: string; count: number; at: number }
  | { written: false; reason: 'empty' | 'not-due' | 'disabled' }
  | { written: false; reason: 'failed'; error: string };

/** Writes and prunes backups; one per worker. */
export interface Backups {
  /** Writes a backup now (unless the list is empty); rejects with the browser's message when the download fails. */
  backUp(reason: BackupReason): Promise<BackupOutcome>;
  /** Writes a backup when one is due ({@link backupDue}); never rejects (a failure is recorded in the state). */
  backUpIfDue(): Promise<BackupOutcome>;
  /** Writes a backup after a bulk change when automatic backups are on; never rejects. */
  afterBulkChange(reason: Exclude<BackupReason, 'manual' | 'weekly'>): Promise<BackupOutcome>;
  /** The stored state. */
  state(): Promise<BackupState>;
  /** Switches automatic backups on or off. */
  setEnabled(enabled: boolean): Promise<BackupState>;
}

/** Backups through `deps.downloads`; calls run one at a time. */
export function createBackups(deps: BackupDeps): Backups {
  const now = deps.now ?? Date.now;
  const toUrl = deps.toUrl ?? backupUrl;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
  const load = async () => readBackupState((await deps.storage.get(BACKUP_STATE_KEY))[BACKUP_STATE_KEY]);
  const save = (s: BackupState) => deps.storage.set({ [BACKUP_STATE_KEY]: s });

  async function write(reason: BackupReason): Promise<BackupOutcome> {
    const list = await deps.list();
    if (list.papers.length === 0) return { written: false, reason: 'empty' };
    const at = now();
    const file = exportList(list, 'json', { now: new Date(at) });
    const filename = backupFilename(new Date(at));
    let state = await load();
    try {
      const id = await deps.downloads.download({ url: toUrl(file.text), filename, saveAs: false, conflictAction: 'overwrite' });
      state = { ...state, lastAt: at, lastFile: filename, lastCount: list.papers.length, lastReason: reason };
      delete state.lastError;
      state.downloadIds = [...state.downloadIds.filter((x) => x !== id), id].slice(-50);
      await save(state);
    } catch (e) {
      await save({ ...state, lastError: (e as Error)?.message ?? String(e) });
      throw e;
    }
    await prune(state).catch(() => undefined);
    return { written: true, file: filename, count: list.papers.length, at };
  }

  async function prune(state: BackupState): Promise<void> {
    const items = await deps.downloads.search({ filenameRegex: 'paper-lens-backup-\\d{4}-\\d{2}-\\d{2}\\.json$' });
    const { removeFile, erase } = backupsToPrune(items, { extensionId: deps.extensionId, downloadIds: state.downloadIds });
    for (const id of removeFile) await deps.downloads.removeFile(id).catch(() => undefined);
    for (const id of erase) await deps.downloads.erase({ id }).catch(() => undefined);
    if (erase.length) {
      const gone = new Set(erase);
      await save({ ...(await load()), downloadIds: state.downloadIds.filter((x) => !gone.has(x)) });
    }
  }

  const quietly = (task: () => Promise<BackupOutcome>) =>
    task().catch((e: unknown): BackupOutcome => ({
      written: false,
      reason: 'failed',
      error: (e as Error)?.message ?? String(e),
    }));

  return {
    backUp: (reason) => serial(() => write(reason)),
    backUpIfDue: () =>
      serial(() =>
        quietly(async () => {
          const state = await load();
          if (!state.enabled) return { written: false, reason: 'disabled' };
          if (!backupDue(state, now())) return { written: false, reason: 'not-due' };
          return write('weekly');
        }),
      ),
    afterBulkChange: (reason) =>
      serial(() => quietly(async () => ((await load()).enabled ? write(reason) : { written: false, reason: 'disabled' }))),
    state: () => serial(load),
    setEnabled: (enabled) =>
      serial(async () => {
        const state = { ...(await load()), enabled };
        await save(state);
        return state;
      }),
  };
}
