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
import type { SavedPaper } from '../reading-list/list';
import { exportFormat, requestId, savedPaperSchema, shortText } from './schemas';

/** Most characters of an export one `listExport` answer carries (at most 3 bytes each in UTF-8: 24 MB). */
export const EXPORT_PART = 8 * 2 ** 20;

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
  /** Read a file without changing anything: what would be imported, and which entries cannot be read. */
  listImportPreview: v.object({ text: v.pipe(v.string(), v.maxLength(60_000_000)), filename: v.optional(shortText) }),
  /**
   * Import a file in one write, a backup kept first. A file with entries that
   * cannot be read is refused unless `anyway` (the user saw the preview and
   * chose to import the others).
   */
  listImport: v.object({
    text: v.pipe(v.string(), v.maxLength(60_000_000)),
    filename: v.optional(shortText),
    anyway: v.optional(v.boolean()),
    requestId,
  }),
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
