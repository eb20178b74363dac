import { answerMessage, createService, toggleSaveForPage, type Service } from '@/lib/worker/service';
import { paperFromTab } from '@/lib/pages/current-tab';
import { HIGHLIGHT_COMMAND, HIGHLIGHT_COMMAND_MESSAGE } from '@/lib/annotations/types';
import { createIdbReadingListStore } from '@/lib/storage/reading-list-store';
import { storedAssets } from '@/lib/storage/corpus-files';
import { openPaperLensDb } from '@/lib/storage/db';
import type { BackupWorkerDeps } from '@/lib/worker/handlers/backup';

export default defineBackground(() => {
  // The corpus files ship with the extension (public/corpus/); reading them is not a network request.
  // The service loads them on the first message after each worker start, then keeps them until Chrome stops the idle worker.
  let service: Service | undefined;
  // The files a page reads many of are read from their copies in IndexedDB once the worker has made them.
  const assets = storedAssets(
    {
      text: async (path) => (await fetch(`/${path}`)).text(),
      bytes: async (path) => new Uint8Array(await (await fetch(`/${path}`)).arrayBuffer()),
    },
    () => openPaperLensDb(),
  );
  const getService = () =>
    (service ??= createService({
      assets,
      copies: assets,
      store: createIdbReadingListStore(),
      // Backups to the downloads folder and sync through storage.sync (lib/worker/handlers/backup.ts).
      backup: {
        downloads: browser.downloads as unknown as BackupWorkerDeps['downloads'],
        local: browser.storage.local,
        syncArea: browser.storage.sync,
        extensionId: browser.runtime.id,
      },
    }));

  // A weekly backup when one is due, and a sync, on every worker start; another device's change as it arrives.
  getService().backup?.started();
  browser.storage.onChanged.addListener((_changes, area) => {
    if (area === 'sync') getService().backup?.syncChanged();
  });

  browser.runtime.onMessage.addListener((raw, sender) =>
    answerMessage(raw, sender, { id: browser.runtime.id, origin: browser.runtime.getURL('/') }, getService),
  );

  browser.commands.onCommand.addListener(async (command) => {
    if (command === HIGHLIGHT_COMMAND) {
      // Content scripts do not get commands: the active tab's highlights module gets a message and acts on its selection.
      const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
      if (tab?.id === undefined) return;
      await browser.tabs.sendMessage(tab.id, { type: HIGHLIGHT_COMMAND_MESSAGE }).catch(() => undefined);
      return;
    }
    if (command !== 'toggle-save') return;
    const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
    const page = tab && paperFromTab(tab);
    if (page) await toggleSaveForPage(getService(), page);
  });
});
