/**
 * The corpus files' copies in IndexedDB (lib/storage/corpus-files.ts): before they are made every file is
 * read from the shipped files; `fill` copies those of the manifest, after which a page's answer reads none
 * of them from the shipped files and is the same answer; another build's copies are cleared, never read;
 * a database that cannot open, or fails mid-read, leaves the shipped files in use.
 */
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import papers from '../../data/papers.json';
import type { Paper } from '../../lib/core/paper';
import type { AssetReader } from '../../lib/collection/assets';
import { isStoredPath, STORED_MANIFEST, storedAssets, type StoredManifest } from '../../lib/storage/corpus-files';
import { openPaperLensDb } from '../../lib/storage/db';
import { createReadingListStore } from '../../lib/reading-list/local-store';
import { createService } from '../../lib/worker/service';
import { buildRelatedModel } from '../../tools/related/build';
import { buildAssets, memoryAssets, type AssetFiles } from '../../tools/corpus/assets';

const corpus = papers as Paper[];
const FILES = buildAssets(corpus, buildRelatedModel(corpus));
const MANIFEST = JSON.parse(FILES[STORED_MANIFEST] as string) as StoredManifest;

let factory: IDBFactory;
beforeEach(() => {
  fakeBrowser.reset();
  factory = new IDBFactory();
});

/** The shipped files, counting which were read. */
function shipped(files: AssetFiles = FILES): { reader: AssetReader; read: string[] } {
  const read: string[] = [];
  return { read, reader: memoryAssets(files, read) };
}

const annotate = async (assets: AssetReader, id: string) => {
  const s = createService({ assets, store: createReadingListStore(fakeBrowser.storage.local), collection: null });
  const a = await s.handle({ type: 'annotatePage', payload: { page: { arxivId: id, authors: [] }, limit: 5 } });
  return { paper: a.paper?.title, related: a.related.map((r) => [r.id, r.title, r.reasons]) };
};

describe('the corpus files copied into IndexedDB', () => {
  it('lists the files pages read many of, related term shards first, under a hash of the whole build', () => {
    expect(MANIFEST.files.length).toBeGreaterThan(0);
    expect(MANIFEST.files.every(isStoredPath)).toBe(true);
    expect(MANIFEST.files[0]).toMatch(/^corpus\/related\/terms\//);
    expect(MANIFEST.files.some((f) => f.startsWith('corpus/papers/'))).toBe(true);
    expect(MANIFEST.files.some((f) => f.startsWith('corpus/search/titles/'))).toBe(true);
    expect(MANIFEST.files.some((f) => f.startsWith('corpus/search/abstracts/'))).toBe(false);
    expect(MANIFEST.files).not.toContain('corpus/search/docs.bin');
    expect(MANIFEST.build).toMatch(/^[0-9a-f]{32}$/);
    // The same corpus builds the same hash; one changed record, another.
    expect(JSON.parse(buildAssets(corpus, buildRelatedModel(corpus))[STORED_MANIFEST] as string).build).toBe(MANIFEST.build);
    const changed = corpus.map((p, i) => (i === 3 ? { ...p, title: `${p.title}!` } : p));
    expect(JSON.parse(buildAssets(changed, buildRelatedModel(changed))[STORED_MANIFEST] as string).build).not.toBe(
      MANIFEST.build,
    );
  });

  it('reads the shipped files until filled, then the copies, and answers a page the same', async () => {
    const id = corpus[7].id;
    const before = shipped();
    const want = await annotate(
      storedAssets(before.reader, () => openPaperLensDb(factory)),
      id,
    );
    expect(before.read.some((p) => p.startsWith('corpus/related/terms/'))).toBe(true);

    const filling = shipped();
    const copies = storedAssets(filling.reader, () => openPaperLensDb(factory));
    const progress = await copies.fill();
    expect(progress).toEqual({ stored: MANIFEST.files.length, total: MANIFEST.files.length, complete: true });
    expect(copies.progress()).toEqual(progress);

    // A worker started later: nothing the manifest lists comes from the shipped files.
    const after = shipped();
    const started = storedAssets(after.reader, () => openPaperLensDb(factory));
    expect(await annotate(started, id)).toEqual(want);
    expect(after.read.filter(isStoredPath)).toEqual([]);
    expect(after.read).toContain(STORED_MANIFEST);
    // Filled already: a second fill copies nothing.
    const again = shipped();
    expect((await storedAssets(again.reader, () => openPaperLensDb(factory)).fill()).complete).toBe(true);
    expect(again.read.filter(isStoredPath)).toEqual([]);
  });

  it("clears another build's copies and never reads them", async () => {
    await storedAssets(shipped().reader, () => openPaperLensDb(factory)).fill();
    // A new build whose paper shard differs: its own text is read, not the old copy, until it is copied.
    const path = MANIFEST.files.find((f) => f.startsWith('corpus/papers/'))!;
    const next: AssetFiles = { ...FILES, [path]: '{"2401.00001":["A new record","",2024]}' };
    next[STORED_MANIFEST] = JSON.stringify({ ...MANIFEST, build: 'another-build' });
    const s = shipped(next);
    const reader = storedAssets(s.reader, () => openPaperLensDb(factory));
    expect(await reader.text(path)).toBe(next[path]);
    expect(s.read).toContain(path);
    await reader.fill();
    const later = shipped(next);
    expect(await storedAssets(later.reader, () => openPaperLensDb(factory)).text(path)).toBe(next[path]);
    expect(later.read).not.toContain(path);
  });

  it('stops copying when asked, and goes on where it stopped', async () => {
    const stop = new AbortController();
    const s = shipped();
    const reader = storedAssets(s.reader, () => openPaperLensDb(factory));
    const filling = reader.fill(stop.signal);
    stop.abort();
    const stopped = await filling;
    expect(stopped.complete).toBe(false);
    expect(stopped.stored).toBeLessThan(MANIFEST.files.length);
    const rest = shipped();
    expect((await storedAssets(rest.reader, () => openPaperLensDb(factory)).fill()).complete).toBe(true);
    expect(rest.read.filter(isStoredPath).length).toBe(MANIFEST.files.length - stopped.stored);
  });

  it('reads the shipped files when IndexedDB cannot open or the build ships no manifest', async () => {
    const s = shipped();
    const broken = storedAssets(s.reader, () => Promise.reject(new Error('no IndexedDB here')));
    expect(await broken.text(MANIFEST.files.at(-1)!)).toBe(FILES[MANIFEST.files.at(-1)!]);
    expect(await broken.fill()).toMatchObject({ complete: false, error: 'IndexedDB is unavailable' });
    const { [STORED_MANIFEST]: _, ...old } = FILES;
    const bare = storedAssets(shipped(old).reader, () => openPaperLensDb(factory));
    expect(await bare.fill()).toMatchObject({ complete: false, error: expect.stringMatching(/stored\.json/) });
    expect(await annotate(bare, corpus[2].id)).toEqual(await annotate(memoryAssets(FILES), corpus[2].id));
  });

  it('reads the shipped files when the database closes under it (an update upgrading it)', async () => {
    await storedAssets(shipped().reader, () => openPaperLensDb(factory)).fill();
    const db = await openPaperLensDb(factory);
    const s = shipped();
    const reader = storedAssets(s.reader, async () => db);
    const path = MANIFEST.files[1];
    await reader.bytes(path);
    expect(s.read).not.toContain(path);
    db.close();
    expect(await reader.bytes(path)).toEqual(await memoryAssets(FILES).bytes(path));
    expect(s.read).toContain(path);
  });
});
