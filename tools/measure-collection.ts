/**
 * `npx tsx tools/measure-collection.ts [file …]` (after `npm run build`):
 * adds each file to the collection through the options page of the built
 * extension in Chromium, as a user would (the file input), and measures
 *
 * - from file chosen to the progress bar gone (the import committed), and to
 *   the first added paper both found by the popup's search and matched on its
 *   abstract page (the goal: 30,000 papers in 60 s, 110,000 in 3 minutes);
 * - the worker's answer to `annotatePage` (what the overlay waits for) before
 *   and while the import runs, from an extension page, every 100 ms; and the
 *   overlay itself (navigation to overlay shown) on abstract pages opened
 *   during the import.
 *
 * Defaults to ../shared/real/arxiv-30k.jsonl.gz. Each file gets a fresh profile.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import papers from '../data/papers.json';
import { launch } from '../tests/e2e/harness';
import { absPage, defaultSite } from '../tests/e2e/site';
import { OverlayPO } from '../tests/e2e/page-objects';

const files = process.argv.slice(2).length
  ? process.argv.slice(2)
  : [resolve(import.meta.dirname, '../../shared/real/arxiv-30k.jsonl.gz')];
const corpusId = (papers as { id: string }[])[10].id;

const quantile = (xs: number[], q: number) =>
  xs.length ? [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))] : NaN;
const summary = (xs: number[]) =>
  `n=${xs.length} p50 ${quantile(xs, 0.5).toFixed(1)} ms, p95 ${quantile(xs, 0.95).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms`;

/** Runs in the popup page: asks the worker for `annotatePage` every 100 ms until `window.stopSampling` is set. */
const SAMPLER = `(async (id) => {
  window.samples = [];
  while (!window.stopSampling) {
    const t = performance.now();
    const r = await chrome.runtime.sendMessage({ type: 'annotatePage', payload: { page: { arxivId: id, authors: [] } } });
    if (!r || !r.ok) throw new Error('annotatePage failed: ' + JSON.stringify(r));
    window.samples.push(performance.now() - t);
    await new Promise((ok) => setTimeout(ok, 100));
  }
})`;

/**
 * CPU seconds (user + sys, from /proc) of the browser's processes, by kind
 * (`browser`, `renderer`, `utility`, …): the browser is the process started
 * with this profile, its kin are its descendants. Linux only; empty elsewhere.
 */
function browserCpu(userDataDir: string): Record<string, number> {
  const tick = 100; // USER_HZ on Linux
  const procs = new Map<number, { ppid: number; cpu: number; kind: string; root: boolean }>();
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8').split(/[\0 ]/);
      const kind = cmd.find((a) => a.startsWith('--type='))?.slice(7) ?? 'browser';
      const root = kind === 'browser' && cmd.includes(`--user-data-dir=${userDataDir}`);
      procs.set(Number(d), { ppid: Number(f[1]), cpu: (Number(f[11]) + Number(f[12])) / tick, kind, root });
    } catch {
      // The process ended while being read.
    }
  }
  const out: Record<string, number> = {};
  const inTree = (pid: number): boolean => {
    for (let p = procs.get(pid), n = 0; p && n < 50; p = procs.get(p.ppid), n++) if (p.root) return true;
    return false;
  };
  for (const [pid, p] of procs) if (inTree(pid)) out[p.kind] = (out[p.kind] ?? 0) + p.cpu;
  return out;
}
const cpuDiff = (a: Record<string, number>, b: Record<string, number>) =>
  Object.entries(b)
    .map(([k, v]) => `${k} ${(v - (a[k] ?? 0)).toFixed(1)}`)
    .join(', ');
const load = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

