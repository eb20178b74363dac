/**
 * Sync through the browser's own sync (`storage.sync`), opt-in: no server of
 * ours, no network request of ours. The format (what travels, how it is
 * compressed, chunked and fitted to the quotas) is `lib/backup/sync-format.ts`.
 *
 * Each run pulls the area, merges three-way per paper against a base
 * (`lib/backup/sync-merge.ts`), applies the result to the list through the one
 * list store, and pushes the buckets whose content changed, in one `set`.
 */
import type { ReadingList } from '../reading-list/list';
import type { StorageAreaLike } from '../reading-list/storage';
import {
  BUCKET_KEYS,
  addReports,
  decodeBucket,
  describeFit,
  emptyReport,
  fitBucket,
  itemBytes,
  projectPaper,
  splitIntoBuckets,
  SYNC_BUCKETS,
  valueHash,
  type FitReport,
  type SyncBucket,
  type SyncPaper,
} from './sync-format';
import { applyMerged, mergeAll, sameSyncPaper, type CorpusRecord } from './sync-merge';

/** What sync needs of the shipped corpus. */
export interface SyncCorpus {
  ids(): Promise<ReadonlySet<string>>;
  papers(ids: string[]): Promise<ReadonlyMap<string, CorpusRecord>>;
}

/** Does the remote bucket already say what `papers` say (as far as it carries them)? */
function bucketSays(bucket: SyncBucket, papers: readonly SyncPaper[]): boolean {
  const byId = new Map(bucket.papers.map((p) => [p.id, p]));
  const ids = new Set(papers.map((p) => p.id));
  for (const p of bucket.papers) if (!ids.has(p.id)) return false;
  for (const p of papers) {
    const r = byId.get(p.id);
    if (!r) {
      if (p.savedMin >= bucket.horizon) return false;
      continue;
    }
    if (!sameSyncPaper(p, r)) return false;
  }
  return true;
}

/** What the remote bucket leaves out of `papers`. */
function reportOf(key: string, raw: unknown, bucket: SyncBucket, papers: readonly SyncPaper[]): FitReport {
  const byId = new Map(bucket.papers.map((p) => [p.id, p]));
  const r = emptyReport();
  r.papers = papers.length;
  r.bytes = raw === undefined ? 0 : itemBytes(key, raw);
  for (const p of papers) {
    const q = byId.get(p.id);
    if (!q) {
      r.droppedPapers++;
      continue;
    }
    if (p.note) {
      r.notes++;
      if (q.note === undefined) r.droppedNotes++;
    }
    if (p.title) {
      r.titles++;
      if (q.title === undefined) r.droppedTitles++;
    }
  }
  return r;
}

/** The part of `storage.sync` the engine uses; tests pass an in-memory area with the quotas. */
export type SyncAreaLike = StorageAreaLike;

/**
 * What a device remembers of one bucket, to find the base of the next merge:
 * the last value it read from another device (or `undefined`) and its own last
 * few writes (newest first). A remote value names its parent ({@link valueHash}
 * of the value its writer had read); when that is one of our writes, our write
 * is the base, else the last value read: so a write made alongside ours is
 * merged with it instead of replacing it.
 */
interface BucketMemory {
  read?: string;
  wrote: string[];
}

/** Keys in `storage.local`. */
export const SYNC_STATE_KEY = 'sync.state';
export const SYNC_BASE_KEY = 'sync.base';

/**
 * Which buckets to write: those whose remote value does not say what this
 * device's list says (or is missing), each fitted to its share of the quota;
 * what each device should remember of every bucket; and what is not carried.
 */
