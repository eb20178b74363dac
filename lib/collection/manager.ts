/**
 * The options page's collection section as state and actions: the sources
 * list, the import that runs (progress, cancel), the summary of the last one.
 * The page renders the state and calls the actions; this module does the work
 * through import.ts and tells the worker when the collection changed.
 */
import { renameSource, type ImportProgress, type ImportSummary } from './import';
import { localRunner, type ImportRunner } from './import-runner';
import type { FileLike } from './read-file';
import type { CollectionSource } from './records';
import { listSources, type CollectionDb } from './store';

/** What the collection section shows. */
export interface CollectionState {
  /** Active sources, oldest first. */
  sources: CollectionSource[];
  /** Papers of the bundled corpus (null until the worker answers). */
  bundled: number | null;
  /** The import or removal under way. */
  progress: ImportProgress | null;
  /** The last import's summary, until the next one starts. */
  summary: ImportSummary | null;
  /** What went wrong last, in words. */
  error: string | null;
}

/** The actions of the section. */
export interface CollectionManager {
  state(): CollectionState;
  refresh(): Promise<void>;
  add(files: FileLike[]): Promise<void>;
  reimport(id: string, file: FileLike): Promise<void>;
  cancel(): void;
  remove(id: string): Promise<void>;
  rename(id: string, name: string): Promise<void>;
}

/** What the manager needs from its page. */
export interface ManagerDeps {
  db: CollectionDb;
  onChange(state: CollectionState): void;
  /** Tells the worker to load the new index (the `collectionChanged` request). */
  notifyWorker(): Promise<unknown>;
  bundledCount(): Promise<number>;
  /** Where imports and removals run (the page: its import worker); in this thread when absent. */
  runner?: ImportRunner;
}

/** A manager; call `refresh` once to read the sources (and finish what a closed page left). */
export function createCollectionManager(deps: ManagerDeps): CollectionManager {
  const runner = deps.runner ?? localRunner(deps.db);
  let state: CollectionState = { sources: [], bundled: null, progress: null, summary: null, error: null };
  let controller: AbortController | null = null;
  // Progress comes once per chunk; painting it at most every 100 ms keeps the page's own work small.
  let lastPaint = 0;
  const set = (patch: Partial<CollectionState>) => {
    state = { ...state, ...patch };
    deps.onChange(state);
  };
  const reload = async () => set({ sources: (await listSources(deps.db)).filter((s) => s.status === 'active') });
  const run = async (work: (signal: AbortSignal) => Promise<ImportSummary | void>) => {
    if (controller) return;
    controller = new AbortController();
    toldRemoving = false;
    set({ progress: { phase: 'reading', bytesRead: 0, bytesTotal: 1, papers: 0, file: '' }, summary: null, error: null });
    try {
      const summary = await work(controller.signal);
      await reload();
      if (summary) set({ summary });
      await deps.notifyWorker().catch(() => undefined);
    } catch (e) {
      set({ error: e instanceof Error ? e.message : String(e) });
      await reload();
    } finally {
      controller = null;
      set({ progress: null });
    }
  };
  let toldRemoving = false;
  const onProgress = (p: ImportProgress) => {
    // A removal hides its source at once (status `removing`): the worker hears it then, not only when it ends.
    if (p.phase === 'removing' && !toldRemoving) {
      toldRemoving = true;
      void deps.notifyWorker().catch(() => undefined);
    }
    const now = performance.now();
    if (now - lastPaint < 100 && p.phase === 'reading') return;
    lastPaint = now;
    set({ progress: p });
  };

  return {
    state: () => state,
    async refresh() {
      if (await runner.repair().catch(() => 0)) await deps.notifyWorker().catch(() => undefined);
      await reload();
      set({ bundled: await deps.bundledCount().catch(() => null) });
    },
    add: (files) => run((signal) => runner.add(files, { signal, onProgress })),
    async reimport(id, file) {
      const source = state.sources.find((s) => s.id === id);
      if (source) await run((signal) => runner.add([file], { signal, onProgress, replaces: source }));
    },
    cancel: () => controller?.abort(),
    remove: (id) => run(() => runner.remove(id, onProgress)),
    async rename(id, name) {
      await renameSource(deps.db, id, name);
      await reload();
      // The overlay names the source: the worker reads the new name.
      await deps.notifyWorker().catch(() => undefined);
    },
  };
}
