/**
 * Hostile and unruly pages, in Chromium: a page that throws its content away and
 * puts it back (twice), markup and <script> in titles and abstracts, a page trying
 * to message the extension, and page scripts pressing the overlay's buttons.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, launch, openPopup, type Launched } from './harness';
import { BadgesPO, OverlayPO, PopupPO } from './page-objects';
import { absPage, corpus, defaultSite } from './site';

const paper = corpus.find((p) => p.id === '1909.11740')!;

/**
 * What single-page apps and some A/B-testing scripts do: serialise the body and
 * write it back, twice. The overlay's host comes back as an empty element (its
 * shadow root does not serialise), and the listing's badges as empty shells.
 */
const REWRITE_BODY_TWICE = `<script>
window.addEventListener('load', () => {
  const rewrite = () => { const html = document.body.innerHTML; document.body.innerHTML = ''; document.body.innerHTML = html; window.rewrites = (window.rewrites || 0) + 1; };
  setTimeout(rewrite, 1200);
  setTimeout(rewrite, 2400);
});
</script>`;

const withScript = (html: string, script: string) => html.replace('</body>', `${script}</body>`);

const MARKUP_TITLE = '<script>window.pwned = "title"</script><img src=x onerror="window.pwned = \'img\'"><b>Bold</b> claims';
const MARKUP_ABSTRACT =
  'An abstract with <script>window.pwned = "abstract"</script> and <iframe src="javascript:parent.pwned=1"></iframe> in it.';
const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
/** A paper outside the corpus, so the overlay shows what the page says. */
const MARKUP_PAGE = `<!doctype html><html><head><title>[2502.00002] ${escapeHtml(MARKUP_TITLE)}</title>
<meta name="citation_arxiv_id" content="2502.00002">
<meta name="citation_title" content="${escapeHtml(MARKUP_TITLE)}">
<meta name="citation_author" content="${escapeHtml('<i>Eve</i> <script>window.pwned="author"</script>')}">
<meta name="citation_abstract" content="${escapeHtml(MARKUP_ABSTRACT)}">
</head><body><div id="abs"><h1 class="title">Title: ${escapeHtml(MARKUP_TITLE)}</h1>
<div class="authors">${escapeHtml('<i>Eve</i>')}</div>
<blockquote class="abstract">${escapeHtml(MARKUP_ABSTRACT)}</blockquote></div></body></html>`;

let l: Launched;
beforeAll(async () => {
  l = await launch(
    defaultSite({
      'arxiv.org/abs/1909.11740': withScript(absPage(paper), REWRITE_BODY_TWICE),
      'arxiv.org/list/cs.CL/new': withScript(fixture('arxiv-list-cs.CL-new.html'), REWRITE_BODY_TWICE),
      'arxiv.org/abs/2502.00002': MARKUP_PAGE,
    }),
  );
});
afterAll(async () => l?.close());

async function open(url: string): Promise<Page> {
  const page = await l.context.newPage();
  await page.goto(url);
  return page;
}

/** The reading list's ids, asked from the popup (an extension page). */
async function readingList(): Promise<string[]> {
  const popup = await openPopup(l);
  const reply = (await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'listGet', payload: {} }))) as {
    ok: boolean;
    value: { papers: { id: string }[] };
  };
  await popup.close();
  expect(reply.ok).toBe(true);
  return reply.value.papers.map((p) => p.id).sort();
}

const rewrites = (page: Page) => page.evaluate(() => (window as unknown as { rewrites?: number }).rewrites ?? 0);

describe('a page that rewrites its body twice', () => {
  it('gets its overlay back exactly once, live and correct', async () => {
    const page = await open(`https://arxiv.org/abs/${paper.id}`);
    const o = await new OverlayPO(page).ready();
    expect(await o.state()).toBe('match');
    await expect.poll(() => rewrites(page), { timeout: 10_000 }).toBe(2);
    // Back, once, with its shadow root, showing the same paper.
    await expect
      .poll(
        () =>
          page.evaluate(() =>
            Array.from(
              document.querySelectorAll('paper-lens-overlay'),
              (h) => h.shadowRoot?.querySelector('[data-testid="overlay"]')?.getAttribute('data-state') ?? 'dead',
            ),
          ),
        { timeout: 10_000 },
      )
      .toEqual(['match']);
    expect(await o.paperId()).toBe(paper.id);
    expect(await o.title.textContent()).toBe(paper.title);
    // It stays that way, and still works.
    await page.waitForTimeout(1_500);
    expect(await page.locator('paper-lens-overlay').count()).toBe(1);
    await o.saveToggle.click();
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('true');
    await o.saveToggle.click();
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('false');
    await page.close();
  });

  it('gets its listing badges back, one per corpus entry', async () => {
    const page = await open('https://arxiv.org/list/cs.CL/new');
    const b = new BadgesPO(page);
    await expect.poll(() => b.all.count(), { timeout: 15_000 }).toBe(3);
    await expect.poll(() => rewrites(page), { timeout: 10_000 }).toBe(2);
    const live = () =>
      page.evaluate(() =>
        Array.from(document.querySelectorAll('paper-lens-badge'), (e) =>
          e.shadowRoot ? e.getAttribute('data-paper-id') : `dead:${e.getAttribute('data-paper-id')}`,
        ).sort(),
      );
    await expect.poll(live, { timeout: 10_000 }).toEqual(['1909.11740', '2308.08414', '2310.00161']);
    await page.waitForTimeout(1_500);
    expect(await live()).toEqual(['1909.11740', '2308.08414', '2310.00161']);
    await page.close();
  });
});

