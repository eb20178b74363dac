/**
 * Adding files to the collection, and removing sources: the pipeline the
 * options page runs. Each file becomes a source, written under `pending` a
 * chunk (500 records) per transaction, so the worker keeps answering pages
 * from the same database meanwhile. When every file is read, one transaction
 * turns the sources `active` and stores the search index that holds them
 * (store.ts `commitSources`). A cancel or a failure before that removes the
 * pending entries again: nothing is half-added.
 */
import { inProcessIndexer, rowDocument, serialiseYears, type CollectionIndexer, type IndexerFactory } from './indexer';
import { readCollectionFile, UnknownFormatError, type FileLike, type SkippedRecord } from './read-file';
import type { CollectedPaper, CollectionFormat, CollectionRow, CollectionSource } from './records';
import {
  collectionIsEmpty,
  commitSources,
  deleteSource,
  freshRows,
  dropSourceEntries,
  listSources,
  putSource,
  readStoredIndex,
  rowYears,
  storeIndex,
  writeChunk,
  type ChunkResult,
  type CollectionDb,
  type FreshRows,
} from './store';

/** Where an import stands, for the progress bar. */
export interface ImportProgress {
  phase: 'reading' | 'indexing' | 'undoing' | 'removing';
  /** Bytes of the chosen files read so far, and in all. */
  bytesRead: number;
  bytesTotal: number;
  /** Papers written so far. */
  papers: number;
  /** Papers indexed so far (the indexer follows the writes; it finishes after them). */
  indexed?: number;
  /** The file being read. */
  file: string;
}

/** What one file gave. */
export interface FileSummary {
  file: string;
  /** Set when the file was not read (no known format); nothing of it was added. */
  error?: string;
  format?: CollectionFormat;
  /** New papers. */
  added: number;
  /** Papers already in the collection from another source, now held by this one too. */
  merged: number;
  /** Records left out, each with its reason. */
  skipped: SkippedRecord[];
}

/** The end of an import. */
export interface ImportSummary {
  files: FileSummary[];
  /** True when the user cancelled: nothing was added. */
  cancelled: boolean;
  /** Milliseconds from start to committed. */
  ms: number;
  /** Where the time went (ms): reading and parsing, writing rows, indexing, storing the index and committing. */
  timings?: { read: number; write: number; index: number; commit: number };
}

/** Options of {@link addFiles}. */
export interface AddOptions {
  signal?: AbortSignal;
  onProgress?: (p: ImportProgress) => void;
  now?: () => number;
  /** Re-import: the one file replaces this source (its name is kept). */
  replaces?: CollectionSource;
  /** Where the index is built (the options page: a Web Worker); in this thread by default. */
  indexer?: IndexerFactory;
}

/** Thrown inside the pipeline when the signal fires. */
class Cancelled extends Error {}

/** Lets the page paint and other tasks run between chunks. */
const breathe = () => new Promise<void>((r) => setTimeout(r, 0));

/**
 * Rows per write transaction. IndexedDB runs one origin's requests in turn, so
 * a page's read waits behind the puts already sent: at 500 rows a transaction,
 * the worker's reads waited up to 0.6 s during an import (p95 0.26 s).
 */
export const WRITE_ROWS = 100;

/** A chunk written {@link WRITE_ROWS} at a time; the result as if written at once (each row once, at its first place). */
async function writeInParts(
  db: CollectionDb,
  sourceId: string,
  papers: CollectedPaper[],
  fresh?: FreshRows,
): Promise<ChunkResult> {
  const out: ChunkResult = { added: 0, merged: 0, duplicates: [], rows: [] };
  const rows = new Map<string, CollectionRow>();
  for (let i = 0; i < papers.length; i += WRITE_ROWS) {
    const r = await writeChunk(db, sourceId, papers.slice(i, i + WRITE_ROWS), fresh);
    out.added += r.added;
    out.merged += r.merged;
    out.duplicates.push(...r.duplicates.map((d) => d + i));
    for (const row of r.rows) rows.set(row.key, row);
  }
  out.rows = [...rows.values()];
  return out;
}

