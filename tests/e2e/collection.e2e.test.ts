/**
 * The collection, in the extension: a user adds a 5,000-paper arXiv slice and a
 * Hugging Face daily file on the options page; pages of those papers then say
 * "In your collection · <source>" with related papers from it, the popup finds
 * them, they survive a browser restart, a cancelled import changes nothing, bad
 * records show in the summary, and removing a source takes its papers out.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launch, openPopup, ROOT, type Launched } from './harness';
import { OverlayPO, PopupPO } from './page-objects';
import { absPage, defaultSite } from './site';

const DIR = join(ROOT, 'tests/fixtures/collection');
const SLICE = join(DIR, 'arxiv-slice-5k.jsonl.gz');
const HF = join(DIR, 'hf-daily-2024-06-14.json');
const records = gunzipSync(readFileSync(SLICE))
  .toString('utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as { id: string; title: string; abstract: string });
const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
/** A paper of the slice, well inside it (not one of the 200 snapshot lines). */
const added = records[4000];
const hfPaper = { id: '2406.09414', title: 'Depth Anything V2' };

/** Pages served: abstract pages of the slice's papers in arXiv's real shape. */
const site = () => {
  const extra: Record<string, string> = {};
  for (const r of [added, records[4001], records[300]]) {
    extra[`arxiv.org/abs/${r.id}`] = absPage({ id: r.id, title: fold(r.title), abstract: fold(r.abstract) });
  }
  extra[`arxiv.org/abs/${hfPaper.id}`] = absPage({ id: hfPaper.id, title: hfPaper.title, abstract: 'Depth estimation.' });
  return defaultSite(extra);
};

/** The options page's collection section: the public test hooks. */
class CollectionPO {
  constructor(readonly page: Page) {}
  get add() {
    return this.page.getByTestId('collection-add');
  }
  get progress() {
    return this.page.getByTestId('collection-progress');
  }
  get sources() {
    return this.page.getByTestId('collection-source');
  }
  source(name: string) {
    return this.page.locator(`[data-testid="collection-source"][data-name="${name}"]`);
  }
  get summary() {
    return this.page.getByTestId('collection-summary');
  }
  async counts(): Promise<Record<string, number>> {
    return this.sources.evaluateAll((rows) =>
      Object.fromEntries(
        rows.map((r) => [r.getAttribute('data-name') ?? r.getAttribute('data-source'), Number(r.getAttribute('data-count'))]),
      ),
    );
  }
  /** Waits for the work to start and to end (the progress bar comes and goes). */
  async settled(timeout = 120_000): Promise<void> {
    await expect.poll(() => this.progress.count(), { timeout }).toBe(0);
  }
}

const openOptions = async (l: Launched) => {
  const page = await l.context.newPage();
  await page.goto(`chrome-extension://${l.extensionId}/options.html`);
  return new CollectionPO(page);
};

const overlayOf = async (l: Launched, id: string) => {
  const tab = await l.context.newPage();
  await tab.goto(`https://arxiv.org/abs/${id}`);
  return new OverlayPO(tab).ready();
};

const statusOf = (o: OverlayPO) => o.root.getByTestId('overlay-status').textContent();

const opened: Launched[] = [];
afterAll(async () => {
  for (const l of opened) await l.close().catch(() => undefined);
});

