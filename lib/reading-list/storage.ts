/**
 * THE storage module of the reading list: its record `{ schemaVersion, list }`,
 * the ordered migrations, the recovery of damaged data and the store interface.
 * Two stores implement it: the IndexedDB one the worker uses
 * (`lib/storage/reading-list-store.ts`, a row per paper) and the one over a
 * `storage.local`-like area (`local-store.ts`: one key, used by tests, the bench
 * and the migration from the first releases' layout).
 *
 * Why one key: `storage.local.set` of one key is written atomically by the
 * browser, so a service worker stopped mid-write leaves either the old or the
 * new record, never half a list.
 *
 * Why one queue: two tabs saving at the same moment send two messages to the
 * background; each `update` reads, changes and writes inside one promise queue,
 * so the second starts from the first's result and both land. It is the one
 * queue for the list: reads (`load`) wait in it too, so nothing else needs one.
 * The queue lives in one JS context, so all writers must go through the
 * background's store (the popup and content scripts send messages rather than
 * writing).
 *
 * Data is never thrown away: a record that cannot be read (garbage, a damaged
 * paper, a version newer than this code) is copied to
 * `readingList.corrupt.<timestamp>`, what can be recovered is kept, and `load`
 * returns a warning to show the user.
 */
import { isObject } from '../core/values';
import { emptyReadingList, mergeLists, type ReadingList, type SavedPaper } from './list';
import { parseSavedPaper, salvagePaper } from './read';
import type { Change, ChangeResults } from './changes';

/** Key of the reading list record in `storage.local`. */
export const STORAGE_KEY = 'readingList';
/** Key of the copy taken before an import, for "undo import". */
export const BACKUP_KEY = 'readingList.backup';
/** Prefix of the keys under which unreadable records are kept. */
export const CORRUPT_KEY_PREFIX = 'readingList.corrupt.';
/** Key of the answered request ids (`lib/reading-list/changes.ts`), written in the same `set` as the change they answer. */
export const REQUESTS_KEY = 'readingList.requests';
/**
 * Key written after every committed change to the list, whatever the store:
 * `{ at }`. Tabs watch it (`storage.onChanged`) to show the new state; the
 * IndexedDB store (lib/storage/reading-list-store.ts) has no change events of
 * its own, so this is how an open overlay learns of a save in another tab.
 */
export const LIST_CHANGED_KEY = 'readingList.changed';

/** The record under `STORAGE_KEY` as this version writes it. */
export interface StoredRecord {
  /** Version of this record's shape; see `MIGRATIONS`. */
  schemaVersion: number;
  /** The reading list itself. */
  list: ReadingList;
}

/** The record under `BACKUP_KEY`. */
export interface StoredBackup {
  /** When the backup was taken (ms since epoch). */
  at: number;
  /** The `STORAGE_KEY` record as it was, in whatever version it was stored. */
  record: unknown;
}

/**
 * One step from a schema version to the next. `migrate` gets a record of
 * version `from` (checked only loosely: migrations run before validation) and
 * returns one of version `to`; it throws with a message when the record does
 * not have the shape `from` promises.
 */
export interface Migration {
  /** Version this step reads. */
  from: number;
  /** Version this step writes (always `from + 1`). */
  to: number;
  /** What changed, for people reading the code. */
  description: string;
  migrate(record: Record<string, unknown>): Record<string, unknown>;
}

