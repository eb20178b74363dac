/**
 * The requests only extension pages (the popup, options) may send, never a
 * content script: they read or replace the whole list, so a compromised page
 * must not reach them. The worker refuses them from any other sender
 * (contract.ts `validateMessage`), and `contentRequest` in client.ts cannot
 * name them.
 */
import * as v from 'valibot';
import type { BackupOutcome, BackupState } from '../backup/backup';
import type { SyncStatus } from '../backup/sync';
import type { ImportPreview } from '../formats/import/index';
import { IMPORT_PART, MAX_PARTS } from '../backup/upload';
import type { SavedPaper } from '../reading-list/list';
import { exportFormat, requestId, savedPaperSchema, shortText } from './schemas';

/** Most characters of an export one `listExport` answer carries (at most 3 bytes each in UTF-8: 24 MB). */
export const EXPORT_PART = 8 * 2 ** 20;

/** An upload's id (the page picks a random one per file). */
const uploadId = v.pipe(v.string(), v.minLength(1), v.maxLength(100));

/**
 * The file to read: its whole `text` when it fits one part, else the `upload`
 * its parts were sent under (`listImportPart`); exactly one of the two.
 */
const importSource = {
  text: v.optional(v.pipe(v.string(), v.maxLength(IMPORT_PART))),
  upload: v.optional(uploadId),
  filename: v.optional(shortText),
};
const oneSource = <T extends { text?: string; upload?: string }>() =>
  v.check<T, string>(
    (p) => (p.text === undefined) !== (p.upload === undefined),
    'An import names either the text of the file or its upload, not both or neither',
  );

/** Extension-page requests: type and payload schema. */
export const EXTENSION_PAGE_REQUESTS = {
  /** Put a removed paper back (undo). */
  listRestore: v.object({ paper: savedPaperSchema, requestId }),
  /**
   * Export everything or one tag, in parts of at most `EXPORT_PART` characters
   * from `offset` (a 100,000-paper JSON export is past Chrome's 64 MiB message
   * limit): the reply's `next` is the next part's offset, null after the last.
   */
  listExport: v.object({
    format: exportFormat,
    tag: v.optional(shortText),
    offset: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
  }),
  /**
   * One part (at most `IMPORT_PART` characters) of a file to import, sent
   * before `listImportPreview`/`listImport` name its `upload` (a 100,000-paper
   * backup is past Chrome's 64 MiB message limit). The worker holds one upload,
   * in memory: a new upload drops the one before. Changes nothing.
   */
  listImportPart: v.object({
    upload: uploadId,
    index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_PARTS - 1)),
    count: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(MAX_PARTS)),
    text: v.pipe(v.string(), v.maxLength(IMPORT_PART)),
  }),
  /** Read a file without changing anything: what would be imported, and which entries cannot be read. */
  listImportPreview: v.pipe(v.object(importSource), oneSource<{ text?: string; upload?: string; filename?: string }>()),
  /**
   * Import a file in one write, a backup kept first. A file with entries that
   * cannot be read is refused unless `anyway` (the user saw the preview and
   * chose to import the others).
   */
  listImport: v.pipe(
    v.object({ ...importSource, anyway: v.optional(v.boolean()), requestId }),
    oneSource<{ text?: string; upload?: string; filename?: string; anyway?: boolean; requestId?: string }>(),
  ),
  /** Restore the backup taken before the last import. */
  listRestoreBackup: v.object({ requestId }),
  /** The options page changed the added collection (import, removal): load its new search index now. */
  collectionChanged: v.object({}),
  /** Backups and sync: their state (lib/backup/). */
  backupStatus: v.object({}),
  /** Write a backup into the downloads folder now ("Back up now"). */
  backupNow: v.object({}),
  /** Automatic backups (weekly, after bulk changes) on or off. */
  backupSetAuto: v.object({ enabled: v.boolean() }),
  /** Sync through the browser's storage.sync on or off, on this device. */
  syncSetEnabled: v.object({ enabled: v.boolean() }),
} as const;

/** A request type only extension pages may send. */
export type ExtensionPageRequestType = keyof typeof EXTENSION_PAGE_REQUESTS;

/** Reply types of the extension-page requests. */
export interface ExtensionPageReplies {
  listRestore: SavedPaper;
  listExport: { filename: string; mime: string; text: string; next: number | null };
  /** How many of the upload's parts the worker holds. */
  listImportPart: { received: number };
  listImportPreview: ImportPreview;
  listImport: { added: number; updated: number; total: number };
  listRestoreBackup: { restored: boolean; total: number };
  /** Papers in the added collection's index. */
  collectionChanged: { papers: number };
  backupStatus: { backup: BackupState; sync: SyncStatus };
  /** What the backup did (`written: false` for an empty list) and the state after it. */
  backupNow: { outcome: BackupOutcome; backup: BackupState };
  backupSetAuto: BackupState;
  syncSetEnabled: SyncStatus;
}
