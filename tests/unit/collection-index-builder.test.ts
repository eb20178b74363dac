/**
 * The collection's index builder against MiniSearch's own add, replace and
 * discard: the same serialised index (every posting, field length and
 * average), the same search results and scores, and the worker protocol.
 */
import MiniSearch, { type AsPlainObject, type Options } from 'minisearch';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  indexBuild,
  rowDocument,
  serveIndexer,
  workerIndexer,
  type IndexerReply,
  type IndexerRequest,
  type RowDocument,
} from '../../lib/collection/indexer';
import { newRow, toCollected } from '../../lib/collection/records';
import {
  COLLECTION_ABSTRACT_TERMS,
  loadCollectionIndex,
  loadCollectionIndexAsync,
  relatedInCollection,
} from '../../lib/collection/search';
import { readArxivMetadataJsonl } from '../../lib/formats/corpus-sources';
import { abstractTerms, searchPapers, type SearchIndex, type SerialisedIndex } from '../../lib/search/index';
import { ABSTRACT_OPTIONS, TITLE_OPTIONS, type AbstractDoc, type TitleDoc } from '../../lib/search/options';

const lines = gunzipSync(readFileSync(join(import.meta.dirname, '../fixtures/collection/arxiv-slice-5k.jsonl.gz')))
  .toString('utf8')
  .split('\n')
  .filter(Boolean);
const docs: RowDocument[] = readArxivMetadataJsonl(lines.slice(0, 2000).join('\n'), 'slice')
  .papers.map(toCollected)
  .map((p) => rowDocument(newRow('src', p)));
const chunks = (xs: RowDocument[], n = 500) =>
  Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n));

/** The reference: MiniSearch's own add/replace/discard, chunk by chunk, as the collection indexed before the builder. */
function reference(steps: ({ add: RowDocument[] } | { remove: string[] })[]): SerialisedIndex {
  const noVacuum = <T>(o: Options<T>): Options<T> => ({ ...o, autoVacuum: false });
  const titles = new MiniSearch<TitleDoc>(noVacuum(TITLE_OPTIONS));
  const abstracts = new MiniSearch<AbstractDoc>(noVacuum(ABSTRACT_OPTIONS));
  for (const step of steps) {
    if ('remove' in step) {
      for (const k of step.remove) {
        if (titles.has(k)) titles.discard(k);
        if (abstracts.has(k)) abstracts.discard(k);
      }
      continue;
    }
    const terms = abstractTerms(step.add, COLLECTION_ABSTRACT_TERMS);
    step.add.forEach((d, i) => {
      const t = { id: d.key, title: d.title };
      const a = { id: d.key, authors: d.authors.join(', '), terms: terms[i] };
      if (titles.has(d.key)) titles.replace(t);
      else titles.add(t);
      if (abstracts.has(d.key)) abstracts.replace(a);
      else abstracts.add(a);
    });
  }
  return { titles: JSON.stringify(titles), abstracts: JSON.stringify(abstracts) };
}

/** A serialised part with its terms in order (the radix tree's order is not the builder's; MiniSearch rebuilds the tree on load). */
const canonical = (json: string) => {
  const p = JSON.parse(json) as AsPlainObject;
  return JSON.stringify({ ...p, index: [...p.index].sort((a, b) => (a[0] < b[0] ? -1 : 1)) });
};

const queries = ['transformer', 'galaxy cluster', 'quantum error correction', 'graph neural netw', 'Bayesian inference', 'spin'];
// The matched terms (for highlighting) come in the tree's order: compared as sets.
const results = (index: SearchIndex) =>
  queries.map((q) => searchPapers(index, q, 20).map((h) => ({ ...h, terms: [...h.terms].sort() })));

