/**
 * The sending side (lib/messaging/client.ts) when the worker stops under a
 * message: Chrome's refusals and the polyfill's undefined answer are sent
 * again with the same request id; a real failure is not.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { pageRequest } from '../../lib/messaging/client';

afterEach(() => {
  vi.restoreAllMocks();
  fakeBrowser.reset();
});

const sent = () => vi.spyOn(fakeBrowser.runtime, 'sendMessage');

describe('a request that meets a stopping worker', () => {
  it('is sent again after an undefined answer (the port closed before the answer), with the same request id', async () => {
    const spy = sent()
      .mockResolvedValueOnce(undefined)
      .mockResolvedValueOnce({ ok: true, value: { removed: true } });
    await expect(pageRequest('listRemove', { id: '1909.11740' })).resolves.toEqual({ removed: true });
    expect(spy).toHaveBeenCalledTimes(2);
    const ids = spy.mock.calls.map(([m]) => (m as { payload: { requestId: string } }).payload.requestId);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toBe(ids[0]);
  });

  it('is sent again after Chrome refuses it, and a read gets its answer', async () => {
    const spy = sent()
      .mockRejectedValueOnce(new Error('Could not establish connection. Receiving end does not exist.'))
      .mockRejectedValueOnce(new Error('The message port closed before a response was received.'))
      .mockResolvedValueOnce({ ok: true, value: 3 });
    await expect(pageRequest('status', {})).resolves.toBe(3);
    expect(spy).toHaveBeenCalledTimes(3);
  });

  it('says there was no answer after four undefined answers, and stops there', async () => {
    const spy = sent().mockResolvedValue(undefined);
    await expect(pageRequest('status', {})).rejects.toThrow('Paper Lens: no answer from the background worker');
    expect(spy).toHaveBeenCalledTimes(4);
  });

  it('throws any other error at once, and the worker’s own refusal as it says', async () => {
    const spy = sent().mockRejectedValueOnce(new Error('Extension context invalidated.'));
    await expect(pageRequest('status', {})).rejects.toThrow('Extension context invalidated.');
    expect(spy).toHaveBeenCalledTimes(1);
    spy.mockResolvedValueOnce({ ok: false, error: 'not in the reading list' });
    await expect(pageRequest('listRemove', { id: '1909.11740' })).rejects.toThrow('not in the reading list');
    expect(spy).toHaveBeenCalledTimes(2);
  });
});
