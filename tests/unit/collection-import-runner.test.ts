/** The import worker's protocol (import-runner.ts), its two ends joined in this thread: progress, summary, cancel, failure. */
import { IDBFactory } from 'fake-indexeddb';
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportProgress } from '../../lib/collection/import';
import {
  localRunner,
  serveRunner,
  workerRunner,
  type ImportRunner,
  type RunnerReply,
  type RunnerRequest,
} from '../../lib/collection/import-runner';
import { collectionDb, listSources } from '../../lib/collection/store';

const slice = readFileSync(join(import.meta.dirname, '../fixtures/collection/arxiv-slice-5k.jsonl.gz'));
const file = (name: string, body: Buffer | string) => new File([typeof body === 'string' ? body : new Uint8Array(body)], name);

/** A runner behind the protocol, as the page sees the import worker (messages cross a task boundary, as postMessage's do). */
function joined(inner: ImportRunner): ImportRunner {
  const inside = {
    postMessage: (m: RunnerReply) => setTimeout(() => page.onmessage?.({ data: m } as MessageEvent<RunnerReply>)),
    onmessage: null as ((e: MessageEvent<RunnerRequest>) => void) | null,
  };
  const page = {
    postMessage: (m: RunnerRequest) => setTimeout(() => inside.onmessage?.({ data: m } as MessageEvent<RunnerRequest>)),
    onmessage: null as ((e: MessageEvent<RunnerReply>) => void) | null,
  };
  serveRunner(inside, inner);
  return workerRunner(page);
}

describe('the import worker protocol', () => {
  it('adds with progress and a summary, cancels, removes and reports failures as messages', async () => {
    const db = collectionDb(new IDBFactory());
    const runner = joined(localRunner(db));
    const progress: ImportProgress[] = [];
    const s = await runner.add([file('slice.jsonl.gz', slice)], {
      signal: new AbortController().signal,
      onProgress: (p) => progress.push(p),
    });
    expect(s.files[0]).toMatchObject({ format: 'arxiv-metadata', added: 5000 });
    expect(progress.filter((p) => p.phase === 'reading').length).toBeGreaterThan(5);
    expect(progress.at(-1)).toMatchObject({ phase: 'indexing', indexed: 5000 });

    const ctl = new AbortController();
    const cancelled = await runner.add([file('again.jsonl.gz', slice)], {
      signal: ctl.signal,
      onProgress: (p) => p.papers >= 1000 && ctl.abort(),
    });
    expect(cancelled.cancelled).toBe(true);
    expect((await listSources(db)).map((x) => x.name)).toEqual(['slice.jsonl']);

    const [src] = await listSources(db);
    await runner.remove(src.id, () => undefined);
    expect(await listSources(db)).toEqual([]);
    expect(await runner.repair()).toBe(0);

    const failing = joined({ ...localRunner(db), add: () => Promise.reject(new Error('disk full')) });
    await expect(failing.add([file('x.jsonl', '')], { signal: ctl.signal, onProgress: () => undefined })).rejects.toThrow(
      'disk full',
    );
  }, 60_000);
});
