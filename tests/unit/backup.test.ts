import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  BACKUP_INTERVAL_MS,
  BACKUP_STATE_KEY,
  BACKUPS_KEPT,
  backupDue,
  backupFilename,
  backupsToPrune,
  createBackups,
  jsonDataUrl,
  readBackupState,
  type DownloadItemLike,
} from '../../lib/backup/backup';
import { parseJsonExport } from '../../lib/formats/import/json';
import { emptyReadingList, savePaper, type ReadingList } from '../../lib/reading-list/list';
import type { StorageAreaLike } from '../../lib/reading-list/storage';
import { fakeDownloads, SELF, T0 } from './backup-fakes';

const DAY = 24 * 60 * 60 * 1000;

function listOf(n: number): ReadingList {
  let l = emptyReadingList();
  for (let i = 0; i < n; i++)
    l = savePaper(
      l,
      { id: `2401.${10000 + i}`, title: `Paper ${i} — “ünïcode” 𝛼`, authors: ['A B'], note: `note ${i}`, tags: ['t'] },
      T0 + i,
    );
  return l;
}

const local = () => fakeBrowser.storage.local as unknown as StorageAreaLike;

beforeEach(() => fakeBrowser.reset());

describe('backup file', () => {
  it('is named by the local date inside the Paper Lens folder', () => {
    expect(backupFilename(new Date(2026, 0, 5, 23, 59))).toBe('Paper Lens/paper-lens-backup-2026-01-05.json');
  });

  it('goes through a base64 data URL that keeps every character (a worker has no createObjectURL)', () => {
    const text = `{"t":"ünïcode 𝛼 — ${'x'.repeat(100_000)}"}`;
    const url = jsonDataUrl(text);
    expect(url.startsWith('data:application/json;base64,')).toBe(true);
    const bytes = Uint8Array.from(atob(url.split(',')[1]), (c) => c.charCodeAt(0));
    expect(new TextDecoder().decode(bytes)).toBe(text);
  });
});

describe('when a backup is due', () => {
  it('weekly, on by default, never when switched off', () => {
    const s = readBackupState(undefined);
    expect(s.enabled).toBe(true);
    expect(backupDue(s, T0)).toBe(true);
    expect(backupDue({ ...s, lastAt: T0 }, T0 + BACKUP_INTERVAL_MS - 1)).toBe(false);
    expect(backupDue({ ...s, lastAt: T0 }, T0 + BACKUP_INTERVAL_MS)).toBe(true);
    expect(backupDue({ ...s, enabled: false }, T0)).toBe(false);
  });
});

describe('pruning', () => {
  const item = (id: number, day: number, extra: Partial<DownloadItemLike> = {}): DownloadItemLike => ({
    id,
    filename: `/d/Paper Lens/paper-lens-backup-2026-11-${String(day).padStart(2, '0')}.json`,
    startTime: new Date(2026, 10, day).toISOString(),
    byExtensionId: SELF,
    ...extra,
  });

  it('keeps the newest few files and removes only what Paper Lens made', () => {
    const items = [
      ...Array.from({ length: 8 }, (_, i) => item(i + 1, i + 1)),
      // Same name, made by someone else (another extension, or the user): never touched.
      item(100, 1, { byExtensionId: 'other' }),
      // A user's own file in the folder.
      { id: 101, filename: '/d/Paper Lens/my-notes.json', startTime: new Date(2026, 10, 1).toISOString() },
    ];
    const { removeFile, erase } = backupsToPrune(items, { extensionId: SELF, downloadIds: [] }, 5);
    expect(removeFile.sort()).toEqual([1, 2, 3]);
    expect(erase.sort()).toEqual([1, 2, 3]);
  });

  it('recognises its downloads by recorded id when the browser does not say who made them', () => {
    const items = Array.from({ length: 3 }, (_, i) => item(i + 1, i + 1, { byExtensionId: undefined }));
    expect(backupsToPrune(items, { extensionId: SELF, downloadIds: [] }, 1).removeFile).toEqual([]);
    expect(backupsToPrune(items, { extensionId: SELF, downloadIds: [1, 2, 3] }, 1).removeFile.sort()).toEqual([1, 2]);
  });

  it('a second backup the same day only erases the older entry: its file is the new backup', () => {
    const items = [item(1, 5), item(2, 5, { startTime: new Date(2026, 10, 5, 18).toISOString() })];
    expect(backupsToPrune(items, { extensionId: SELF, downloadIds: [] }, 5)).toEqual({ removeFile: [], erase: [1] });
  });
});

