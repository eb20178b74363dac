/**
 * The one message contract between the content scripts, the popup and the
 * background worker. Every request type, its payload schema and its reply type is
 * declared here; the worker validates every incoming message against these
 * schemas and its sender before acting.
 *
 * Replies are `{ ok: true, value } | { ok: false, error }`, since an `Error`
 * does not survive the trip between contexts.
 */
import * as v from 'valibot';
import { isPermittedHost } from '../core/hosts';
import type { PaperLinks } from '../core/paper';
import type { SavedPaper } from '../reading-list/list';
import type { SnippetPart } from '../search/snippet';

/** A reply across contexts. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

const id = v.pipe(v.string(), v.minLength(1), v.maxLength(200));
const shortText = v.pipe(v.string(), v.maxLength(2_000));
const longText = v.pipe(v.string(), v.maxLength(20_000));
const limit = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(200)));
const year = v.optional(v.pipe(v.number(), v.integer(), v.minValue(1000), v.maxValue(3000)));
const url = v.pipe(v.string(), v.maxLength(4_096));

const linksSchema = v.object({
  abs: v.optional(url),
  pdf: v.optional(url),
  hf: v.optional(url),
  code: v.optional(v.pipe(v.array(url), v.maxLength(20))),
});

/** What a page says about its paper, as the content script read it. */
export const pagePaperSchema = v.object({
  arxivId: v.optional(id),
  version: v.optional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(1000))),
  title: v.optional(shortText),
  abstract: v.optional(longText),
  authors: v.pipe(v.array(shortText), v.maxLength(2_000)),
  year,
});
export type PagePaperInput = v.InferOutput<typeof pagePaperSchema>;

/** A paper to save: a corpus id, or what a page showed. */
export const paperInputSchema = v.object({
  id,
  title: v.pipe(shortText, v.minLength(1)),
  authors: v.pipe(v.array(shortText), v.maxLength(2_000)),
  abstract: v.optional(longText),
  year,
  links: v.optional(linksSchema),
});
export type PaperInput = v.InferOutput<typeof paperInputSchema>;

const savedPaperSchema = v.object({
  ...paperInputSchema.entries,
  links: linksSchema,
  primaryClass: v.optional(shortText),
  doi: v.optional(shortText),
  savedAt: v.number(),
  tags: v.pipe(v.array(shortText), v.maxLength(200)),
  note: longText,
  read: v.boolean(),
  source: v.picklist(['corpus', 'page', 'import']),
});

const exportFormat = v.picklist(['bibtex', 'markdown', 'json', 'csl-json']);

/** Every request: its type and payload schema. */
export const REQUESTS = {
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
  /** The reading list. */
  listGet: v.object({}),
  /** Save a paper (a corpus id is enough; other papers carry what the page showed). */
  listSave: v.object({ paper: paperInputSchema, tags: v.optional(v.array(shortText)), note: v.optional(longText) }),
  /** Remove a paper; the reply carries it, so that the caller can undo. */
  listRemove: v.object({ id }),
  /** Put a removed paper back (undo). */
  listRestore: v.object({ paper: savedPaperSchema }),
  /** Edit tags, note or read state. */
  listUpdate: v.object({
    id,
    tags: v.optional(v.pipe(v.array(shortText), v.maxLength(200))),
    note: v.optional(longText),
    read: v.optional(v.boolean()),
  }),
  /** Export everything or one tag. */
  listExport: v.object({ format: exportFormat, tag: v.optional(shortText) }),
  /** Import a file (all or nothing; a backup is kept first). */
  listImport: v.object({ text: v.pipe(v.string(), v.maxLength(60_000_000)), filename: v.optional(shortText) }),
  /** Restore the backup taken before the last import. */
  listRestoreBackup: v.object({}),
} as const;

export type RequestType = keyof typeof REQUESTS;
export type RequestPayload<T extends RequestType> = v.InferOutput<(typeof REQUESTS)[T]>;

/** A paper as the overlay and the popup show it. */
export interface PaperView {
  id: string;
  title: string;
  authors: string[];
  year?: number;
  abstract?: string;
  links: PaperLinks;
}

