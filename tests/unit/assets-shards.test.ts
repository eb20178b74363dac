import { describe, expect, it } from 'vitest';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { relatedToPaper } from '../../lib/related/score';
import { ASSET_FILES, shardCount, shardOf, type AssetReader, type CorpusLayout } from '../../lib/collection/assets';
import { buildLookup, matchPaper } from '../../lib/collection/match';
import { createCorpus } from '../../lib/worker/corpus';
import { SEARCH_FILES } from '../../lib/search/shards';
import { createService } from '../../lib/worker/service';
import { createReadingListStore } from '../../lib/reading-list/local-store';
import { buildRelatedModel } from '../../tools/related/build';
import { buildAssets, memoryAssets, type AssetFiles } from '../../tools/corpus/assets';
import { buildVocabulary, syntheticCorpus } from '../../tools/corpus/synthetic';
import { fakeBrowser } from 'wxt/testing/fake-browser';

const corpus = papers as Paper[];
const MODEL = buildRelatedModel(corpus);
const FILES = buildAssets(corpus, MODEL);
const lists = Object.fromEntries(corpus.map((p) => [p.id, relatedToPaper(MODEL, p.id, 5)]));

/** A reader that records which files were read. */
function recording(files: AssetFiles): { reader: AssetReader; read: string[] } {
  const read: string[] = [];
  return { read, reader: memoryAssets(files, read) };
}

describe('shard layout', () => {
  it('puts every paper in the shard its id hashes to, once, with its record', () => {
    const layout = JSON.parse(FILES[ASSET_FILES.layout] as string) as CorpusLayout;
    expect(layout.papers).toBe(corpus.length);
    for (const p of corpus) {
      const shard = JSON.parse(FILES[`corpus/papers/${shardOf(p.id, layout.paperShards)}.json`] as string);
      expect(shard[p.id][0]).toBe(p.title);
    }
    expect(JSON.parse(FILES[ASSET_FILES.ids] as string)).toEqual(corpus.map((p) => p.id));
  });

  it('sizes shards by powers of two', () => {
    expect([1, 128, 129, 30_000, 110_286].map((n) => shardCount(n, 128))).toEqual([1, 1, 2, 256, 1024]);
  });

  it('answers a corpus page from its shards only, with the same paper and related list', async () => {
    for (const p of corpus.slice(0, 20)) {
      const { reader, read } = recording(FILES);
      const c = createCorpus(reader);
      const m = await c.matchPage({ arxivId: `${p.id}v2` });
      expect(m?.by).toBe('id');
      expect(m?.paper).toMatchObject({ id: p.id, title: p.title, authors: p.authors, year: p.year, links: p.links });
      expect(await c.related.toPaper(p.id, 5)).toEqual(lists[p.id]);
      const shown = await c.papersById(lists[p.id].map((r) => r.id));
      expect([...shown.keys()]).toEqual(lists[p.id].map((r) => r.id));
      // The principle: neither the paper list nor the search index nor the whole related model is read for a page.
      expect(
        read.every((p) => p === ASSET_FILES.layout || p.startsWith('corpus/papers/') || p.startsWith('corpus/related/')),
      ).toBe(true);
    }
  });

  it('matches pages without an id as matchPaper does over the whole corpus (exact titles from a title shard)', async () => {
    const lookup = buildLookup(corpus);
    const titles = [
      ...corpus.slice(0, 15).map((p) => p.title),
      ...corpus.slice(15, 25).map((p) => p.title.replace(/e/, 'ee')),
      'A title no paper has at all',
    ];
    for (const title of titles) {
      const { reader, read } = recording(FILES);
      const got = await createCorpus(reader).matchPage({ title });
      const want = matchPaper({ title }, lookup);
      expect(got && { id: got.paper.id, by: got.by }).toEqual(want && { id: want.paper.id, by: want.by });
      // An exact title reads its title shard and its paper's shard, never the whole paper list.
      if (corpus.some((p) => p.title === title)) {
        expect(read).not.toContain(ASSET_FILES.ids);
        expect(read.filter((p) => p.startsWith('corpus/papers/')).length).toBeLessThanOrEqual(2);
      }
    }
  });

  it('reads one small shard for a page of a larger corpus', { timeout: 30_000 }, async () => {
    const vocabulary = buildVocabulary(corpus.map((p) => `${p.title} ${p.abstract}`));
    const big = syntheticCorpus(1000, vocabulary, 7);
    const files = buildAssets(big, buildRelatedModel(big.slice(0, 50)));
    const { reader, read } = recording(files);
    const c = createCorpus(reader);
    expect((await c.matchPage({ arxivId: big[765].id }))?.paper.title).toBe(big[765].title);
    expect(read).toEqual([ASSET_FILES.layout, `corpus/papers/${shardOf(big[765].id, 8)}.json`]);
    expect((files[read[1]] as string).length).toBeLessThan(200_000);
  });
});

describe('the worker on pages', () => {
  it('reads nothing for "more like my list" and the status while the list is empty (the popup asks both as it opens)', async () => {
    fakeBrowser.reset();
    const { reader, read } = recording(FILES);
    const s = createService({ assets: reader, store: createReadingListStore(fakeBrowser.storage.local) });
    expect(await s.handle({ type: 'moreLikeList', payload: { limit: 5 } })).toEqual([]);
    expect(read).toEqual([]);
    await s.handle({ type: 'status', payload: {} });
    await s.settled();
    // The status loads the search table, and the layout its results' papers are read by: the abstracts part
    // waits for a search's answer.
    expect(read.sort()).toEqual([ASSET_FILES.layout, SEARCH_FILES.docs].sort());
  });

  it('does not load the search index for pages, and loads it for search', async () => {
    fakeBrowser.reset();
    const { reader, read } = recording(FILES);
    const s = createService({ assets: reader, store: createReadingListStore(fakeBrowser.storage.local) });
    const a = await s.handle({ type: 'annotatePage', payload: { page: { arxivId: corpus[3].id, authors: [] } } });
    expect(a.state).toBe('match');
    expect(a.related.map((r) => r.id)).toEqual(lists[corpus[3].id].map((r) => r.id));
    expect(a.related[0].title).toBe(corpus.find((p) => p.id === lists[corpus[3].id][0].id)!.title);
    await s.settled();
    expect(read).not.toContain(SEARCH_FILES.docs);
    const r = await s.handle({ type: 'search', payload: { query: corpus[3].title } });
    expect(r.results[0].id).toBe(corpus[3].id);
    expect(read).toContain(SEARCH_FILES.docs);
  });
});
