/**
 * The one message contract between the content scripts, the popup and the
 * background worker. The requests are declared by sender: content-requests.ts
 * (what a content script may send; extension pages may send them too) and
 * page-requests.ts (extension pages only), each with its payload schemas and
 * reply types. This file joins them, and the worker validates every incoming
 * message against these schemas and its sender before acting.
 *
 * Replies are `{ ok: true, value } | { ok: false, error }`, since an `Error`
 * does not survive the trip between contexts.
 */
import * as v from 'valibot';
import { isPermittedHost } from '../core/hosts';
import { CONTENT_REQUESTS, type ContentReplies } from './content-requests';
import { EXTENSION_PAGE_REQUESTS, type ExtensionPageReplies } from './page-requests';

export type { ContentRequestType } from './content-requests';
export type { ExtensionPageRequestType } from './page-requests';
export { pagePaperSchema, paperInputSchema, type PagePaperInput, type PaperInput } from './schemas';
export type { PageAnnotation, PaperView, RelatedView, SearchResultView } from './views';

/** A reply across contexts. */
export type Reply<T> = { ok: true; value: T } | { ok: false; error: string };

/** Every request, from either sender: its type and payload schema. */
export const REQUESTS = { ...CONTENT_REQUESTS, ...EXTENSION_PAGE_REQUESTS } as const;

export type RequestType = keyof typeof REQUESTS;
export type RequestPayload<T extends RequestType> = v.InferOutput<(typeof REQUESTS)[T]>;

/** Reply types, by request type. */
export interface Replies extends ContentReplies, ExtensionPageReplies {}

/** A request on the wire. */
export interface Message<T extends RequestType = RequestType> {
  type: T;
  payload: RequestPayload<T>;
}

/** Requests that only extension pages (popup, options) may send, never a content script. */
export const EXTENSION_PAGE_ONLY: ReadonlySet<RequestType> = new Set(Object.keys(EXTENSION_PAGE_REQUESTS) as RequestType[]);

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