for (const file of files) {
  const lines = gunzipSync(readFileSync(file)).toString('utf8').split('\n').filter(Boolean);
  const probe = JSON.parse(lines[Math.floor(lines.length * 0.75)]) as { id: string; title: string; abstract: string };
  const fold = (s: string) => s.replace(/\s+/g, ' ').trim();
  const site = defaultSite({
    [`arxiv.org/abs/${probe.id}`]: absPage({ id: probe.id, title: fold(probe.title), abstract: fold(probe.abstract) }),
  });
  const l = await launch(site);
  try {
    const sampler = await l.context.newPage();
    await sampler.goto(`chrome-extension://${l.extensionId}/popup.html`);
    // Before: the worker warm, no import.
    await sampler.evaluate(`(${SAMPLER})(${JSON.stringify(corpusId)}); 0`);
    await sampler.waitForTimeout(3000);
    const before = (await sampler.evaluate('window.stopSampling = true; window.samples')) as number[];
    await sampler.waitForTimeout(300);
    // The overlay on pages opened with no import running, to compare with those opened during one.
    const overlayTime = async () => {
      const tab = await l.context.newPage();
      const t = performance.now();
      await tab.goto(`https://arxiv.org/abs/${corpusId}`);
      await new OverlayPO(tab).ready();
      const ms = performance.now() - t;
      await tab.close();
      return ms;
    };
    const overlaysBefore: number[] = [];
    for (let i = 0; i < 3; i++) overlaysBefore.push(await overlayTime());

    const options = await l.context.newPage();
    await options.goto(`chrome-extension://${l.extensionId}/options.html`);
    await options.getByTestId('collection-source').first().waitFor();
    await sampler.evaluate(`window.stopSampling = false; (${SAMPLER})(${JSON.stringify(corpusId)}); 0`);
    const cpu0 = browserCpu(l.userDataDir);
    const load0 = load();
    const t0 = performance.now();
    await options.getByTestId('collection-add').setInputFiles(file);
    await options.getByTestId('collection-progress').waitFor({ state: 'visible' });
    // Overlays on pages opened while the import runs.
    const overlays: number[] = [];
    for (let i = 0; i < 3; i++) {
      await options.waitForTimeout(i === 0 ? 2000 : 4000);
      if (!(await options.getByTestId('collection-progress').count())) break;
      overlays.push(await overlayTime());
    }
    await options.getByTestId('collection-progress').waitFor({ state: 'detached', timeout: 600_000 });
    const committed = performance.now() - t0;
    const during = (await sampler.evaluate('window.stopSampling = true; window.samples')) as number[];

    // Searchable and matched: the popup finds the probe by title, its abstract page says "in your collection".
    await sampler.goto(`chrome-extension://${l.extensionId}/popup.html`);
    await sampler.getByTestId('search-input').fill(fold(probe.title));
    await sampler.waitForFunction(
      (id) => document.querySelector('[data-testid="search-result"]')?.getAttribute('data-paper-id') === id,
      probe.id,
      { timeout: 120_000, polling: 50 },
    );
    const searchable = performance.now() - t0;
    const tab = await l.context.newPage();
    await tab.goto(`https://arxiv.org/abs/${probe.id}`);
    const o = await new OverlayPO(tab).ready();
    const state = await o.state();
    const matched = performance.now() - t0;
    const cpu1 = browserCpu(l.userDataDir);
    const text = await options.getByTestId('collection-summary').textContent();
    console.log(`\n${file} (${lines.length.toLocaleString('en')} lines)`);
    console.log(`  summary: ${text}`);
    console.log(`  pipeline (ms): ${await options.getByTestId('collection-summary').getAttribute('data-timings')}`);
    console.log(`  file chosen → import committed: ${(committed / 1000).toFixed(1)} s`);
    console.log(
      `  → found by the popup's search: ${(searchable / 1000).toFixed(1)} s; → matched on its page (${state}): ${(matched / 1000).toFixed(1)} s`,
    );
    console.log(`  browser CPU s, file chosen → matched (by process kind): ${cpuDiff(cpu0, cpu1)}`);
    console.log(`  load average at start ${load0}, at end ${load()}`);
    console.log(`  annotatePage before the import: ${summary(before)}`);
    console.log(`  annotatePage during the import: ${summary(during)}`);
    console.log(
      `  overlay shown on a page opened before the import: ${overlaysBefore.map((x) => `${x.toFixed(0)} ms`).join(', ')}`,
    );
    console.log(`  overlay shown on a page opened during the import: ${overlays.map((x) => `${x.toFixed(0)} ms`).join(', ')}`);
  } finally {
    await l.close();
  }
}
