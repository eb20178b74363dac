/**
 * `npm run build && npx tsx tools/measure-popup-list-100k.ts [papers] [runs]`: the popup's reading list
 * with a list of 100,000 real papers with notes (issue 17: "a 100,000-paper list keeps working"), in
 * Chromium with the built extension. Times from opening `popup.html#saved` to the first page of the list
 * shown (its first `saved-item`), with the worker stopped first (it reads every row) and with the worker
 * holding the list; a sort change and "Show more"; the size of `listGet`'s answer against the whole
 * list's; and the exports, whose file the worker builds and answers in parts (`listExport`).
 * Prints medians with the load average and the CPU time of the browser's processes.
 */
import type { Page } from 'playwright-core';
import { launch, openPopup, type Launched } from '../tests/e2e/harness';
import { defaultSite } from '../tests/e2e/site';
import { browserCpu, load, stopWorker, writeList } from './storage/bench-list';
import { realSavedPapers } from './storage/papers-100k';

const N = Number(process.argv[2] ?? 100_000);
const RUNS = Number(process.argv[3] ?? 5);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ms = (xs: number[]) => `median ${median(xs).toFixed(0)} ms (runs: ${xs.map((x) => x.toFixed(0)).join(', ')})`;
const mb = (chars: number) => `${(chars / 2 ** 20).toFixed(1)} MiB`;

/** Opens the popup's reading list; ms until its first paper shows, and the count line. */
async function openList(l: Launched): Promise<{ ms: number; count: string; page: Page }> {
  const t = Date.now();
  const page = await openPopup(l, '#saved');
  await page.getByTestId('saved-item').first().waitFor({ timeout: 300_000 });
  return { ms: Date.now() - t, count: (await page.getByTestId('saved-count').textContent()) ?? '', page };
}

/** ms from `act` until the first shown paper is `firstId` (or the list has `items` papers). */
async function timed(page: Page, act: () => Promise<void>, done: () => Promise<boolean>): Promise<number> {
  const t = Date.now();
  await act();
  while (!(await done())) await new Promise((r) => setTimeout(r, 10));
  return Date.now() - t;
}

async function lists(l: Launched, cold: boolean) {
  const times: number[] = [];
  let count = '';
  for (let i = 0; i < RUNS; i++) {
    if (cold) await stopWorker(l);
    const o = await openList(l);
    times.push(o.ms);
    count = o.count;
    await o.page.close();
  }
  return { times, count };
}

/** Sort by title, then "Show more", on an open list. */
async function controls(l: Launched) {
  const { page } = await openList(l);
  const first = () => page.getByTestId('saved-item').first().getAttribute('data-paper-id');
  const before = await first();
  const sort = await timed(
    page,
    async () => void (await page.getByTestId('saved-sort').selectOption('title')),
    async () => (await first()) !== before,
  );
  const more = await timed(
    page,
    () => page.getByTestId('saved-more').click(),
    async () => (await page.getByTestId('saved-item').count()) > 50,
  );
  const reply = await page.evaluate(async () => {
    const r = (await chrome.runtime.sendMessage({ type: 'listGet', payload: {} })) as { value: unknown };
    return JSON.stringify(r).length;
  });
  await page.close();
  return { sort, more, reply };
}

/** Each export asked as the popup asks it: the worker builds the file and answers it in parts. */
async function exports(l: Launched) {
  const page = await openPopup(l);
  const out: string[] = [];
  for (const format of ['json', 'bibtex', 'markdown'] as const) {
    const t = Date.now();
    const r = await page.evaluate(async (f) => {
      let chars = 0;
      let parts = 0;
      let offset: number | null = 0;
      try {
        while (offset !== null) {
          const payload: { format: string; offset?: number } = offset ? { format: f, offset } : { format: f };
          const a = (await chrome.runtime.sendMessage({ type: 'listExport', payload })) as {
            ok: boolean;
            value?: { text: string; next?: number | null };
            error?: string;
          };
          if (!a.ok) return { error: a.error };
          chars += a.value!.text.length;
          parts++;
          // A worker without parts answers the whole file at once.
          offset = a.value!.next ?? null;
        }
        return { chars, parts };
      } catch (e) {
        return { error: String(e) };
      }
    }, format);
    out.push(`${format}: ${'chars' in r ? `${mb(r.chars!)} in ${r.parts} parts` : `failed (${r.error})`}, ${Date.now() - t} ms`);
  }
  await page.close();
  return out;
}

async function main() {
  const papers = realSavedPapers(N);
  const body = JSON.stringify(papers);
  const site = defaultSite();
  const l = await launch((url) =>
    url.pathname === '/__bench/papers.json' ? { body, contentType: 'application/json' } : site(url),
  );
  try {
    await writeList(l);
    console.log(`# The popup's reading list with ${N.toLocaleString('en')} papers with notes (Chromium, built extension)`);
    console.log(`- the whole list as JSON: ${mb(body.length)} (Chrome's message limit: 64 MiB)`);
    const cpu0 = process.cpuUsage();
    const b0 = browserCpu();
    const cold = await lists(l, true);
    console.log(`- popup opened → first page shown, worker stopped first: ${ms(cold.times)}; load average ${load()}`);
    const warm = await lists(l, false);
    console.log(`- popup opened → first page shown, worker holding the list: ${ms(warm.times)}; load average ${load()}`);
    console.log(`- the count line: "${warm.count}"`);
    const c = await controls(l);
    console.log(`- sort by title → first page re-sorted: ${c.sort} ms; "Show more" → 100 shown: ${c.more} ms`);
    console.log(`- listGet's answer (first page, totals, tags, 5 newest): ${(c.reply / 1024).toFixed(0)} KiB`);
    for (const e of await exports(l)) console.log(`- export ${e}`);
    const cpu = process.cpuUsage(cpu0);
    console.log(
      `- CPU over the runs: browser ${(browserCpu() - b0).toFixed(0)} s (user+sys, all its processes), this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s; load average ${load()}`,
    );
  } finally {
    await l.close();
  }
}

await main();
