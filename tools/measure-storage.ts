/**
 * `npx tsx tools/measure-storage.ts [papers]`: measures, in Chromium's
 * extension service worker, the three ways to keep a large reading list (the
 * numbers behind the storage decision in docs and issue 17):
 *
 * 1. one `storage.local` key holding the whole record (what Paper Lens did);
 * 2. one `storage.local` key per paper, one `set` call per change;
 * 3. IndexedDB, one row per paper, one transaction per change.
 *
 * For each: writing the whole list, one change (a note edit, which rewrites the
 * paper and a request-id row), and reading the whole list back (a worker start).
 * Runs in a throwaway extension with `unlimitedStorage` (without it the first
 * way fails past 10 MB), so only the storage engine is measured.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../tests/e2e/harness';
import { realSavedPapers } from './storage/papers-100k';

const N = Number(process.argv[2] ?? 100_000);

/** Runs inside the service worker. Kept as plain JS text: it is not bundled. */
const WORKER = String.raw`
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const max = (xs) => Math.max(...xs);
const ms = () => performance.now();
const req = (r) => new Promise((ok, ko) => { r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
const done = (tx) => new Promise((ok, ko) => { tx.oncomplete = ok; tx.onerror = () => ko(tx.error); tx.onabort = () => ko(tx.error); });
const edit = (p, k) => ({ ...p, note: p.note + ' edit ' + k });

self.benchLocalOneKey = async (papers, rounds) => {
  await chrome.storage.local.clear();
  let t = ms();
  await chrome.storage.local.set({ readingList: { schemaVersion: 2, list: { papers } } });
  const writeAll = ms() - t;
  const change = [];
  for (let k = 0; k < rounds; k++) {
    papers[k] = edit(papers[k], k);
    t = ms();
    await chrome.storage.local.set({ readingList: { schemaVersion: 2, list: { papers } } });
    change.push(ms() - t);
  }
  t = ms();
  const back = (await chrome.storage.local.get('readingList')).readingList.list.papers.length;
  const readAll = ms() - t;
  const bytes = await chrome.storage.local.getBytesInUse(null);
  await chrome.storage.local.clear();
  return { writeAll, changeMedian: median(change), changeMax: max(change), readAll, back, bytes };
};

self.benchLocalPerKey = async (papers, rounds) => {
  await chrome.storage.local.clear();
  let t = ms();
  for (let i = 0; i < papers.length; i += 5000) {
    const items = {};
    for (const p of papers.slice(i, i + 5000)) items['rl.p.' + p.id] = { order: i, paper: p };
    await chrome.storage.local.set(items);
  }
  const writeAll = ms() - t;
  const change = [];
  for (let k = 0; k < rounds; k++) {
    t = ms();
    await chrome.storage.local.set({ ['rl.p.' + papers[k].id]: { order: k, paper: edit(papers[k], k) }, ['rl.r.req' + k]: { at: Date.now(), reply: papers[k] } });
    change.push(ms() - t);
  }
  t = ms();
  const all = await chrome.storage.local.get(null);
  const back = Object.keys(all).filter((k) => k.startsWith('rl.p.')).length;
  const readAll = ms() - t;
  const bytes = await chrome.storage.local.getBytesInUse(null);
  await chrome.storage.local.clear();
  return { writeAll, changeMedian: median(change), changeMax: max(change), readAll, back, bytes };
};

self.benchIdb = async (papers, rounds, durability) => {
  await req(indexedDB.deleteDatabase('bench'));
  const open = indexedDB.open('bench', 1);
  open.onupgradeneeded = () => {
    open.result.createObjectStore('papers', { keyPath: 'id' });
    open.result.createObjectStore('requests', { keyPath: 'requestId' });
  };
  const db = await req(open);
  let t = ms();
  for (let i = 0; i < papers.length; i += 5000) {
    const tx = db.transaction('papers', 'readwrite', { durability });
    const s = tx.objectStore('papers');
    papers.slice(i, i + 5000).forEach((p, j) => s.put({ id: p.id, order: i + j, paper: p }));
    await done(tx);
  }
  const writeAll = ms() - t;
  const change = [];
  for (let k = 0; k < rounds; k++) {
    t = ms();
    const tx = db.transaction(['papers', 'requests'], 'readwrite', { durability });
    tx.objectStore('papers').put({ id: papers[k].id, order: k, paper: edit(papers[k], k) });
    tx.objectStore('requests').put({ requestId: 'req' + k, at: Date.now(), reply: papers[k] });
    await done(tx);
    change.push(ms() - t);
  }
  t = ms();
  const back = (await req(db.transaction('papers').objectStore('papers').getAll())).length;
  const readAll = ms() - t;
  db.close();
  const estimate = await navigator.storage.estimate();
  await req(indexedDB.deleteDatabase('bench'));
  return { writeAll, changeMedian: median(change), changeMax: max(change), readAll, back, bytes: estimate.usage };
};
`;

async function main() {
  const papers = realSavedPapers(N);
  const json = JSON.stringify(papers);
  console.log(`# Storage for ${N.toLocaleString('en')} real papers with notes (${(json.length / 1e6).toFixed(1)} MB as JSON)`);
  const dir = mkdtempSync(join(tmpdir(), 'paper-lens-storage-ext-'));
  const profile = mkdtempSync(join(tmpdir(), 'paper-lens-storage-profile-'));
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({
      manifest_version: 3,
      name: 'storage bench',
      version: '1',
      permissions: ['storage', 'unlimitedStorage'],
      background: { service_worker: 'sw.js' },
    }),
  );
  writeFileSync(join(dir, 'sw.js'), WORKER);
  writeFileSync(join(dir, 'papers.json'), json);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  try {
    const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
    // Keep the worker alive through long runs: an open extension page holds it.
    const page = await context.newPage();
    await page.goto(`chrome-extension://${new URL(worker.url()).host}/manifest.json`);
    const run = (fn: string, arg?: string) =>
      worker.evaluate(
        async ([f, a]) => {
          const papers = await (await fetch('/papers.json')).json();
          const g = self as unknown as Record<string, (...x: unknown[]) => Promise<unknown>>;
          return g[f](papers, 20, a);
        },
        [fn, arg] as const,
      );
    const layouts: [string, string, string?][] = [
      ['IndexedDB, row per paper (relaxed)', 'benchIdb', 'relaxed'],
      ['IndexedDB, row per paper (strict)', 'benchIdb', 'strict'],
      ['storage.local, one key per paper', 'benchLocalPerKey'],
    ];
    // Seconds per change already at 10,000 papers (what Paper Lens did): too slow to repeat at 100,000.
    if (N <= 20_000) layouts.push(['storage.local, one key (whole record per change)', 'benchLocalOneKey']);
    console.log('\n| layout | write all | one change (median / max of 20) | read all | rows read | bytes on disk |');
    console.log('| --- | --- | --- | --- | --- | --- |');
    for (const [name, fn, arg] of layouts) {
      const r = (await run(fn, arg)) as Record<string, number>;
      console.log(
        `| ${name} | ${r.writeAll.toFixed(0)} ms | ${r.changeMedian.toFixed(1)} / ${r.changeMax.toFixed(1)} ms | ${r.readAll.toFixed(0)} ms | ${r.back} | ${(r.bytes / 1e6).toFixed(1)} MB |`,
      );
    }
  } finally {
    await context.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(profile, { recursive: true, force: true });
  }
}

await main();
