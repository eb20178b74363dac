/**
 * `npm run bench`'s part in Chromium (tools/bench.ts): the overlay's and the
 * popup's cold answers with the worker stopped first, as a user coming back
 * after 30 s finds it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_FLAGS, untilActivated } from '../tests/e2e/harness';
import { absPage } from '../tests/e2e/site';
import type { Paper } from '../lib/core/paper';

const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];
const median = (xs: number[]) => percentile(xs, 50);

/**
 * Stops the extension's worker as Chrome does after 30 s idle, from a blank page: an extension page (the options page,
 * as here before) asked the worker for its status, was closed mid-request, and its retry started the worker again,
 * which had loaded the search table by the time the measured page opened.
 */
async function stopWorker(context: BrowserContext) {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('ServiceWorker.enable');
  await cdp.send('ServiceWorker.stopAllWorkers');
  await page.close();
  await new Promise((r) => setTimeout(r, 300));
}

/**
 * Throws unless the worker now running started after `page`'s navigation began: the answer measured was a cold one.
 * (A page's and a worker's `timeOrigin` are times on one wall clock.) Not asked of the uncounted first round: just
 * after the install the worker was seen running again about 340 ms after the stop.
 */
async function assertColdWorker(context: BrowserContext, page: Page): Promise<void> {
  const workers = context.serviceWorkers();
  const pageOrigin = await page.evaluate(() => performance.timeOrigin);
  const workerOrigins = await Promise.all(workers.map((w) => w.evaluate(() => performance.timeOrigin).catch(() => Infinity)));
  const started = Math.max(...workerOrigins.filter(Number.isFinite));
  if (!(started >= pageOrigin))
    throw new Error(`bench: the worker was running before the page opened (${Math.round(pageOrigin - started)} ms)`);
}

/** Milliseconds from navigation start until `found` (which returns `performance.now()` once it holds) is truthy, polled every frame. */
async function timeUntil(page: Page, found: () => number | false): Promise<number> {
  const handle = await page.waitForFunction(found, undefined, { polling: 'raf', timeout: 60_000 }).catch(async (err: Error) => {
    // What the page showed instead (the overlay's own text, or the popup's), for the report.
    const shown = await page
      .evaluate(() => (document.querySelector('paper-lens-overlay')?.shadowRoot ?? document.body)?.textContent ?? '')
      .catch(() => '(page gone)');
    throw new Error(`${err.message} at ${page.url()}; it showed: ${shown.replace(/\s+/g, ' ').slice(0, 400)}`);
  });
  return Number(await handle.jsonValue());
}

/** Polls the worker's status from an extension page until its corpus files' copies are in (lib/storage/corpus-files.ts). */
async function waitForCopies(context: BrowserContext, id: string): Promise<void> {
  const page = await context.newPage();
  await page.goto(`chrome-extension://${id}/options.html`);
  try {
    for (const until = Date.now() + 300_000; Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
      const c = (await page.evaluate(`chrome.runtime.sendMessage({ type: 'status', payload: {} })`)) as {
        value?: { corpusCopies: { complete: boolean; error?: string } | null };
      };
      const copies = c.value?.corpusCopies;
      if (copies?.error) throw new Error(`corpus copies: ${copies.error}`);
      if (copies?.complete) return;
    }
    throw new Error('corpus copies: not done in 5 minutes');
  } finally {
    await page.close();
  }
}

/**
 * In Chromium, the worker stopped before each: navigation to a corpus paper's
 * abstract page → the overlay painted with its related papers, and popup open →
 * first search results painted, "language model" typed in the page at the first
 * frame that has the search box. Medians of 5, once the worker has copied the
 * corpus files it reads from IndexedDB after its first answer; `copiesMs` is how
 * long that took from the first page's answer (a one-off after an install or
 * update; until then pages read the shipped files).
 */
export async function chromiumColds(dir: string, papers: Paper[]): Promise<{ overlay: number; popup: number; copiesMs: number }> {
  const profile = mkdtempSync(join(tmpdir(), 'paper-lens-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  const byId = new Map(papers.map((p) => [p.id, p]));
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'chrome-extension:') return route.continue();
    const m = /^\/abs\/(.+?)(?:v\d+)?$/.exec(url.pathname);
    const p = url.hostname === 'arxiv.org' && m ? byId.get(m[1]) : undefined;
    if (!p) return route.fulfill({ status: 404, body: '' });
    return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: absPage(p) });
  });
  try {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker');
    await untilActivated(worker);
    const id = new URL(worker.url()).host;
    const overlay: number[] = [];
    const popup: number[] = [];
    let copiesMs = 0;
    // New-style ids only: the page template is a new-style abstract page.
    const pagesToVisit = papers.filter((p) => /^\d{4}\.\d{4,5}$/.test(p.id));
    // One round first, not counted: the browser's own first start (its caches, compiling the extension) is not the worker's.
    for (let i = -1; i < 5; i++) {
      const p = pagesToVisit[Math.floor(((i + 2) * pagesToVisit.length) / 7)];
      await stopWorker(context);
      const page = await context.newPage();
      await page.goto(`https://arxiv.org/abs/${p.id}`);
      const overlayMs = await timeUntil(page, () => {
        const root = document.querySelector('paper-lens-overlay')?.shadowRoot;
        return (
          !!root?.querySelector('[data-testid="overlay-title"]') &&
          !!root.querySelector('[data-testid="related-item"]') &&
          performance.now()
        );
      });
      if (i >= 0) await assertColdWorker(context, page);
      await page.close();
      if (i === -1) {
        const t = performance.now();
        await waitForCopies(context, id);
        copiesMs = performance.now() - t;
      }
      await stopWorker(context);
      const pop = await context.newPage();
      await pop.goto(`chrome-extension://${id}/popup.html`, { waitUntil: 'commit' });
      const popupMs = await timeUntil(pop, () => {
        const input = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
        const w = window as { benchTyped?: boolean };
        if (!input) return false;
        if (!w.benchTyped) {
          w.benchTyped = true;
          input.value = 'language model';
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }
        return !!document.querySelector('[data-testid="search-result"]') && performance.now();
      });
      if (i >= 0) await assertColdWorker(context, pop);
      await pop.close();
      if (i >= 0) {
        overlay.push(overlayMs);
        popup.push(popupMs);
      }
    }
    return { overlay: median(overlay), popup: median(popup), copiesMs };
  } finally {
    byId.clear(); // Let go now, not when Playwright drops the route (the heap measured next fell by them).
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
