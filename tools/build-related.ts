/**
 * Builds the related-paper data from `data/papers.json`:
 * - `data/related-model.bin`: the model (tools/related/encode.ts `encodeRelatedModel`): term postings from which
 *   `relatedToPaper`, `relatedToText` and `relatedToSet` score related papers on demand, for corpus papers, pages
 *   outside the corpus, papers added at run time (lib/related/update.ts) and the reading list;
 * - `data/related.json`: the top-5 related papers (with reasons) of corpus papers, precomputed so a corpus page
 *   needs no model at run time. They are exactly what `relatedToPaper` gives on demand, a cache: up to
 *   PRECOMPUTE_UP_TO papers every paper gets one (the 30,000-paper real corpus in about 90 s here); beyond, the
 *   build would be dominated by them (110,000 papers: tens of minutes), so none is written and the worker scores
 *   each list when asked (lib/worker/handlers/pages.ts falls back to `relatedToPaper`).
 *
 *   tsx tools/build-related.ts [--lists auto|all|none]   (also PAPER_LENS_RELATED_LISTS)
 *
 * Deterministic, so an unchanged corpus gives byte-identical files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Paper } from '../lib/core/paper';
import type { RelatedItem } from '../lib/related/model';
import { tableSize } from '../lib/related/model';
import { buildRelatedModel, precomputeRelated } from './related/build';
import { encodeRelatedModel } from './related/encode';

/** Corpora up to this size get every related list precomputed (with `--lists auto`, the default). */
const PRECOMPUTE_UP_TO = 30_000;

const { values: flags } = parseArgs({ options: { lists: { type: 'string' } } });
const lists = flags.lists ?? process.env.PAPER_LENS_RELATED_LISTS ?? 'auto';
if (!['auto', 'all', 'none'].includes(lists)) throw new Error(`--lists is auto, all or none, not ${lists}`);

const dataUrl = (name: string) => new URL(`../data/${name}`, import.meta.url);
const secs = (from: number) => ((performance.now() - from) / 1000).toFixed(1);

const papers = JSON.parse(readFileSync(dataUrl('papers.json'), 'utf8')) as Paper[];
let t = performance.now();
const model = buildRelatedModel(papers);
console.log(`related: model of ${papers.length} papers built in ${secs(t)} s`);
const precompute = lists === 'all' || (lists === 'auto' && papers.length <= PRECOMPUTE_UP_TO);
t = performance.now();
const related: Record<string, RelatedItem[]> = precompute ? precomputeRelated(model, 5) : {};
if (precompute) console.log(`related: ${papers.length} lists precomputed in ${secs(t)} s`);
else console.log(`related: no lists precomputed (${papers.length} papers > ${PRECOMPUTE_UP_TO}); scored on demand`);

const bytes = encodeRelatedModel(model);
writeFileSync(dataUrl('related-model.bin'), bytes);
const json = JSON.stringify(related, null, 1) + '\n';
writeFileSync(dataUrl('related.json'), json);
console.log(
  `related: model ${tableSize(model.terms)} terms, ${bytes.length} bytes; related.json ${Buffer.byteLength(json)} bytes`,
);
