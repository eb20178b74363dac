/**
 * The shipped corpus files a page reads many of at once, copied into IndexedDB
 * (`corpusFiles` in lib/storage/db.ts) and read from there.
 *
 * Why: a corpus paper's abstract page at 30,000 papers reads about 75
 * related-paper term shards, 10 id chunks and 10 paper shards. In Chromium's
 * worker each `fetch` of an extension file costs about 1.3 ms however small it
 * is, and they do not overlap: 75 shards took 65–140 ms to fetch, the same
 * bytes as one file 10–25 ms, and as 75 `get`s in one IndexedDB transaction
 * 6–14 ms, with the worker stopped and started again in between
 * (`npm run bench` has the overlay before and after).
 *
 * How: the build writes `corpus/stored.json` (which files are copied, and a
 * hash of the whole corpus build). After a worker's first answer, `fill` copies
 * the files not stored yet, a batch at a time, from the shipped files; a new
 * build (an update, or a lab's own corpus) clears the copies first. Until a file
 * is stored, and whenever IndexedDB fails, it is read from the shipped files as
 * before: the copies only make reads faster, they never decide what is read.
 */
import type { AssetReader } from '../collection/assets';
import type { PaperLensDatabase } from './db';

/** What the build writes beside the corpus: the files copied, and the build they belong to. */
export const STORED_MANIFEST = 'corpus/stored.json';

export interface StoredManifest {
  /** A hash of every corpus file of the build (tools/corpus/assets.ts). */
  build: string;
  /** The files copied, in the order they are copied (those an abstract page reads first). */
  files: string[];
}

/**
 * The files worth copying: those a page or a search reads many of at once, and the titles shards of
 * search's words, which every first search of a worker reads (a fetch of two of them took 8 ms longer
 * than their copies in a cold popup at 30,000 papers; 2.4 MB of copies there). The abstracts shards
 * (10 MB at 30,000) are read from the second answer on, and stay fetched.
 */
export const isStoredPath = (path: string): boolean =>
  /^corpus\/(related\/(terms|ids|papers)|papers|abstracts|search\/titles)\/[^/]+$/.test(path);

/** Where the copies' build and state are kept in the `meta` store. */
export const CORPUS_FILES_META = 'corpusFiles';

interface CopiesState {
  build: string;
  complete: boolean;
}

/** How far the copy has come. */
export interface StoredProgress {
  stored: number;
  total: number;
  complete: boolean;
  /** Why copying stopped short (IndexedDB unavailable, out of quota); reads go on from the shipped files. */
  error?: string;
}

/** Files fetched and written per transaction while filling. */
const FILL_BATCH = 24;

/** A reader over the shipped files that reads the stored copies when they are there. */
export interface StoredAssets extends AssetReader {
  /** Copies every file of the manifest not yet stored (clearing those of another build first). */
  fill(signal?: AbortSignal): Promise<StoredProgress>;
  /** The copy's progress, once `fill` has started; null before. */
  progress(): StoredProgress | null;
}

const isBinary = (path: string) => path.endsWith('.bin');

