/**
 * `npm run bench`: builds the shipped corpus files for 65 (the bundled corpus),
 * 5,000 and 30,000 papers (synthetic, tools/corpus/synthetic.ts) and measures what issue
 * "Bring your own corpus" asks: build time, size of the extension zip, the
 * worker's cold start to its first answer (in Chromium), search latency p50/p95
 * over a fixed query set typed key by key, related-paper latency for pages
 * outside the corpus, and heap in use. `--before` adds the same measures for
 * MiniSearch as it comes (one index over title, abstract and authors, stored
 * fields), for comparison. Prints a table and, last, one JSON line.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execSync } from 'node:child_process';
import JSZip from 'jszip';
import MiniSearch from 'minisearch';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS } from '../tests/e2e/harness';
import { ASSET_FILES, type AssetName } from '../lib/collection/assets';
import { buildAssets, memoryAssets, type AssetFiles } from './corpus/assets';
import { createService } from '../lib/worker/service';
import { createReadingListStore } from '../lib/reading-list/storage';
import type { Paper } from '../lib/core/paper';
import { decodeRelatedModel, type RelatedItem } from '../lib/related/model';
import { relatedToText } from '../lib/related/score';
import { buildRelatedModel, precomputeRelated } from './related/build';
import { loadAbstracts, loadTitles, searchPapers } from '../lib/search';
import { buildVocabulary, syntheticCorpus } from './corpus/synthetic';

const root = fileURLToPath(new URL('..', import.meta.url));
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with node --expose-gc (npm run bench does)');

const real = JSON.parse(readFileSync(join(root, 'data/papers.json'), 'utf8')) as Paper[];
const vocabulary = buildVocabulary(real.flatMap((p) => [p.title, p.abstract]));

/** Queries a person types: common words and rare ones, one to five terms; each is searched at every keystroke. */
const QUERIES = [
  'language model',
  'learning',
  'pre-training data quality',
  'retrieval augmented generation for question answering',
  'ctc',
  'tokenizer transfer',
  'optimal transport alignment',
  'biomedical named entity recognition',
  'müller',
  'preference optimization',
  'vision language',
  'zero-shot cross-lingual transfer',
];

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const ms = (x: number) => Math.round(x * 10) / 10;
/** JS heap plus typed-array memory (which V8 keeps outside the heap but the worker still holds). */
const heapMB = () => {
  gc();
  gc();
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1048576;
};

interface Row {
  papers: number;
  buildMs: number;
  shippedBytes: number;
  coldStartMs: number;
  warmMs: number;
  searchP50Ms: number;
  searchP95Ms: number;
  relatedP95Ms: number;
  /** Everything loaded, the related-paper model included. */
  heapMB: number;
  /** Search and corpus pages only (the model loads for pages outside the corpus). */
  heapTypicalMB: number;
}

function corpusOf(n: number): Paper[] {
  return n === real.length ? real : syntheticCorpus(n, vocabulary, 42);
}

/** The extension folder with this corpus's files in place of the bundled ones. */
function extensionWith(files: AssetFiles): string {
  const dir = mkdtempSync(join(tmpdir(), 'paper-lens-bench-'));
  cpSync(join(root, '.output/chrome-mv3'), dir, { recursive: true });
  for (const [name, text] of Object.entries(files) as [AssetName, string | Uint8Array][]) {
    mkdirSync(dirname(join(dir, ASSET_FILES[name])), { recursive: true });
    writeFileSync(join(dir, ASSET_FILES[name]), text);
  }
  return dir;
}

async function zipSize(dir: string): Promise<number> {
  const zip = new JSZip();
  const walk = (d: string, prefix: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else zip.file(`${prefix}${e.name}`, readFileSync(join(d, e.name)));
    }
  };
  walk(dir, '');
  const buf = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
  return buf.length;
}