describe('markup and scripts in titles and abstracts', () => {
  it('are shown as text in the overlay and the reading list, and never run', async () => {
    const page = await open('https://arxiv.org/abs/2502.00002');
    const o = await new OverlayPO(page).ready();
    expect(await o.paperId()).toBe('2502.00002');
    expect(await o.title.textContent()).toBe(MARKUP_TITLE);
    const injected = await o.host.evaluate((h) => h.shadowRoot!.querySelectorAll('script, img, iframe, b, i').length);
    expect(injected).toBe(0);
    await o.saveToggle.click();
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('true');

    const popup = await openPopup(l, '#saved');
    const p = new PopupPO(popup);
    await expect.poll(() => p.savedIds()).toContain('2502.00002');
    expect(await p.savedItem('2502.00002').textContent()).toContain(MARKUP_TITLE);
    expect(await popup.locator('main script, main img, main iframe').count()).toBe(0);
    expect(await popup.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
    await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'listRemove', payload: { id: '2502.00002' } }));
    await popup.close();

    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned)).toBeUndefined();
    await page.close();
  });
});

describe('the page cannot reach the extension', () => {
  it('has no chrome.runtime to message it with, and postMessage changes nothing', async () => {
    const before = await readingList();
    const page = await open(`https://arxiv.org/abs/${paper.id}`);
    await new OverlayPO(page).ready();
    const attempt = await page.evaluate(async (extensionId) => {
      const save = { type: 'listSave', payload: { paper: { id: '2401.00001', title: 'Planted', authors: [] } } };
      const c = (window as unknown as { chrome?: { runtime?: { sendMessage?: (...a: unknown[]) => unknown } } }).chrome;
      let sendMessage = 'absent';
      if (c?.runtime?.sendMessage) {
        try {
          await c.runtime.sendMessage(extensionId, save);
          sendMessage = 'sent';
        } catch (err) {
          sendMessage = `threw: ${String(err)}`;
        }
      }
      // A content script that listened to window messages would be a way in.
      window.postMessage(save, '*');
      window.postMessage({ ...save, source: 'paper-lens' }, '*');
      document.dispatchEvent(new CustomEvent('paper-lens:save', { detail: save }));
      return { runtime: typeof c?.runtime, sendMessage };
    }, l.extensionId);
    console.log(`page → extension: chrome.runtime is ${attempt.runtime}, sendMessage ${attempt.sendMessage}`);
    expect(attempt.sendMessage === 'absent' || attempt.sendMessage.startsWith('threw')).toBe(true);
    await page.waitForTimeout(1_000);
    expect(await readingList()).toEqual(before);
    await page.close();
  });
});

describe('page scripts pressing the overlay', () => {
  it('synthetic clicks, mouse events and key presses on its controls change nothing', async () => {
    const before = await readingList();
    const page = await open(`https://arxiv.org/abs/${paper.id}`);
    const o = await new OverlayPO(page).ready();
    await expect.poll(() => rewrites(page), { timeout: 10_000 }).toBe(2);
    await o.ready();
    expect(await o.saveToggle.getAttribute('aria-pressed')).toBe('false');
    await page.evaluate(() => {
      const root = document.querySelector('paper-lens-overlay')!.shadowRoot!;
      const save = root.querySelector<HTMLElement>('[data-testid="save-toggle"]')!;
      const collapse = root.querySelector<HTMLElement>('[data-testid="overlay-collapse"]')!;
      for (const el of [save, collapse]) {
        el.click();
        el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
        el.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true }));
        el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
        el.dispatchEvent(new KeyboardEvent('keyup', { key: ' ', bubbles: true }));
        el.focus();
        el.click();
      }
    });
    await page.waitForTimeout(1_000);
    expect(await o.saveToggle.getAttribute('aria-pressed')).toBe('false');
    expect(await o.collapse.getAttribute('aria-expanded')).toBe('true');
    expect(await readingList()).toEqual(before);
    await page.close();
  });
});
