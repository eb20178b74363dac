/** Settings reach open tabs without a reload; a reading list of thousands stays paged. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openPopup, type Launched } from './harness';
import { OverlayPO, PopupPO } from './page-objects';
import { defaultSite } from './site';

let l: Launched;
beforeAll(async () => {
  l = await launch(defaultSite());
});
afterAll(async () => l?.close());

describe('options', () => {
  it('apply to an open tab at once: related count, site switch', async () => {
    const tab = await l.context.newPage();
    await tab.goto('https://arxiv.org/abs/1909.11740');
    const o = await new OverlayPO(tab).ready();
    await expect.poll(() => o.related.count()).toBe(5);
    const options = await l.context.newPage();
    await options.goto(`chrome-extension://${l.extensionId}/options.html`);
    await options.getByTestId('opt-related').fill('2');
    await options.getByTestId('opt-related').blur();
    await expect.poll(() => o.related.count(), { timeout: 10_000 }).toBe(2);
    await options.getByTestId('opt-arxiv').uncheck();
    await expect.poll(() => tab.locator('paper-lens-overlay').count()).toBe(0);
    await options.getByTestId('opt-arxiv').check();
    await expect.poll(() => tab.locator('paper-lens-overlay').count()).toBe(1);
    await options.getByTestId('opt-related').fill('5');
    await options.getByTestId('opt-related').blur();
    await options.close();
    await tab.close();
  });
});

describe('a large reading list', () => {
  it('imports 3,000 papers and shows them 50 at a time', async () => {
    const papers = Array.from({ length: 3000 }, (_, i) => ({
      id: `2601.${String(10000 + i)}`,
      title: `Imported paper number ${i} with a {braced} title`,
      authors: ['Ann Author'],
      links: {},
      savedAt: 1_700_000_000_000 + i,
      tags: i % 2 ? ['odd'] : [],
      note: '',
      read: false,
      source: 'import',
    }));
    const file = JSON.stringify({ format: 'paper-lens', schemaVersion: 2, exportedAt: '2026-11-26T00:00:00.000Z', papers });
    const popup = new PopupPO(await openPopup(l, '#saved'));
    await popup.importFile.setInputFiles({ name: 'big.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await expect
      .poll(() => popup.page.getByTestId('saved-count').textContent(), { timeout: 30_000 })
      .toBe('3000 of 3000 saved papers');
    expect(await popup.savedItems.count()).toBe(50);
    // "Show more" asks the worker for the next page: the list grows when it answers.
    await popup.page.getByTestId('saved-more').click();
    await expect.poll(() => popup.savedItems.count(), { timeout: 10_000 }).toBe(100);
    await popup.page.getByTestId('saved-tag').selectOption('odd');
    await expect
      .poll(() => popup.page.getByTestId('saved-count').textContent(), { timeout: 10_000 })
      .toBe('1500 of 3000 saved papers');
    // Search reaches saved papers outside the collection.
    await popup.page.getByTestId('tab-search').click();
    await popup.search.fill('imported paper number 2999');
    await expect.poll(async () => (await popup.resultIds())[0]).toBe('2601.12999');
  });
});
