/**
 * What the 100,000-paper measurement tools share: the list written straight
 * into the worker's IndexedDB database (rows as lib/storage/reading-list-store.ts
 * writes them) from an extension page, and a worker stop that opens no popup.
 */
import { execFileSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { openPopup, type Launched } from '../../tests/e2e/harness';

/** The load average, as the tools print it next to every time. */
export const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

/** CPU seconds (user + sys) of the browser's process tree, from ps. */
export function browserCpu(): number {
  try {
    const out = execFileSync('ps', ['-eo', 'pid,ppid,times,args'], { encoding: 'utf8' });
    return out
      .split('\n')
      .filter((l) => l.includes('paper-lens-e2e-') || l.includes('chrome-mv3'))
      .reduce((s, l) => s + Number(l.trim().split(/\s+/)[2] ?? 0), 0);
  } catch {
    return NaN;
  }
}

/** Writes the papers served at `https://arxiv.org/__bench/papers.json` into the worker's database. */
export async function writeList(l: Launched) {
  const page = await openPopup(l, '#saved');
  // The worker creates the database (and its stores) on its first message.
  await page.evaluate(() => chrome.runtime.sendMessage({ type: 'listGet', payload: {} }));
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
  await page.close();
}

/**
 * Stops the worker from a blank tab's CDP session. Not the harness's `stopWorker`: it opens the popup, whose
 * own requests (the whole list) start a read of every row that the stop then cuts off, and the next start
 * waits for IndexedDB to finish it (about a second at 100,000 rows): that would be measured, not the save.
 */
let stopper: (() => Promise<void>) | undefined;
export async function stopWorker(l: Launched) {
  if (!stopper) {
    const cdp = await l.context.newCDPSession(await l.context.newPage());
    await cdp.send('ServiceWorker.enable');
    stopper = async () => void (await cdp.send('ServiceWorker.stopAllWorkers'));
  }
  await stopper();
  // Stopped: the next message starts a new worker.
  await new Promise((r) => setTimeout(r, 200));
}