describe('the collection index builder', () => {
  const replaced = docs.slice(100, 300).map((d) => ({ ...d, title: `${d.title} revisited`, abstract: `${d.abstract} again` }));
  const removed = docs.slice(1200, 1300).map((d) => d.key);
  const steps = [...chunks(docs).map((add) => ({ add })), { add: replaced }, { remove: removed }];

  it('serialises the very index MiniSearch builds, through adds, replacements and removals', () => {
    const build = indexBuild();
    for (const s of steps)
      if ('add' in s) build.add(s.add);
      else build.remove(s.remove);
    const mine = build.serialise();
    const ref = reference(steps);
    expect(canonical(mine.titles)).toEqual(canonical(ref.titles));
    expect(canonical(mine.abstracts)).toEqual(canonical(ref.abstracts));
    expect(build.count()).toBe(docs.length - removed.length);
  }, 60_000);

  it('continues a stored index: the same search results and scores as MiniSearch, related papers too', () => {
    const first = indexBuild();
    chunks(docs.slice(0, 1000)).forEach((c) => first.add(c));
    const next = indexBuild(first.serialise());
    chunks(docs.slice(1000)).forEach((c) => next.add(c));
    next.add(replaced);
    next.remove(removed);
    const mine = loadCollectionIndex(next.serialise());
    const ref = loadCollectionIndex(reference(steps));
    const found = results(mine);
    expect(found.every((r) => r.length > 0)).toBe(true);
    expect(found).toEqual(results(ref));
    expect(found.flat().some((h) => removed.includes(h.id))).toBe(false);
    const paper = { title: docs[5].title, abstract: docs[5].abstract };
    const related = relatedInCollection(mine, paper, 10, new Set([docs[5].key]));
    expect(related.length).toBe(10);
    expect(related).toEqual(relatedInCollection(ref, paper, 10, new Set([docs[5].key])));
  }, 60_000);

  it('loads in slices (one term a line) as at once: the same documents, terms and results', async () => {
    const build = indexBuild();
    for (const s of steps)
      if ('add' in s) build.add(s.add);
      else build.remove(s.remove);
    const stored = build.serialise();
    expect(stored.abstracts.length).toBeGreaterThan(4 * 256 * 1024);
    const sliced = await loadCollectionIndexAsync(stored);
    const whole = loadCollectionIndex(stored);
    expect(sliced.titles.termCount).toBe(whole.titles.termCount);
    expect(sliced.abstracts!.termCount).toBe(whole.abstracts!.termCount);
    expect(sliced.abstracts!.documentCount).toBe(docs.length - removed.length);
    expect(results(sliced)).toEqual(results(whole));
    // An index stored as MiniSearch writes it (no line per term) still loads.
    const plain = await loadCollectionIndexAsync(reference(steps));
    expect(results(plain)).toEqual(results(whole));
  }, 60_000);

  it('runs behind the worker protocol: counts, the index, and a failure reported when the page asks', async () => {
    // Two ends of a channel, as a Worker and its global scope.
    const inside = {
      postMessage: (m: IndexerReply) => page.onmessage?.({ data: m } as MessageEvent<IndexerReply>),
      onmessage: null as ((e: MessageEvent<IndexerRequest>) => void) | null,
    };
    const page = {
      postMessage: (m: IndexerRequest) => queueMicrotask(() => inside.onmessage!({ data: m } as MessageEvent<IndexerRequest>)),
      onmessage: null as ((e: MessageEvent<IndexerReply>) => void) | null,
      terminate: () => undefined,
    };
    serveIndexer(inside);
    const counts: number[] = [];
    const indexer = workerIndexer(page, undefined, (n) => counts.push(n));
    chunks(docs.slice(0, 1000)).forEach((c) => indexer.add(c));
    const index = loadCollectionIndex(await indexer.finish());
    expect(counts).toEqual([500, 1000]);
    expect(index.titles.documentCount).toBe(1000);
    expect(searchPapers(index, docs[10].title, 1)[0].id).toBe(docs[10].key);

    serveIndexer(inside);
    const broken = workerIndexer(page, { titles: '{not json', abstracts: '' }, () => undefined);
    broken.add(docs.slice(0, 10));
    await expect(broken.finish()).rejects.toThrow(/indexing failed/);
  });
});
