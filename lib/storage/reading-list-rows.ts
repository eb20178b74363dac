/**
 * The rows under the IndexedDB reading-list store (`reading-list-store.ts`):
 * which rows a change writes, reading them back in the list's order (validated,
 * damaged rows kept aside), the one-time copy of the old `storage.local`
 * record, and the freezing that lets the store hand out its cached list.
 */
import type { IDBPTransaction } from 'idb';
import { isObject } from '../core/values';
import { changedWindow } from '../reading-list/changes';
import { mergeLists, type ReadingList, type SavedPaper } from '../reading-list/list';
import { salvagePaper } from '../reading-list/read';
import {
  BACKUP_KEY,
  interpretRecord,
  migrateRecord,
  REQUESTS_KEY,
  SCHEMA_VERSION,
  STORAGE_KEY,
  type StorageAreaLike,
} from '../reading-list/storage';
import type { CorruptRow, PaperLensDB, PaperLensDatabase, PaperRow } from './db';

/** `meta` keys. */
export const META = {
  /** Schema version (`SCHEMA_VERSION`) of the paper rows. */
  schemaVersion: 'schemaVersion',
  /** When the old `storage.local` record was copied in. */
  legacyImported: 'legacyImported',
  /** The list as it was before the last import (`StoredBackup`), for "undo import". */
  importBackup: 'importBackup',
  /** When the last change committed: the notice tabs watch carries the same time once it was sent. */
  changedAt: 'changedAt',
} as const;

/** What row planning needs of the store's state: the cached list and each paper's row order. */
export interface RowState {
  list: ReadingList;
  order: Map<string, number>;
}

/** The transaction `commit` hands to `extra`. */
export type WriteTx = IDBPTransaction<PaperLensDB, ('papers' | 'requests' | 'meta')[], 'readwrite'>;

/** Papers equal to ones already held are replaced by those objects, so that only real changes are written. */
export function reuse(current: ReadingList, papers: SavedPaper[]): SavedPaper[] {
  const byId = new Map(current.papers.map((p) => [p.id, p]));
  return papers.map((p) => {
    const old = byId.get(p.id);
    return old && JSON.stringify(old) === JSON.stringify(p) ? old : p;
  });
}

/** The rows one change writes, and how the order map changes once they committed. */
export interface RowPlan {
  put: PaperRow[];
  deleted: string[];
  /** Applies the plan to the order map (after the transaction committed). */
  apply(order: Map<string, number>): void;
}

/**
 * Which rows to write for `next`. Only the window between the unchanged
 * prefix and suffix (same paper objects at the same places: the list
 * operations keep untouched papers as they were) is looked at, so a save at
 * 100,000 papers plans in well under a millisecond instead of walking the
 * list. Orders only grow along the list; a paper in the window keeps its order
 * (and is not rewritten) when it is the same object at an order still in
 * sequence, and a new or moved one gets an order between its neighbours. When
 * floating point runs out of room between them, every row is renumbered (still
 * one transaction).
 */
export function planRows(s: RowState, next: ReadingList): RowPlan {
  const a = s.list.papers;
  const b = next.papers;
  const { start: lo, prevEnd: hiA, nextEnd: hiB, removed, added } = changedWindow(s.list, next);
  const before = new Map(removed.map((p) => [p.id, p]));
  const inWindow = new Set(added.map((p) => p.id));
  const orderOf = (p: SavedPaper | undefined) => (p ? s.order.get(p.id) : undefined);
  let last = lo > 0 ? (orderOf(a[lo - 1]) ?? -Infinity) : -Infinity;
  const ceiling = hiA < a.length ? (orderOf(a[hiA]) ?? Infinity) : Infinity;
  // The old order of the next paper in the window that already has a row: the upper bound for a new one.
  const upper = new Array<number>(hiB - lo + 1);
  upper[hiB - lo] = ceiling;
  for (let i = hiB - 1; i >= lo; i--) {
    const o = before.has(b[i].id) ? s.order.get(b[i].id) : undefined;
    upper[i - lo] = o !== undefined && o < upper[i - lo + 1] ? o : upper[i - lo + 1];
  }
  const put: PaperRow[] = [];
  const set: [string, number][] = [];
  for (let i = lo; i < hiB; i++) {
    const p = b[i];
    const old = before.has(p.id) ? s.order.get(p.id) : undefined;
    let o: number;
    if (old !== undefined && old > last && old < ceiling) o = old;
    else {
      const hi = upper[i - lo + 1];
      o = last === -Infinity ? (hi === Infinity ? 0 : hi - 1) : hi === Infinity || hi <= last ? last + 1 : (last + hi) / 2;
      if (!(o > last) || !(o < ceiling) || (hi !== Infinity && hi > last && !(o < hi))) return renumber(s, next);
    }
    if (o !== old || before.get(p.id) !== p) put.push({ id: p.id, order: o, paper: p });
    set.push([p.id, o]);
    last = o;
  }
  const deleted = [...before.keys()].filter((id) => !inWindow.has(id));
  return {
    put,
    deleted,
    apply(order) {
      for (const id of deleted) order.delete(id);
      for (const [id, o] of set) order.set(id, o);
    },
  };
}

