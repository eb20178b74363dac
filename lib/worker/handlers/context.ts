/**
 * What every request handler works with, and the paper views they share. A
 * handler area (pages.ts, search.ts, reading-list.ts, files.ts) is a function
 * of this context returning the handlers of its request types.
 */
import type { Message, PaperView, RelatedView, Replies, RequestType } from '../../messaging/contract';
import type { Paper } from '../../core/paper';
import type { RelatedItem } from '../../related/model';
import type { ReadingList, SavedPaper } from '../../reading-list/list';
import type { ReadingListStore } from '../../reading-list/storage';
import type { CollectionReader } from '../../collection/reader';
import type { CorpusLoader } from '../corpus';
import type { ListCache } from '../list-cache';

/** The worker's state, as the handlers see it. */
export interface WorkerContext {
  corpus: CorpusLoader;
  /** The papers users added from the options page (IndexedDB; lib/collection/reader.ts). */
  collection: CollectionReader;
  list: ListCache;
  /** For what is not the list itself (the import backup). */
  store: ReadingListStore;
  now: () => number;
}

/** Handlers for the request types `T`: payload in, reply out. */
export type Handlers<T extends RequestType> = { [K in T]: (payload: Message<K>['payload']) => Promise<Replies[K]> };

/** The saved papers by id. */
export function savedMap(l: ReadingList): Map<string, SavedPaper> {
  let m = savedMaps.get(l);
  if (!m) savedMaps.set(l, (m = new Map(l.papers.map((p) => [p.id, p]))));
  return m;
}

/**
 * One map per list: the list cache hands out the same (frozen) list until the
 * next change, so the requests between two changes share one map instead of
 * building one of 100,000 papers each (issue 17).
 */
const savedMaps = new WeakMap<ReadingList, Map<string, SavedPaper>>();

/** A paper as the overlay and popup show it; a corpus paper's abstract comes from the corpus once loaded. */
export function paperView(ctx: WorkerContext, p: Paper | SavedPaper): PaperView {
  const abstract = p.abstract || ctx.corpus.abstractOf(p.id);
  return { id: p.id, title: p.title, authors: p.authors, year: p.year, ...(abstract ? { abstract } : {}), links: p.links };
}

/** Related items as shown, without abstracts; items no longer in the corpus are skipped. */
export function relatedViews(
  ctx: WorkerContext,
  c: { byId: Map<string, Paper> },
  items: RelatedItem[],
  saved: Map<string, SavedPaper>,
): RelatedView[] {
  return items.flatMap((r) => {
    const p = c.byId.get(r.id);
    return p ? [{ ...paperView(ctx, p), abstract: undefined, score: r.score, reasons: r.reasons, saved: saved.has(r.id) }] : [];
  });
}
