/**
 * Builds the related-paper data from `data/papers.json`:
 * - `data/related.json`: the top-5 related papers (with reasons) of every corpus paper, so the extension needs no work at run time for corpus pages;
 * - `data/related-model.bin`: the model (tools/related/encode.ts `encodeRelatedModel`) `relatedToText` / `relatedToSet` need for pages outside the corpus and for the reading list.
 *
 * Run with `tsx tools/build-related.ts`; deterministic, so an unchanged corpus gives byte-identical files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Paper } from '../lib/core/paper';
import { tableSize } from '../lib/related/model';
import { buildRelatedModel, precomputeRelated } from './related/build';
import { encodeRelatedModel } from './related/encode';

const dataUrl = (name: string) => new URL(`../data/${name}`, import.meta.url);

const papers = JSON.parse(readFileSync(dataUrl('papers.json'), 'utf8')) as Paper[];
const model = buildRelatedModel(papers);
const related = precomputeRelated(model, 5);

const bytes = encodeRelatedModel(model);
writeFileSync(dataUrl('related-model.bin'), bytes);
writeFileSync(dataUrl('related.json'), JSON.stringify(related, null, 1) + '\n');
console.log(
  `related: ${papers.length} papers, model ${tableSize(model.terms)} terms, ` +
    `${bytes.length} bytes; related.json ${Buffer.byteLength(JSON.stringify(related, null, 1))} bytes`,
);
