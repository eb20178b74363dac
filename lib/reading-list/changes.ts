/**
 * Changes to the reading list as data. Every change names the state it wants
 * (this paper saved, that one not, these tags, this note) rather than an action
 * relative to the current state, so applying it twice gives what applying it
 * once gave: a message re-sent after meeting a stopping worker
 * (`lib/messaging/client.ts`) cannot undo itself the way a toggle did (issue 17:
 * a paper stored as saved while its overlay said "not saved").
 *
 * Each change also carries the sender's request id, one per user action and
 * reused on every retry; the store remembers recent ids (`RequestLog`) with
 * their first answer, so a retry that arrives after later changes does not
 * re-apply an old wish over them either.
 *
 * Pure: `applyChange` takes a list and returns a new one (and which papers it
 * touched, so the storage layer writes only those rows).
 */
import {
  mergeLists,
  removePaper,
  restorePaper,
  savePaper,
  toSavedPaper,
  updatePaper,
  type PaperToSave,
  type ReadingList,
  type SavedPaper,
} from './list';
import { addAnnotation, removeAnnotation, updateAnnotation } from '../annotations/list-ops';
import type { AnnotationPatch } from '../annotations/records';
import type { Annotation } from '../annotations/types';

/** Fields every change carries. */
interface ChangeBase {
  /**
   * Chosen by the sender, one per user action, reused on every retry of it.
   * Empty means "not deduplicated" (internal changes such as migrations).
   */
  requestId: string;
}

/** Every change the reading list accepts. */
export type Change =
  | (ChangeBase & {
      /** This paper is on the list (merged with what is there, see `mergePaper`), with these tags/note if given. */
      kind: 'save';
      paper: PaperToSave;
      tags?: string[];
      note?: string;
    })
  | (ChangeBase & { /** This paper is not on the list. */ kind: 'unsave'; id: string })
  | (ChangeBase & { /** This paper has exactly these tags. */ kind: 'setTags'; id: string; tags: string[] })
  | (ChangeBase & { /** This paper has exactly this note. */ kind: 'setNote'; id: string; note: string })
  | (ChangeBase & { /** This paper is (not) read. */ kind: 'setRead'; id: string; read: boolean })
  | (ChangeBase & {
      /** Tags, note and read state at once (the overlay's "save details"); absent fields stay. */
      kind: 'setDetails';
      id: string;
      tags?: string[];
      note?: string;
      read?: boolean;
    })
  | (ChangeBase & {
      /** Undo of a removal: this paper is back (at `index` if given); merged if saved again meanwhile. */
      kind: 'restore';
      paper: SavedPaper;
      index?: number;
    })
  | (ChangeBase & {
      /** These papers are merged in (an import); merging the same papers again changes nothing. */
      kind: 'merge';
      papers: SavedPaper[];
      /**
       * Keep the list as it was for "undo import", in the same atomic write
       * (so a retried import cannot overwrite that backup with its own result).
       */
      backupFirst?: boolean;
    })
  | (ChangeBase & {
      /** The list is exactly this (restoring a backup). */
      kind: 'replace';
      papers: SavedPaper[];
    })
  | (ChangeBase & {
      /** This saved paper holds this highlight (merged by its id: adding it again changes nothing). */
      kind: 'addAnnotation';
      id: string;
      annotation: Annotation;
    })
  | (ChangeBase & {
      /** This highlight of this saved paper has this note and/or colour. */
      kind: 'updateAnnotation';
      id: string;
      annotationId: string;
      patch: AnnotationPatch;
    })
  | (ChangeBase & {
      /** This saved paper does not hold this highlight. */ kind: 'removeAnnotation';
      id: string;
      annotationId: string;
    });

/** What each kind of change answers. */
export interface ChangeResults {
  save: SavedPaper;
  unsave: {
    removed: SavedPaper | null;
    /**
     * Where it stood, for an undo at that place: -1 when it was not saved, and
     * when the IndexedDB store read only its row (lib/storage/reading-list-keyed.ts:
     * a rank among 100,000 rows costs a scan, and an undo without an index puts it
     * back by save time, which is where it stood unless an import reordered the list).
     */
    index: number;
  };
  setTags: SavedPaper;
  setNote: SavedPaper;
  setRead: SavedPaper;
  setDetails: SavedPaper;
  restore: SavedPaper;
  merge: { added: number; updated: number; total: number };
  replace: { total: number };
  addAnnotation: SavedPaper;
  updateAnnotation: SavedPaper;
  removeAnnotation: SavedPaper;
}

