/**
 * The worker's related papers from the term shards (lib/worker/corpus-related.ts)
 * against the model in memory (lib/related/score.ts) on real papers: a slice of the
 * real 30,000 (large enough that some terms are above the scoring cap and are shipped
 * without postings), when `../shared/real/` sits beside the checkout (as in CI).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { RelatedItem, RelatedModel } from '../../lib/related/model';
import { relatedToPaper, relatedToSet, relatedToText } from '../../lib/related/score';
import { RELATED_LAYOUT, type RelatedLayout } from '../../lib/related/shards';
import { createRelatedSource, type RelatedSource } from '../../lib/worker/corpus-related';
import { memoryAssets, type AssetFiles } from '../../tools/corpus/assets';
import { readCorpusFile, type CorpusPaper } from '../../tools/eval/real';
import { buildRelatedModel } from '../../tools/related/build';
import { buildRelatedShards } from '../../tools/related/shards';

const REAL_CORPUS = fileURLToPath(new URL('../../../shared/real/arxiv-30k.jsonl.gz', import.meta.url));
const SLICE = 8_000;

/** Same papers in the same order and the same reasons; scores equal to their 4 digits, up to one unit of rounding. */
function expectSame(got: RelatedItem[] | undefined, want: RelatedItem[]) {
  expect(got?.map((r) => r.id)).toEqual(want.map((r) => r.id));
  got!.forEach((r, i) => {
    expect(Math.abs(r.score - want[i].score)).toBeLessThanOrEqual(1e-4);
    expect(r.reasons).toEqual(want[i].reasons);
  });
}

describe.runIf(existsSync(REAL_CORPUS))('related papers from the term shards, real papers', () => {
  let papers: CorpusPaper[];
  let model: RelatedModel;
  let files: AssetFiles;
  let source: RelatedSource;
  beforeAll(() => {
    papers = readCorpusFile(REAL_CORPUS).slice(0, SLICE);
    model = buildRelatedModel(papers);
    files = buildRelatedShards(model, (id) => id);
    source = createRelatedSource(memoryAssets(files));
  }, 240_000);

  it('ships some terms without postings (above the scoring cap), and scores the rest the same', async () => {
    const layout = JSON.parse(files[RELATED_LAYOUT] as string) as RelatedLayout;
    expect(layout.common.keys.length).toBeGreaterThan(0);
    for (let i = 0; i < papers.length; i += 40) {
      expect(await source.toPaper(papers[i].id, 5)).toEqual(relatedToPaper(model, papers[i].id, 5));
    }
  });

  it('scores pages outside the collection the same', async () => {
    for (let i = 7; i < papers.length; i += 160) {
      const page = { title: `${papers[i].title} revisited`, abstract: papers[i].abstract.slice(0, 600) };
      expect(await source.toText(page, 5, [papers[i].id])).toEqual(relatedToText(model, page, 5, [papers[i].id]));
    }
  });

  it('ranks reading lists the same', async () => {
    for (const size of [2, 10, 60]) {
      const ids = papers.filter((_, i) => i % Math.floor(SLICE / size) === 3).map((p) => p.id);
      expectSame(await source.toSet(ids, 5), relatedToSet(model, ids, 5));
    }
  });
});
