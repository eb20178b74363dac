import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

import { hostMatchPatterns } from './lib/core/hosts';

/** Hosts whose pages Paper Lens reads, from the one host list. Nothing else: no <all_urls>. */
export const HOST_PERMISSIONS = hostMatchPatterns();

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser, manifestVersion }) => ({
    name: 'Paper Lens',
    description:
      'See which arXiv and Hugging Face papers are in your collection, find related ones and keep a reading list. Everything stays on your machine.',
    // tabs.query reveals URLs of arxiv.org and huggingface.co tabs through the host
    // permissions alone, so the broader "tabs" permission is not needed.
    // unlimitedStorage: the reading list lives in IndexedDB (lib/storage/db.ts), which without it is
    // best-effort storage the browser may evict under disk pressure, and storage.local stops at 10 MB
    // (about 20,000 papers; issue 17). It shows no prompt and grants nothing else.
    // downloads: the backups outside the profile (lib/backup/backup.ts) are written quietly, without a
    // Save-As dialog, into Downloads/Paper Lens/, and only the older backups Paper Lens wrote are removed.
    permissions: ['storage', 'unlimitedStorage', 'downloads'],
    commands: {
      [manifestVersion === 2 ? '_execute_browser_action' : '_execute_action']: {
        suggested_key: { default: 'Alt+Shift+P' },
        description: 'Open Paper Lens',
      },
      'toggle-save': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: "Save or unsave the current tab's paper",
      },
      // The name is HIGHLIGHT_COMMAND (lib/annotations/types.ts); the worker relays it to the tab.
      'highlight-selection': {
        suggested_key: { default: 'Alt+Shift+H' },
        description: 'Highlight the selected text of a paper',
      },
    },
    host_permissions: HOST_PERMISSIONS,
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'paper-lens@paperlens.dev',
              // data_collection_permissions exists since Firefox 140 (desktop) and 142 (Android):
              // web-ext lint KEY_FIREFOX_UNSUPPORTED_BY_MIN_VERSION. See docs/firefox-lint.md.
              strict_min_version: '140.0',
              data_collection_permissions: { required: ['none'] },
            },
            gecko_android: { strict_min_version: '142.0' },
          },
        }
      : {}),
  }),
});