/**
 * Every schema change since the first release, in order. Never edit a shipped
 * step; add a new one and its test.
 *
 * v1 (first release): `{ schemaVersion: 1, list: { papers } }`, each paper
 *   `{ id, title, authors, abstract?, year?, links, savedAt, tags, note }` with
 *   `tags` one comma-separated string and no read state or source.
 * v2: tags an array, plus `read`, `source`, `primaryClass?`, `doi?`.
 * v3 (current): a paper may carry `annotations` (highlights with notes, lib/annotations/types.ts).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 1,
    to: 2,
    description: 'tags: comma string → array; add read (false) and source ("page": v1 saved only from paper pages)',
    migrate(record) {
      const list = record.list;
      if (!isObject(list) || !Array.isArray(list.papers)) throw new Error('v1 record has no list.papers array');
      const papers = list.papers.map((p: unknown) => {
        if (!isObject(p)) return p;
        const tags =
          typeof p.tags === 'string'
            ? p.tags
                .split(',')
                .map((t) => t.trim())
                .filter(Boolean)
            : p.tags === undefined
              ? []
              : p.tags;
        return { ...p, tags, note: p.note ?? '', read: p.read ?? false, source: p.source ?? 'page' };
      });
      return { ...record, schemaVersion: 2, list: { ...list, papers } };
    },
  },
  {
    from: 2,
    to: 3,
    // No v2 paper has annotations, so the data is unchanged. The bump is the point: a Paper Lens
    // from before annotations reads version 3 as newer than it knows and backs the record up
    // instead of rewriting it without the highlights (its reader would drop the unknown field).
    description: 'papers may carry annotations (optional, absent when none); existing papers unchanged',
    migrate(record) {
      const list = record.list;
      if (!isObject(list) || !Array.isArray(list.papers)) throw new Error('v2 record has no list.papers array');
      return { ...record, schemaVersion: 3 };
    },
  },
];

/** The version this code writes. */
export const SCHEMA_VERSION: number = MIGRATIONS.length + 1;

/**
 * Brings a record of any version this project ever wrote up to
 * `SCHEMA_VERSION` and validates every paper. Pure; shared with the JSON
 * import, which carries the same papers and version. Errors say which paper and
 * field is wrong; `newer` marks a version this code does not know.
 */
export function migrateRecord(
  raw: unknown,
): { ok: true; record: StoredRecord } | { ok: false; error: string; newer?: boolean; paperIndex?: number } {
  if (!isObject(raw)) return { ok: false, error: 'the record is not an object' };
  const version = raw.schemaVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1)
    return { ok: false, error: 'the record has no valid schemaVersion' };
  if (version > SCHEMA_VERSION)
    return {
      ok: false,
      newer: true,
      error: `the data has schema version ${version}, newer than this version of Paper Lens understands (${SCHEMA_VERSION})`,
    };
  let record: Record<string, unknown> = raw;
  for (const step of MIGRATIONS) {
    if (step.from !== record.schemaVersion) continue;
    try {
      record = step.migrate(record);
    } catch (e) {
      return { ok: false, error: `migrating from version ${step.from}: ${(e as Error).message}` };
    }
  }
  const list = record.list;
  if (!isObject(list) || !Array.isArray(list.papers)) return { ok: false, error: 'the record has no list.papers array' };
  const papers: SavedPaper[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < list.papers.length; i++) {
    const parsed = parseSavedPaper(list.papers[i]);
    if (!parsed.ok) {
      const id = isObject(list.papers[i]) && typeof list.papers[i].id === 'string' ? ` (id "${list.papers[i].id}")` : '';
      return { ok: false, error: `paper ${i}${id}: ${parsed.error}`, paperIndex: i };
    }
    // Duplicate ids are merged rather than refused: nothing is lost either way.
    if (ids.has(parsed.paper.id)) {
      const merged = mergeLists({ papers }, [parsed.paper]).list.papers;
      papers.splice(0, papers.length, ...merged);
    } else {
      ids.add(parsed.paper.id);
      papers.push(parsed.paper);
    }
  }
  return { ok: true, record: { schemaVersion: SCHEMA_VERSION, list: { papers } } };
}

/**
 * Finds whatever papers a damaged value still holds: any array of objects with
 * a string `id` and `title`, at any depth, also inside JSON strings.
 */
