/**
 * `npm run build && npx tsx tools/measure-save-100k.ts [papers]`: save →
 * "Saved" on a paper page with a reading list of 100,000 real papers with notes
 * (issue 17's goal: within 100 ms), in Chromium with the built extension.
 *
 * The list is written straight into the worker's IndexedDB database (rows as
 * lib/storage/reading-list-store.ts writes them) from an extension page, then
 * the worker is stopped so that it reads the list back as after a restart.
 * Prints: the first overlay after that restart (the worker reading 100,000
 * rows), then click → `aria-pressed="true"` for ten saves and ten unsaves with
 * the list loaded, and one save right after another worker stop.
 */
import { launch, openPopup, stopWorker } from '../tests/e2e/harness';
import { corpus, defaultSite } from '../tests/e2e/site';
import { realSavedPapers } from './storage/papers-100k';

const N = Number(process.argv[2] ?? 100_000);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const papers = realSavedPapers(N);
  const body = JSON.stringify(papers);
  const site = defaultSite();
  const l = await launch((url) =>
    url.pathname === '/__bench/papers.json' ? { body, contentType: 'application/json' } : site(url),
  );
  try {
    const page = await openPopup(l, '#saved');
    // The worker creates the database (and its stores) on its first message.
    await page.evaluate(() => chrome.runtime.sendMessage({ type: 'listGet', payload: {} }));
    const t0 = Date.now();
    await page.evaluate(async () => {
      const rows = (await (await fetch('https://arxiv.org/__bench/papers.json')).json()) as { id: string }[];
      const db = await new Promise<IDBDatabase>((ok, ko) => {
        const r = indexedDB.open('paper-lens');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error);
      });
      for (let i = 0; i < rows.length; i += 5000) {
        const tx = db.transaction('papers', 'readwrite');
        rows
          .slice(i, i + 5000)
          .forEach((paper, j) => tx.objectStore('papers').put({ id: paper.id, order: 1_000_000 + i + j, paper }));
        await new Promise((ok, ko) => {
          tx.oncomplete = ok;
          tx.onerror = () => ko(tx.error);
        });
      }
      db.close();
    });
    console.log(`# Save → "Saved" with ${N.toLocaleString('en')} papers on the list (Chromium, built extension)`);
    console.log(`- writing the list into IndexedDB: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    await page.close();
    await stopWorker(l);

    const toggle = (tab: import('playwright-core').Page) => tab.locator('paper-lens-overlay [data-testid="save-toggle"]');
    const pressed = (tab: import('playwright-core').Page, want: string) =>
      tab.waitForFunction(
        (w) =>
          document
            .querySelector('paper-lens-overlay')
            ?.shadowRoot?.querySelector('[data-testid="save-toggle"]')
            ?.getAttribute('aria-pressed') === w,
        want,
        { polling: 'raf', timeout: 120_000 },
      );
    const tab = await l.context.newPage();
    const c0 = Date.now();
    await tab.goto(`https://arxiv.org/abs/${corpus[0].id}`);
    await tab.locator('paper-lens-overlay [data-testid="overlay-title"]').waitFor({ timeout: 120_000 });
    console.log(`- first overlay after a worker restart (the worker reads the whole list): ${Date.now() - c0} ms`);

    const saves: number[] = [];
    const unsaves: number[] = [];
    for (let i = 0; i < 10; i++) {
      const p = await l.context.newPage();
      await p.goto(`https://arxiv.org/abs/${corpus[i].id}`);
      await p.locator('paper-lens-overlay [data-testid="overlay-title"]').waitFor({ timeout: 120_000 });
      let t = Date.now();
      await toggle(p).click();
      await pressed(p, 'true');
      saves.push(Date.now() - t);
      t = Date.now();
      await toggle(p).click();
      await pressed(p, 'false');
      unsaves.push(Date.now() - t);
      await p.close();
    }
    console.log(`- save → "Saved", list loaded: median ${median(saves)} ms, max ${Math.max(...saves)} ms (${saves.join(', ')})`);
    console.log(`- unsave → "Save", list loaded: median ${median(unsaves)} ms, max ${Math.max(...unsaves)} ms`);

    await stopWorker(l);
    const t = Date.now();
    await toggle(tab).click();
    await pressed(tab, 'true');
    console.log(`- save → "Saved" right after a worker stop (reads the list first): ${Date.now() - t} ms`);
  } finally {
    await l.close();
  }
}

await main();
