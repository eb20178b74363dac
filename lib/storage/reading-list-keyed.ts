/**
 * Changes and reads of one paper, on its row alone (issue 17). A save, an
 * unsave, a tag, note or read edit, a highlight added, edited or removed names one paper, and a page asks "is it
 * saved?" of a few; none of these needs the other 99,999 rows. Right after a
 * worker start they read and write that paper's row (and the `order` index
 * for where a new one goes), so the first click or overlay after a restart at
 * 100,000 papers costs a few keyed requests instead of reading and validating
 * every row. Once something needed the whole list (the popup, an export, an
 * import, a search), the store holds it (`Loaded`) and these work from its
 * map by id: no walk of the list either way.
 *
 * The change itself is the same pure function as for the whole list
 * (`applyOnce` of lib/reading-list/changes.ts), applied to a list of that one
 * paper: the result, the request-id memory and the refusals are those of the
 * whole list, and the row is written in one transaction with the request id,
 * as `commitChange` writes.
 */
import { applyOnce, type Change, type ChangeResults, type RequestLog } from '../reading-list/changes';
import type { ReadingList, SavedPaper } from '../reading-list/list';
import { SCHEMA_VERSION } from '../reading-list/storage';
import type { PaperLensDatabase } from './db';
import { freezePaper, META, quiet, rowPaper } from './reading-list-rows';

/** The whole list, once read: the list, each paper's row order, and the papers by id. */
export interface Loaded {
  list: ReadingList;
  order: Map<string, number>;
  byId: Map<string, SavedPaper>;
}

/** The store's state (lib/storage/reading-list-store.ts). */
export interface State {
  db: PaperLensDatabase;
  log: RequestLog;
  /** When the last change committed (strictly increasing, so that every notice differs from the last). */
  changedAt: number;
  /** The schema version the rows were written in: rows are read one by one only when it is this code's. */
  version: unknown;
  /** The whole list, read when something first needs it. */
  loaded?: Loaded;
  warning?: string;
}

/** What a keyed change needs of the store. */
export interface KeyedDeps {
  now: () => number;
  /** Tells the tabs (not awaited: the caller answers first). */
  notify: (at: number) => unknown;
}

/** Changes that name one paper. */
export type KeyedChange = Extract<
  Change,
  {
    kind:
      | 'save'
      | 'unsave'
      | 'setTags'
      | 'setNote'
      | 'setRead'
      | 'setDetails'
      | 'addAnnotation'
      | 'updateAnnotation'
      | 'removeAnnotation';
  }
>;

const KEYED: ReadonlySet<Change['kind']> = new Set([
  'save',
  'unsave',
  'setTags',
  'setNote',
  'setRead',
  'setDetails',
  'addAnnotation',
  'updateAnnotation',
  'removeAnnotation',
]);

/** Whether `c` names one paper (and so can be applied to its row alone). */
export function isKeyed(c: Change): c is KeyedChange {
  return KEYED.has(c.kind);
}

/** The id of the paper a keyed change names (a save's as `toSavedPaper` makes it). */
export function keyedId(c: KeyedChange): string {
  return c.kind === 'save' ? c.paper.id.trim() : c.id;
}

/** Returned when a row cannot be used alone (it fails validation): the caller reads the whole list, which keeps it aside. */
export const WHOLE_LIST = Symbol('whole list');

/** Whether rows may be read one by one: the whole list is held, or the rows are of this schema version. */
export function keyedReady(s: State): boolean {
  return s.loaded !== undefined || s.version === SCHEMA_VERSION;
}

/** One paper's row, validated; null when there is none. */
async function readOne(s: State, id: string): Promise<{ paper: SavedPaper; order: number } | null | typeof WHOLE_LIST> {
  if (s.loaded) {
    const paper = s.loaded.byId.get(id);
    return paper ? { paper, order: s.loaded.order.get(id)! } : null;
  }
  const row = await s.db.get('papers', id);
  if (!row) return null;
  const paper = rowPaper(row, SCHEMA_VERSION);
  return paper && typeof row.order === 'number' ? { paper: freezePaper(paper), order: row.order } : WHOLE_LIST;
}