/** The result of one change. */
export interface Applied<R = unknown> {
  /** The new list; the same object when nothing changed. */
  list: ReadingList;
  /** The answer for the sender (also what a retry of the same request gets). */
  result: R;
}

/**
 * A change refused for what the list holds (an edit of an unsaved paper, of a
 * highlight no longer there): remembered with its request id, so that a retry
 * arriving after the list changed is refused the same way (`applyOnce`).
 */
export class RefusedChange extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedChange';
  }
}

/** A change whose paper is not on the list: refused rather than turned into a save. */
export class NotSavedError extends RefusedChange {
  constructor(id: string) {
    super(`${id} is not in the reading list`);
    this.name = 'NotSavedError';
  }
}

function saved(list: ReadingList, id: string): SavedPaper {
  const p = list.papers.find((x) => x.id === id);
  if (!p) throw new NotSavedError(id);
  return p;
}

/**
 * Applies one change. Pure, and idempotent: `applyChange(applyChange(l, c).list, c)`
 * gives the same list as `applyChange(l, c)` (property-tested in
 * tests/unit/changes.test.ts). `now` stamps `savedAt` of a newly saved paper
 * only; a second save keeps the earliest, so the clock does not break that.
 * Throws `NotSavedError` for an edit of a paper that is not on the list.
 */
export function applyChange<C extends Change>(list: ReadingList, change: C, now: number): Applied<ChangeResults[C['kind']]> {
  return apply(list, change, now) as Applied<ChangeResults[C['kind']]>;
}

function apply(list: ReadingList, c: Change, now: number): Applied {
  switch (c.kind) {
    case 'save': {
      let next = savePaper(list, c.paper, now);
      const id = toSavedPaper(c.paper, now).id;
      // Tags and note given with a save are what the user wants them to be, as with setDetails.
      if (c.tags !== undefined || c.note !== undefined) next = updatePaper(next, id, { tags: c.tags, note: c.note });
      return { list: next, result: saved(next, id) };
    }
    case 'unsave': {
      const { list: next, removed, index } = removePaper(list, c.id);
      return { list: next, result: { removed, index } };
    }
    case 'setTags':
    case 'setNote':
    case 'setRead':
    case 'setDetails': {
      saved(list, c.id);
      const patch =
        c.kind === 'setTags'
          ? { tags: c.tags }
          : c.kind === 'setNote'
            ? { note: c.note }
            : c.kind === 'setRead'
              ? { read: c.read }
              : { tags: c.tags, note: c.note, read: c.read };
      const next = updatePaper(list, c.id, patch);
      return { list: next, result: saved(next, c.id) };
    }
    case 'restore': {
      const next = restorePaper(list, c.paper, c.index);
      return { list: next, result: saved(next, c.paper.id) };
    }
    case 'merge': {
      const { list: next, added, updated } = mergeLists(list, c.papers);
      return { list: next, result: { added, updated, total: next.papers.length } };
    }
    case 'addAnnotation':
    case 'updateAnnotation':
    case 'removeAnnotation': {
      const p = saved(list, c.id);
      if (c.kind === 'updateAnnotation' && !p.annotations?.some((a) => a.id === c.annotationId))
        throw new RefusedChange('that highlight is no longer saved');
      const next =
        c.kind === 'addAnnotation'
          ? addAnnotation(list, c.id, c.annotation)
          : c.kind === 'updateAnnotation'
            ? updateAnnotation(list, c.id, c.annotationId, c.patch, now)
            : removeAnnotation(list, c.id, c.annotationId);
      // The list operations make a new paper object even when nothing changed: keep the old one then.
      const after = saved(next, c.id);
      return JSON.stringify(after) === JSON.stringify(p) ? { list, result: p } : { list: next, result: after };
    }
    case 'replace': {
      const next = mergeLists({ papers: [] }, c.papers).list;
      const same =
        next.papers.length === list.papers.length &&
        next.papers.every((p, i) => JSON.stringify(p) === JSON.stringify(list.papers[i]));
      return { list: same ? list : next, result: { total: next.papers.length } };
    }
  }
}

