/**
 * The added collection in IndexedDB (`paper-lens`, stores `collectionPapers`,
 * `collectionSources`, `collectionIndex`; lib/storage/db.ts). Reads are keyed
 * gets (by arXiv id, by normalised title, by row key), so matching a page never
 * loads the collection. Writes come in chunks, one transaction each, so the
 * worker's reads interleave with an import; a source's entries are invisible
 * until its record turns `active`, in the same transaction that stores the
 * search index that includes them.
 */
import type { IDBPObjectStore } from 'idb';
import { openPaperLensDb, type PaperLensDatabase, type PaperLensDB } from '../storage/db';
import {
  addEntry,
  chooseRow,
  mergeKeys,
  newRow,
  removeEntry,
  shownPaper,
  type CollectedPaper,
  type CollectionRow,
  type CollectionSource,
  type MergeKeys,
  type ShownPaper,
} from './records';

/** The database, opened on first use. */
export type CollectionDb = () => Promise<PaperLensDatabase>;

/** A lazily opened `paper-lens` database (the context's own `indexedDB`, or a test's factory). */
export function collectionDb(factory?: IDBFactory): CollectionDb {
  let db: Promise<PaperLensDatabase> | undefined;
  // Closed for a newer version's upgrade (lib/storage/db.ts): opened again on next use.
  return () => (db ??= openPaperLensDb(factory, { onClosed: () => (db = undefined) }));
}

/** Every source, oldest first. */
export async function listSources(db: CollectionDb): Promise<CollectionSource[]> {
  return (await (await db()).getAll('collectionSources')).sort((a, b) => a.addedAt - b.addedAt);
}

/** The sources by id. */
export async function sourceMap(db: CollectionDb): Promise<Map<string, CollectionSource>> {
  return new Map((await listSources(db)).map((s) => [s.id, s]));
}

/** Writes a source record as it is. */
export async function putSource(db: CollectionDb, source: CollectionSource): Promise<void> {
  await (await db()).put('collectionSources', source);
}

/** Deletes a source record. */
export async function deleteSource(db: CollectionDb, id: string): Promise<void> {
  await (await db()).delete('collectionSources', id);
}

/** The paper an arXiv id names, if an active source holds it. */
export async function findByArxivId(
  db: CollectionDb,
  arxivId: string,
  sources: Map<string, CollectionSource>,
): Promise<ShownPaper | null> {
  const rows = await (await db()).getAllFromIndex('collectionPapers', 'arxivId', arxivId, 4);
  return firstShown(rows, sources);
}

/** The paper whose normalised title is `titleKey`, if an active source holds exactly one such. */
export async function findByTitleKey(
  db: CollectionDb,
  titleKey: string,
  sources: Map<string, CollectionSource>,
): Promise<ShownPaper | null> {
  if (!titleKey) return null;
  const rows = await (await db()).getAllFromIndex('collectionPapers', 'titleKey', titleKey, 4);
  const shown = rows.map((r) => shownPaper(r, sources)).filter((p): p is ShownPaper => !!p);
  // Two papers of one title: the page cannot say which (match.ts refuses ties the same way).
  return shown.length === 1 ? shown[0] : null;
}

/** A row by key, as shown. */
export async function getShown(
  db: CollectionDb,
  key: string,
  sources: Map<string, CollectionSource>,
): Promise<ShownPaper | null> {
  const row = await (await db()).get('collectionPapers', key);
  return row ? shownPaper(row, sources) : null;
}

/** Many rows by key in one transaction, as shown (null where absent or hidden). */
export async function getManyShown(
  db: CollectionDb,
  keys: string[],
  sources: Map<string, CollectionSource>,
): Promise<(ShownPaper | null)[]> {
  const store = (await db()).transaction('collectionPapers').store;
  const rows = await Promise.all(keys.map((k) => store.get(k)));
  return rows.map((r) => (r ? shownPaper(r, sources) : null));
}

function firstShown(rows: CollectionRow[], sources: Map<string, CollectionSource>): ShownPaper | null {
  for (const r of rows) {
    const p = shownPaper(r, sources);
    if (p) return p;
  }
  return null;
}

/** What one chunk did. */
export interface ChunkResult {
  /** Entries that made a new row. */
  added: number;
  /** Entries that joined a row another source holds. */
  merged: number;
  /** Indexes (into the chunk) of entries this source had already given: duplicates within the file. */
  duplicates: number[];
  /** The rows written, for the search index. */
  rows: CollectionRow[];
}

/**
 * What an import into an empty collection remembers of the rows it wrote, so
 * that it need not ask the database (only its own rows are there): their ids,
 * DOIs and titles. Any entry that joins one of them is a duplicate in the file.
 */
export interface FreshRows {
  byArxivId: Map<string, Pick<CollectionRow, 'key' | 'arxivId' | 'doi'>>;
  byDoi: Map<string, Pick<CollectionRow, 'key' | 'arxivId' | 'doi'>>;
  byTitle: Map<string, Pick<CollectionRow, 'key' | 'arxivId' | 'doi'>[]>;
  keys: Set<string>;
}

