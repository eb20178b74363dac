/**
 * The main highlight flow in Firefox ESR (the built add-on, puppeteer-core over
 * WebDriver BiDi): select a passage of the saved arXiv HTML rendering with the
 * mouse, highlight it, write a note, and find both again after a reload.
 * Launch and serving follow tests/firefox/firefox.firefox.test.ts.
 */
import { type Browser, type HTTPRequest, type Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox } from './harness';
import { defaultSite } from '../e2e/site';
import { dragSelectWith, pointsInPage } from '../e2e/drag-select';

const SERVED_HOSTS = /^(www\.|export\.|browse\.)?arxiv\.org$|^huggingface\.co$/;
const site = defaultSite();
const V1 = 'https://arxiv.org/html/2604.15597v1';

let browser: Browser;
beforeAll(async () => {
  browser = await launchFirefox();
});
afterAll(async () => browser?.close());

async function open(url: string): Promise<Page> {
  const page = await browser.newPage();
  await page.setRequestInterception(true);
  page.on('request', (request: HTTPRequest) => {
    const u = new URL(request.url());
    if (u.protocol === 'moz-extension:' || u.protocol === 'data:' || u.protocol === 'blob:') return void request.continue();
    const served = SERVED_HOSTS.test(u.hostname) ? site(u) : undefined;
    if (!served) return void request.abort('blockedbyclient');
    void request.respond({ status: 200, contentType: served.contentType ?? 'text/html; charset=utf-8', body: served.body });
  });
  await page.goto(url);
  return page;
}

const inOverlay = (sel: string) => `paper-lens-overlay >>> ${sel}`;

/**
 * Waits for an element inside the overlay's shadow root by polling it from the
 * page. Puppeteer's deep selector (`>>>`) wait over WebDriver BiDi sometimes
 * missed an attribute that changed inside the shadow root (the overlay showed
 * the highlight anchored within 1.5 s while the wait ran out at 20 s), so state
 * changes are polled; clicks still use the deep selector.
 */
async function waitInOverlay(page: Page, sel: string, timeout: number): Promise<void> {
  await page.waitForFunction(
    (s) => document.querySelector('paper-lens-overlay')?.shadowRoot?.querySelector(s) != null,
    { timeout, polling: 100 },
    sel,
  );
}

/** Count of ranges under CSS.highlights 'paper-lens', as the page sees it. */
const highlightCount = (page: Page) =>
  page.evaluate(() => (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('paper-lens')?.size ?? 0);

/** Drags the mouse from the first character of `from` to the last of `to` inside `#id` (see tests/e2e/drag-select.ts). */
function dragSelect(page: Page, id: string, from: string, to: string): Promise<void> {
  return dragSelectWith(
    {
      mouse: page.mouse,
      points: (t) => page.evaluate(pointsInPage, t),
      selection: () => page.evaluate(() => String(getSelection())),
      clear: () => page.evaluate(() => getSelection()?.removeAllRanges()),
      wait: (ms) => new Promise((r) => setTimeout(r, ms)),
    },
    { id, from, to },
  );
}

describe('Firefox ESR: highlights on the arXiv HTML rendering', () => {
  it('a mouse selection becomes a highlight with a note that comes back after a reload', async () => {
    const page = await open(V1);
    await page.waitForSelector(inOverlay('[data-testid="overlay-title"]'), { timeout: 20_000 });
    await dragSelect(page, 'S1.p2', 'The viability', 'without introducing errors.');
    await page.waitForSelector('paper-lens-highlight >>> [data-testid="highlight-selection"]', { timeout: 10_000 });
    await page.click('paper-lens-highlight >>> [data-testid="highlight-button"]');
    await waitInOverlay(page, '[data-testid="annotation-item"][data-anchored="true"]', 20_000);
    await page.waitForFunction(
      () => (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('paper-lens')?.size === 1,
      { timeout: 10_000 },
    );
    await page.click(inOverlay('[data-testid="annotation-note"]'));
    await page.keyboard.type('checked in Firefox');
    // Leaving the box saves the note.
    await page.click(inOverlay('[data-testid="overlay-title"]'));
    await waitInOverlay(page, '[data-testid="annotation-item"][data-note="checked in Firefox"]', 10_000);

    await page.reload();
    await waitInOverlay(page, '[data-testid="annotation-item"][data-anchored="true"]', 20_000);
    const item = await page.$(inOverlay('[data-testid="annotation-item"][data-anchored="true"]'));
    expect(await item!.evaluate((e) => e.querySelector('textarea')!.value)).toBe('checked in Firefox');
    await page.waitForFunction(
      () => (CSS as unknown as { highlights: Map<string, Set<Range>> }).highlights.get('paper-lens')?.size === 1,
      { timeout: 10_000 },
    );
    expect(await highlightCount(page)).toBe(1);
    await page.close();
  });
});
