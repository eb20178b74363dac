/**
 * The built Firefox add-on (.output/firefox-mv2) in Debian's Firefox ESR, driven by
 * puppeteer-core over WebDriver BiDi: the overlay, listing badges, saving and the
 * popup search, on the saved pages served at their real arxiv.org URLs.
 */
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import puppeteer, { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../e2e/harness';
import { openAddonPage, waitInAddonPage } from './harness';
import { corpus, defaultSite } from '../e2e/site';

const ADDON_DIR = join(ROOT, '.output/firefox-mv2');
const ADDON_ID = 'paper-lens@paperlens.dev';
/** Fixed before launch, so the popup's moz-extension:// origin is known (Firefox picks a random one otherwise). */
const ADDON_UUID = randomUUID();
const SERVED_HOSTS = /^(www\.|export\.|browse\.)?arxiv\.org$|^huggingface\.co$/;
const site = defaultSite();

let browser: Browser;
/** Requests that left the served sites (and were refused). */
const refused: string[] = [];
/** Every page body served, to tell the pages' own subresources from anything else. */
const servedBodies: string[] = [];

beforeAll(async () => {
  if (!existsSync(join(ADDON_DIR, 'manifest.json'))) throw new Error(`no build at ${ADDON_DIR}: run npm run build`);
  browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr',
    headless: true,
    // BiDi refuses to navigate a tab to a moz-extension:// URL ("Navigation to ... is
    // not allowed in this context", webdriver-bidi browsingContext.navigate) unless the
    // driver is given system access. It widens what the test driver may do, not the add-on.
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: {
      'extensions.webextensions.uuids': JSON.stringify({ [ADDON_ID]: ADDON_UUID }),
    },
  });
  // Installed as a temporary add-on from the unpacked build (BiDi webExtension.install).
  const id = await browser.installExtension(ADDON_DIR);
  expect(id).toBe(ADDON_ID);
});
afterAll(async () => browser?.close());

/** Serves the saved pages at their real URLs; everything else is refused and recorded. */
async function serveSite(page: Page): Promise<void> {
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const url = new URL(request.url());
    if (url.protocol === 'moz-extension:' || url.protocol === 'data:' || url.protocol === 'blob:') {
      void request.continue();
      return;
    }
    if (!SERVED_HOSTS.test(url.hostname)) {
      refused.push(url.href);
      void request.abort('blockedbyclient');
      return;
    }
    const served = site(url);
    if (served) servedBodies.push(String(served.body));
    void request.respond(
      served
        ? { status: served.status ?? 200, contentType: served.contentType ?? 'text/html; charset=utf-8', body: served.body }
        : { status: 404, contentType: 'text/plain', body: 'not in the fixtures' },
    );
  });
}

async function open(url: string): Promise<Page> {
  const page = await browser.newPage();
  await serveSite(page);
  await page.goto(url);
  return page;
}

/**
 * Opens an extension page in a tab. Firefox loads moz-extension:// documents in the
 * extension process and BiDi does not report that load to Puppeteer (page.url()
 * stays about:blank and goto() never resolves, Firefox ESR 153), so the navigation
 * is started and the document itself is awaited.
 */
function openExtensionPage(path: string): Promise<Page> {
  return openAddonPage(browser, path, ADDON_UUID);
}

const overlay = (sel = '') => `paper-lens-overlay >>> [data-testid="overlay"]${sel}`;
const inOverlay = (testId: string) => `paper-lens-overlay >>> [data-testid="${testId}"]`;

