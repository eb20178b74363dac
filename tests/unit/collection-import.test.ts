/** Adding files to the collection (fake-indexeddb): chunks, merge across sources, cancel, bad records, removal, search. */
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { addFiles, removeSource, repairCollection, skippedList } from '../../lib/collection/import';
import { createCollectionReader, RECHECK_MS } from '../../lib/collection/reader';
import { loadCollectionIndex, relatedInCollection } from '../../lib/collection/search';
import {
  collectionDb,
  findByArxivId,
  findByTitleKey,
  listSources,
  putSource,
  readStoredIndex,
  sourceMap,
  writeChunk,
  type CollectionDb,
} from '../../lib/collection/store';
import { normaliseTitle } from '../../lib/collection/match';
import { searchPapers } from '../../lib/search/index';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import { createReadingListStore } from '../../lib/reading-list/local-store';
import { createService } from '../../lib/worker/service';
import { buildRelatedModel } from '../../tools/related/build';
import { buildAssets, memoryAssets } from '../../tools/corpus/assets';

const DIR = join(import.meta.dirname, '../fixtures/collection');
const slice = readFileSync(join(DIR, 'arxiv-slice-5k.jsonl.gz'));
const hf = readFileSync(join(DIR, 'hf-daily-2024-06-14.json'));
const file = (name: string, body: Buffer | string) => new File([typeof body === 'string' ? body : new Uint8Array(body)], name);
const sliceLines = gunzipSync(slice).toString('utf8').split('\n').filter(Boolean);
const record = (i: number) => JSON.parse(sliceLines[i]) as { id: string; title: string };

let db: CollectionDb;
beforeEach(() => {
  fakeBrowser.reset();
  db = collectionDb(new IDBFactory());
});

const ASSETS = buildAssets(papers as Paper[], buildRelatedModel(papers as Paper[]));
const ASSETS_IDS = new Set((papers as Paper[]).map((p) => p.id));

const rowCount = async () => (await db()).count('collectionPapers');