async function planPush(
  groups: SyncPaper[][],
  remoteRaw: Record<string, unknown>,
  remote: (SyncBucket | null)[],
  memory: Record<string, BucketMemory>,
): Promise<{ writes: Record<string, string>; nextMemory: Record<string, BucketMemory>; report: FitReport }> {
  const writes: Record<string, string> = {};
  const nextMemory: Record<string, BucketMemory> = { ...memory };
  let report = emptyReport();
  for (let k = 0; k < SYNC_BUCKETS; k++) {
    const key = BUCKET_KEYS[k];
    const raw = remoteRaw[key];
    const r = remote[k];
    const mem = memory[key] ?? { wrote: [] };
    const readBack = typeof raw === 'string' && (mem.wrote ?? []).includes(raw);
    // What we read last from others: our own write read back does not count (it may yet lose to another device's).
    const read = readBack ? mem.read : typeof raw === 'string' ? raw : undefined;
    if (raw !== undefined && !r) {
      // Written by a newer Paper Lens: leave it alone; those papers stay as they are here.
      report = addReports(report, { ...emptyReport(), papers: groups[k].length, droppedPapers: groups[k].length });
      continue;
    }
    if (r && bucketSays(r, groups[k])) {
      nextMemory[key] = readBack ? mem : { read, wrote: [] };
      report = addReports(report, reportOf(key, raw, r, groups[k]));
      continue;
    }
    if (!r && groups[k].length === 0) {
      delete nextMemory[key];
      continue;
    }
    const fit = await fitBucket(k, groups[k], valueHash(raw));
    writes[key] = fit.value;
    nextMemory[key] = { read, wrote: [fit.value, ...(readBack ? (mem.wrote ?? []) : [])].slice(0, 3) };
    report = addReports(report, fit.report);
  }
  return { writes, nextMemory, report };
}

/** What the options page shows about sync. */
export interface SyncStatus {
  /** Sync on (off by default). */
  enabled: boolean;
  /** When this device last merged with the area. */
  lastAt?: number;
  /** What could not be carried, summed over the buckets. */
  report?: FitReport;
  /** `report` in words; null when everything fits. */
  message?: string | null;
  /** The last failure (quota, write rate), cleared by the next success. */
  error?: string;
}

/** One run's result. */
export interface SyncRun {
  status: SyncStatus;
  /** Changes applied to this device's list. */
  added: number;
  removed: number;
  updated: number;
  /** Buckets written to the area. */
  wrote: number;
}

/** What the engine needs. */
export interface SyncDeps {
  /** `browser.storage.sync`. */
  area: SyncAreaLike;
  /** `browser.storage.local`, for the base and the status. */
  local: StorageAreaLike;
  /** The list now. */
  list(): Promise<ReadingList>;
  /** A change of the list through the one list store (the worker's queue). */
  update<T>(change: (list: ReadingList) => { list: ReadingList; result: T }): Promise<T>;
  /** The shipped corpus: which ids it has (their titles do not travel), and the records of papers new here. */
  corpus: SyncCorpus;
  now?: () => number;
}

/** The sync engine of one device. */
export interface SyncEngine {
  /** Pulls, merges, applies to the list, pushes the buckets that changed. Runs one at a time. */
  syncNow(): Promise<SyncRun | null>;
  status(): Promise<SyncStatus>;
  /** Turning off forgets the base (the area is left for the other devices); turning on syncs at once. */
  setEnabled(enabled: boolean): Promise<SyncStatus>;
}