describe('Firefox ESR: the add-on on arXiv', () => {
  const paper = corpus.find((p) => p.id === '1909.11740')!;

  it('shows the overlay on the abstract page of a corpus paper, in an open shadow root', async () => {
    const page = await open(`https://arxiv.org/abs/${paper.id}`);
    const root = await page.waitForSelector(overlay('[data-state="match"]'), { timeout: 20_000 });
    expect(await root!.evaluate((e) => e.getAttribute('data-paper-id'))).toBe(paper.id);
    const hosts = await page.$$eval('paper-lens-overlay', (els) =>
      els.map((e) => ({ open: e.shadowRoot !== null, mode: e.shadowRoot?.mode })),
    );
    expect(hosts).toEqual([{ open: true, mode: 'open' }]);
    const title = await page.waitForSelector(inOverlay('overlay-title'));
    expect(await title!.evaluate((e) => e.textContent)).toBe(paper.title);
    const related = await page.$$(inOverlay('related-item'));
    expect(related.length).toBeGreaterThan(0);
    await page.close();
  });

  it('badges the three corpus entries of the cs.CL /new listing', async () => {
    const page = await open('https://arxiv.org/list/cs.CL/new');
    await page.waitForFunction(() => document.querySelectorAll('paper-lens-badge').length === 3, { timeout: 20_000 });
    const states = await page.$$eval('paper-lens-badge', (els) =>
      Object.fromEntries(els.map((e) => [e.getAttribute('data-paper-id'), e.getAttribute('data-state')])),
    );
    expect(states).toEqual({ '1909.11740': 'collection', '2308.08414': 'collection', '2310.00161': 'collection' });
    // Settle: no badge is added twice.
    await new Promise((r) => setTimeout(r, 500));
    expect(await page.$$eval('paper-lens-badge', (els) => els.length)).toBe(3);
    await page.close();
  });

  it('saves the paper from the overlay and keeps it across a reload', async () => {
    const page = await open(`https://arxiv.org/abs/${paper.id}`);
    await page.waitForSelector(overlay('[data-state="match"]'), { timeout: 20_000 });
    const pressed = () => page.$eval(inOverlay('save-toggle'), (e) => e.getAttribute('aria-pressed'));
    const showsSaved = () =>
      page.waitForFunction(
        () =>
          document
            .querySelector('paper-lens-overlay')
            ?.shadowRoot?.querySelector('[data-testid="save-toggle"]')
            ?.getAttribute('aria-pressed') === 'true',
        { timeout: 10_000 },
      );
    expect(await pressed()).toBe('false');
    // A real (trusted) click through WebDriver input actions.
    await page.click(inOverlay('save-toggle'));
    await showsSaved();
    await page.reload();
    await page.waitForSelector(overlay('[data-state="match"]'), { timeout: 20_000 });
    await showsSaved();
    await page.close();
  });

  it('the popup searches the collection as you type and lists the saved paper', async () => {
    const popup = await openExtensionPage('popup.html');
    await popup.waitForSelector('[data-testid="search-input"]');
    await popup.type('[data-testid="search-input"]', 'ctc', { delay: 30 });
    await waitInAddonPage(
      popup,
      () =>
        Array.from(document.querySelectorAll('[data-testid="search-result"]')).some(
          (e) => e.getAttribute('data-paper-id') === '2307.01715',
        ),
      { timeout: 10_000 },
    );
    const ids = await popup.$$eval('[data-testid="search-result"]', (els) => els.map((e) => e.getAttribute('data-paper-id')));
    expect(ids).toContain('2307.01715');
    // An author name finds exactly that author's paper (as in the Chromium popup test).
    await popup.click('[data-testid="search-input"]', { count: 3 });
    await popup.keyboard.press('Backspace');
    await popup.type('[data-testid="search-input"]', 'korbak', { delay: 30 });
    await waitInAddonPage(
      popup,
      () => {
        const got = Array.from(document.querySelectorAll('[data-testid="search-result"]'), (e) =>
          e.getAttribute('data-paper-id'),
        );
        return got.length === 1 && got[0] === '2302.08582';
      },
      { timeout: 10_000 },
    );
    // The paper saved from the overlay in the previous test is in the reading list.
    await popup.click('[data-testid="tab-saved"]');
    await popup.waitForSelector(`[data-testid="saved-item"][data-paper-id="${paper.id}"]`, { timeout: 10_000 });
    await popup.close();
  });

  it('the tabs made no request off the served sites but the subresources the saved pages name', () => {
    // The captures load arXiv's scripts from CDNs; those are refused. Anything else
    // (the add-on calling out) would be a URL no served page mentions.
    const unexplained = refused.filter((u) => {
      const { host, pathname } = new URL(u);
      return !servedBodies.some((body) => body.includes(host + pathname));
    });
    expect(unexplained).toEqual([]);
  });
});