/** An indexer started from the stored index (its years read from the rows if it was stored without). */
async function startIndexer(
  db: CollectionDb,
  factory: IndexerFactory,
  onIndexed: (n: number) => void,
): Promise<CollectionIndexer> {
  const stored = await readStoredIndex(db);
  if (!stored) return factory(undefined, onIndexed);
  const years = stored.years ?? serialiseYears(await rowYears(db));
  return factory({ titles: stored.titles, abstracts: stored.abstracts, years }, onIndexed);
}

/** `p`, or a {@link Cancelled} rejection as soon as the signal fires. */
function unlessCancelled<T>(p: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return p;
  return new Promise<T>((ok, no) => {
    if (signal.aborted) return no(new Cancelled());
    signal.addEventListener('abort', () => no(new Cancelled()), { once: true });
    p.then(ok, no);
  });
}

/**
 * Holds the collection's lock while `fn` runs, so two options tabs never write
 * at once (Web Locks, in Chrome and Firefox extension pages; skipped where absent, as in unit tests).
 */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? ((await locks.request('paper-lens-collection', fn)) as T) : fn();
}

/**
 * Adds files as sources. Files of no known format are reported and left out;
 * the others are added together when all are read. Never half-adds.
 */
export function addFiles(db: CollectionDb, files: FileLike[], opts: AddOptions = {}): Promise<ImportSummary> {
  return withLock(() => addFilesLocked(db, files, opts));
}

async function addFilesLocked(db: CollectionDb, files: FileLike[], opts: AddOptions): Promise<ImportSummary> {
  const now = opts.now ?? Date.now;
  const t0 = performance.now();
  const bytesTotal = files.reduce((n, f) => n + f.size, 0);
  const progress: ImportProgress = { phase: 'reading', bytesRead: 0, bytesTotal, papers: 0, file: '' };
  const report = () => opts.onProgress?.({ ...progress });
  const pending: CollectionSource[] = [];
  const summaries: FileSummary[] = [];
  let indexer: CollectionIndexer | undefined;
  const timings = { read: 0, write: 0, index: 0, commit: 0 };
  let mark = performance.now();
  const lap = (k: keyof typeof timings) => {
    const t = performance.now();
    timings[k] += t - mark;
    mark = t;
  };
  try {
    indexer = await startIndexer(db, opts.indexer ?? inProcessIndexer, (n) => {
      progress.indexed = n;
      if (progress.phase === 'indexing') report();
    });
    let before = 0;
    for (const [n, file] of files.entries()) {
      progress.file = file.name;
      const stamp = now();
      const source: CollectionSource = {
        id: `src-${stamp.toString(36)}-${n}-${Math.random().toString(36).slice(2, 8)}`,
        name: opts.replaces?.name ?? file.name.replace(/\.gz$/i, ''),
        format: 'arxiv-metadata',
        count: 0,
        addedAt: opts.replaces?.addedAt ?? stamp + n,
        status: 'pending',
        ...(opts.replaces ? { replaces: opts.replaces.id } : {}),
      };
      const summary: FileSummary = { file: file.name, added: 0, merged: 0, skipped: [] };
      summaries.push(summary);
      await putSource(db, source);
      pending.push(source);
      // Into an empty collection, only this file's own rows can be merged with: remember them instead of asking.
      const fresh = (await collectionIsEmpty(db)) ? freshRows() : undefined;
      try {
        for await (const chunk of readCollectionFile(file, (b) => (progress.bytesRead = before + b))) {
          lap('read');
          if (opts.signal?.aborted) throw new Cancelled();
          source.format = chunk.format;
          summary.format = chunk.format;
          summary.skipped.push(...chunk.skipped);
          const r = await writeInParts(db, source.id, chunk.papers, fresh);
          lap('write');
          for (const i of r.duplicates) {
            summary.skipped.push({
              file: file.name,
              line: chunk.lines[i],
              reason: `paper ${chunk.papers[i].arxivId ?? chunk.papers[i].title} is already in this file`,
            });
          }
          summary.added += r.added;
          summary.merged += r.merged;
          source.count += r.added + r.merged;
          progress.papers += r.added + r.merged;
          indexer.add(r.rows.map(rowDocument));
          lap('index');
          report();
          await breathe();
          mark = performance.now();
        }
      } catch (e) {
        if (!(e instanceof UnknownFormatError)) throw e;
        summary.error = e.message;
        pending.pop();
        await deleteSource(db, source.id);
      }
      before += file.size;
      progress.bytesRead = before;
    }
    if (opts.signal?.aborted) throw new Cancelled();
    progress.phase = 'indexing';
    report();
    mark = performance.now();
    const index = await unlessCancelled(indexer.finish(), opts.signal);
    lap('index');
    await commitSources(db, pending, index);
    lap('commit');
    if (opts.replaces) await finishRemoval(db, opts.replaces.id, opts);
    const rounded = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, Math.round(v)])) as typeof timings;
    return { files: summaries, cancelled: false, ms: Math.round(performance.now() - t0), timings: rounded };
  } catch (e) {
    indexer?.close();
    indexer = undefined;
    progress.phase = 'undoing';
    report();
    for (const s of pending) {
      await dropSourceEntries(db, s.id);
      await deleteSource(db, s.id);
    }
    if (e instanceof Cancelled) return { files: summaries, cancelled: true, ms: Math.round(performance.now() - t0) };
    throw e;
  } finally {
    indexer?.close();
  }
}