/** The engine over `deps.area`. */
export function createSync(deps: SyncDeps): SyncEngine {
  const now = deps.now ?? Date.now;
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const run = queue.then(task);
    queue = run.catch(() => undefined);
    return run;
  };
  const loadStatus = async (): Promise<SyncStatus> => {
    const raw = (await deps.local.get(SYNC_STATE_KEY))[SYNC_STATE_KEY] as Partial<SyncStatus> | undefined;
    return { ...(raw ?? {}), enabled: raw?.enabled === true };
  };
  const saveStatus = (s: SyncStatus) => deps.local.set({ [SYNC_STATE_KEY]: s });

  async function run(): Promise<SyncRun | null> {
    const status = await loadStatus();
    if (!status.enabled) return null;
    const remoteRaw = await deps.area.get([...BUCKET_KEYS]);
    const memory = ((await deps.local.get(SYNC_BASE_KEY))[SYNC_BASE_KEY] ?? {}) as Record<string, BucketMemory>;
    const remote = await Promise.all(BUCKET_KEYS.map((k) => decodeBucket(remoteRaw[k])));
    // The base of each bucket: the remote value itself when it is our own write; our write when the remote value
    // was made on top of it; else the last value we read from another device.
    const base = await Promise.all(
      BUCKET_KEYS.map((key, k) => {
        const mem = memory[key] ?? { wrote: [] };
        const raw = remoteRaw[key];
        const wrote = mem.wrote ?? [];
        if (typeof raw === 'string' && wrote.includes(raw)) return decodeBucket(raw);
        const ours = remote[k] && wrote.find((w) => valueHash(w) === remote[k]!.parent);
        return decodeBucket(ours ?? mem.read);
      }),
    );

    const inCorpus = await deps.corpus.ids();
    let records: ReadonlyMap<string, CorpusRecord> = new Map();
    const mergeWith = (list: ReadingList) => {
      const local = list.papers.map((p) => projectPaper(p, inCorpus.has(p.id)));
      const merged = mergeAll(local, remote, base);
      return { ...applyMerged(list, merged, (id) => records.get(id)), merged };
    };
    // Most runs change nothing here: find out on the cached list, and only then take the store's queue (a read of
    // the whole stored list), merging again there so that no save made meanwhile is overwritten.
    const cached = await deps.list();
    const have = new Set(cached.papers.map((p) => p.id));
    let first = mergeWith(cached);
    const fresh = [...first.merged.keys()].filter((id) => !have.has(id) && inCorpus.has(id));
    if (fresh.length) {
      // Papers new here that the corpus knows get its record (title, authors, links) instead of a bare id.
      records = await deps.corpus.papers(fresh);
      first = mergeWith(cached);
    }
    const applied =
      first.added || first.removed || first.updated
        ? await deps.update((list) => {
            const out = mergeWith(list);
            return { list: out.list, result: out };
          })
        : first;

    // Push: the list as it now is, with notes that stayed unknown left unknown.
    const pushed = applied.list.papers.map((p) => {
      const s = projectPaper(p, inCorpus.has(p.id));
      const m = applied.merged.get(p.id);
      if (m && m.note === undefined) delete s.note;
      return s;
    });
    const { writes, nextMemory, report } = await planPush(splitIntoBuckets(pushed), remoteRaw, remote, memory);
    const wrote = Object.keys(writes).length;
    const next: SyncStatus = { enabled: true, lastAt: now(), report, message: describeFit(report) };
    try {
      // One set call: one write operation against the per-minute and per-hour limits.
      if (wrote) await deps.area.set(writes);
    } catch (e) {
      await saveStatus({ ...next, error: (e as Error)?.message ?? String(e) });
      throw e;
    }
    await deps.local.set({ [SYNC_BASE_KEY]: nextMemory, [SYNC_STATE_KEY]: next });
    return { status: next, added: applied.added, removed: applied.removed, updated: applied.updated, wrote };
  }

  return {
    syncNow: () => serial(run),
    status: () => serial(loadStatus),
    async setEnabled(enabled) {
      await serial(async () => {
        const s = await loadStatus();
        if (enabled) await saveStatus({ ...s, enabled: true });
        else {
          await deps.local.remove(SYNC_BASE_KEY);
          await saveStatus({ enabled: false });
        }
      });
      if (enabled) await serial(run).catch(() => undefined);
      return serial(loadStatus);
    },
  };
}

/**
 * Runs `task` `delayMs` after the last call (a burst of edits becomes one
 * sync), but no later than `maxWaitMs` after the first call of a burst (edits
 * that never pause still sync), never sooner than `minIntervalMs` after the
 * previous run and never two at once: with 5 s between runs and one `set` per
 * run, writes stay under `storage.sync`'s 120 a minute and 1,800 an hour.
 */
export function debounced(
  task: () => Promise<unknown>,
  opts: { delayMs: number; maxWaitMs: number; minIntervalMs: number },
): { schedule(): void; flush(): Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstCall: number | undefined;
  let lastRun = -Infinity;
  let running: Promise<void> | null = null;
  let again = false;
  const fire = () => {
    timer = undefined;
    firstCall = undefined;
    if (running) {
      again = true;
      return;
    }
    lastRun = Date.now();
    running = task()
      .catch(() => undefined)
      .then(() => {
        running = null;
        if (again) {
          again = false;
          schedule();
        }
      });
  };
  function schedule() {
    const now = Date.now();
    firstCall ??= now;
    if (timer !== undefined) clearTimeout(timer);
    const due = Math.max(Math.min(now + opts.delayMs, firstCall + opts.maxWaitMs), lastRun + opts.minIntervalMs);
    timer = setTimeout(fire, Math.max(0, due - now));
  }
  return {
    schedule,
    async flush() {
      if (timer !== undefined) {
        clearTimeout(timer);
        fire();
      }
      while (running) await running;
    },
  };
}
