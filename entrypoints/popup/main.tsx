import { render } from 'preact';
import { Popup, type PopupApi } from '@/components/Popup';
import '@/components/popup.css';
import { storage } from 'wxt/utils/storage';
import { splitParts } from '@/lib/backup/upload';
import { pageRequest } from '@/lib/messaging/client';
import { LIST_CHANGED_KEY } from '@/lib/reading-list/storage';
import { paperFromTab, pickPaperTab } from '@/lib/pages/current-tab';

const origin = browser.runtime.getURL('/');

// The file read for the preview, sent again as is for the import (the worker still holds its parts).
const uploads = new WeakMap<File, Promise<{ text: string } | { upload: string }>>();
/** A file as `listImportPreview`/`listImport` take it: its text when it fits one part, else sent in parts first. */
function source(file: File) {
  let sent = uploads.get(file);
  if (!sent) {
    sent = (async () => {
      const parts = splitParts(await file.text());
      if (parts.length === 1) return { text: parts[0] };
      const upload = crypto.randomUUID();
      for (const [index, text] of parts.entries())
        await pageRequest('listImportPart', { upload, index, count: parts.length, text });
      return { upload };
    })();
    uploads.set(file, sent);
    // A failed upload is sent again on the next try.
    sent.catch(() => uploads.delete(file));
  }
  return sent;
}

const api: PopupApi = {
  search: (query) => pageRequest('search', { query, limit: 20 }),
  async currentPaper() {
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    // The popup opened in a tab of its own (as end-to-end tests open it): Chromium 150 no longer gives that tab's
    // URL without the tabs permission, so it is told by tabs.getCurrent (undefined in a real popup).
    const self = await browser.tabs.getCurrent();
    const inTab = (self !== undefined && self.id === active?.id) || !!active?.url?.startsWith(origin);
    const tab = pickPaperTab(inTab ? undefined : active, inTab ? await browser.tabs.query({}) : [], origin);
    const page = tab && paperFromTab(tab);
    return page ? pageRequest('annotatePage', { page, limit: 5 }) : null;
  },
  getList: (query) => pageRequest('listGet', query),
  save: (paper) => pageRequest('listSave', { paper }),
  remove: async (id) => (await pageRequest('listRemove', { id })).removed,
  restore: (paper) => pageRequest('listRestore', { paper }),
  update: (id, patch) => pageRequest('listUpdate', { id, ...patch }),
  async exportList(format, tag) {
    // In parts: a whole 100,000-paper export is past Chrome's message limit.
    let file = await pageRequest('listExport', { format, tag });
    const parts = [file.text];
    while (file.next !== null) parts.push((file = await pageRequest('listExport', { format, tag, offset: file.next })).text);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob(parts, { type: file.mime }));
    a.download = file.filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
  },
  previewImport: async (file) => pageRequest('listImportPreview', { ...(await source(file)), filename: file.name }),
  async importFile(file, anyway) {
    try {
      return await pageRequest('listImport', { ...(await source(file)), filename: file.name, anyway });
    } finally {
      uploads.delete(file);
    }
  },
  restoreBackup: () => pageRequest('listRestoreBackup', {}),
  moreLikeList: () => pageRequest('moreLikeList', { limit: 5 }),
  open: (url) => void browser.tabs.create({ url }),
  watchList: (onChange) => storage.watch(`local:${LIST_CHANGED_KEY}`, onChange),
};

// The popup is open: a search is coming. Asking the status loads the search index's table now, while the popup paints.
void pageRequest('status', {}).catch(() => undefined);

render(<Popup api={api} initialTab={location.hash === '#saved' ? 'saved' : 'search'} />, document.getElementById('app')!);