function renumber(s: Pick<RowState, 'order'>, next: ReadingList): RowPlan {
  const ids = new Set(next.papers.map((p) => p.id));
  const deleted = [...s.order.keys()].filter((id) => !ids.has(id));
  return {
    put: next.papers.map((p, i) => ({ id: p.id, order: i, paper: p })),
    deleted,
    apply(order) {
      order.clear();
      next.papers.forEach((p, i) => order.set(p.id, i));
    },
  };
}

/** A row's paper, migrated from `version` and validated; null when it fails (or holds another paper's id). */
export function rowPaper(row: PaperRow, version: number): SavedPaper | null {
  const migrated = migrateRecord({ schemaVersion: version, list: { papers: [row.paper] } });
  const p = migrated.ok ? migrated.record.list.papers[0] : undefined;
  return p && p.id === row.id ? p : null;
}

/**
 * Reads every row in order, migrates rows written by an older schema version,
 * and validates each. A row that fails is copied to `corrupt` with the reason;
 * what `salvagePaper` can read of it stays on the list, the rest leaves it.
 * Writes (one transaction) only when something had to change.
 */
export async function readRows(
  db: PaperLensDatabase,
  at: number,
): Promise<{ list: ReadingList; order: Map<string, number>; warning?: string }> {
  const [all, stored] = await Promise.all([db.getAll('papers'), db.get('meta', META.schemaVersion)]);
  const rows = all.sort((a, b) => a.order - b.order);
  const version = typeof stored === 'number' ? stored : SCHEMA_VERSION;
  const papers: SavedPaper[] = [];
  const order = new Map<string, number>();
  const fixed: PaperRow[] = [];
  const removed: string[] = [];
  const kept: CorruptRow[] = [];
  for (const row of rows) {
    const p = rowPaper(row, version);
    if (p) {
      papers.push(freezePaper(p));
      order.set(p.id, row.order);
      if (version !== SCHEMA_VERSION) fixed.push({ id: p.id, order: row.order, paper: p });
      continue;
    }
    const migrated = migrateRecord({ schemaVersion: version, list: { papers: [row.paper] } });
    const error = migrated.ok ? `row "${row.id}" holds paper "${migrated.record.list.papers[0]?.id}"` : migrated.error;
    kept.push({ at, from: 'papers', error, value: row });
    const salvaged = isObject(row.paper) ? salvagePaper({ ...row.paper, id: row.id }, at) : null;
    if (salvaged) {
      papers.push(freezePaper(salvaged));
      order.set(salvaged.id, row.order);
      fixed.push({ id: salvaged.id, order: row.order, paper: salvaged });
    } else removed.push(row.id);
  }
  if (fixed.length || removed.length || kept.length || stored !== SCHEMA_VERSION) {
    const tx = db.transaction(['papers', 'corrupt', 'meta'], 'readwrite', { durability: 'strict' });
    for (const c of kept) quiet(tx.objectStore('corrupt').add(c));
    for (const r of fixed) quiet(tx.objectStore('papers').put(r));
    for (const id of removed) quiet(tx.objectStore('papers').delete(id));
    quiet(tx.objectStore('meta').put(SCHEMA_VERSION, META.schemaVersion));
    await tx.done;
  }
  const warning = kept.length
    ? `${kept.length} saved paper${kept.length === 1 ? '' : 's'} could not be read${
        version > SCHEMA_VERSION ? ` (saved by a newer version of Paper Lens, schema ${version})` : ''
      }; ${kept.length - removed.length} recovered, and the original data is kept in the extension's database (store "corrupt").`
    : undefined;
  return { list: { papers }, order, warning };
}

