/**
 * The sending side of the message contract. Content scripts use
 * `contentRequest`, which only accepts the requests of content-requests.ts, so
 * the type checker stops a content script from naming an extension-page
 * request (the worker refuses those at run time too); extension pages use
 * `pageRequest`, which accepts every request. Both turn `{ ok: false, error }`
 * back into a thrown Error.
 */
import { browser } from 'wxt/browser';
import type { ContentRequestType, Replies, Reply, RequestPayload, RequestType } from './contract';

/**
 * The requests that change the reading list. Each call of `send` is one user
 * action and gets one request id, sent again with every retry, so that a retry
 * of a change that already landed is answered, not applied again (issue 17).
 */
const CHANGES: ReadonlySet<RequestType> = new Set<RequestType>([
  'listSave',
  'listRemove',
  'listUpdate',
  'listRestore',
  'listImport',
  'listRestoreBackup',
  'annotationAdd',
  'annotationUpdate',
  'annotationRemove',
]);

/** A fresh request id (random: a restarted worker or another tab cannot produce the same one). */
export function newRequestId(): string {
  return crypto.randomUUID();
}

/**
 * Chrome's answers to a message that met a stopping worker: before it was
 * received, or (the port or channel closed) while it was being answered. Sending again is
 * safe in both cases because a change carries its request id.
 */
const WORKER_GONE = /Receiving end does not exist|Could not establish connection|message (port|channel) closed/i;

/** How many times a request is sent before its failure is shown. */
const ATTEMPTS = 4;

/**
 * Sends one request to the background worker and returns its value. A message
 * that reaches a worker in the middle of stopping (Chrome stops an idle MV3
 * worker after about 30 s) is refused; it is sent again, up to three more times, so
 * the user never sees that moment. A change is sent again with the same request
 * id, so the worker acts on it at most once.
 *
 * No answer at all is that moment too: the worker answers every message with
 * an object (`answerMessage` never rejects), and webextension-polyfill turns
 * Chrome's "message port closed before a response was received" into an
 * undefined answer. The fault-injection suite met it in 6 of 800 trials: the
 * popup's list, reloading after another tab's change, said "no answer" and kept
 * the old list.
 */
async function send<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<Replies[T]> {
  let reply: Reply<Replies[T]> | undefined;
  if (CHANGES.has(type) && !(payload as { requestId?: string }).requestId) payload = { ...payload, requestId: newRequestId() };
  for (let attempt = 1; ; attempt++) {
    try {
      reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<Replies[T]> | undefined;
      if ((reply && typeof reply === 'object') || attempt >= ATTEMPTS) break;
    } catch (err) {
      if (attempt >= ATTEMPTS || !WORKER_GONE.test(String((err as Error)?.message ?? err))) throw err;
    }
    await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
  }
  if (!reply || typeof reply !== 'object') throw new Error('Paper Lens: no answer from the background worker');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}

/** A request from a content script: only the types a content script may send. */
export function contentRequest<T extends ContentRequestType>(type: T, payload: RequestPayload<T>): Promise<Replies[T]> {
  return send(type, payload);
}

/** A request from an extension page (popup, options): any type. */
export function pageRequest<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<Replies[T]> {
  return send(type, payload);
}