/** Options of {@link removeSource}: progress, and where the index is rebuilt. */
export type RemoveOptions = Pick<AddOptions, 'onProgress' | 'indexer'>;

/** Removes a source entries and all; papers another source holds stay. */
export function removeSource(db: CollectionDb, id: string, opts: RemoveOptions = {}): Promise<void> {
  return withLock(async () => {
    const source = (await listSources(db)).find((s) => s.id === id);
    if (!source) return;
    // Hidden at once: the worker shows only active sources' entries.
    await putSource(db, { ...source, status: 'removing' });
    await finishRemoval(db, id, opts);
  });
}

/** Drops a source's entries, updates and stores the index, deletes the source record. */
async function finishRemoval(db: CollectionDb, id: string, opts: RemoveOptions): Promise<void> {
  const progress: ImportProgress = { phase: 'removing', bytesRead: 0, bytesTotal: 0, papers: 0, file: '' };
  opts.onProgress?.(progress);
  const { deleted, kept } = await dropSourceEntries(db, id, (done) => opts.onProgress?.({ ...progress, papers: done }));
  const indexer = await startIndexer(db, opts.indexer ?? inProcessIndexer, () => undefined);
  try {
    indexer.remove(deleted);
    // A kept row's title may have come from the removed source.
    if (kept.length) indexer.add(kept.map(rowDocument));
    await storeIndex(db, await indexer.finish());
  } finally {
    indexer.close();
  }
  await deleteSource(db, id);
}

/** Renames a source. */
export async function renameSource(db: CollectionDb, id: string, name: string): Promise<void> {
  const source = (await listSources(db)).find((s) => s.id === id);
  const clean = name.trim().slice(0, 200);
  if (source && clean) await putSource(db, { ...source, name: clean });
}

/**
 * Finishes what a closed options page left: entries of sources still pending
 * (an import that never committed) or being removed. Skipped while another
 * page holds the lock (its import is running).
 */
export async function repairCollection(db: CollectionDb, opts: RemoveOptions = {}): Promise<number> {
  const run = async () => {
    const stale = (await listSources(db)).filter((s) => s.status !== 'active');
    for (const s of stale) await finishRemoval(db, s.id, opts);
    return stale.length;
  };
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (!locks) return run();
  return ((await locks.request('paper-lens-collection', { ifAvailable: true }, (lock) => (lock ? run() : 0))) as number) ?? 0;
}

/** The skipped records of an import as a text file, one `file:line: reason` per line. */
export function skippedList(summary: ImportSummary): string {
  const lines: string[] = [];
  for (const f of summary.files) {
    if (f.error) lines.push(f.error);
    for (const s of f.skipped) lines.push(`${s.file}:${s.line}: ${s.reason}`);
  }
  return lines.join('\n') + (lines.length ? '\n' : '');
}
