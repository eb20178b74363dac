/**
 * Where the options page's imports and removals run. In a dedicated Web
 * Worker (import-worker.ts): reading, parsing and writing a 110,000-paper file
 * is a minute of work on whatever thread runs it, and every extension page
 * (the popup too) shares one main thread with the options page, so on it the
 * popup's answers waited up to a second behind an import's chunks. The worker
 * starts the indexing worker itself (indexer.ts), so the two use both cores.
 * In-process where there are no workers (unit tests): {@link localRunner}.
 */
import { addFiles, removeSource, repairCollection, type ImportProgress, type ImportSummary } from './import';
import type { IndexerFactory } from './indexer';
import type { FileLike } from './read-file';
import type { CollectionSource } from './records';
import type { CollectionDb } from './store';

/** The work the collection section asks for. */
export interface ImportRunner {
  add(
    files: FileLike[],
    opts: { replaces?: CollectionSource; signal: AbortSignal; onProgress(p: ImportProgress): void },
  ): Promise<ImportSummary>;
  remove(id: string, onProgress: (p: ImportProgress) => void): Promise<void>;
  /** Finishes what a closed page left (import.ts `repairCollection`); the count of sources it finished. */
  repair(): Promise<number>;
}

/** A runner in this thread. */
export function localRunner(db: CollectionDb, indexer?: IndexerFactory): ImportRunner {
  return {
    add: (files, opts) => addFiles(db, files, { ...opts, indexer }),
    remove: (id, onProgress) => removeSource(db, id, { onProgress, indexer }),
    repair: () => repairCollection(db, { indexer }),
  };
}

/** Page → worker; `id` pairs a request with its replies. */
export type RunnerRequest = { id: number } & (
  | { kind: 'add'; files: FileLike[]; replaces?: CollectionSource }
  | { kind: 'remove'; sourceId: string }
  | { kind: 'repair' }
  | { kind: 'cancel' }
);

/** A request as the page words it (the runner adds the id). */
type Unnumbered<T> = T extends unknown ? Omit<T, 'id'> : never;

/** Worker → page. */
export type RunnerReply = { id: number } & (
  | { kind: 'progress'; progress: ImportProgress }
  | { kind: 'done'; value: ImportSummary | number | null }
  | { kind: 'failed'; message: string }
);

/** One end of the channel (a `Worker` on the page, the worker's global scope inside it). */
export interface RunnerPort<In, Out> {
  postMessage(message: Out): void;
  onmessage: ((e: MessageEvent<In>) => void) | null;
}

/** The worker's side: runs each request on `runner`, a cancel aborting the add it names. */
export function serveRunner(port: RunnerPort<RunnerRequest, RunnerReply>, runner: ImportRunner): void {
  const running = new Map<number, AbortController>();
  port.onmessage = (e) => {
    const m = e.data;
    if (m.kind === 'cancel') return running.get(m.id)?.abort();
    const onProgress = (progress: ImportProgress) => port.postMessage({ id: m.id, kind: 'progress', progress });
    const ctl = new AbortController();
    running.set(m.id, ctl);
    const work: Promise<ImportSummary | number | void> =
      m.kind === 'add'
        ? runner.add(m.files, { replaces: m.replaces, signal: ctl.signal, onProgress })
        : m.kind === 'remove'
          ? runner.remove(m.sourceId, onProgress)
          : runner.repair();
    work.then(
      (value) => port.postMessage({ id: m.id, kind: 'done', value: value ?? null }),
      (err: unknown) => port.postMessage({ id: m.id, kind: 'failed', message: err instanceof Error ? err.message : String(err) }),
    );
    void work.finally(() => running.delete(m.id)).catch(() => undefined);
  };
}

/** A runner behind `port` (the import worker). */
export function workerRunner(
  port: RunnerPort<RunnerReply, RunnerRequest> & { onerror?: ((e: ErrorEvent) => void) | null },
): ImportRunner {
  let next = 1;
  const waiting = new Map<number, { onProgress?(p: ImportProgress): void; ok(v: unknown): void; fail(e: Error): void }>();
  port.onmessage = (e) => {
    const m = e.data;
    const w = waiting.get(m.id);
    if (!w) return;
    if (m.kind === 'progress') return w.onProgress?.(m.progress);
    waiting.delete(m.id);
    if (m.kind === 'done') w.ok(m.value);
    else w.fail(new Error(m.message));
  };
  port.onerror = (e) => {
    for (const w of waiting.values()) w.fail(new Error(`the import worker stopped: ${e.message || 'it could not start'}`));
    waiting.clear();
  };
  const ask = <T>(req: Unnumbered<RunnerRequest>, onProgress?: (p: ImportProgress) => void, signal?: AbortSignal) =>
    new Promise<T>((ok, fail) => {
      const id = next++;
      waiting.set(id, { onProgress, ok: ok as (v: unknown) => void, fail });
      signal?.addEventListener('abort', () => port.postMessage({ id, kind: 'cancel' }), { once: true });
      port.postMessage({ id, ...req } as RunnerRequest);
    });
  return {
    add: (files, opts) => ask<ImportSummary>({ kind: 'add', files, replaces: opts.replaces }, opts.onProgress, opts.signal),
    remove: (id, onProgress) => ask<null>({ kind: 'remove', sourceId: id }, onProgress).then(() => undefined),
    repair: () => ask<number>({ kind: 'repair' }),
  };
}
