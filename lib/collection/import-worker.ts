/**
 * The options page's import worker (a dedicated Web Worker, one per page): it
 * runs the page's imports, removals and repairs (import-runner.ts) and starts
 * an indexing worker (index-worker.ts) for each, so the page's own thread,
 * which every extension page shares, only paints. Wiring only.
 */
import { localRunner, serveRunner, type RunnerPort, type RunnerReply, type RunnerRequest } from './import-runner';
import { workerIndexer } from './indexer';
import { collectionDb } from './store';

serveRunner(
  self as unknown as RunnerPort<RunnerRequest, RunnerReply>,
  localRunner(collectionDb(), (stored, onIndexed) =>
    workerIndexer(new Worker(new URL('./index-worker.ts', import.meta.url), { type: 'module' }), stored, onIndexed),
  ),
);