/** An empty {@link FreshRows}. */
export function freshRows(): FreshRows {
  return { byArxivId: new Map(), byDoi: new Map(), byTitle: new Map(), keys: new Set() };
}

/** True when the collection holds no row at all. */
export async function collectionIsEmpty(db: CollectionDb): Promise<boolean> {
  return (await (await db()).count('collectionPapers')) === 0;
}

type Found = CollectionRow | Pick<CollectionRow, 'key' | 'arxivId' | 'doi'>;

/** The stored rows each entry may join, by arXiv id, then DOI, then title: all gets of a stage at once (IndexedDB answers them in one pass). */
async function storedCandidates(
  store: IDBPObjectStore<PaperLensDB, ['collectionPapers'], 'collectionPapers', 'readwrite'>,
  keys: MergeKeys[],
) {
  const found: (CollectionRow | undefined)[] = keys.map(() => undefined);
  for (const field of ['arxivId', 'doi', 'titleKey'] as const) {
    const todo = keys.map((k, i) => (found[i] || !k[field] ? -1 : i)).filter((i) => i >= 0);
    const lists = await Promise.all(todo.map((i) => store.index(field).getAll(keys[i][field]!, 8)));
    todo.forEach((i, j) => {
      found[i] = chooseRow(
        keys[i],
        field === 'arxivId' ? lists[j] : [],
        field === 'doi' ? lists[j] : [],
        field === 'titleKey' ? lists[j] : [],
      );
    });
  }
  return found;
}

function freshCandidate(fresh: FreshRows, k: MergeKeys): Found | undefined {
  const a = k.arxivId ? fresh.byArxivId.get(k.arxivId) : undefined;
  const d = k.doi ? fresh.byDoi.get(k.doi) : undefined;
  const t = k.titleKey ? (fresh.byTitle.get(k.titleKey) ?? []) : [];
  return chooseRow(k, a ? [a as CollectionRow] : [], d ? [d as CollectionRow] : [], t as CollectionRow[]);
}

function remember(fresh: FreshRows, row: CollectionRow): void {
  const r = { key: row.key, arxivId: row.arxivId, doi: row.doi };
  fresh.keys.add(row.key);
  if (row.arxivId) fresh.byArxivId.set(row.arxivId, r);
  if (row.doi) fresh.byDoi.set(row.doi, r);
  if (row.titleKey) fresh.byTitle.set(row.titleKey, [...(fresh.byTitle.get(row.titleKey) ?? []), r]);
}

/**
 * Adds a chunk of one source's entries in one transaction, each merged into
 * the row its arXiv id, DOI or title names (records.ts `chooseRow`); rows made
 * earlier in the same chunk are consulted first. With `fresh` (an import into
 * an empty collection) the database is not asked: only puts.
 */
export async function writeChunk(
  db: CollectionDb,
  sourceId: string,
  papers: CollectedPaper[],
  fresh?: FreshRows,
): Promise<ChunkResult> {
  // Relaxed: no flush to disk per chunk. A chunk lost in a crash belongs to a source still pending, which
  // repairCollection removes; what makes papers visible is the commit below, which stays durable.
  const tx = (await db()).transaction('collectionPapers', 'readwrite', { durability: 'relaxed' });
  const store = tx.store;
  const keys = papers.map(mergeKeys);
  const found: (Found | undefined)[] = fresh ? keys.map((k) => freshCandidate(fresh, k)) : await storedCandidates(store, keys);

  const local = new Map<string, CollectionRow>();
  const created = new Set<string>();
  const localBy = { arxivId: new Map<string, string>(), doi: new Map<string, string>(), titleKey: new Map<string, string>() };
  const localCandidates = (k: MergeKeys) =>
    (['arxivId', 'doi', 'titleKey'] as const).map((f) => {
      const key = k[f] ? localBy[f].get(k[f]) : undefined;
      return key ? [local.get(key)!] : [];
    });
  const result: ChunkResult = { added: 0, merged: 0, duplicates: [], rows: [] };
  papers.forEach((p, i) => {
    const k = keys[i];
    const [a, d, t] = localCandidates(k);
    const stored = found[i];
    // A fresh import's own earlier row: the file gives the paper twice.
    if (fresh && stored && !chooseRow(k, a, d, t)) {
      result.duplicates.push(i);
      return;
    }
    let row = chooseRow(k, a, d, t) ?? (stored && (local.get(stored.key) ?? (stored as CollectionRow)));
    if (row?.entries[sourceId]) {
      result.duplicates.push(i);
      return;
    }
    if (row) {
      row = addEntry(row, sourceId, p);
      result.merged++;
    } else {
      row = newRow(sourceId, p);
      // Two different papers can share a key (same title hash, yet incompatible ids): keep them apart.
      while (local.has(row.key) || fresh?.keys.has(row.key)) row = { ...row, key: `${row.key}~` };
      created.add(row.key);
      result.added++;
    }
    local.set(row.key, row);
    for (const f of ['arxivId', 'doi', 'titleKey'] as const) if (row[f]) localBy[f].set(row[f]!, row.key);
  });
  const rows = [...local.values()];
  // A new row whose key a stored, different paper already uses gets a suffix.
  const clash = fresh
    ? rows.map(() => undefined)
    : await Promise.all(rows.map((r) => (created.has(r.key) ? store.getKey(r.key) : undefined)));
  rows.forEach((r, j) => {
    const row = clash[j] !== undefined ? { ...r, key: `${r.key}~${sourceId}` } : r;
    void store.put(row);
    result.rows.push(row);
    if (fresh) remember(fresh, row);
  });
  await tx.done;
  return result;
}

