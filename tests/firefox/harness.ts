/** What every Firefox ESR test shares: the built add-on and a browser with it installed. */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT } from '../e2e/harness';

/** The Firefox build `npm run build` writes. */
export const ADDON_DIR = join(ROOT, '.output/firefox-mv2');
/** The gecko id of `wxt.config.ts`. */
export const ADDON_ID = 'paper-lens@paperlens.dev';
/** The add-on's moz-extension:// host, fixed through a pref so tests can open its pages. */
export const ADDON_UUID = randomUUID();

/** Launches headless Firefox ESR with Paper Lens installed; fails when there is no build. */
export async function launchFirefox(): Promise<Browser> {
  if (!existsSync(join(ADDON_DIR, 'manifest.json'))) throw new Error(`no build at ${ADDON_DIR}: run npm run build`);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    // BiDi refuses to navigate a tab to a moz-extension:// URL ("Navigation to ... is
    // not allowed in this context", webdriver-bidi browsingContext.navigate) unless the
    // driver is given system access. It widens what the test driver may do, not the add-on.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: { 'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }) },
  });
  const installed = await browser.installExtension(ADDON_DIR);
  if (installed !== ADDON_ID) throw new Error(`installed ${installed}, expected ${ADDON_ID}`);
  return browser;
}

/**
 * Opens one of the add-on's pages in a new tab. BiDi does not report an
 * extension page's load, so the document is polled; a poll that lands while the
 * tab swaps about:blank for the page fails inside Firefox's remote agent
 * ("right-hand side of 'in' should be an object, got null", once in a clean-clone
 * CI run), so a failed poll is tried again until the deadline.
 */
export async function openAddonPage(browser: Browser, path: string, uuid = ADDON_UUID, timeout = 20_000): Promise<Page> {
  const page = await browser.newPage();
  void page.goto(`moz-extension://${uuid}/${path}`, { timeout: 0 }).catch(() => undefined);
  const deadline = Date.now() + timeout;
  for (;;) {
    const loaded = await page
      .evaluate(() => location.protocol === 'moz-extension:' && document.readyState === 'complete')
      .catch(() => false);
    if (loaded) return page;
    if (Date.now() > deadline) throw new Error(`moz-extension://…/${path} did not load in ${timeout} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Waits until `fn` is truthy in one of the add-on's pages, polling from the
 * test. Puppeteer's own `waitForFunction` builds its predicate with
 * `new Function`, which the add-on's content security policy refuses in its
 * pages from Firefox ESR 140.12 ("call to Function() blocked by CSP"); a plain
 * evaluate is not refused. `fn` returns a boolean: a DOM node does not come back
 * through BiDi (the poll would fail every time). A poll that fails (the document
 * swapped) is tried again.
 */
export async function waitInAddonPage<A extends unknown[]>(
  page: Page,
  fn: (...args: A) => boolean,
  { timeout = 20_000, polling = 100 }: { timeout?: number; polling?: number } = {},
  ...args: A
): Promise<void> {
  const deadline = Date.now() + timeout;
  let lastError: unknown;
  for (;;) {
    const ok = await page.evaluate(fn as (...a: unknown[]) => boolean, ...args).then(Boolean, (e: unknown) => {
      lastError = e;
      return false;
    });
    if (ok) return;
    if (Date.now() > deadline)
      throw new Error(`Waiting failed: ${timeout} ms exceeded`, lastError === undefined ? undefined : { cause: lastError });
    await new Promise((r) => setTimeout(r, polling));
  }
}
