/**
 * Builds the related-paper model from `data/papers.json` into `data/related-model.bin`
 * (tools/related/encode.ts `encodeRelatedModel`): term postings from which related papers are scored on
 * demand, for corpus papers, pages outside the corpus, papers added at run time (lib/related/update.ts) and
 * the reading list. `npm run build` ships it split into term shards (tools/related/shards.ts). No related
 * list is precomputed: every paper against every other grew with the square of the corpus (30,000 real
 * papers: 90–260 s; 110,000: most of an hour), and the worker scores a page's list from the shards of its
 * own terms in a few milliseconds (docs/ARCHITECTURE.md).
 *
 *   tsx tools/build-related.ts
 *
 * Deterministic, so an unchanged corpus gives byte-identical files.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Paper } from '../lib/core/paper';
import { tableSize } from '../lib/related/model';
import { buildRelatedModel } from './related/build';
import { encodeRelatedModel } from './related/encode';

const dataUrl = (name: string) => new URL(`../data/${name}`, import.meta.url);
const secs = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

const papers = JSON.parse(readFileSync(dataUrl('papers.json'), 'utf8')) as Paper[];
const t = performance.now();
const model = buildRelatedModel(papers);
console.log(`related: model of ${papers.length} papers built in ${secs(t)} s`);
const bytes = encodeRelatedModel(model);
writeFileSync(dataUrl('related-model.bin'), bytes);
// The precomputed lists of older builds: nothing reads them any more.
rmSync(dataUrl('related.json'), { force: true });
console.log(`related: model ${tableSize(model.terms)} terms, ${bytes.length} bytes`);