/**
 * Removes a source's entries, a chunk of rows per transaction; rows no other
 * source holds are deleted. Returns the keys of the deleted rows and the rows
 * that stay (for the search index).
 */
export async function dropSourceEntries(
  db: CollectionDb,
  sourceId: string,
  onChunk?: (done: number) => void,
  chunk = 500,
): Promise<{ deleted: string[]; kept: CollectionRow[] }> {
  const deleted: string[] = [];
  const kept: CollectionRow[] = [];
  for (;;) {
    const tx = (await db()).transaction('collectionPapers', 'readwrite');
    const rows = await tx.store.index('sources').getAll(sourceId, chunk);
    for (const row of rows) {
      const next = removeEntry(row, sourceId);
      if (next) {
        void tx.store.put(next);
        kept.push(next);
      } else {
        void tx.store.delete(row.key);
        deleted.push(row.key);
      }
    }
    await tx.done;
    onChunk?.(deleted.length + kept.length);
    if (rows.length < chunk) return { deleted, kept };
  }
}

/** The search index as stored: both parts serialised, the papers' years, and the version it was stored under. */
export interface StoredIndex {
  version: number;
  titles: string;
  abstracts: string;
  /** indexer.ts `serialiseYears`: row keys by year (absent in indexes stored before searches by year alone listed added papers). */
  years?: string;
}

/**
 * Every row's year (the first entry's that has one), read a batch of rows at a
 * time: the years of an index stored without them.
 */
export async function rowYears(db: CollectionDb, batch = 2000): Promise<Map<string, number>> {
  const years = new Map<string, number>();
  let after: string | undefined;
  for (;;) {
    const range = after === undefined ? undefined : IDBKeyRange.lowerBound(after, true);
    const rows = await (await db()).getAll('collectionPapers', range, batch);
    for (const r of rows) {
      const y = r.sources.map((s) => r.entries[s]?.year).find((x) => x);
      if (y) years.set(r.key, y);
    }
    if (rows.length < batch) return years;
    after = rows[rows.length - 1].key;
  }
}

/** The stored index's version (0 when none): one small get, so the worker can check it on every search. */
export async function indexVersion(db: CollectionDb): Promise<number> {
  return ((await (await db()).get('collectionIndex', 'version')) as number | undefined) ?? 0;
}

/** The stored index, if any. */
export async function readStoredIndex(db: CollectionDb): Promise<StoredIndex | undefined> {
  const d = await db();
  const version = (await d.get('collectionIndex', 'version')) as number | undefined;
  return version ? ((await d.get('collectionIndex', `search:${version}`)) as StoredIndex | undefined) : undefined;
}

/**
 * The sources become active (those they replace turn `removing`) together
 * with the search index that holds their papers: the index (tens of MB) is
 * written first under its new version's key, in a transaction of its own so
 * that the worker's reads of the sources are never held up by it; then one
 * small transaction flips the sources and the version pointer. Before that
 * commits, nothing of the import shows anywhere.
 */
export async function commitSources(
  db: CollectionDb,
  sources: CollectionSource[],
  index: Omit<StoredIndex, 'version'>,
): Promise<number> {
  const d = await db();
  const current = ((await d.get('collectionIndex', 'version')) as number | undefined) ?? 0;
  const version = current + 1;
  await d.put('collectionIndex', { version, ...index }, `search:${version}`);
  const tx = d.transaction(['collectionSources', 'collectionIndex'], 'readwrite');
  const s = tx.objectStore('collectionSources');
  for (const src of sources) {
    if (src.replaces) {
      const old = await s.get(src.replaces);
      if (old) void s.put({ ...old, status: 'removing' });
    }
    void s.put({ ...src, status: 'active' });
  }
  void tx.objectStore('collectionIndex').put(version, 'version');
  await tx.done;
  await d.delete('collectionIndex', `search:${current}`);
  return version;
}

/** Stores a new search index (after a removal), bumping the version. */
export async function storeIndex(db: CollectionDb, index: Omit<StoredIndex, 'version'>): Promise<number> {
  return commitSources(db, [], index);
}
