/**
 * Backups outside the profile, end to end in Chromium: "Back up now" on the
 * options page writes Downloads/Paper Lens/paper-lens-backup-YYYY-MM-DD.json
 * without a dialog, an import writes one too, and a fresh profile that imports
 * that file has the same list.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { backupFilename } from '../../lib/backup/backup';
import type { SavedPaper } from '../../lib/reading-list/list';
import { launch, openPopup, type Launched } from './harness';
import { PopupPO } from './page-objects';
import { defaultSite } from './site';

const cleanup: string[] = [];
const opened: Launched[] = [];
afterAll(async () => {
  for (const l of opened) await l.close().catch(() => undefined);
  for (const d of cleanup) rmSync(d, { recursive: true, force: true });
});

/** A profile whose downloads folder is a temporary directory, as a user's Downloads would be. */
function profileWithDownloads(): { userDataDir: string; downloads: string } {
  const userDataDir = mkdtempSync(join(tmpdir(), 'pl-backup-profile-'));
  const downloads = mkdtempSync(join(tmpdir(), 'pl-backup-downloads-'));
  cleanup.push(downloads);
  mkdirSync(join(userDataDir, 'Default'), { recursive: true });
  writeFileSync(
    join(userDataDir, 'Default', 'Preferences'),
    JSON.stringify({ download: { default_directory: downloads, prompt_for_download: false, directory_upgrade: true } }),
  );
  return { userDataDir, downloads };
}

/**
 * Playwright makes every download land under a random name in its own folder
 * (CDP `Browser.setDownloadBehavior` "allowAndName"); "default" gives the
 * profile's own download settings back, which is what a user has.
 */
async function browserDownloads(l: Launched): Promise<void> {
  const page = await openPopup(l);
  const cdp = await l.context.newCDPSession(page);
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'default' });
  await page.close();
}

async function listOf(page: Page): Promise<SavedPaper[]> {
  const reply = (await page.evaluate(() => chrome.runtime.sendMessage({ type: 'listGet', payload: {} }))) as {
    ok: boolean;
    value: { papers: SavedPaper[] };
  };
  expect(reply.ok).toBe(true);
  return reply.value.papers;
}

const papers = Array.from({ length: 40 }, (_, i) => ({
  id: `2603.${String(20000 + i)}`,
  title: `A paper worth keeping, number ${i} — “ünïcode”`,
  authors: ['Ann Author', 'Bo Builder'],
  abstract: `What paper ${i} is about.`,
  year: 2026,
  links: { abs: `https://arxiv.org/abs/2603.${20000 + i}` },
  savedAt: 1_780_000_000_000 + i * 60_000,
  tags: i % 3 ? ['keep', `t${i % 4}`] : [],
  note: i % 2 ? `My note on ${i}\nsecond line` : '',
  read: i % 5 === 0,
  source: 'import',
}));
const file = JSON.stringify({ format: 'paper-lens', schemaVersion: 2, exportedAt: '2026-12-01T00:00:00.000Z', papers });

