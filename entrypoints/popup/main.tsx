import { render } from 'preact';
import { Popup, type PopupApi } from '@/components/Popup';
import '@/components/popup.css';
import { storage } from 'wxt/utils/storage';
import { pageRequest } from '@/lib/messaging/client';
import { LIST_CHANGED_KEY } from '@/lib/reading-list/storage';
import { paperFromTab, pickPaperTab } from '@/lib/pages/current-tab';

const origin = browser.runtime.getURL('/');

const api: PopupApi = {
  search: (query) => pageRequest('search', { query, limit: 20 }),
  async currentPaper() {
    const [active] = await browser.tabs.query({ active: true, currentWindow: true });
    const tab = pickPaperTab(active, active?.url?.startsWith(origin) ? await browser.tabs.query({}) : [], origin);
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
  previewImport: async (file) => pageRequest('listImportPreview', { text: await file.text(), filename: file.name }),
  importFile: async (file, anyway) => pageRequest('listImport', { text: await file.text(), filename: file.name, anyway }),
  restoreBackup: () => pageRequest('listRestoreBackup', {}),
  moreLikeList: () => pageRequest('moreLikeList', { limit: 5 }),
  open: (url) => void browser.tabs.create({ url }),
  watchList: (onChange) => storage.watch(`local:${LIST_CHANGED_KEY}`, onChange),
};

render(<Popup api={api} initialTab={location.hash === '#saved' ? 'saved' : 'search'} />, document.getElementById('app')!);