/**
 * Where `next` differs from `prev`: the papers between the unchanged prefix and
 * suffix (same paper objects at the same places, which the list operations
 * keep for untouched papers). A change to one paper of 100,000 is then handled
 * by looking at one paper, not the list (the storage rows, the search index).
 */
export function changedWindow(
  prev: ReadingList,
  next: ReadingList,
): { start: number; prevEnd: number; nextEnd: number; removed: SavedPaper[]; added: SavedPaper[] } {
  const a = prev.papers;
  const b = next.papers;
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let prevEnd = a.length;
  let nextEnd = b.length;
  while (prevEnd > start && nextEnd > start && a[prevEnd - 1] === b[nextEnd - 1]) {
    prevEnd--;
    nextEnd--;
  }
  return { start, prevEnd, nextEnd, removed: a.slice(start, prevEnd), added: b.slice(start, nextEnd) };
}

/** One remembered request: its id, when it was answered, and the answer (or the refusal). */
export interface RememberedRequest {
  requestId: string;
  at: number;
  result: unknown;
  /** Set when the change was refused (`NotSavedError`): a retry is refused the same way. */
  error?: string;
}

/** How many answered request ids the store keeps; a retry comes within seconds, so a few hundred is plenty. */
export const REQUEST_LOG_SIZE = 500;

/**
 * The recent request ids and their answers, oldest first, bounded to
 * `REQUEST_LOG_SIZE`. Pure data operations; the store persists the entries in
 * the same write as the change they answer, so a request whose change was not
 * committed is not remembered and its retry applies it.
 */
export class RequestLog {
  private readonly byId = new Map<string, RememberedRequest>();

  constructor(
    entries: readonly RememberedRequest[] = [],
    private readonly size = REQUEST_LOG_SIZE,
  ) {
    for (const e of [...entries].sort((a, b) => a.at - b.at)) this.byId.set(e.requestId, e);
    this.trim();
  }

  /** The first answer to this request, if it was answered. */
  get(requestId: string): RememberedRequest | undefined {
    return requestId ? this.byId.get(requestId) : undefined;
  }

  /** Records an answer; returns the ids that fell out of the log (to delete from storage). */
  add(entry: RememberedRequest): string[] {
    if (!entry.requestId) return [];
    this.byId.delete(entry.requestId);
    this.byId.set(entry.requestId, entry);
    return this.trim();
  }

  /** Ids that `add(entry)` would push out, without changing the log (so a failed write changes nothing). */
  evictedBy(entry: RememberedRequest): string[] {
    if (!entry.requestId || this.byId.has(entry.requestId)) return [];
    const over = this.byId.size + 1 - this.size;
    return over > 0 ? [...this.byId.keys()].slice(0, over) : [];
  }

  /** How many requests are remembered. */
  get length(): number {
    return this.byId.size;
  }

  private trim(): string[] {
    const out: string[] = [];
    for (const id of this.byId.keys()) {
      if (this.byId.size <= this.size) break;
      this.byId.delete(id);
      out.push(id);
    }
    return out;
  }
}

/**
 * Applies a change unless its request was already answered, in which case the
 * first answer (or refusal) comes back and the list is left alone. A refusal is
 * returned as `error` rather than thrown, so that the store can remember it in
 * the same write: a retry that arrives after the paper was saved must not act
 * on an edit the user was told had failed. `log` is not changed: the caller
 * adds `remember` only once its write succeeded.
 */
export function applyOnce<C extends Change>(
  list: ReadingList,
  log: RequestLog,
  change: C,
  now: number,
): { list: ReadingList; result?: ChangeResults[C['kind']]; error?: string; repeated: boolean; remember?: RememberedRequest } {
  const seen = log.get(change.requestId);
  if (seen)
    return seen.error
      ? { list, error: seen.error, repeated: true }
      : { list, result: seen.result as ChangeResults[C['kind']], repeated: true };
  let applied: Applied<ChangeResults[C['kind']]>;
  try {
    applied = applyChange(list, change, now);
  } catch (e) {
    if (!(e instanceof RefusedChange)) throw e;
    const remember = change.requestId ? { requestId: change.requestId, at: now, result: null, error: e.message } : undefined;
    return { list, error: e.message, repeated: false, remember };
  }
  const remember = change.requestId ? { requestId: change.requestId, at: now, result: applied.result } : undefined;
  return { ...applied, repeated: false, remember };
}
