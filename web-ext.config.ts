import { defineWebExtConfig } from 'wxt';

/**
 * `npm run dev`: WXT's runner opens Debian's Chromium (or Firefox ESR with
 * `npm run dev:firefox`) with Paper Lens loaded and reloads it on every change.
 * The flags are the ones the tests use: no sandbox as root, and no background
 * networking, which this machine's closed network would refuse anyway.
 */
export default defineWebExtConfig({
  binaries: {
    chrome: '/usr/bin/chromium',
    firefox: '/usr/bin/firefox-esr',
  },
  chromiumArgs: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  startUrls: ['https://arxiv.org/abs/2310.00161'],
});
