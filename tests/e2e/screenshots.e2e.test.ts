/**
 * The README's pictures, made by driving the real extension: the overlay on an
 * abstract page (light and dark), listing badges, the popup's search and
 * reading list. Each shot also asserts what it shows.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openPopup, ROOT, type Launched } from './harness';
import { BadgesPO, OverlayPO, PopupPO } from './page-objects';
import { defaultSite } from './site';

const OUT = join(ROOT, 'docs/screenshots');

/**
 * arXiv's own stylesheets are not among the saved pages; this stand-in keeps the
 * page readable around the overlay in the pictures (test scaffolding only).
 */
const ARXIV_LITE_CSS = `
body { font: 15px/1.5 'Lucida Grande', Helvetica, Arial, sans-serif; margin: 0; color: #222; background: #fff; }
header, .skip, #cu-identity, .search-block, .extra-services, footer, .submission-history, .dateline, nav, .metatable, script { display: none !important; }
svg { width: 16px; height: 16px; }
#content { max-width: 860px; margin: 24px auto; padding: 0 16px; }
h1.title { font-size: 24px; margin: 8px 0; }
.descriptor { display: none; }
.authors a { color: #0645ad; }
blockquote.abstract { margin: 12px 0; font-size: 14px; }
`;

let light: Launched;
beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  const base = defaultSite();
  light = await launch((url) => (url.pathname.endsWith('.css') ? { body: ARXIV_LITE_CSS, contentType: 'text/css' } : base(url)));
});
afterAll(async () => light?.close());

describe('screenshots for the README', () => {
  it('the overlay on an abstract page of a corpus paper', async () => {
    const page = await light.context.newPage();
    await page.setViewportSize({ width: 1000, height: 900 });
    await page.goto('https://arxiv.org/abs/2010.10137');
    const o = await new OverlayPO(page).ready();
    await o.related.first().waitFor();
    expect(await o.state()).toBe('match');
    const box = await page.locator('#abs').boundingBox();
    await page.screenshot({
      path: join(OUT, 'overlay.png'),
      clip: { x: box!.x, y: box!.y, width: box!.width, height: Math.min(760, box!.height) },
    });
    await page.close();
  });

  it('listing badges', async () => {
    const page = await light.context.newPage();
    await page.setViewportSize({ width: 1000, height: 700 });
    await page.goto('https://arxiv.org/list/cs.CL/new');
    await expect.poll(() => new BadgesPO(page).all.count()).toBe(3);
    await page.locator('paper-lens-badge').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(OUT, 'listing-badges.png') });
    await page.close();
  });

  it('the popup: search and reading list', async () => {
    const tab = await light.context.newPage();
    await tab.goto('https://arxiv.org/abs/2307.01715');
    const page = await openPopup(light);
    await page.setViewportSize({ width: 460, height: 640 });
    const p = new PopupPO(page);
    await p.current.waitFor();
    await p.currentSave.click();
    await expect.poll(() => p.currentSave.getAttribute('aria-pressed')).toBe('true');
    await page.screenshot({ path: join(OUT, 'popup-current.png') });
    await p.search.fill('tokenizer');
    await p.results.first().waitFor();
    await page.screenshot({ path: join(OUT, 'popup-search.png') });
    await page.goto(`chrome-extension://${light.extensionId}/options.html`);
    const list = await openPopup(light, '#saved');
    await list.setViewportSize({ width: 460, height: 640 });
    await new PopupPO(list).savedItems.first().waitFor();
    await list.screenshot({ path: join(OUT, 'popup-saved.png') });
    await list.close();
    await page.close();
    await tab.close();
  });

  it('the overlay follows a dark system theme', async () => {
    const dark = await launch(defaultSite(), { colorScheme: 'dark' });
    try {
      const page = await dark.context.newPage();
      await page.setViewportSize({ width: 900, height: 700 });
      await page.goto('https://arxiv.org/abs/2501.99999v1');
      const o = await new OverlayPO(page).ready();
      const bg = await o.root.evaluate((e) => getComputedStyle(e).backgroundColor);
      expect(bg).toBe('rgb(30, 31, 36)');
      await o.root.screenshot({ path: join(OUT, 'overlay-dark.png') });
    } finally {
      await dark.close();
    }
  });
});