describe('adding files', () => {
  it('adds a gzipped arXiv metadata slice and a Hugging Face daily file as two sources, searchable and matched', async () => {
    const progress: number[] = [];
    const s = await addFiles(db, [file('arxiv-slice-5k.jsonl.gz', slice), file('hf-daily-2024-06-14.json', hf)], {
      onProgress: (p) => progress.push(p.papers),
    });
    expect(s.cancelled).toBe(false);
    expect(s.files.map((f) => [f.format, f.added])).toEqual([
      ['arxiv-metadata', 5000],
      ['hf-daily-papers', 28],
    ]);
    expect(progress.length).toBeGreaterThan(10);
    const sources = await listSources(db);
    expect(sources.map((x) => [x.name, x.count, x.status])).toEqual([
      ['arxiv-slice-5k.jsonl', 5000, 'active'],
      ['hf-daily-2024-06-14.json', 28, 'active'],
    ]);
    const map = await sourceMap(db);
    const r = record(4000);
    const found = await findByArxivId(db, r.id, map);
    expect(found?.title).toBe(r.title.replace(/\s+/g, ' ').trim());
    expect(found?.sourceNames).toEqual(['arxiv-slice-5k.jsonl']);
    expect((await findByTitleKey(db, normaliseTitle('Depth Anything V2'), map))?.id).toBe('2406.09414');
    const index = loadCollectionIndex((await readStoredIndex(db))!);
    expect(searchPapers(index, 'Depth Anything V2', 5)[0].id).toBe('2406.09414');
    const rel = relatedInCollection(index, found!, 5, new Set([found!.key]));
    expect(rel.length).toBe(5);
    expect(rel[0].reasons.length).toBeGreaterThan(0);
  }, 60_000);

  it('merges the same paper from a second source (by title, for an entry without arXiv id) and removal keeps it for the other', async () => {
    await addFiles(db, [file('arxiv-slice-1k.jsonl', sliceLines.slice(0, 1000).join('\n'))]);
    const r = record(400);
    const bib = `@article{mine, title = {${r.title.replace(/\s+/g, ' ')}}, author = {Someone, Ann}, year = {2025}, doi = {10.1234/abc}}\n@article{other, title = {A paper nobody else has}, author = {B, C}, year = {2020}}\n`;
    const s = await addFiles(db, [file('My library.bib', bib)]);
    expect(s.files[0]).toMatchObject({ format: 'bibtex', added: 1, merged: 1 });
    expect(await rowCount()).toBe(1001);
    const map = await sourceMap(db);
    expect((await findByArxivId(db, r.id, map))?.sourceNames).toEqual(['arxiv-slice-1k.jsonl', 'My library.bib']);
    const slicedSource = (await listSources(db))[0];
    await removeSource(db, slicedSource.id);
    expect(await rowCount()).toBe(2);
    const after = await sourceMap(db);
    expect(await findByArxivId(db, r.id, after)).toBeNull();
    expect((await findByTitleKey(db, normaliseTitle(r.title), after))?.sourceNames).toEqual(['My library.bib']);
    const index = loadCollectionIndex((await readStoredIndex(db))!);
    expect(searchPapers(index, 'paper nobody else', 5).length).toBe(1);
    expect(index.titles.documentCount).toBe(2);
  }, 60_000);

  it('a cancelled import changes nothing', async () => {
    await addFiles(db, [file('hf-daily-2024-06-14.json', hf)]);
    const before = { rows: await rowCount(), index: (await readStoredIndex(db))!.version };
    const ctl = new AbortController();
    const s = await addFiles(db, [file('arxiv-slice-5k.jsonl.gz', slice)], {
      signal: ctl.signal,
      onProgress: (p) => p.papers >= 1500 && ctl.abort(),
    });
    expect(s.cancelled).toBe(true);
    expect(await rowCount()).toBe(before.rows);
    expect((await readStoredIndex(db))!.version).toBe(before.index);
    expect((await listSources(db)).map((x) => x.name)).toEqual(['hf-daily-2024-06-14.json']);
  }, 60_000);

  it('reports bad records with their line and reason, and a file of no known format', async () => {
    const lines = [sliceLines[300], '{"id": "2501.1", "title": "bad id"}', 'not json', sliceLines[300], sliceLines[301]].join(
      '\n',
    );
    const s = await addFiles(db, [file('bad.jsonl', lines), file('notes.txt', 'just some notes')]);
    expect(s.files[0].added).toBe(2);
    expect(s.files[0].skipped.map((x) => x.line)).toEqual([2, 3, 4]);
    expect(s.files[1].error).toMatch(/not a format Paper Lens reads/);
    expect(skippedList(s)).toMatch(/^bad\.jsonl:2: /m);
    expect((await listSources(db)).map((x) => x.name)).toEqual(['bad.jsonl']);
  });

  it('a re-import replaces the papers of the source and keeps its name', async () => {
    await addFiles(db, [file('x.jsonl', [sliceLines[300], sliceLines[301]].join('\n'))]);
    const [src] = await listSources(db);
    await addFiles(db, [file('x2.jsonl', [sliceLines[301], sliceLines[302], sliceLines[303]].join('\n'))], { replaces: src });
    const sources = await listSources(db);
    expect(sources.map((x) => [x.name, x.count])).toEqual([['x.jsonl', 3]]);
    expect(await rowCount()).toBe(3);
    expect(await findByArxivId(db, record(300).id, await sourceMap(db))).toBeNull();
  });

  it('repair removes what an import left pending when its page closed', async () => {
    await putSource(db, { id: 'p', name: 'left', format: 'arxiv-metadata', count: 0, addedAt: 1, status: 'pending' });
    await writeChunk(db, 'p', [{ title: 'Half added', authors: [], abstract: '', links: {} }]);
    expect(await repairCollection(db)).toBe(1);
    expect(await rowCount()).toBe(0);
    expect(await listSources(db)).toEqual([]);
  });
});