describe('createBackups', () => {
  it.each([
    ['a blob URL where URL.createObjectURL exists (Firefox)', undefined],
    ['a data URL in a Chrome service worker', jsonDataUrl],
  ])('writes the JSON export quietly through %s, importable as is, and records it', async (_, toUrl) => {
    const d = fakeDownloads();
    const list = listOf(3);
    const b = createBackups({
      downloads: d.api,
      storage: local(),
      list: async () => list,
      extensionId: SELF,
      now: () => T0,
      toUrl,
    });
    const out = await b.backUp('manual');
    expect(out).toMatchObject({ written: true, file: 'Paper Lens/paper-lens-backup-2026-11-30.json', count: 3 });
    const text = d.files.get('/home/u/Downloads/Paper Lens/paper-lens-backup-2026-11-30.json')!;
    expect(parseJsonExport(text)).toEqual(list.papers);
    const state = await b.state();
    expect(state).toMatchObject({ lastAt: T0, lastCount: 3, lastReason: 'manual', downloadIds: [1] });
  });

  it('writes nothing for an empty list', async () => {
    const d = fakeDownloads();
    const b = createBackups({ downloads: d.api, storage: local(), list: async () => emptyReadingList(), now: () => T0 });
    expect(await b.backUp('manual')).toEqual({ written: false, reason: 'empty' });
    expect(d.items).toHaveLength(0);
  });

  it('weekly: once, then again after seven days; keeps the last few files', async () => {
    const d = fakeDownloads();
    let t = T0;
    const b = createBackups({ downloads: d.api, storage: local(), list: async () => listOf(2), extensionId: SELF, now: () => t });
    expect((await b.backUpIfDue()).written).toBe(true);
    expect(await b.backUpIfDue()).toEqual({ written: false, reason: 'not-due' });
    for (let week = 1; week <= 8; week++) {
      t = T0 + week * 7 * DAY;
      d.setClock(t);
      expect((await b.backUpIfDue()).written).toBe(true);
    }
    expect(d.files.size).toBe(BACKUPS_KEPT);
    expect([...d.files.keys()].sort().at(-1)).toContain(backupFilename(new Date(t)));
    expect((await b.state()).downloadIds).toHaveLength(BACKUPS_KEPT);
  });

  it('after a bulk change, unless switched off; a failed download is recorded and does not throw', async () => {
    const d = fakeDownloads();
    const b = createBackups({ downloads: d.api, storage: local(), list: async () => listOf(1), now: () => T0 });
    expect((await b.afterBulkChange('import')).written).toBe(true);
    d.api.fail = 'Download failed: disk full';
    expect(await b.afterBulkChange('import')).toEqual({ written: false, reason: 'failed', error: 'Download failed: disk full' });
    expect((await b.state()).lastError).toBe('Download failed: disk full');
    await expect(b.backUp('manual')).rejects.toThrow('disk full');
    delete d.api.fail;
    await b.setEnabled(false);
    expect(await b.afterBulkChange('import')).toEqual({ written: false, reason: 'disabled' });
    expect(await b.backUpIfDue()).toEqual({ written: false, reason: 'disabled' });
    // "Back up now" works with automatic backups off, and clears the error.
    expect((await b.backUp('manual')).written).toBe(true);
    const s = (await fakeBrowser.storage.local.get(BACKUP_STATE_KEY))[BACKUP_STATE_KEY];
    expect(s).toMatchObject({ enabled: false });
    expect(s).not.toHaveProperty('lastError');
  });
});