/** Cold start in Chromium: the worker is stopped, then one search message is timed from an extension page. */
async function coldStart(dir: string): Promise<{ cold: number; warm: number }> {
  const profile = mkdtempSync(join(tmpdir(), 'paper-lens-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: [...CHROMIUM_FLAGS, `--disable-extensions-except=${dir}`, `--load-extension=${dir}`],
  });
  try {
    let [worker] = context.serviceWorkers();
    worker ??= await context.waitForEvent('serviceworker');
    const id = new URL(worker.url()).host;
    const page = await context.newPage();
    await page.goto(`chrome-extension://${id}/options.html`);
    const cdp = await context.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    // Timed from the first send to the answer, re-sending as lib/messaging/client.ts does when
    // the message meets the worker while it is still stopping.
    const ask = () =>
      page.evaluate(async () => {
        const send = (globalThis as unknown as { chrome: { runtime: { sendMessage(m: unknown): Promise<{ ok: boolean }> } } })
          .chrome.runtime.sendMessage;
        const t = performance.now();
        for (let attempt = 1; ; attempt++) {
          try {
            const r = await send({ type: 'search', payload: { query: 'language model' } });
            if (!r.ok) throw new Error('no answer');
            return performance.now() - t;
          } catch (err) {
            if (attempt >= 3 || !/Receiving end|establish connection/.test(String(err))) throw err;
            await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
          }
        }
      });
    const colds: number[] = [];
    const warms: number[] = [];
    for (let i = 0; i < 3; i++) {
      await cdp.send('ServiceWorker.stopAllWorkers');
      await page.waitForTimeout(300);
      colds.push(await ask());
      for (let j = 0; j < 5; j++) warms.push(await ask());
    }
    return { cold: percentile(colds, 50), warm: percentile(warms, 50) };
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * Latency and heap of what the worker holds, measured in Node on the same files
 * and the same service code: the service answers a search, a corpus page and a
 * page outside the corpus, with everything loaded.
 */
async function inProcess(files: AssetFiles, papers: Paper[]) {
  const before = heapMB();
  const service = createService({ assets: memoryAssets(files), store: createReadingListStore(memoryArea()) });
  await service.handle({ type: 'search', payload: { query: 'language model' } });
  await service.handle({ type: 'annotatePage', payload: { page: { arxivId: papers[0].id, authors: [] } } });
  await service.fullyLoaded();
  // Typical: searching and corpus pages. The related-paper model loads only for a page outside the corpus.
  const typical = heapMB() - before;
  await service.handle({
    type: 'annotatePage',
    payload: { page: { arxivId: '2601.99999', title: 'A page outside the corpus', authors: [] } },
  });
  const heap = heapMB() - before;
  const index = loadTitles(files.searchTitles);
  await loadAbstracts(index, files.searchAbstracts);
  const model = decodeRelatedModel(files.relatedModel);
  const times: number[] = [];
  for (const q of QUERIES) {
    for (let i = 1; i <= q.length; i++) {
      const t = performance.now();
      searchPapers(index, q.slice(0, i), 20);
      times.push(performance.now() - t);
    }
  }
  // Pages outside the corpus: papers of another synthetic draw (or, for the real corpus, its own texts reworded).
  const outside =
    papers.length === real.length
      ? real.map((p) => ({ ...p, title: `${p.title} revisited` }))
      : syntheticCorpus(60, vocabulary, 99);
  relatedToText(model, outside[0]);
  const rel: number[] = [];
  for (const p of outside.slice(0, 60)) {
    const t = performance.now();
    relatedToText(model, p, 5);
    rel.push(performance.now() - t);
  }
  // The heap figure is the service's; the second copy above only serves the timing loops.
  void service;
  return { searchP50: percentile(times, 50), searchP95: percentile(times, 95), relatedP95: percentile(rel, 95), heap, typical };
}

/** A storage area in memory, shaped like `browser.storage.local`. */
function memoryArea() {
  const data: Record<string, unknown> = {};
  return {
    get: async (key?: string | string[] | null) => {
      if (key == null) return { ...data };
      const keys = Array.isArray(key) ? key : [key];
      return Object.fromEntries(keys.filter((k) => k in data).map((k) => [k, data[k]]));
    },
    set: async (items: Record<string, unknown>) => void Object.assign(data, items),
    remove: async (key: string | string[]) => {
      for (const k of Array.isArray(key) ? key : [key]) delete data[k];
    },
  };
}

/** The same measures for MiniSearch as it comes: one index over title, abstract and authors, stored fields. */
function minisearchAsItComes(papers: Paper[]) {
  const opts = { fields: ['title', 'abstract', 'authors'], storeFields: ['title', 'authors', 'year'] };
  const docs = papers.map((p) => ({
    id: p.id,
    title: p.title,
    abstract: p.abstract,
    authors: p.authors.join(', '),
    year: p.year,
  }));
  let t = performance.now();
  const built = new MiniSearch(opts);
  built.addAll(docs);
  const buildMs = performance.now() - t;
  const json = JSON.stringify(built);
  const before = heapMB();
  t = performance.now();
  const loaded = MiniSearch.loadJSON(json, opts);
  const loadMs = performance.now() - t;
  const times: number[] = [];
  for (const q of QUERIES) {
    for (let i = 1; i <= q.length; i++) {
      const s = performance.now();
      loaded.search(q.slice(0, i), { prefix: true, fuzzy: 0.2, boost: { title: 2 } });
      times.push(performance.now() - s);
    }
  }
  return {
    buildMs,
    bytes: Buffer.byteLength(json),
    loadMs,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    heap: heapMB() - before,
  };
}

async function main() {
  const sizes = (process.env.BENCH_SIZES ?? `${real.length},5000,30000`).split(',').map(Number);
  const before = process.argv.includes('--before');
  if (!existsSync(join(root, '.output/chrome-mv3/manifest.json'))) execSync('npm run build', { cwd: root, stdio: 'inherit' });
  const rows: Row[] = [];
  const baseline: string[] = [];
  for (const n of sizes) {
    const papers = corpusOf(n);
    const t0 = performance.now();
    const model = buildRelatedModel(papers);
    const related: Record<string, RelatedItem[]> = precomputeRelated(model);
    const files = buildAssets(papers, related, model);
    const buildMs = performance.now() - t0;
    const dir = extensionWith(files);
    const shippedBytes = await zipSize(dir);
    const { cold, warm } = await coldStart(dir);
    rmSync(dir, { recursive: true, force: true });
    const m = await inProcess(files, papers);
    rows.push({
      papers: n,
      buildMs: Math.round(buildMs),
      shippedBytes,
      coldStartMs: ms(cold),
      warmMs: ms(warm),
      searchP50Ms: ms(m.searchP50),
      searchP95Ms: ms(m.searchP95),
      relatedP95Ms: ms(m.relatedP95),
      heapMB: ms(m.heap),
      heapTypicalMB: ms(m.typical),
    });
    console.error(`measured ${n} papers`);
    if (before) {
      const b = minisearchAsItComes(papers);
      baseline.push(
        `| ${n} | ${Math.round(b.buildMs)} | ${(b.bytes / 1048576).toFixed(1)} MB | ${Math.round(b.loadMs)} | ${ms(b.p50)} | ${ms(b.p95)} | ${ms(b.heap)} |`,
      );
    }
  }
  console.log(
    '| papers | build ms | zip MB | cold start ms (Chromium) | warm answer ms | search p50 ms | search p95 ms | related p95 ms | heap MB (all loaded) | heap MB (typical) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  for (const r of rows) {
    console.log(
      `| ${r.papers} | ${r.buildMs} | ${(r.shippedBytes / 1048576).toFixed(2)} | ${r.coldStartMs} | ${r.warmMs} | ${r.searchP50Ms} | ${r.searchP95Ms} | ${r.relatedP95Ms} | ${r.heapMB} | ${r.heapTypicalMB} |`,
    );
  }
  if (before) {
    console.log('\nMiniSearch as it comes (one index: title, abstract, authors; stored fields; prefix and fuzzy), in Node:');
    console.log('| papers | build ms | index JSON | load ms | search p50 ms | search p95 ms | heap MB |');
    console.log('|---|---|---|---|---|---|---|');
    baseline.forEach((l) => console.log(l));
  }
  console.log(JSON.stringify({ sizes: rows }));
}

void main();
