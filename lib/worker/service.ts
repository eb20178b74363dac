/**
 * What the background worker does, as plain functions over plain data. The
 * entrypoint only wires `browser.runtime.onMessage` to {@link createService};
 * this file builds the worker's state and sends each request to its handler
 * (lib/worker/handlers/, one file per area).
 */
import {
  validateMessage,
  type Message,
  type Replies,
  type Reply,
  type RequestType,
  type SenderInfo,
} from '../messaging/contract';
import type { AssetReader } from '../collection/assets';
import type { StoredAssets } from '../storage/corpus-files';
import type { ReadingListStore } from '../reading-list/storage';
import { createCollectionReader } from '../collection/reader';
import { collectionDb, type CollectionDb } from '../collection/store';
import { createCorpus } from './corpus';
import { createListCache } from './list-cache';
import type { Handlers, WorkerContext } from './handlers/context';
import { collectionHandlers } from './handlers/collection';
import { annotationHandlers } from './handlers/annotations';
import { fileHandlers } from './handlers/files';
import { pageHandlers } from './handlers/pages';
import { readingListHandlers } from './handlers/reading-list';
import { searchHandlers } from './handlers/search';
import { backupUnavailable, backupWorker, type BackupWorker, type BackupWorkerDeps } from './handlers/backup';

/** What the service is built from. */
export interface ServiceDeps {
  /** Reads the shipped corpus files (lib/collection/assets.ts). */
  assets: AssetReader;
  /** Copies of the corpus files in IndexedDB (lib/storage/corpus-files.ts), filled after the first answer; none in most tests. */
  copies?: Pick<StoredAssets, 'fill' | 'progress'>;
  store: ReadingListStore;
  /** The added collection's database; defaults to `paper-lens` in this context's IndexedDB (none where there is no IndexedDB). */
  collection?: CollectionDb | null;
  /** The browser's downloads and storage areas for backups and sync (lib/worker/handlers/backup.ts); none in most tests. */
  backup?: BackupWorkerDeps;
  now?: () => number;
}

/** The worker's state: loaded on the first message after each worker start. */
export interface Service {
  handle<T extends RequestType>(message: Message<T>): Promise<Replies[T]>;
  /** Resolves when the whole index (both parts and the abstracts) is loaded. */
  fullyLoaded(): Promise<void>;
  /** Resolves when whatever the messages so far started loading has loaded (nothing more is started). */
  settled(): Promise<void>;
  /** Backups and sync, when built with `deps.backup`: the entrypoint tells it of worker start and of sync changes. */
  backup?: BackupWorker;
}

/**
 * Builds the service. Nothing is read until a message arrives; then the paper
 * list and the titles part of the index load first (enough to match pages and
 * answer searches), and the abstracts part and abstract texts follow without
 * holding up any answer.
 */
export function createService(deps: ServiceDeps): Service {
  // Saved papers from outside the corpus join the search index as soon as it loads.
  const corpus = createCorpus(deps.assets, (c) => ctx.list.reindexAll(c));
  const ctx: WorkerContext = {
    corpus,
    collection: createCollectionReader(
      deps.collection !== undefined ? deps.collection : typeof indexedDB === 'undefined' ? null : collectionDb(),
    ),
    list: createListCache(deps.store, corpus.loadedCore),
    store: deps.store,
    now: deps.now ?? Date.now,
  };
  const backup = deps.backup ? backupWorker(ctx, deps.backup) : undefined;
  const handlers: Handlers<RequestType> = {
    ...searchHandlers(ctx, () => deps.copies?.progress() ?? null),
    ...pageHandlers(ctx),
    ...readingListHandlers(ctx),
    ...annotationHandlers(ctx),
    ...fileHandlers(ctx),
    ...collectionHandlers(ctx),
    ...(backup?.handlers ?? backupUnavailable),
  };

  let copying: Promise<unknown> | undefined;
  /** The abstracts part and texts: started once the first answer is out, so that they never delay it. */
  let rest: Promise<void> | undefined;
  const loadRest = (): Promise<void> =>
    (rest ??= (async () => {
      await corpus.loadRest();
      // The added collection's index too, so that its related papers are at hand for the next page.
      void ctx.collection.index().catch(() => undefined);
      // Saved papers from outside the corpus went into the titles part only: add them to the abstracts part too.
      ctx.list.reindexAll(await corpus.core());
    })());

  return {
    handle<T extends RequestType>(message: Message<T>) {
      const reply = handlers[message.type](message.payload) as Promise<Replies[T]>;
      // Once a search has been answered, the rest of its index follows; pages never load it. Not after
      // `status` (the popup asks it as it opens, to load the index's table early): a first answer from
      // titles only comes back sooner, and the abstracts follow it.
      if (message.type === 'search')
        void reply.finally(() => setTimeout(() => corpus.loadedCore() && void loadRest(), 0)).catch(() => undefined);
      // The corpus files' copies, once per worker, after its first answer (a no-op once they are all in).
      void reply.finally(() => setTimeout(() => void (copying ??= deps.copies?.fill()), 0)).catch(() => undefined);
      // A change of the list may make a backup due and always wants a sync (both wait and batch themselves).
      if (backup) void reply.then(() => backup.afterRequest(message.type)).catch(() => undefined);
      return reply;
    },
    fullyLoaded: loadRest,
    backup,
    async settled() {
      await new Promise((resolve) => setTimeout(resolve, 0));
      await rest;
    },
  };
}

/** The "save or unsave the current tab's paper" shortcut. Returns the saved state after the toggle. */
export async function toggleSaveForPage(service: Service, page: Message<'annotatePage'>['payload']['page']): Promise<boolean> {
  const a = await service.handle({ type: 'annotatePage', payload: { page, limit: 1 } });
  if (a.saved) {
    await service.handle({ type: 'listRemove', payload: { id: a.paper.id } });
    return false;
  }
  const { id, title, authors, abstract, year, links } = a.paper;
  await service.handle({ type: 'listSave', payload: { paper: { id, title, authors, abstract, year, links } } });
  return true;
}

/**
 * Answers one raw message: checks its shape and sender, runs it, and turns any
 * failure into `{ ok: false, error }`. Never rejects, whatever it is given.
 */
export async function answerMessage(
  raw: unknown,
  sender: SenderInfo,
  self: { id: string; origin: string },
  service: () => Service,
): Promise<Reply<unknown>> {
  const checked = validateMessage(raw, sender, self);
  if (!checked.ok) return { ok: false, error: checked.error };
  try {
    return { ok: true, value: await service().handle(checked.message) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}
