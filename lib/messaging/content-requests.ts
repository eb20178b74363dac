/**
 * The requests a content script may send (and extension pages too): reading
 * the corpus and the list, and the save, remove and edit a paper page offers.
 * Requests that only extension pages may send are in page-requests.ts; a
 * content script's client (`contentRequest` in client.ts) can only name these.
 */
import * as v from 'valibot';
import type { SavedPaper } from '../reading-list/list';
import type { ListPage } from '../reading-list/view';
import { annotationIdSchema, annotationNoteSchema, annotationSchema, colourSchema } from '../annotations/schema';
import { id, limit, longText, pagePaperSchema, paperInputSchema, requestId, shortText } from './schemas';
import type { PageAnnotation, RelatedView, SearchResultView } from './views';
import type { StoredProgress } from '../storage/corpus-files';

/** Most papers one `listGet` answers (20 "Show more" clicks): a bound on the reply's size. */
export const MAX_LIST_PAGE = 1_000;

/** Content-script requests: type and payload schema. */
export const CONTENT_REQUESTS = {
  /** Is the index loaded; how many papers does it hold. */
  status: v.object({}),
  /** Search as you type (query syntax: lib/search/query.ts). */
  search: v.object({ query: v.pipe(v.string(), v.maxLength(500)), limit }),
  /** Match a paper page against the corpus and the list; related papers and the saved record. */
  annotatePage: v.object({ page: pagePaperSchema, limit }),
  /** Badge states for the entries of a listing page. */
  matchListing: v.object({
    entries: v.pipe(v.array(v.object({ arxivId: v.optional(id), title: v.optional(shortText) })), v.maxLength(10_000)),
  }),
  /** Related corpus papers for a corpus id, or for a title and abstract. */
  related: v.object({ id: v.optional(id), title: v.optional(shortText), abstract: v.optional(longText), limit }),
  /** Corpus papers like the reading list as a whole, or one tag of it. */
  moreLikeList: v.object({ tag: v.optional(shortText), limit }),
  /**
   * One page of the reading list, sorted and filtered as the popup's controls
   * say (lib/reading-list/view.ts); left out: the popup's defaults (date saved,
   * every tag, read or not, the first `LIST_PAGE`). The reply never holds the
   * whole list: at 100,000 papers with notes that is past Chrome's 64 MiB message limit.
   */
  listGet: v.object({
    sort: v.optional(v.picklist(['saved', 'title', 'year'])),
    tag: v.optional(shortText),
    read: v.optional(v.picklist(['all', 'read', 'unread'])),
    limit: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(MAX_LIST_PAGE))),
  }),
  /** Save a paper (a corpus id is enough; other papers carry what the page showed). */
  listSave: v.object({ paper: paperInputSchema, tags: v.optional(v.array(shortText)), note: v.optional(longText), requestId }),
  /** Remove a paper; the reply carries it, so that the caller can undo. */
  listRemove: v.object({ id, requestId }),
  /** Edit tags, note or read state. */
  listUpdate: v.object({
    id,
    tags: v.optional(v.pipe(v.array(shortText), v.maxLength(200))),
    note: v.optional(longText),
    read: v.optional(v.boolean()),
    requestId,
  }),
  /** Add a highlight to a saved paper (the content script saves an unsaved paper first); adding an id again merges. */
  annotationAdd: v.object({ paperId: id, annotation: annotationSchema, requestId }),
  /** Edit a highlight's note or colour. */
  annotationUpdate: v.object({
    paperId: id,
    id: annotationIdSchema,
    note: v.optional(annotationNoteSchema),
    colour: v.optional(colourSchema),
    requestId,
  }),
  /** Remove a highlight. */
  annotationRemove: v.object({ paperId: id, id: annotationIdSchema, requestId }),
} as const;

/** A request type a content script may send. */
export type ContentRequestType = keyof typeof CONTENT_REQUESTS;

/** Reply types of the content-script requests. */
export interface ContentReplies {
  status: {
    ready: boolean;
    papers: number;
    loadMs: number;
    abstractsLoaded: boolean;
    /** How far the worker has copied the corpus files it reads from IndexedDB (lib/storage/corpus-files.ts); null before it starts. */
    corpusCopies: StoredProgress | null;
  };
  search: {
    results: SearchResultView[];
    suggestion: string | null;
    /** The second part of the index is still loading: titles only. */ partial: boolean;
  };
  annotatePage: PageAnnotation;
  matchListing: string[];
  related: RelatedView[];
  moreLikeList: RelatedView[];
  listGet: ListPage & { warning?: string; backup: { at: number; count: number } | null };
  listSave: SavedPaper;
  listRemove: { removed: SavedPaper | null };
  listUpdate: SavedPaper;
  /** The paper with its highlights after the change. */
  annotationAdd: SavedPaper;
  annotationUpdate: SavedPaper;
  annotationRemove: SavedPaper;
}