describe('backups', () => {
  it('back up now writes the list into Downloads/Paper Lens/ quietly; a fresh profile restores it by importing that file', async () => {
    const { userDataDir, downloads } = profileWithDownloads();
    const a = await launch(defaultSite(), { userDataDir });
    opened.push(a);
    await browserDownloads(a);
    const popup = new PopupPO(await openPopup(a, '#saved'));
    await popup.importFile.setInputFiles({ name: 'list.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect
      .poll(() => popup.page.getByTestId('saved-count').textContent(), { timeout: 30_000 })
      .toBe('40 of 40 saved papers');
    // An edit after the import, so that only "Back up now" can have written it.
    await popup.page.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'listUpdate', payload: { id: '2603.20000', note: 'added after the import' } }),
    );

    const options = await a.context.newPage();
    await options.goto(`chrome-extension://${a.extensionId}/options.html`);
    await options.getByTestId('backup-now').click();
    await expect.poll(() => options.getByTestId('backup-last').textContent(), { timeout: 30_000 }).toMatch(/40 papers/);
    const path = join(downloads, backupFilename(new Date()));
    await expect
      .poll(() => existsSync(path) && readFileSync(path, 'utf8').includes('added after the import'), { timeout: 30_000 })
      .toBe(true);
    expect(readdirSync(join(downloads, 'Paper Lens'))).toEqual([backupFilename(new Date()).split('/')[1]]);
    const before = await listOf(popup.page);
    await a.close();

    const b = await launch(defaultSite());
    opened.push(b);
    const fresh = new PopupPO(await openPopup(b, '#saved'));
    expect(await listOf(fresh.page)).toEqual([]);
    await fresh.importFile.setInputFiles(path);
    await expect
      .poll(() => fresh.page.getByTestId('saved-count').textContent(), { timeout: 30_000 })
      .toBe('40 of 40 saved papers');
    const after = await listOf(fresh.page);
    expect(after).toEqual(before);
    expect(after.find((p) => p.id === '2603.20000')?.note).toBe('added after the import');
  });

  it('a fresh profile restores a backup past one message (sent in parts of 8 Mi characters) through the popup, all or nothing', async () => {
    // 12,000 papers with notes: about 10 M characters, two parts. PL_RESTORE_PAPERS=100000 measures the 100,000-paper restore.
    const n = Number(process.env.PL_RESTORE_PAPERS ?? 12_000);
    const big = Array.from({ length: n }, (_, i) => ({
      ...papers[i % papers.length],
      id: `${2601 + Math.floor(i / 90_000)}.${String(10000 + (i % 90_000))}`,
      title: `Restored paper ${i} — “ünïcode” 𝔸`,
      note: `Note ${i}: ${'what I thought of it, at some length. '.repeat(16)}`,
      links: {},
    }));
    const dir = mkdtempSync(join(tmpdir(), 'pl-restore-'));
    cleanup.push(dir);
    const path = join(dir, 'paper-lens-backup.json');
    writeFileSync(
      path,
      JSON.stringify({ format: 'paper-lens', schemaVersion: 2, exportedAt: '2026-12-01T00:00:00.000Z', papers: big }),
    );
    const chars = readFileSync(path, 'utf8').length;
    expect(chars).toBeGreaterThan(8 * 2 ** 20);

    const l = await launch(defaultSite());
    opened.push(l);
    const popup = new PopupPO(await openPopup(l, '#saved'));
    const t0 = Date.now();
    await popup.importFile.setInputFiles(path);
    await expect
      .poll(
        async () =>
          (await popup.page.getByTestId('import-error').count())
            ? await popup.page.getByTestId('import-error').textContent()
            : await popup.page.getByTestId('saved-count').textContent(),
        { timeout: 240_000, interval: 250 },
      )
      .toBe(`${n} of ${n} saved papers`);
    console.log(`restore of ${n} papers (${(chars / 1e6).toFixed(1)} M characters) through the popup: ${Date.now() - t0} ms`);
    const reply = (await popup.page.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'listGet', payload: { sort: 'title' } }),
    )) as { ok: boolean; value: { total: number; papers: SavedPaper[] } };
    expect(reply.value.total).toBe(n);
    expect(reply.value.papers[0].note).toMatch(/^Note \d+: what I thought/);

    // An upload the worker does not hold (a restart, another import): refused, the page told to import again, nothing changed.
    const refused = (await popup.page.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'listImport', payload: { upload: 'gone', filename: 'x.json', requestId: 'r' } }),
    )) as { ok: boolean; error: string };
    expect(refused).toMatchObject({ ok: false, error: expect.stringMatching(/import it again/) });
    expect(
      ((await popup.page.evaluate(() => chrome.runtime.sendMessage({ type: 'listGet', payload: {} }))) as typeof reply).value
        .total,
    ).toBe(n);
  }, 300_000);

  it('sync, switched on in the options, puts the list into storage.sync within its quota and says how much it takes', async () => {
    const l = await launch(defaultSite());
    opened.push(l);
    const popup = new PopupPO(await openPopup(l, '#saved'));
    await popup.importFile.setInputFiles({ name: 'list.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect
      .poll(() => popup.page.getByTestId('saved-count').textContent(), { timeout: 30_000 })
      .toBe('40 of 40 saved papers');
    const options = await l.context.newPage();
    await options.goto(`chrome-extension://${l.extensionId}/options.html`);
    const toggle = options.getByTestId('sync-enabled');
    await expect.poll(() => toggle.isEnabled()).toBe(true);
    expect(await toggle.isChecked()).toBe(false); // off by default
    await toggle.click(); // checked once the worker has switched sync on
    await expect.poll(() => toggle.isChecked(), { timeout: 30_000 }).toBe(true);
    await expect
      .poll(() => options.getByTestId('sync-status').textContent(), { timeout: 30_000 })
      .toMatch(/40 papers, \d+ KB of 100 KB/);
    expect(await options.getByTestId('sync-fit').count()).toBe(0); // everything fits
    const area = await l.worker.evaluate(async () => {
      // The worker's chrome.storage (page-globals.d.ts declares only runtime).
      const sync = (
        globalThis as unknown as {
          chrome: { storage: { sync: { get(k: null): Promise<object>; getBytesInUse(k: null): Promise<number> } } };
        }
      ).chrome.storage.sync;
      return { keys: Object.keys(await sync.get(null)), bytes: await sync.getBytesInUse(null) };
    });
    console.log(`sync of 40 papers: ${area.bytes} bytes in ${area.keys.length} items`);
    expect(area.keys.every((k) => /^list\.[0-9a-f]$/.test(k))).toBe(true);
    expect(area.bytes).toBeLessThanOrEqual(102_400);
  });
});
