/**
 * End-to-end harness: loads the built extension into Debian's Chromium through
 * playwright-core and serves saved pages at their real arxiv.org and
 * huggingface.co URLs with context.route(), so content scripts run as in real use.
 * Every other request is refused and recorded.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
export const EXTENSION_DIR = join(ROOT, '.output/chrome-mv3');
export const FIXTURES = join(ROOT, 'tests/fixtures/pages');

/** The Chromium flags this machine needs (closed network, no sandbox as root). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A page body served at a URL. */
export type Served = { body: string | Buffer; contentType?: string; status?: number };
/** Decides what to serve for a URL; undefined means 404. */
export type Site = (url: URL) => Served | undefined;

export interface Launched {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Requests that were refused because they left the served sites. */
  refused: string[];
  /** Every request the context saw, with whether it came from a page or the extension. */
  requests: { url: string; fromExtension: boolean }[];
  userDataDir: string;
  close(opts?: { keepProfile?: boolean }): Promise<void>;
}

const SERVED_HOSTS = /^(www\.|export\.|browse\.|ar5iv\.labs\.)?arxiv\.org$|^ar5iv\.org$|^huggingface\.co$/;

/** Launches Chromium with the built extension; `site` serves arxiv.org and huggingface.co. */
export async function launch(
  site: Site,
  opts: { userDataDir?: string; colorScheme?: 'light' | 'dark'; extensionDir?: string } = {},
): Promise<Launched> {
  if (!existsSync(join(EXTENSION_DIR, 'manifest.json'))) throw new Error(`no build at ${EXTENSION_DIR}: run npm run build`);
  const extensionDir = opts.extensionDir ?? EXTENSION_DIR;
  const userDataDir = opts.userDataDir ?? mkdtempSync(join(tmpdir(), 'paper-lens-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    colorScheme: opts.colorScheme ?? 'light',
    viewport: { width: 1200, height: 900 },
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`],
  });
  const refused: string[] = [];
  const requests: Launched['requests'] = [];
  context.on('request', (r) => {
    const frame = (() => {
      try {
        return r.frame();
      } catch {
        return null;
      }
    })();
    const fromExtension = !frame || frame.url().startsWith('chrome-extension://');
    requests.push({ url: r.url(), fromExtension });
  });
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'chrome-extension:' || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    if (!SERVED_HOSTS.test(url.hostname)) {
      refused.push(url.href);
      return route.abort('blockedbyclient');
    }
    const served = site(url);
    if (!served) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not in the fixtures' });
    return route.fulfill({
      status: served.status ?? 200,
      contentType: served.contentType ?? 'text/html; charset=utf-8',
      body: served.body,
    });
  });
  let [worker] = context.serviceWorkers();
  worker ??= await context.waitForEvent('serviceworker', { timeout: 30_000 });
  await untilActivated(worker);
  const extensionId = new URL(worker.url()).host;
  return {
    context,
    extensionId,
    worker,
    refused,
    requests,
    userDataDir,
    async close({ keepProfile = false } = {}) {
      await context.close();
      if (!keepProfile) rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Waits until the newly installed worker is activated. Stopped before that (about 100 ms after Playwright sees it),
 * Chromium 156 did not start it again for any message in 3 of 12 fresh profiles: every page then said "Could not
 * establish connection", and `npm run bench`'s first round timed out (seen twice).
 */
export async function untilActivated(worker: Worker): Promise<void> {
  for (const until = Date.now() + 30_000; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
    const state = await worker.evaluate(() => (self as unknown as { serviceWorker?: { state: string } }).serviceWorker?.state);
    if (state === 'activated') return;
  }
  throw new Error('the extension worker was not activated in 30 s');
}

/** Reads a saved page from tests/fixtures/pages/. */
export function fixture(name: string): string {
  return readFileSync(join(FIXTURES, name), 'utf8');
}

/** Opens the popup page in a tab (as a user's click would show it). */
export async function openPopup(l: Launched, hash = ''): Promise<Page> {
  const page = await l.context.newPage();
  await page.goto(`chrome-extension://${l.extensionId}/popup.html${hash}`);
  return page;
}

/** Stops the extension's service worker as Chrome does after 30 s idle (CDP, from one of its own pages). */
export async function stopWorker(l: Launched): Promise<void> {
  const page = await openPopup(l);
  const cdp = await l.context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.close();
}
