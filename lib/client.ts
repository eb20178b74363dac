/**
 * The sending side of the message contract, for content scripts and extension
 * pages. Turns `{ ok: false, error }` back into a thrown Error.
 */
import { browser } from 'wxt/browser';
import type { Replies, Reply, RequestPayload, RequestType } from './messages';

/** Sends one request to the background worker and returns its value. */
export async function request<T extends RequestType>(type: T, payload: RequestPayload<T>): Promise<Replies[T]> {
  const reply = (await browser.runtime.sendMessage({ type, payload })) as Reply<Replies[T]> | undefined;
  if (!reply || typeof reply !== 'object') throw new Error('Paper Lens: no answer from the background worker');
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