/** The old one-key record's keys in `storage.local`, as {@link importLegacy} reads them (begun while the database opens). */
export const readLegacy = (area: StorageAreaLike): Promise<Record<string, unknown>> => area.get([STORAGE_KEY, BACKUP_KEY]);

/**
 * Copies the one-key record (and its import backup) from `storage.local` into
 * the database in one transaction, then removes the old keys. A record that
 * cannot be read is recovered as the one-key store does and kept in `corrupt`.
 */
export async function importLegacy(
  db: PaperLensDatabase,
  area: StorageAreaLike,
  at: number,
  read: Promise<Record<string, unknown>> = readLegacy(area),
): Promise<string | undefined> {
  const got = await read;
  const raw = got[STORAGE_KEY];
  if (raw === undefined || raw === null) return undefined;
  if ((await db.get('meta', META.legacyImported)) === undefined) {
    const { papers, problem } = interpretRecord(structuredClone(raw), at);
    const existing = (await db.getAll('papers')).sort((a, b) => a.order - b.order);
    // The database should be empty here; if it is not, nothing in it is overwritten: the lists are merged.
    const base = existing.length
      ? interpretRecord({ schemaVersion: SCHEMA_VERSION, list: { papers: existing.map((r) => r.paper) } }, at).papers
      : [];
    const merged = mergeLists({ papers: base }, papers).list.papers;
    const tx = db.transaction(['papers', 'corrupt', 'meta'], 'readwrite', { durability: 'strict' });
    merged.forEach((p, i) => quiet(tx.objectStore('papers').put({ id: p.id, order: i, paper: p })));
    if (problem) quiet(tx.objectStore('corrupt').add({ at, from: 'storage.local', error: problem, value: raw }));
    if (isObject(got[BACKUP_KEY])) quiet(tx.objectStore('meta').put(got[BACKUP_KEY], META.importBackup));
    quiet(tx.objectStore('meta').put(SCHEMA_VERSION, META.schemaVersion));
    quiet(tx.objectStore('meta').put(at, META.legacyImported));
    await tx.done;
    await area.remove([STORAGE_KEY, BACKUP_KEY, REQUESTS_KEY]).catch(() => undefined);
    return problem
      ? `${problem} ${papers.length} paper${papers.length === 1 ? ' was' : 's were'} recovered; the original data is kept in the extension's database (store "corrupt").`
      : undefined;
  }
  // Imported before, but the worker stopped before the old keys were removed.
  await area.remove([STORAGE_KEY, BACKUP_KEY, REQUESTS_KEY]).catch(() => undefined);
  return undefined;
}

/** Freezes a list (its array; its papers are frozen as they enter it). */
export function freezeList(l: ReadingList): ReadingList {
  for (const p of l.papers) if (!Object.isFrozen(p)) freezePaper(p);
  Object.freeze(l.papers);
  return Object.isFrozen(l) ? l : Object.freeze(l);
}

/** Freezes a paper and what it holds, so that the cached list cannot be changed by a caller. */
export function freezePaper(p: SavedPaper): SavedPaper {
  if (Object.isFrozen(p)) return p;
  for (const v of Object.values(p)) if (typeof v === 'object' && v !== null) deepFreeze(v);
  return Object.freeze(p);
}

function deepFreeze(v: object): void {
  if (Object.isFrozen(v)) return;
  for (const x of Object.values(v)) if (typeof x === 'object' && x !== null) deepFreeze(x);
  Object.freeze(v);
}

/** Lets a request of a transaction fail quietly: the transaction's `done` rejects with its error instead. */
export function quiet(p: Promise<unknown>): void {
  p.catch(() => undefined);
}