describe('searching the added papers by filters alone', () => {
  it('year:2025, a tag or is:saved with no words list the added papers they name, marked as in the collection', async () => {
    await addFiles(db, [file('arxiv-slice-1k.jsonl', sliceLines.slice(0, 1000).join('\n'))]);
    const s = createService({
      assets: memoryAssets(ASSETS),
      store: createReadingListStore(fakeBrowser.storage.local),
      collection: db,
    });
    // The slice's first 1,000: 854 papers of 2025 and 145 of 2007; the shipped corpus has three of 2025.
    const years = (await s.handle({ type: 'search', payload: { query: 'year:2025' } })).results;
    expect(years.length).toBe(20);
    expect(years.every((r) => r.year === 2025)).toBe(true);
    const added = years.filter((r) => r.inCollection && !ASSETS_IDS.has(r.id));
    expect(added.length).toBe(17);
    const range = (await s.handle({ type: 'search', payload: { query: 'year:2006..2008', limit: 50 } })).results;
    expect(range.length).toBe(50);
    expect(range.every((r) => r.year === 2007 && r.inCollection)).toBe(true);
    const mine = added[3];
    await s.handle({
      type: 'listSave',
      payload: { paper: { id: mine.id, title: mine.title, authors: mine.authors }, tags: ['thesis'] },
    });
    const tagged = (await s.handle({ type: 'search', payload: { query: 'tag:thesis' } })).results;
    expect(tagged.map((r) => [r.id, r.inCollection, r.saved])).toEqual([[mine.id, true, true]]);
    const saved = (await s.handle({ type: 'search', payload: { query: 'is:saved year:2025' } })).results;
    expect(saved.map((r) => r.id)).toEqual([mine.id]);

    // An index stored before it held the years: they are read from the rows.
    const d = await db();
    const key = `search:${(await d.get('collectionIndex', 'version')) as number}`;
    const { years: _gone, ...old } = (await d.get('collectionIndex', key)) as Record<string, unknown>;
    await d.put('collectionIndex', old, key);
    const fresh = createService({
      assets: memoryAssets(ASSETS),
      store: createReadingListStore(fakeBrowser.storage.local),
      collection: db,
    });
    const legacy = (await fresh.handle({ type: 'search', payload: { query: 'year:2006..2008', limit: 50 } })).results;
    expect(legacy.map((r) => r.id)).toEqual(range.map((r) => r.id));
    // The next import keeps them (its index is built from the stored one).
    await addFiles(db, [file('hf-daily-2024-06-14.json', hf)]);
    await fresh.handle({ type: 'collectionChanged', payload: {} });
    const after = (await fresh.handle({ type: 'search', payload: { query: 'year:2006..2008', limit: 50 } })).results;
    expect(after.map((r) => r.id)).toEqual(range.map((r) => r.id));
    const hfYear = (await fresh.handle({ type: 'search', payload: { query: 'year:2024', limit: 100 } })).results;
    expect(hfYear.filter((r) => r.inCollection && !ASSETS_IDS.has(r.id)).length).toBeGreaterThanOrEqual(28);
  }, 60_000);
});

describe("the worker's reads during an import", () => {
  it('keeps the active sources until told they changed, and re-reads them in the background after a while', async () => {
    let t = 0;
    const reader = createCollectionReader(db, () => t);
    expect((await reader.sources()).size).toBe(0);
    expect(await reader.index()).toBeNull();
    await addFiles(db, [file('x.jsonl', [sliceLines[300], sliceLines[301]].join('\n'))]);
    // No IndexedDB read for a page's answer: the value read before.
    expect((await reader.sources()).size).toBe(0);
    expect(await reader.index()).toBeNull();
    reader.changed();
    expect([...(await reader.sources()).values()].map((s) => s.name)).toEqual(['x.jsonl']);
    expect((await reader.index())?.titles.documentCount).toBe(2);

    await addFiles(db, [file('y.jsonl', sliceLines[302])]);
    t += RECHECK_MS + 1;
    // Past the recheck time: the last value answers at once, the new one the next time.
    expect((await reader.sources()).size).toBe(1);
    await expect.poll(async () => (await reader.sources()).size).toBe(2);
  });
});