export function recoverPapers(raw: unknown, now: number): SavedPaper[] {
  const found: SavedPaper[] = [];
  const walk = (v: unknown, depth: number): void => {
    if (depth > 8) return;
    if (typeof v === 'string') {
      const t = v.trim();
      if (t.startsWith('{') || t.startsWith('[')) {
        try {
          walk(JSON.parse(t), depth + 1);
        } catch {
          // Not JSON after all: nothing to recover from this string.
        }
      }
      return;
    }
    if (Array.isArray(v)) {
      for (const item of v) {
        const p = isObject(item) ? salvagePaper(item, now) : null;
        if (p) found.push(p);
        else walk(item, depth + 1);
      }
      return;
    }
    if (isObject(v)) for (const child of Object.values(v)) walk(child, depth + 1);
  };
  walk(raw, 0);
  return mergeLists(emptyReadingList(), found).list.papers;
}

/**
 * Reads a stored record of any version (also one kept as a JSON string): its
 * papers, or, when it cannot be read as is, what `recoverPapers` finds and the
 * sentence saying why (for the user's warning). Pure.
 */
export function interpretRecord(raw: unknown, now: number): { papers: SavedPaper[]; problem?: string } {
  const value = typeof raw === 'string' ? tryJson(raw) : raw;
  const migrated = migrateRecord(value);
  if (migrated.ok) return { papers: migrated.record.list.papers };
  const problem = migrated.newer
    ? `Your reading list was saved by a newer version of Paper Lens (${migrated.error}).`
    : `Your saved reading list could not be read (${migrated.error}).`;
  return { papers: recoverPapers(value, now), problem };
}

/** The part of `browser.storage.local` the store uses; tests may pass their own. */
export interface StorageAreaLike {
  get(keys: string | string[] | null): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: string | string[]): Promise<void>;
}

/** What `load` returns. */
export interface LoadResult {
  /** The reading list (empty when nothing was saved yet). */
  list: ReadingList;
  /** Set when stored data could not be read as is and was recovered; show it to the user. */
  warning?: string;
}

/** Reads and changes the stored reading list. */
export interface ReadingListStore {
  /**
   * The current list, migrated; recovers (and warns) when the stored record is
   * damaged. Queued like every write, so it sees the result of every call made
   * before it: the worker's list cache (lib/worker/list-cache.ts) relies on
   * this instead of keeping a queue of its own.
   */
  load(): Promise<LoadResult>;
  /**
   * Serialised read-modify-write: every change goes through one promise queue
   * and one atomic storage.set of the whole record, so two tabs saving at the
   * same moment both land and a worker stopped mid-write leaves the old or new
   * state. Nothing is written when `change` returns the same list object. A
   * failed write rejects and leaves the stored list as it was.
   */
  update<T>(change: (list: ReadingList) => { list: ReadingList; result: T }): Promise<T>;
  /**
   * The saved papers among `ids` (absent ids are not in the map), queued like
   * `load`. The IndexedDB store reads just those rows until something read the
   * whole list: a page's "is it saved?" right after a worker start does not
   * read 100,000 rows (issue 17).
   */
  savedAmong(ids: readonly string[]): Promise<Map<string, SavedPaper>>;
  /**
   * Applies one idempotent change (lib/reading-list/changes.ts) in the same
   * queue, remembering its request id in the same atomic write: a request
   * already answered gets its first answer (or refusal) again and changes
   * nothing. Rejects with the refusal's message for an edit of an unsaved paper.
   */
  apply<C extends Change>(change: C): Promise<ChangeResults[C['kind']]>;
  /** Copies the current record to `BACKUP_KEY` (replacing an older backup). */
  backupBeforeImport(): Promise<void>;
  /** Puts the backup back and deletes it; false when there is none. */
  restoreBackup(): Promise<boolean>;
  /** When the backup was taken and how many papers it holds, or null. */
  hasBackup(): Promise<{ at: number; count: number } | null>;
}

/** A string that holds JSON, parsed; anything else as it is (records were once stored as JSON text). */
export function tryJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return s;
  }
}