/** Wraps `shipped` (the extension's own files); `open` opens the `paper-lens` database. */
export function storedAssets(shipped: AssetReader, open: () => Promise<PaperLensDatabase>): StoredAssets {
  let manifest: Promise<StoredManifest | null> | undefined;
  const getManifest = () =>
    (manifest ??= shipped
      .text(STORED_MANIFEST)
      .then((t) => {
        const m = JSON.parse(t) as StoredManifest;
        return typeof m.build === 'string' && Array.isArray(m.files) ? m : null;
      })
      // A build without a manifest (or a damaged one) is read from its files only.
      .catch(() => null));

  let state: Promise<{ db: PaperLensDatabase; build: string | null } | null> | undefined;
  /** The database and the build its copies are of; null when IndexedDB cannot be opened. */
  const getState = () =>
    (state ??= open()
      .then(async (db) => {
        const s = (await db.get('meta', CORPUS_FILES_META)) as CopiesState | undefined;
        return { db, build: s?.build ?? null };
      })
      .catch(() => null));

  let progress: StoredProgress | null = null;

  // Reads asked for in the same turn go in one transaction.
  let queue: { path: string; done: (v: string | Uint8Array | undefined) => void }[] = [];
  function stored(db: PaperLensDatabase, path: string): Promise<string | Uint8Array | undefined> {
    return new Promise((done) => {
      queue.push({ path, done });
      if (queue.length > 1) return;
      queueMicrotask(() => {
        const batch = queue;
        queue = [];
        try {
          const tx = db.transaction('corpusFiles', 'readonly');
          for (const b of batch) tx.store.get(b.path).then(b.done, () => b.done(undefined));
          tx.done.catch(() => undefined);
        } catch {
          // A closed database (an update's upgrade): the shipped files now, and the database opened again next time.
          state = undefined;
          for (const b of batch) b.done(undefined);
        }
      });
    });
  }

  async function read(path: string): Promise<string | Uint8Array | undefined> {
    if (!isStoredPath(path)) return undefined;
    const [m, s] = await Promise.all([getManifest(), getState()]);
    if (!m || !s || s.build !== m.build) return undefined;
    return stored(s.db, path);
  }

  async function fill(signal?: AbortSignal): Promise<StoredProgress> {
    const [m, s] = await Promise.all([getManifest(), getState()]);
    if (!m) return (progress = { stored: 0, total: 0, complete: false, error: 'this build ships no corpus/stored.json' });
    if (!s) return (progress = { stored: 0, total: m.files.length, complete: false, error: 'IndexedDB is unavailable' });
    const { db } = s;
    try {
      const copies = (await db.get('meta', CORPUS_FILES_META)) as CopiesState | undefined;
      if (copies?.build !== m.build) {
        // Another build's copies go first; reads use the shipped files until this build's are in.
        s.build = null;
        const tx = db.transaction(['corpusFiles', 'meta'], 'readwrite');
        await Promise.all([
          tx.objectStore('corpusFiles').clear(),
          tx.objectStore('meta').put({ build: m.build, complete: false } satisfies CopiesState, CORPUS_FILES_META),
          tx.done,
        ]);
      } else if (copies.complete) {
        s.build = m.build;
        return (progress = { stored: m.files.length, total: m.files.length, complete: true });
      }
      s.build = m.build;
      const have = new Set(await db.getAllKeys('corpusFiles'));
      const missing = m.files.filter((f) => !have.has(f));
      progress = { stored: m.files.length - missing.length, total: m.files.length, complete: false };
      for (let i = 0; i < missing.length; i += FILL_BATCH) {
        if (signal?.aborted) return progress;
        const paths = missing.slice(i, i + FILL_BATCH);
        const contents = await Promise.all(paths.map((p) => (isBinary(p) ? shipped.bytes(p) : shipped.text(p))));
        const tx = db.transaction('corpusFiles', 'readwrite');
        await Promise.all([...paths.map((p, j) => tx.store.put(contents[j], p)), tx.done]);
        progress = { ...progress, stored: progress.stored + paths.length };
        // Answers asked for meanwhile go first.
        await new Promise((resolve) => setTimeout(resolve, 0));
      }
      await db.put('meta', { build: m.build, complete: true } satisfies CopiesState, CORPUS_FILES_META);
      return (progress = { ...progress, complete: true });
    } catch (e) {
      // Out of quota, or the database closed for an update: what is stored is read, the rest fetched.
      const error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
      return (progress = { ...(progress ?? { stored: 0, total: m.files.length }), complete: false, error });
    }
  }

  // A file not copied (search's table, the layout) is read first in a cold worker, the copies after: the manifest
  // and the database open meanwhile, not at the first copy read (10 ms of a cold popup's search at 30k).
  const shippedFirst = <T>(p: Promise<T>): Promise<T> => (void getManifest(), void getState(), p);

  return {
    async text(path) {
      if (!isStoredPath(path)) return shippedFirst(shipped.text(path));
      const v = await read(path);
      if (typeof v === 'string') return v;
      if (v instanceof Uint8Array) return new TextDecoder().decode(v);
      return shipped.text(path);
    },
    async bytes(path) {
      if (!isStoredPath(path)) return shippedFirst(shipped.bytes(path));
      const v = await read(path);
      if (v instanceof Uint8Array) return v;
      if (typeof v === 'string') return new TextEncoder().encode(v);
      return shipped.bytes(path);
    },
    fill,
    progress: () => progress,
  };
}
