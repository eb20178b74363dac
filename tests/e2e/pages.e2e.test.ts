/**
 * Every page kind of the paper-pages issue, in Chromium, on saved real pages and
 * pages made in their shape.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, type Launched } from './harness';
import { BadgesPO, OverlayPO } from './page-objects';
import { bigListing, corpus, defaultSite } from './site';

const HOSTILE = `<!doctype html><html><head><title>[2010.10137] hostile</title>
<meta name="citation_title" content="&lt;img src=x onerror=&quot;window.pwned=1&quot;&gt;&lt;b&gt;PROP&lt;/b&gt;">
<meta name="citation_arxiv_id" content="2010.10137">
<style>
* { color: red !important; background: yellow !important; font-size: 40px !important; display: block !important; visibility: visible !important; }
paper-lens-overlay, paper-lens-overlay * { display: none !important; opacity: 0 !important; }
button { display: none !important; }
</style></head><body><div id="abs"><h1 class="title">Title: &lt;img src=x onerror="window.pwned=1"&gt;PROP</h1>
<div class="authors">A. Hostile</div><blockquote class="abstract">An abstract with <script>window.inline=1</script> markup.</blockquote></div></body></html>`;

let l: Launched;
beforeAll(async () => {
  l = await launch(
    defaultSite({
      'arxiv.org/list/cs.LG/pastweek': bigListing(2000),
      'arxiv.org/abs/2010.10137': HOSTILE,
    }),
  );
});
afterAll(async () => l?.close());

async function open(url: string) {
  const page = await l.context.newPage();
  await page.goto(url);
  return page;
}

describe('arXiv abstract pages', () => {
  it('a renamed corpus paper on a versioned URL matches by ID and shows the collection title', async () => {
    const page = await open('https://arxiv.org/abs/2310.00161v1');
    const o = await new OverlayPO(page).ready();
    expect(await o.state()).toBe('match');
    expect(await o.paperId()).toBe('2310.00161');
    expect(await o.title.textContent()).toBe(corpus.find((p) => p.id === '2310.00161')!.title);
    const related = await o.relatedIds();
    expect(related.length).toBeGreaterThan(0);
    expect(related.length).toBeLessThanOrEqual(5);
    expect(related).not.toContain('2310.00161');
    // Each related paper says why.
    expect(await o.related.first().locator('.pl-reason').textContent()).toMatch(/^shares: \S/);
    await page.close();
  });

  it('a paper outside the corpus whose title shares most words with a corpus title is not matched, gets related papers and can be saved', async () => {
    const page = await open('https://arxiv.org/abs/2501.99999v1');
    const o = await new OverlayPO(page).ready();
    expect(await o.state()).toBe('nomatch');
    expect(await o.paperId()).toBe('2501.99999');
    expect(await o.title.textContent()).toContain('for Video');
    const related = await o.relatedIds();
    expect(related[0]).toBe('1909.11740');
    expect(await o.saveToggle.getAttribute('aria-pressed')).toBe('false');
    await o.saveToggle.click();
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('true');
    // Reloading shows the saved state: it was stored with the page's metadata.
    await page.reload();
    await new OverlayPO(page).ready();
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('true');
    await o.saveToggle.click();
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('false');
    await page.close();
  });

  it('an old-style ID page is recognised with its normalised ID', async () => {
    const page = await open('https://arxiv.org/abs/hep-th/9901001v1');
    const o = await new OverlayPO(page).ready();
    expect(await o.state()).toBe('nomatch');
    expect(await o.paperId()).toBe('hep-th/9901001');
    await page.close();
  });

  it('the real 2021 layout capture gets an overlay on export.arxiv.org too', async () => {
    const page = await open('http://export.arxiv.org/abs/2106.09608v2?context=cs');
    const o = await new OverlayPO(page).ready();
    expect(await o.paperId()).toBe('2106.09608');
    expect(await o.state()).toBe('nomatch');
    await page.close();
  });

  it('pages that are not papers get nothing', async () => {
    const page = await open('https://arxiv.org/help/api');
    await page.waitForTimeout(1500);
    expect(await page.locator('paper-lens-overlay, paper-lens-badge').count()).toBe(0);
    await page.close();
  });
});

describe('arXiv HTML renderings', () => {
  it('read the ID from the watermark and URL', async () => {
    const page = await open('https://arxiv.org/html/2604.15597v1');
    const o = await new OverlayPO(page).ready();
    expect(await o.paperId()).toBe('2604.15597');
    expect(await o.state()).toBe('nomatch');
    expect((await o.title.textContent())!.length).toBeGreaterThan(10);
    await page.close();
  });
});

describe('listings', () => {
  it('an arXiv /new listing badges the corpus entries only', async () => {
    const page = await open('https://arxiv.org/list/cs.CL/new');
    const b = new BadgesPO(page);
    await expect.poll(() => b.all.count(), { timeout: 15_000 }).toBe(3);
    expect(await b.states()).toEqual({ '1909.11740': 'collection', '2308.08414': 'collection', '2310.00161': 'collection' });
    await page.close();
  });

  it('a 2,000-entry listing is badged in batches without freezing the page', async () => {
    const page = await open('https://arxiv.org/list/cs.LG/pastweek');
    const b = new BadgesPO(page);
    await expect
      .poll(() => page.evaluate(() => document.documentElement.dataset.paperLensBadged), { timeout: 30_000 })
      .toBe('667');
    expect(await b.all.count()).toBe(667);
    await page.close();
  });

  it('the arXiv search page badges a saved paper from its results', async () => {
    const page = await open('https://arxiv.org/search/?query=distributed+systems&searchtype=abstract');
    const firstId = await page.locator('li.arxiv-result p.list-title a').first().textContent();
    const id = firstId!.replace(/^arXiv:/, '').trim();
    const popup = await l.context.newPage();
    await popup.goto(`chrome-extension://${l.extensionId}/popup.html`);
    await popup.evaluate(
      async ([id]) =>
        chrome.runtime.sendMessage({ type: 'listSave', payload: { paper: { id, title: 'Saved from search', authors: [] } } }),
      [id],
    );
    const b = new BadgesPO(page);
    await expect.poll(() => b.states(), { timeout: 15_000 }).toEqual({ [id]: 'saved' });
    await popup.evaluate(async ([id]) => chrome.runtime.sendMessage({ type: 'listRemove', payload: { id } }), [id]);
    await expect.poll(() => b.all.count(), { timeout: 15_000 }).toBe(0);
    await popup.close();
    await page.close();
  });

  it('a Hugging Face daily list (server-rendered capture) badges a saved paper', async () => {
    const page = await open('https://huggingface.co/papers/date/2026-06-03');
    const href = await page.locator('article h3 a[href^="/papers/"]').first().getAttribute('href');
    const id = href!.replace('/papers/', '');
    const popup = await l.context.newPage();
    await popup.goto(`chrome-extension://${l.extensionId}/popup.html`);
    await popup.evaluate(
      async ([id]) => chrome.runtime.sendMessage({ type: 'listSave', payload: { paper: { id, title: 'From HF', authors: [] } } }),
      [id],
    );
    await expect.poll(() => new BadgesPO(page).states(), { timeout: 15_000 }).toEqual({ [id]: 'saved' });
    await popup.evaluate(async ([id]) => chrome.runtime.sendMessage({ type: 'listRemove', payload: { id } }), [id]);
    await popup.close();
    await page.close();
  });
});

describe('Hugging Face paper pages', () => {
  it('annotate a corpus paper and follow client-side navigation to another paper', async () => {
    const page = await open('https://huggingface.co/papers/2308.08414');
    const o = await new OverlayPO(page).ready();
    expect(await o.paperId()).toBe('2308.08414');
    expect(await o.state()).toBe('match');
    const next = corpus.find((p) => p.id === '2010.10137')!;
    // What SvelteKit does on a client-side navigation: new props, new heading, pushState.
    await page.evaluate((p) => {
      const holder = document.querySelector('[data-target="PaperContent"]')!;
      holder.setAttribute(
        'data-props',
        JSON.stringify({ paper: { id: p.id, title: p.title, summary: p.abstract, authors: [] } }),
      );
      document.querySelector('h1')!.textContent = p.title;
      document.title = `Paper page - ${p.title}`;
      history.pushState({}, '', `/papers/${p.id}`);
    }, next);
    await expect.poll(() => o.paperId(), { timeout: 10_000 }).toBe('2010.10137');
    await expect.poll(() => o.title.textContent()).toBe(next.title);
    expect(await page.locator('paper-lens-overlay').count()).toBe(1);
    // Related links go to Hugging Face pages on Hugging Face.
    expect(await o.related.first().locator('a').getAttribute('href')).toMatch(/^https:\/\/huggingface\.co\/papers\//);
    await page.close();
  });
});

describe('the overlay itself', () => {
  it('survives a hostile page: !important CSS everywhere and markup in the title', async () => {
    const page = await open('https://arxiv.org/abs/2010.10137');
    const o = await new OverlayPO(page).ready();
    expect(await o.state()).toBe('match');
    expect(await o.root.isVisible()).toBe(true);
    expect(await o.saveToggle.isVisible()).toBe(true);
    const color = await o.title.evaluate((e) => getComputedStyle(e).color);
    expect(color).not.toBe('rgb(255, 0, 0)');
    const fontSize = await o.title.evaluate((e) => getComputedStyle(e).fontSize);
    expect(fontSize).toBe('16px');
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    await page.close();
  });

  it('renders page text as text, never as HTML', async () => {
    const page = await l.context.newPage();
    await page.route('https://arxiv.org/abs/2502.00001', (r) =>
      r.fulfill({
        contentType: 'text/html',
        body: `<html><head><meta name="citation_arxiv_id" content="2502.00001"><meta name="citation_title" content="&lt;img src=x onerror=&quot;document.title='pwned'&quot;&gt;Bold &lt;b&gt;claims&lt;/b&gt;"><meta name="citation_author" content="&lt;i&gt;Eve&lt;/i&gt;"></head><body><h1 class="title">x</h1></body></html>`,
      }),
    );
    await page.goto('https://arxiv.org/abs/2502.00001');
    const o = await new OverlayPO(page).ready();
    expect(await o.title.textContent()).toBe('<img src=x onerror="document.title=\'pwned\'">Bold <b>claims</b>');
    expect(await o.title.locator('img, b').count()).toBe(0);
    expect(await page.title()).not.toBe('pwned');
    await page.close();
  });

  it('collapses to a small tab, remembers it, and works from the keyboard', async () => {
    const page = await open('https://arxiv.org/abs/1909.11740');
    const o = await new OverlayPO(page).ready();
    await o.collapse.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => o.title.count()).toBe(0);
    expect(await o.collapse.getAttribute('aria-expanded')).toBe('false');
    await page.reload();
    await o.collapse.waitFor();
    await page.waitForTimeout(500);
    expect(await o.title.count()).toBe(0);
    await o.collapse.focus();
    await page.keyboard.press('Enter');
    await o.ready();
    // Tab from the collapse button reaches links and the save toggle; Space toggles it.
    await o.saveToggle.focus();
    await page.keyboard.press('Space');
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('true');
    await o.tags.fill('to-read, ctc');
    await o.note.fill('Check the WRA loss.');
    await o.saveDetails.click();
    await page.reload();
    await o.ready();
    await expect.poll(() => o.tags.inputValue()).toBe('to-read, ctc');
    expect(await o.note.inputValue()).toBe('Check the WRA loss.');
    // A page script cannot press our buttons: synthetic clicks are ignored.
    await page.evaluate(() => {
      const host = document.querySelector('paper-lens-overlay')!;
      (host.shadowRoot!.querySelector('[data-testid="save-toggle"]') as HTMLElement).click();
    });
    await page.waitForTimeout(500);
    expect(await o.saveToggle.getAttribute('aria-pressed')).toBe('true');
    await o.saveToggle.click();
    await expect.poll(() => o.saveToggle.getAttribute('aria-pressed')).toBe('false');
    await page.close();
  });

  it('does not cover the page: it sits in the flow under the title block', async () => {
    const page = await open('https://arxiv.org/abs/1909.11740');
    const o = await new OverlayPO(page).ready();
    const position = await o.host.evaluate((e) => getComputedStyle(e).position);
    expect(position).toBe('static');
    const order = await page.evaluate(() => {
      const host = document.querySelector('paper-lens-overlay')!;
      const abs = document.querySelector('blockquote.abstract')!;
      return host.compareDocumentPosition(abs) & Node.DOCUMENT_POSITION_FOLLOWING;
    });
    expect(order).toBeTruthy();
    await page.close();
  });
});