/** A related paper with the reason it is suggested. */
export interface RelatedView extends PaperView {
  score: number;
  /** The terms the two papers share most strongly. */
  reasons: string[];
  saved: boolean;
}

/** What the overlay shows for a paper page. */
export interface PageAnnotation {
  /** `match`: the paper is in the corpus. */
  state: 'match' | 'nomatch';
  by?: 'id' | 'title';
  /** The corpus record when matched, else what the page showed. */
  paper: PaperView;
  related: RelatedView[];
  saved: SavedPaper | null;
}

/** One search result. */
export interface SearchResultView extends PaperView {
  score: number;
  snippet: SnippetPart[];
  saved: boolean;
  inCollection: boolean;
}

/** Reply types, by request type. */
export interface Replies {
  status: { ready: boolean; papers: number; loadMs: number; abstractsLoaded: boolean };
  search: {
    results: SearchResultView[];
    suggestion: string | null;
    /** The second part of the index is still loading: titles only. */ partial: boolean;
  };
  annotatePage: PageAnnotation;
  matchListing: string[];
  related: RelatedView[];
  moreLikeList: RelatedView[];
  listGet: { papers: SavedPaper[]; warning?: string; backup: { at: number; count: number } | null };
  listSave: SavedPaper;
  listRemove: { removed: SavedPaper | null };
  listRestore: SavedPaper;
  listUpdate: SavedPaper;
  listExport: { filename: string; mime: string; text: string };
  listImport: { added: number; updated: number; total: number };
  listRestoreBackup: { restored: boolean; total: number };
}

/** A request on the wire. */
export interface Message<T extends RequestType = RequestType> {
  type: T;
  payload: RequestPayload<T>;
}

/** Requests that only extension pages (popup, options) may send, never a content script. */
export const EXTENSION_PAGE_ONLY: ReadonlySet<RequestType> = new Set([
  'listExport',
  'listImport',
  'listRestoreBackup',
  'listRestore',
]);

/** The parts of a `runtime.MessageSender` the check needs. */
export interface SenderInfo {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
}

/**
 * Checks a raw message and its sender. Returns the typed message, or the reason
 * it is refused; never throws, whatever it is given.
 */
export function validateMessage(
  raw: unknown,
  sender: SenderInfo,
  self: { id: string; origin: string },
): { ok: true; message: Message } | { ok: false; error: string } {
  try {
    if (!sender || sender.id !== self.id) return { ok: false, error: 'message from another extension' };
    const fromExtensionPage =
      typeof sender.url === 'string' && sender.url.startsWith(self.origin) && !sender.tab?.url?.match(/^https?:/);
    let fromContentScript = false;
    if (!fromExtensionPage) {
      try {
        const u = new URL(sender.tab?.url ?? sender.url ?? '');
        fromContentScript = /^https?:$/.test(u.protocol) && isPermittedHost(u.hostname);
      } catch {
        fromContentScript = false;
      }
    }
    if (!fromExtensionPage && !fromContentScript) return { ok: false, error: 'sender not allowed' };
    if (typeof raw !== 'object' || raw === null) return { ok: false, error: 'message must be an object' };
    const { type, payload } = raw as { type?: unknown; payload?: unknown };
    if (typeof type !== 'string' || !Object.prototype.hasOwnProperty.call(REQUESTS, type)) {
      return { ok: false, error: `unknown message type ${JSON.stringify(String(type)).slice(0, 60)}` };
    }
    const t = type as RequestType;
    if (!fromExtensionPage && EXTENSION_PAGE_ONLY.has(t)) return { ok: false, error: `${t} is only for extension pages` };
    const parsed = v.safeParse(REQUESTS[t], payload ?? {});
    if (!parsed.success) {
      const issue = parsed.issues[0];
      const path = v.getDotPath(issue);
      return { ok: false, error: `invalid ${t} payload${path ? ` at ${path}` : ''}: ${issue.message}` };
    }
    return { ok: true, message: { type: t, payload: parsed.output } as Message };
  } catch (err) {
    return { ok: false, error: `malformed message: ${String(err).slice(0, 200)}` };
  }
}