/** The saved papers among `ids`, from their rows (or the held list); `WHOLE_LIST` when a row is unreadable. */
export async function savedAmong(s: State, ids: readonly string[]): Promise<Map<string, SavedPaper> | typeof WHOLE_LIST> {
  const out = new Map<string, SavedPaper>();
  const wanted = [...new Set(ids)].filter(Boolean);
  if (s.loaded) {
    for (const id of wanted) {
      const p = s.loaded.byId.get(id);
      if (p) out.set(id, p);
    }
    return out;
  }
  const tx = s.db.transaction('papers', 'readonly');
  const rows = await Promise.all(wanted.map((id) => tx.store.get(id)));
  for (const row of rows) {
    if (!row) continue;
    const paper = rowPaper(row, SCHEMA_VERSION);
    if (!paper) return WHOLE_LIST;
    out.set(row.id, freezePaper(paper));
  }
  return out;
}

/** The order a paper appended to the list gets: one past the last row's (0 for an empty list). */
async function nextOrder(s: State): Promise<number> {
  if (s.loaded) {
    const last = s.loaded.list.papers.at(-1);
    return last ? s.loaded.order.get(last.id)! + 1 : 0;
  }
  const cursor = await s.db.transaction('papers').store.index('order').openCursor(null, 'prev');
  return cursor ? cursor.value.order + 1 : 0;
}

/**
 * Applies a keyed change to its paper's row: reads it (or takes it from the held list), applies the change
 * to a list of that paper, and writes the row, the request id and the commit time in one transaction.
 * `WHOLE_LIST` when the row fails validation.
 */
export async function applyKeyed<C extends KeyedChange>(
  d: KeyedDeps,
  s: State,
  change: C,
): Promise<ChangeResults[C['kind']] | typeof WHOLE_LIST> {
  const id = keyedId(change);
  const found = await readOne(s, id);
  if (found === WHOLE_LIST) return WHOLE_LIST;
  const current = found?.paper;
  const r = applyOnce({ papers: current ? [current] : [] }, s.log, change, d.now());
  if (r.repeated) {
    if (r.error) throw new Error(r.error);
    return r.result!;
  }
  let result = r.result;
  let remember = r.remember;
  const next = r.list.papers[0] as SavedPaper | undefined;
  if (change.kind === 'unsave' && current) {
    // Where the paper stood in the whole list, not in the list of one: known when the list is held (see ChangeResults).
    const index = s.loaded ? s.loaded.list.papers.indexOf(current) : -1;
    result = { ...(result as ChangeResults['unsave']), index } as typeof result;
    if (remember) remember = { ...remember, result };
  }
  const changed = next !== current;
  if (changed || remember) {
    const order = found?.order ?? (next ? await nextOrder(s) : 0);
    const evicted = remember ? s.log.evictedBy(remember) : [];
    const tx = s.db.transaction(['papers', 'requests', 'meta'], 'readwrite', { durability: 'strict' });
    if (changed && next) quiet(tx.objectStore('papers').put({ id, order, paper: next }));
    else if (changed) quiet(tx.objectStore('papers').delete(id));
    if (remember) {
      quiet(tx.objectStore('requests').put(remember));
      for (const e of evicted) quiet(tx.objectStore('requests').delete(e));
    }
    const at = Math.max(d.now(), s.changedAt + 1);
    if (changed) quiet(tx.objectStore('meta').put(at, META.changedAt));
    await tx.done;
    if (remember) s.log.add(remember);
    if (changed) {
      if (next) freezePaper(next);
      if (s.loaded) replaceInHeld(s.loaded, current, next, order);
      s.changedAt = at;
      void d.notify(at);
    }
  }
  if (r.error) throw new Error(r.error);
  return result!;
}

/** Puts a committed keyed change into the held list: appended, replaced in place, or taken out. */
function replaceInHeld(l: Loaded, before: SavedPaper | undefined, after: SavedPaper | undefined, order: number): void {
  const papers = l.list.papers;
  let next: SavedPaper[];
  if (!before) next = [...papers, after!];
  else {
    const i = papers.indexOf(before);
    next = papers.slice();
    if (after) next[i] = after;
    else next.splice(i, 1);
  }
  const id = (after ?? before)!.id;
  if (after) {
    l.byId.set(id, after);
    l.order.set(id, order);
  } else {
    l.byId.delete(id);
    l.order.delete(id);
  }
  l.list = Object.freeze({ papers: Object.freeze(next) as SavedPaper[] });
}
