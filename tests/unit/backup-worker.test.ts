/** The worker's backup and sync wiring (lib/worker/handlers/backup.ts), through the service as messages reach it. */
import { describe, expect, it } from 'vitest';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { createReadingListStore } from '../../lib/reading-list/local-store';
import { createService, type Service } from '../../lib/worker/service';
import { validateMessage } from '../../lib/messaging/contract';
import { buildRelatedModel } from '../../tools/related/build';
import { buildAssets, memoryAssets } from '../../tools/corpus/assets';
import { fakeDownloads, SELF, T0 } from './backup-fakes';
import { FakeSyncServer, MemoryArea } from './sync-fakes';

const corpus = papers as Paper[];
const ASSETS = buildAssets(corpus, buildRelatedModel(corpus));

function device(server: FakeSyncServer) {
  const downloads = fakeDownloads();
  const local = new MemoryArea();
  let t = T0;
  const service = createService({
    assets: memoryAssets(ASSETS),
    store: createReadingListStore(local),
    now: () => (t += 1000),
    backup: { downloads: downloads.api, local, syncArea: server.device(), extensionId: SELF },
  });
  return { service, downloads, local };
}

const file = (ids: string[]) =>
  JSON.stringify({
    format: 'paper-lens',
    schemaVersion: 2,
    exportedAt: '2026-11-30T00:00:00.000Z',
    papers: ids.map((id, i) => ({
      id,
      title: `Imported ${id}`,
      authors: [],
      links: {},
      savedAt: T0 + i,
      tags: ['imported'],
      note: `note ${i}`,
      read: false,
      source: 'import',
    })),
  });

async function until(check: () => boolean | Promise<boolean>) {
  for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
  expect(await check()).toBe(true);
}

const ids = async (s: Service) => (await s.handle({ type: 'listGet', payload: {} })).papers.map((p) => p.id);

describe('backups in the worker', () => {
  it('an import writes a backup at once; "Back up now" writes one and says so', async () => {
    const d = device(new FakeSyncServer(() => T0));
    await d.service.handle({ type: 'listImport', payload: { text: file(['2501.00001', '2501.00002']), filename: 'a.json' } });
    await until(() => d.downloads.files.size === 1);
    const status = await d.service.handle({ type: 'backupStatus', payload: {} });
    expect(status.backup).toMatchObject({ enabled: true, lastCount: 2, lastReason: 'import' });
    expect(status.sync.enabled).toBe(false);
    const now = await d.service.handle({ type: 'backupNow', payload: {} });
    expect(now.outcome).toMatchObject({ written: true, count: 2 });
    expect(now.backup.lastReason).toBe('manual');
    expect((await d.service.handle({ type: 'backupSetAuto', payload: { enabled: false } })).enabled).toBe(false);
  });

  it('the backup and sync requests are for extension pages only', () => {
    const self = { id: SELF, origin: `chrome-extension://${SELF}/` };
    const tab = { id: SELF, url: 'https://arxiv.org/abs/1909.11740', tab: { id: 1, url: 'https://arxiv.org/abs/1909.11740' } };
    for (const type of ['backupStatus', 'backupNow', 'backupSetAuto', 'syncSetEnabled']) {
      const payload = type.endsWith('Auto') || type.startsWith('sync') ? { enabled: true } : {};
      expect(validateMessage({ type, payload }, tab, self)).toEqual({ ok: false, error: `${type} is only for extension pages` });
      expect(validateMessage({ type, payload }, { id: SELF, url: `${self.origin}options.html` }, self).ok).toBe(true);
    }
  });
});

describe('sync in the worker', () => {
  it("a save on one device reaches the other through storage.sync and that device's list store", async () => {
    const server = new FakeSyncServer(() => T0);
    const a = device(server);
    const b = device(server);
    await a.service.handle({ type: 'listSave', payload: { paper: corpus[0] } });
    expect((await a.service.handle({ type: 'syncSetEnabled', payload: { enabled: true } })).enabled).toBe(true);
    expect((await b.service.handle({ type: 'syncSetEnabled', payload: { enabled: true } })).enabled).toBe(true);
    server.deliver();
    b.service.backup!.syncChanged();
    await b.service.backup!.flushSync();
    expect(await ids(b.service)).toEqual([corpus[0].id]);

    await b.service.handle({ type: 'listSave', payload: { paper: corpus[1], note: 'from b' } });
    await b.service.backup!.flushSync();
    server.deliver();
    a.service.backup!.syncChanged();
    await a.service.backup!.flushSync();
    const onA = (await a.service.handle({ type: 'listGet', payload: {} })).papers;
    expect(onA.map((p) => p.id)).toEqual([corpus[0].id, corpus[1].id]);
    expect(onA[1].note).toBe('from b');
    const status = await a.service.handle({ type: 'backupStatus', payload: {} });
    expect(status.sync).toMatchObject({ enabled: true, message: null });
  });
});