describe('the collection, added on the options page', () => {
  let l: Launched;

  it('adds a 5,000-paper slice and a Hugging Face daily file, with progress', async () => {
    l = await launch(site());
    opened.push(l);
    const c = await openOptions(l);
    await expect.poll(() => c.counts()).toEqual({ bundled: 65 });
    await c.add.setInputFiles([SLICE, HF]);
    await c.progress.waitFor({ state: 'visible', timeout: 10_000 });
    expect(await c.progress.getAttribute('role')).toBe('progressbar');
    expect(Number(await c.progress.getAttribute('aria-valuemax'))).toBeGreaterThan(0);
    expect(await c.progress.getAttribute('aria-valuenow')).not.toBeNull();
    await c.settled();
    expect(await c.counts()).toEqual({ bundled: 65, 'arxiv-slice-5k.jsonl': 5000, 'hf-daily-2024-06-14.json': 28 });
    await expect.poll(() => c.summary.textContent()).toMatch(/5,000 papers added/);
  });

  it('an abstract page of an added paper says which source holds it, with related papers from it', async () => {
    const o = await overlayOf(l, added.id);
    expect(await o.state()).toBe('match');
    expect(await statusOf(o)).toContain('In your collection · arxiv-slice-5k.jsonl');
    expect(await o.title.textContent()).toBe(fold(added.title));
    await expect.poll(() => o.related.count()).toBeGreaterThan(0);
    const ids = await o.relatedIds();
    const sliceIds = new Set(records.map((r) => r.id));
    expect(ids.some((id) => id && sliceIds.has(id))).toBe(true);
    expect(ids).not.toContain(added.id);
    const hf = await overlayOf(l, hfPaper.id);
    expect(await statusOf(hf)).toContain('In your collection · hf-daily-2024-06-14.json');
  });

  it('the popup finds it by title', async () => {
    const popup = new PopupPO(await openPopup(l));
    await popup.search.fill(fold(added.title));
    await expect.poll(() => popup.results.first().getAttribute('data-paper-id'), { timeout: 20_000 }).toBe(added.id);
    await popup.page.close();
  });

  it('is still there after a browser restart', async () => {
    const profile = l.userDataDir;
    await l.close({ keepProfile: true });
    l = await launch(site(), { userDataDir: profile });
    opened.push(l);
    const o = await overlayOf(l, added.id);
    expect(await o.state()).toBe('match');
    expect(await statusOf(o)).toContain('arxiv-slice-5k.jsonl');
    const popup = new PopupPO(await openPopup(l));
    await popup.search.fill(fold(added.title));
    await expect.poll(() => popup.results.first().getAttribute('data-paper-id'), { timeout: 20_000 }).toBe(added.id);
    const c = await openOptions(l);
    await expect.poll(() => c.counts()).toEqual({ bundled: 65, 'arxiv-slice-5k.jsonl': 5000, 'hf-daily-2024-06-14.json': 28 });
  });

  it('a cancelled import changes nothing', async () => {
    const c = await openOptions(l);
    await expect.poll(() => c.sources.count()).toBe(3);
    // 100,000 papers not in the collection: long enough to cancel in the middle.
    const lines = Array.from({ length: 100_000 }, (_, i) =>
      JSON.stringify({
        id: `${i < 50_000 ? '2604' : '2605'}.${String((i % 50_000) + 1).padStart(5, '0')}`,
        title: `Cancelled paper number ${i}`,
        abstract: 'Nothing.',
        authors: 'A. Author',
        categories: 'cs.CL',
      }),
    );
    await c.add.setInputFiles({ name: 'big.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(lines.join('\n')) });
    await c.progress.waitFor({ state: 'visible', timeout: 10_000 });
    await c.page.getByTestId('collection-cancel').click();
    await c.settled();
    await expect.poll(() => c.summary.textContent()).toMatch(/Cancelled: nothing was added/);
    expect(await c.counts()).toEqual({ bundled: 65, 'arxiv-slice-5k.jsonl': 5000, 'hf-daily-2024-06-14.json': 28 });
    const tab = await l.context.newPage();
    await tab.goto('https://arxiv.org/abs/2604.00002');
    const o = await new OverlayPO(tab).ready();
    expect(await o.state()).toBe('nomatch');
  });

  it('a file with bad records shows the summary with each reason, downloadable', async () => {
    const c = await openOptions(l);
    const bad = [
      JSON.stringify({
        id: '2603.10001',
        title: 'A good paper in a bad file',
        abstract: 'Fine.',
        authors: 'B. Author',
        categories: 'cs.LG',
      }),
      '{"id": "2603.1", "title": "an id arXiv never had"}',
      'this line is not JSON',
      JSON.stringify({
        id: '2603.10001',
        title: 'A good paper in a bad file',
        abstract: 'Again.',
        authors: 'B. Author',
        categories: 'cs.LG',
      }),
    ].join('\n');
    await c.add.setInputFiles([
      { name: 'bad.jsonl', mimeType: 'application/jsonl', buffer: Buffer.from(bad) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('just some notes') },
    ]);
    await c.settled();
    const text = await c.summary.textContent();
    expect(text).toMatch(/bad\.jsonl: 1 paper added, 0 merged with papers already there, 3 skipped/);
    expect(text).toMatch(/notes\.txt: notes\.txt: not a format Paper Lens reads/);
    const href = await c.page.getByTestId('collection-skipped-download').getAttribute('href');
    const list = decodeURIComponent(href!.replace(/^data:text\/plain;charset=utf-8,/, ''));
    expect(
      list
        .split('\n')
        .filter(Boolean)
        .map((line) => line.split(': ')[0]),
    ).toEqual(['bad.jsonl:2', 'bad.jsonl:3', 'bad.jsonl:4', 'notes.txt']);
    expect((await c.counts())['bad.jsonl']).toBe(1);
  });

  it('removing the source takes its papers out and keeps the others', async () => {
    const c = await openOptions(l);
    await c.source('arxiv-slice-5k.jsonl').getByTestId('collection-remove').click();
    await c.settled();
    await expect.poll(() => c.counts()).toEqual({ bundled: 65, 'hf-daily-2024-06-14.json': 28, 'bad.jsonl': 1 });
    const o = await overlayOf(l, added.id);
    expect(await o.state()).toBe('nomatch');
    const hf = await overlayOf(l, hfPaper.id);
    expect(await hf.state()).toBe('match');
    const popup = new PopupPO(await openPopup(l));
    await popup.search.fill(fold(added.title));
    await expect
      .poll(() => popup.results.evaluateAll((els) => els.map((e) => e.getAttribute('data-paper-id'))))
      .not.toContain(added.id);
  });
});
