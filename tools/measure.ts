/**
 * `npm run measure`: the user-facing timings and sizes the issues ask for,
 * measured on the built extension in Chromium with the bundled corpus (numbers
 * for the closing notes, not a pass/fail test):
 * bundle sizes; content-script start → visible overlay; badging a 2,000-entry
 * listing; click on save → overlay shows the saved state; popup open → first
 * painted results, warm and after the worker was stopped; a keystroke's search
 * round trip; export of 5,000 papers and storage per paper.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { launch, openPopup, ROOT, stopWorker, type Launched } from '../tests/e2e/harness';
import { bigListing, corpus, defaultSite } from '../tests/e2e/site';
import { exportList } from '../lib/formats/export/index';
import { toSavedPaper } from '../lib/reading-list/list';
import { buildVocabulary, syntheticCorpus } from './corpus/synthetic';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.95))];
const kb = (n: number) => `${(n / 1024).toFixed(1)} kB`;

function bundles() {
  const dir = join(ROOT, '.output/chrome-mv3');
  const files = ['background.js', 'content-scripts/paper.js', 'content-scripts/paper.css'];
  for (const f of readdirSync(join(dir, 'chunks'))) files.push(`chunks/${f}`);
  console.log('\n## Bundles (Chrome build, minified)');
  for (const f of files) {
    const buf = readFileSync(join(dir, f));
    console.log(`- ${f}: ${kb(buf.length)}, gzipped ${kb(gzipSync(buf, { level: 9 }).length)}`);
  }
}

async function overlayTimes(l: Launched) {
  const shown: number[] = [];
  const saves: number[] = [];
  for (let i = 0; i < 10; i++) {
    const page = await l.context.newPage();
    const id = corpus[i].id;
    await page.goto(`https://arxiv.org/abs/${id}`);
    const host = page.locator('paper-lens-overlay');
    await page.locator('paper-lens-overlay [data-testid="overlay-title"]').waitFor();
    shown.push(Number(await host.getAttribute('data-shown-ms')));
    const toggle = page.locator('paper-lens-overlay [data-testid="save-toggle"]');
    const t0 = Date.now();
    await toggle.click();
    await page.waitForFunction(
      () =>
        document
          .querySelector('paper-lens-overlay')
          ?.shadowRoot?.querySelector('[data-testid="save-toggle"]')
          ?.getAttribute('aria-pressed') === 'true',
      undefined,
      { polling: 'raf' },
    );
    saves.push(Date.now() - t0);
    await toggle.click();
    await page.close();
  }
  console.log('\n## Overlay (10 corpus abstract pages)');
  console.log(
    `- content script start → overlay with the worker's answer: median ${median(shown)} ms, max ${Math.max(...shown)} ms`,
  );
  console.log(`- click on save → overlay shows "Saved": median ${median(saves)} ms, max ${Math.max(...saves)} ms`);
}

async function badgeTimes(l: Launched) {
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const page = await l.context.newPage();
    await page.goto('https://arxiv.org/list/cs.LG/pastweek');
    await page.waitForFunction(() => document.documentElement.dataset.paperLensBadgedMs !== undefined, undefined, {
      timeout: 30_000,
    });
    times.push(Number(await page.evaluate(() => document.documentElement.dataset.paperLensBadgedMs)));
    await page.close();
  }
  console.log(
    `\n## Listing of 2,000 entries (667 in the collection)\n- read, match and badge all: median ${median(times)} ms (5 loads), in batches of 200 per frame`,
  );
}

async function popupTimes(l: Launched) {
  const tab = await l.context.newPage();
  await tab.goto('https://arxiv.org/abs/2010.10137');
  const firstPaint = async () => {
    const page = await l.context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { firstResults?: number };
      new MutationObserver(() => {
        if (w.firstResults === undefined && document.querySelector('[data-testid="current-paper"]'))
          w.firstResults = performance.now();
      }).observe(document, { childList: true, subtree: true });
    });
    await page.goto(`chrome-extension://${l.extensionId}/popup.html`);
    await page.waitForFunction(() => (window as unknown as { firstResults?: number }).firstResults !== undefined);
    const t = await page.evaluate(() => (window as unknown as { firstResults: number }).firstResults);
    await page.close();
    return t;
  };
  await firstPaint();
  const warm: number[] = [];
  const cold: number[] = [];
  for (let i = 0; i < 5; i++) warm.push(await firstPaint());
  for (let i = 0; i < 5; i++) {
    await stopWorker(l);
    await new Promise((r) => setTimeout(r, 300));
    cold.push(await firstPaint());
  }
  console.log("\n## Popup (navigation start → the current tab's paper and related papers painted)");
  console.log(
    `- worker warm: median ${median(warm).toFixed(0)} ms; after the worker was stopped: median ${median(cold).toFixed(0)} ms`,
  );

  const page = await openPopup(l);
  const keystrokes = await page.evaluate(
    async (queries: string[]) => {
      const send = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<unknown> } } }).chrome
        .runtime.sendMessage;
      const out: number[] = [];
      for (const q of queries) {
        for (let i = 1; i <= q.length; i++) {
          const t = performance.now();
          await send({ type: 'search', payload: { query: q.slice(0, i), limit: 20 } });
          out.push(performance.now() - t);
        }
      }
      return out;
    },
    ['pre-training data quality', 'ctc alignment', 'korbak', 'multilingual tokenizer', 'image text retrieval'],
  );
  console.log(
    `- a keystroke's search, popup → worker → popup: median ${median(keystrokes).toFixed(1)} ms, p95 ${p95(keystrokes).toFixed(1)} ms (${keystrokes.length} keystrokes)`,
  );
  await page.close();
  await tab.close();
}

async function storageSize(l: Launched) {
  const page = await openPopup(l);
  const r = await page.evaluate(
    async (ids: string[]) => {
      const c = (
        globalThis as unknown as {
          chrome: {
            runtime: { sendMessage(m: unknown): Promise<unknown> };
            storage: { local: { get(k: string): Promise<Record<string, unknown>> } };
          };
        }
      ).chrome;
      for (const id of ids)
        await c.runtime.sendMessage({
          type: 'listSave',
          payload: { paper: { id, title: 'x', authors: [] }, tags: ['to-read'], note: 'A short note.' },
        });
      await c.runtime.sendMessage({
        type: 'listSave',
        payload: {
          paper: {
            id: '2501.99999',
            title: 'A paper outside the corpus, saved from its page',
            authors: ['A One', 'B Two'],
            abstract: 'x'.repeat(1200),
          },
        },
      });
      const stored = await c.storage.local.get('readingList');
      return { bytes: JSON.stringify(stored.readingList).length, count: ids.length + 1 };
    },
    corpus.slice(0, 20).map((p) => p.id),
  );
  console.log(
    `\n## Storage\n- ${r.count} saved papers (20 from the collection with a tag and a note, 1 from a page with a 1,200-character abstract): ${r.bytes} bytes, ${(r.bytes / r.count).toFixed(0)} bytes per paper`,
  );
  await page.close();
}

function exportTimes() {
  const vocab = buildVocabulary(corpus.flatMap((p) => [p.title, p.abstract]));
  const list = {
    papers: syntheticCorpus(5000, vocab, 7).map((p, i) =>
      toSavedPaper({ ...p, tags: i % 3 ? ['to-read'] : [], note: i % 5 ? '' : 'note' }, 1_700_000_000_000 + i),
    ),
  };
  console.log('\n## Export of 5,000 papers (Node, the same code the worker runs)');
  for (const format of ['bibtex', 'markdown', 'json', 'csl-json'] as const) {
    const times: number[] = [];
    let size = 0;
    for (let i = 0; i < 5; i++) {
      const t = performance.now();
      size = exportList(list, format).text.length;
      times.push(performance.now() - t);
    }
    console.log(`- ${format}: median ${median(times).toFixed(0)} ms, ${(size / 1048576).toFixed(1)} MB`);
  }
}

async function main() {
  bundles();
  const l = await launch(defaultSite({ 'arxiv.org/list/cs.LG/pastweek': bigListing(2000) }));
  try {
    await overlayTimes(l);
    await badgeTimes(l);
    await popupTimes(l);
    await storageSize(l);
  } finally {
    await l.close();
  }
  exportTimes();
}

void main();
