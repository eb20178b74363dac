/**
 * THE IndexedDB database of Paper Lens, `paper-lens`, with versioned upgrades.
 * The reading list lives here (one row per paper) since issue 17: a list past
 * `storage.local`'s 10 MB quota refused every import, and rewriting one record
 * of the whole list per change took 2.9 s at 10,000 papers in Chromium
 * (`tools/measure-storage.ts`; a row per paper: about 1 ms). Other parts (the
 * collection) add their stores by appending a step to `UPGRADES`.
 *
 * Why `idb` (Jake Archibald's wrapper, 1.2 kB gzipped, no dependencies): it
 * turns requests and transactions into promises and types the schema, and
 * nothing else; raw IndexedDB callbacks are where commit/abort bugs hide.
 */
import type { CollectionRow, CollectionSource } from '../collection/records';
import { openDB, type DBSchema, type IDBPDatabase, type IDBPTransaction, type StoreNames } from 'idb';

/** Name of the database. */
export const DB_NAME = 'paper-lens';

/** A reading-list row: one paper, where it stands in the list, and the schema version it was written in. */
export interface PaperRow {
  /** The paper's id (the key). */
  id: string;
  /** Position in the list: rows are read back sorted by it (the user's order, undo puts a paper back where it was). */
  order: number;
  /** The paper as `SavedPaper` of `META.schemaVersion` (validated on every load). */
  paper: unknown;
}

/** A row that failed validation, kept aside rather than dropped. */
export interface CorruptRow {
  /** Auto-incremented key. */
  key?: number;
  /** When it was kept aside (ms since epoch). */
  at: number;
  /** Where it came from: `papers` (a row) or `storage.local` (the old one-key record). */
  from: 'papers' | 'storage.local';
  /** Why it was kept aside. */
  error: string;
  /** The data as it was. */
  value: unknown;
}

/** One answered request: the answer a retry of it gets (see `lib/reading-list/changes.ts`). */
export interface RequestRow {
  requestId: string;
  at: number;
  result: unknown;
  error?: string;
}

/** The schema of `paper-lens`, for `idb`'s types. */
export interface PaperLensDB extends DBSchema {
  /** The reading list, a row per paper. */
  papers: { key: string; value: PaperRow; indexes: { order: number } };
  /** Recent request ids with their answers, bounded (oldest by `at` go first). */
  requests: { key: string; value: RequestRow; indexes: { at: number } };
  /** Rows and records that failed validation, kept for the user (never dropped). */
  corrupt: { key: number; value: CorruptRow };
  /** Small named values: `schemaVersion` of the paper rows, `legacyImported`, the import backup. */
  meta: { key: string; value: unknown };
  /** The papers users added to the collection, one row per paper with an entry per source (lib/collection/store.ts). */
  collectionPapers: {
    key: string;
    value: CollectionRow;
    indexes: { arxivId: string; doi: string; titleKey: string; sources: string };
  };
  /** The sources added to the collection (files), pending until their import finishes. */
  collectionSources: { key: string; value: CollectionSource };
  /** The added collection's serialised search index and its version (out-of-line keys). */
  collectionIndex: { key: string; value: unknown };
  /**
   * Copies of shipped corpus files a page reads many of at once, by path (lib/storage/corpus-files.ts):
   * one transaction reads 75 of them in about a tenth of the time 75 `fetch`es of the files take.
   */
  corpusFiles: { key: string; value: string | Uint8Array };
}

/** The open database. */
export type PaperLensDatabase = IDBPDatabase<PaperLensDB>;

type UpgradeTx = IDBPTransaction<PaperLensDB, StoreNames<PaperLensDB>[], 'versionchange'>;

/** One upgrade step; step `i` takes the database from version `i` to `i + 1`. Never edit a shipped step. */
export interface Upgrade {
  description: string;
  run(db: PaperLensDatabase, tx: UpgradeTx): void;
}

/** Every upgrade, in order. The database version is their count. */
export const UPGRADES: readonly Upgrade[] = [
  {
    description: 'the reading list as a row per paper, the request log, kept-aside rows and meta values',
    run(db) {
      db.createObjectStore('papers', { keyPath: 'id' });
      db.createObjectStore('requests', { keyPath: 'requestId' }).createIndex('at', 'at');
      db.createObjectStore('corrupt', { keyPath: 'key', autoIncrement: true });
      db.createObjectStore('meta');
    },
  },
  {
    description: 'the added collection: papers with an entry per source, the sources, the search index',
    run(db) {
      const papers = db.createObjectStore('collectionPapers', { keyPath: 'key' });
      papers.createIndex('arxivId', 'arxivId');
      papers.createIndex('doi', 'doi');
      papers.createIndex('titleKey', 'titleKey');
      papers.createIndex('sources', 'sources', { multiEntry: true });
      db.createObjectStore('collectionSources', { keyPath: 'id' });
      db.createObjectStore('collectionIndex');
    },
  },
  {
    description: 'the reading list by order: where a save goes (the last row) without reading every row',
    run(_db, tx) {
      tx.objectStore('papers').createIndex('order', 'order');
    },
  },
  {
    description: 'copies of the shipped corpus files pages read many of at once (related-paper shards, paper records)',
    run(db) {
      db.createObjectStore('corpusFiles');
    },
  },
];

/** The version `openPaperLensDb` opens. */
export const DB_VERSION = UPGRADES.length;

/**
 * Opens (creating or upgrading) the database through `factory` (the
 * context's `indexedDB`; tests pass fake-indexeddb's). A database from a newer
 * version of Paper Lens fails to open (VersionError) rather than being changed.
 *
 * When another context asks for a newer version (the worker of an updated
 * Paper Lens while this one still runs), this connection closes so that the
 * upgrade can run instead of waiting blocked; `onClosed` is told, so that its
 * owner opens again on its next use (and then fails with VersionError, saying
 * so, rather than writing the old schema).
 */
export async function openPaperLensDb(
  factory: IDBFactory = indexedDB,
  opts: { onClosed?: () => void } = {},
): Promise<PaperLensDatabase> {
  // idb's openDB uses the global factory; a test's own factory is swapped in for the call.
  const g = globalThis as { indexedDB?: IDBFactory };
  const previous = g.indexedDB;
  if (factory !== previous) g.indexedDB = factory;
  let db: PaperLensDatabase | undefined;
  try {
    db = await openDB<PaperLensDB>(DB_NAME, DB_VERSION, {
      upgrade(db, oldVersion, _newVersion, tx) {
        for (let v = oldVersion; v < DB_VERSION; v++) UPGRADES[v].run(db, tx);
      },
      // Another context (a newer worker after an update) wants to upgrade: let it.
      blocking() {
        db?.close();
        opts.onClosed?.();
      },
    });
    return db;
  } finally {
    if (factory !== previous) g.indexedDB = previous;
  }
}
