/**
 * The sending side of the message contract, for content scripts and extension
 * pages. Turns `{ ok: false, error }` back into a thrown Error.
 */
import { browser } from 'wxt/browser';
import type { Replies, Reply, RequestPayload, RequestType } from './contract';

/** Chrome's answer to a message sent while the stopped worker is still shutting down. */
const WORKER_GONE = /Receiving end does not exist|Could not establish connection/i;

/**
 * Sends one request to the background worker and returns its value. A message
 * that reaches a worker in the middle of stopping (Chrome stops an idle MV3
 * worker after about 30 s) is refused; it is sent again, up to three times, so
 * the user never sees that moment.
 */
export async function request<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<Replies[T]> {
  let reply: Reply<Replies[T]> | undefined;
  for (let attempt = 1; ; attempt++) {
    try {
      reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<Replies[T]> | undefined;
      break;
    } catch (err) {
      if (attempt >= 3 || !WORKER_GONE.test(String((err as Error)?.message ?? err))) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
    }
  }
  if (!reply || typeof reply !== 'object') throw new Error('Paper Lens: no answer from the background worker');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
