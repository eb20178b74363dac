/**
 * Related papers at scale: build time, model size, decode time and the latency
 * of on-demand related lists (`relatedToPaper`, from the term postings, nothing
 * precomputed) and of `relatedToText` on a real corpus.
 *
 *   npx tsx tools/related-lab/latency.ts [--corpus ../shared/real/arxiv-110k.jsonl.gz]
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeRelatedModel } from '../../lib/related/model';
import { relatedToPaper, relatedToText } from '../../lib/related/score';
import { buildRelatedModel } from '../related/build';
import { encodeRelatedModel } from '../related/encode';
import { readCorpusFile } from '../eval/real';

const { values: flags } = parseArgs({
  options: { corpus: { type: 'string' }, runs: { type: 'string' }, 'model-cache': { type: 'string' } },
});
const file = flags.corpus ?? '../shared/real/arxiv-110k.jsonl.gz';
const runs = Number(flags.runs ?? 300);
const secs = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
let t = performance.now();
const papers = readCorpusFile(file);
console.log(`${papers.length} papers read in ${secs(t)} s`);
// --model-cache FILE: reuse a model built by an earlier run (the build is the slow part; ranking changes do not alter it).
const cache = flags['model-cache'];
let bytes: Uint8Array;
if (cache && existsSync(cache)) {
  bytes = new Uint8Array(readFileSync(cache));
  console.log(`model read from ${cache}`);
} else {
  t = performance.now();
  const cpu = process.cpuUsage();
  const built = buildRelatedModel(papers);
  const used = process.cpuUsage(cpu);
  console.log(`model built in ${secs(t)} s (${((used.user + used.system) / 1e6).toFixed(1)} s of CPU)`);
  t = performance.now();
  bytes = encodeRelatedModel(built);
  console.log(`encoded in ${secs(t)} s: ${(bytes.length / 1e6).toFixed(1)} MB`);
  if (cache) writeFileSync(cache, bytes);
}
t = performance.now();
const model = decodeRelatedModel(bytes);
console.log(`decoded in ${secs(t)} s`);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const time = (name: string, fn: (i: number) => unknown) => {
  fn(0); // the first call derives the paper-by-paper view and the id index, once per model
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    fn(i);
    const u = process.cpuUsage(c);
    cpu.push((u.user + u.system) / 1000);
    ms.push(performance.now() - s);
  }
  // On a shared machine the wall clock counts other people's work; the process's own CPU time does not.
  console.log(
    `${name}: wall p50 ${pct(ms, 0.5).toFixed(1)} ms, p95 ${pct(ms, 0.95).toFixed(1)} ms; ` +
      `CPU p50 ${pct(cpu, 0.5).toFixed(1)} ms, p95 ${pct(cpu, 0.95).toFixed(1)} ms (${runs} runs)`,
  );
};
t = performance.now();
relatedToPaper(model, papers[0].id, 5);
console.log(`first relatedToPaper (derives the per-paper view): ${secs(t)} s`);
const pick = (i: number) => papers[Math.floor(((i * 7919) % runs) * (papers.length / runs))];
time('relatedToPaper, on demand', (i) => relatedToPaper(model, pick(i).id, 5));
time('relatedToText (title + abstract)', (i) =>
  relatedToText(model, { title: pick(i).title, abstract: pick(i).abstract }, 5, [pick(i).id]),
);
