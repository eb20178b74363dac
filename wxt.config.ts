import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

/** Hosts whose pages Paper Lens reads. Nothing else: no <all_urls>. */
export const HOST_PERMISSIONS = [
  '*://arxiv.org/*',
  '*://www.arxiv.org/*',
  '*://export.arxiv.org/*',
  '*://browse.arxiv.org/*',
  '*://huggingface.co/*',
];

// See https://wxt.dev/api/config.html
export default defineConfig({
  modules: ['@wxt-dev/webextension-polyfill'],
  vite: () => ({
    plugins: [preact()],
  }),
  manifest: ({ browser }) => ({
    name: 'Paper Lens',
    description:
      'See which arXiv and Hugging Face papers are in your collection, find related ones and keep a reading list. Everything stays on your machine.',
    permissions: ['storage', 'tabs'],
    host_permissions: HOST_PERMISSIONS,
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'paper-lens@paperlens.dev',
              strict_min_version: '128.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});
