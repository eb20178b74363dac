/**
 * Builds the related-paper data from `data/papers.json`:
 * - `data/related.json`: the top-5 related papers (with reasons) of every corpus paper, so the extension needs no work at run time for corpus pages;
 * - `data/related-model.json`: the model `relatedToText` / `relatedToSet` need for pages outside the corpus and for the reading list.
 *
 * Run with `tsx scripts/build-related.ts`; deterministic, so an unchanged corpus gives byte-identical files.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Paper } from '../lib/paper';
import { buildRelatedModel, precomputeRelated } from '../lib/related';

const dataUrl = (name: string) => new URL(`../data/${name}`, import.meta.url);

const papers = JSON.parse(readFileSync(dataUrl('papers.json'), 'utf8')) as Paper[];
const model = buildRelatedModel(papers);
const related = precomputeRelated(model, 5);

// The model is written on one line: it is read by code, and whitespace would be a third of its size.
writeFileSync(dataUrl('related-model.json'), JSON.stringify(model) + '\n');
writeFileSync(dataUrl('related.json'), JSON.stringify(related, null, 1) + '\n');
console.log(
  `related: ${papers.length} papers, model ${model.terms.length} terms, ` +
    `${Buffer.byteLength(JSON.stringify(model))} bytes; related.json ${Buffer.byteLength(JSON.stringify(related, null, 1))} bytes`,
);
