/**
 * How the reading list travels through `storage.sync`: pure functions to
 * project, encode, fit and decode it. The engine that reads and writes the
 * area is `lib/backup/sync.ts`.
 *
 * What travels: for each paper its id, when it was saved (to the minute), its
 * tags, its read state and its note; the title only for papers outside the
 * shipped corpus (the corpus has the others'). Never abstracts or other
 * metadata.
 *
 * Shape: papers are spread over {@link SYNC_BUCKETS} items by a hash of their id,
 * so that an edit rewrites one item (~6 KB at most) rather than the whole list,
 * and two devices writing different papers at once touch different items. Each
 * item is complete in itself (its own columns, compressed with `deflate-raw`,
 * base64): the browser's sync keeps the last write of each item, and an item
 * never mixes two writers' halves.
 *
 * Quotas (Chrome's and Firefox's `storage.sync`): 102,400 bytes in all, 8,192
 * per item (key included), 512 items. Each bucket gets an equal share
 * ({@link BUCKET_BUDGET}); a bucket whose papers do not fit drops, in this order:
 *   1. titles (newest papers keep theirs longest): the paper still arrives, shown by
 *      its id with its arXiv links, until the user visits it;
 *   2. notes (newest papers keep theirs longest; a note longer than the whole
 *      bucket is never carried): the other device keeps whatever note it has;
 *   3. whole papers, oldest saved first: the item records the `horizon`, the
 *      minute before which its papers are not carried, so that a missing paper
 *      older than it means "not carried", never "removed".
 * What was dropped is counted ({@link FitReport}) and shown on the options page;
 * the list itself (and the backups) keep everything.
 */
import type { SavedPaper } from '../reading-list/list';
import { base64 } from './base64';

/** `storage.sync` limits (Chrome's `chrome.storage.sync.*`; Firefox enforces the same since 79). */
export const SYNC_QUOTA = {
  QUOTA_BYTES: 102_400,
  QUOTA_BYTES_PER_ITEM: 8_192,
  MAX_ITEMS: 512,
  MAX_WRITE_OPERATIONS_PER_MINUTE: 120,
  MAX_WRITE_OPERATIONS_PER_HOUR: 1_800,
} as const;

/** How many items the list is spread over. 16 × {@link BUCKET_BUDGET} stays under `QUOTA_BYTES`. */
export const SYNC_BUCKETS = 16;
/** Bytes kept free for anything else in the area. */
const RESERVED_BYTES = 1_024;
/** The most one bucket item may take, key and JSON quotes included. */
export const BUCKET_BUDGET = Math.floor((SYNC_QUOTA.QUOTA_BYTES - RESERVED_BYTES) / SYNC_BUCKETS);
/** Version prefix of every encoded item. */
const FORMAT = 'pl1:';

/** The `storage.sync` key of bucket `k`. */
export function bucketKey(k: number): string {
  return `list.${k.toString(16)}`;
}

/** All bucket keys. */
export const BUCKET_KEYS: readonly string[] = Array.from({ length: SYNC_BUCKETS }, (_, k) => bucketKey(k));

/** The bucket of a paper id (FNV-1a, so every device agrees). */
export function bucketOf(id: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return (h >>> 0) % SYNC_BUCKETS;
}

/** What sync carries of one paper. */
export interface SyncPaper {
  id: string;
  /** `savedAt` in whole minutes since the epoch. */
  savedMin: number;
  tags: string[];
  read: boolean;
  /** The note (`''` for none); undefined when it was not carried (no room). */
  note?: string;
  /** The title, for papers outside the corpus, when there was room. */
  title?: string;
}

/** One bucket as read back. */
export interface SyncBucket {
  /** Papers of this bucket saved before this minute are not carried (0: all are). */
  horizon: number;
  papers: SyncPaper[];
  /**
   * {@link valueHash} of the stored value the writer had read before writing this
   * one (`-` when the key was empty): tells a device whether this write was
   * made on top of its own or alongside it (see the three-way merge in sync.ts).
   */
  parent?: string;
}

/** A short hash of a stored value (FNV-1a, hex), or `-` for none. */
export function valueHash(value: unknown): string {
  if (typeof value !== 'string') return '-';
  let h = 0x811c9dc5;
  for (let i = 0; i < value.length; i++) h = Math.imul(h ^ value.charCodeAt(i), 0x01000193);
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** What one bucket (or the whole list) could not carry. */
export interface FitReport {
  papers: number;
  /** Papers not carried at all. */
  droppedPapers: number;
  /** Papers with a note whose note is not carried (of the papers carried). */
  notes: number;
  droppedNotes: number;
  /** Papers with a title to carry, and those whose title is not carried (of the papers carried). */
  titles: number;
  droppedTitles: number;
  /** Bytes of the encoded item(s), keys included. */
  bytes: number;
}

/** An empty report. */
export function emptyReport(): FitReport {
  return { papers: 0, droppedPapers: 0, notes: 0, droppedNotes: 0, titles: 0, droppedTitles: 0, bytes: 0 };
}

/** Sums reports. */
export function addReports(a: FitReport, b: FitReport): FitReport {
  return {
    papers: a.papers + b.papers,
    droppedPapers: a.droppedPapers + b.droppedPapers,
    notes: a.notes + b.notes,
    droppedNotes: a.droppedNotes + b.droppedNotes,
    titles: a.titles + b.titles,
    droppedTitles: a.droppedTitles + b.droppedTitles,
    bytes: a.bytes + b.bytes,
  };
}

/** A saved paper as sync carries it; `inCorpus` papers travel without title. */
export function projectPaper(p: SavedPaper, inCorpus: boolean): SyncPaper {
  const out: SyncPaper = { id: p.id, savedMin: Math.floor(p.savedAt / 60_000), tags: p.tags, read: p.read, note: p.note };
  if (!inCorpus && p.title && p.title !== p.id) out.title = p.title;
  return out;
}

/** Bytes an item takes against the quota: its key and its value as JSON, in UTF-8. */
export function itemBytes(key: string, value: unknown): number {
  return new TextEncoder().encode(key + JSON.stringify(value)).length;
}

/** The columns of one bucket, before compression. Short names: they are compressed, but every byte counts. */
interface Wire {
  /** horizon */
  h: number;
  /** ids */
  i: string[];
  /** savedMin, as differences from the previous paper's (ids sorted, so these are small-ish) */
  s: number[];
  /** tag table */
  g: string[];
  /** per paper: indices into `g` */
  t: number[][];
  /** read: '0'/'1' per paper */
  r: string;
  /** notes by paper index; a paper absent from `n` and `x` has no note */
  n: Record<number, string>;
  /** indices of papers whose note is not carried */
  x: number[];
  /** titles by paper index */
  T: Record<number, string>;
}

function toWire(b: SyncBucket): Wire {
  const papers = [...b.papers].sort((a, c) => (a.id < c.id ? -1 : a.id > c.id ? 1 : 0));
  const table = new Map<string, number>();
  const w: Wire = { h: b.horizon, i: [], s: [], g: [], t: [], r: '', n: {}, x: [], T: {} };
  let prev = 0;
  papers.forEach((p, k) => {
    w.i.push(p.id);
    w.s.push(p.savedMin - prev);
    prev = p.savedMin;
    w.t.push(
      p.tags.map((tag) => {
        let at = table.get(tag);
        if (at === undefined) {
          at = w.g.length;
          table.set(tag, at);
          w.g.push(tag);
        }
        return at;
      }),
    );
    w.r += p.read ? '1' : '0';
    if (p.note === undefined) w.x.push(k);
    else if (p.note) w.n[k] = p.note;
    if (p.title) w.T[k] = p.title;
  });
  return w;
}

function fromWire(w: Wire): SyncBucket {
  const skip = new Set(w.x);
  let prev = 0;
  const papers = w.i.map((id, k): SyncPaper => {
    prev += w.s[k];
    const p: SyncPaper = { id, savedMin: prev, tags: (w.t[k] ?? []).map((g) => w.g[g]), read: w.r[k] === '1' };
    if (!skip.has(k)) p.note = w.n[k] ?? '';
    if (w.T[k] !== undefined) p.title = w.T[k];
    return p;
  });
  return { horizon: w.h, papers };
}

async function pipe(bytes: Uint8Array, stream: CompressionStream | DecompressionStream): Promise<Uint8Array> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}

/** Encodes a bucket as the string stored under its key. */
export async function encodeBucket(b: SyncBucket): Promise<string> {
  const json = new TextEncoder().encode(JSON.stringify(toWire(b)));
  return `${FORMAT}${b.parent ?? '-'}:${base64(await pipe(json, new CompressionStream('deflate-raw')))}`;
}

/** Every column has the type and length it should: sync data is read like any other input, strictly. */
function wellFormed(w: Wire): boolean {
  const str = (x: unknown, max: number) => typeof x === 'string' && x.length <= max;
  const n = Array.isArray(w.i) ? w.i.length : -1;
  if (n < 0 || !w.i.every((id) => str(id, 200) && id.trim() !== '')) return false;
  if (typeof w.h !== 'number' || !Array.isArray(w.s) || w.s.length !== n || !w.s.every(Number.isFinite)) return false;
  if (!Array.isArray(w.g) || !w.g.every((t) => str(t, 200))) return false;
  const tagIndex = (g: unknown) => Number.isInteger(g) && (g as number) >= 0 && (g as number) < w.g.length;
  if (!Array.isArray(w.t) || w.t.length !== n || !w.t.every((ts) => Array.isArray(ts) && ts.every(tagIndex))) return false;
  if (typeof w.r !== 'string' || w.r.length !== n || /[^01]/.test(w.r)) return false;
  const byIndex = (o: unknown, max: number) =>
    typeof o === 'object' && o !== null && Object.entries(o).every(([k, v]) => Number(k) < n && str(v, max));
  if (!byIndex(w.n, 20_000) || !byIndex(w.T, 2_000)) return false;
  return Array.isArray(w.x) && w.x.every((k) => Number.isInteger(k) && k >= 0 && k < n);
}

/** Reads a stored bucket; null when it is not one this version can read (garbage, or a newer format). */
export async function decodeBucket(value: unknown): Promise<SyncBucket | null> {
  if (typeof value !== 'string' || !value.startsWith(FORMAT)) return null;
  try {
    const colon = value.indexOf(':', FORMAT.length);
    if (colon < 0) return null;
    const bytes = Uint8Array.from(atob(value.slice(colon + 1)), (c) => c.charCodeAt(0));
    const w = JSON.parse(new TextDecoder().decode(await pipe(bytes, new DecompressionStream('deflate-raw')))) as Wire;
    if (!wellFormed(w)) return null;
    return { ...fromWire(w), parent: value.slice(FORMAT.length, colon) };
  } catch {
    return null;
  }
}

/** The largest `n` in [0, max] with `fits(n)`, assuming `fits` holds up to some point and not after. */
async function largest(max: number, fits: (n: number) => Promise<boolean>): Promise<number> {
  if (await fits(max)) return max;
  let lo = 0; // fits(0) is the caller's promise
  let hi = max; // does not fit
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (await fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/**
 * Encodes the papers of bucket `k` within `budget` bytes (key included),
 * dropping titles, then notes, then the oldest papers (see the module comment).
 * Returns the stored string, the bucket as another device will read it, and
 * what was dropped.
 */
export async function fitBucket(
  k: number,
  papers: readonly SyncPaper[],
  parent = '-',
  budget = BUCKET_BUDGET,
): Promise<{ value: string; bucket: SyncBucket; report: FitReport }> {
  const key = bucketKey(k);
  // Newest first: the order in which papers, notes and titles are kept.
  const byAge = [...papers].sort((a, b) => b.savedMin - a.savedMin || (a.id < b.id ? -1 : 1));
  const build = (count: number, notes: ReadonlySet<string> | 'all', titles: ReadonlySet<string> | 'all'): SyncBucket => {
    const kept = byAge.slice(0, count).map((p) => {
      const q: SyncPaper = { id: p.id, savedMin: p.savedMin, tags: p.tags, read: p.read };
      // An unknown note (undefined) stays unknown; an empty one always travels.
      if (p.note !== undefined && (!p.note || notes === 'all' || notes.has(p.id))) q.note = p.note;
      if (p.title && (titles === 'all' || titles.has(p.id))) q.title = p.title;
      return q;
    });
    const horizon = count < byAge.length ? (byAge[count - 1]?.savedMin ?? byAge[0].savedMin + 1) : 0;
    return { horizon, papers: kept, parent };
  };
  const cache = new Map<SyncBucket, string>();
  const encode = async (b: SyncBucket) => {
    const v = await encodeBucket(b);
    cache.set(b, v);
    return v;
  };
  const fits = async (b: SyncBucket) => itemBytes(key, await encode(b)) <= budget;
  const none = new Set<string>();

  let count = byAge.length;
  let bucket = build(count, 'all', 'all');
  let noteIds: Set<string> | 'all' = 'all';
  let titleIds: Set<string> | 'all' = 'all';
  if (!(await fits(bucket))) {
    // Papers first, bare (no notes, no titles), then notes, then titles into what is left.
    count = await largest(byAge.length, async (n) => fits(build(n, none, none)));
    // Papers saved in the same minute are carried together or not at all, so the horizon is exact.
    while (count > 0 && count < byAge.length && byAge[count].savedMin === byAge[count - 1].savedMin) count--;
    const noteCands = byAge
      .slice(0, count)
      .filter((p) => p.note && p.note.length <= budget * 2)
      .map((p) => p.id);
    const withNotes = async (n: number) => fits(build(count, new Set(noteCands.slice(0, n)), none));
    noteIds = new Set(noteCands.slice(0, await largest(noteCands.length, withNotes)));
    const titleCands = byAge
      .slice(0, count)
      .filter((p) => p.title)
      .map((p) => p.id);
    const notes = noteIds;
    const withTitles = async (n: number) => fits(build(count, notes, new Set(titleCands.slice(0, n))));
    titleIds = new Set(titleCands.slice(0, await largest(titleCands.length, withTitles)));
    bucket = build(count, noteIds, titleIds);
  }
  const value = cache.get(bucket) ?? (await encode(bucket));
  const kept = byAge.slice(0, count);
  const report: FitReport = {
    papers: byAge.length,
    droppedPapers: byAge.length - count,
    notes: kept.filter((p) => p.note).length,
    droppedNotes: noteIds === 'all' ? 0 : kept.filter((p) => p.note && !noteIds.has(p.id)).length,
    titles: kept.filter((p) => p.title).length,
    droppedTitles: titleIds === 'all' ? 0 : kept.filter((p) => p.title && !titleIds.has(p.id)).length,
    bytes: itemBytes(key, value),
  };
  return { value, bucket, report };
}

/** Groups papers by bucket. */
export function splitIntoBuckets<T extends { id: string }>(papers: Iterable<T>): T[][] {
  const out: T[][] = Array.from({ length: SYNC_BUCKETS }, () => []);
  for (const p of papers) out[bucketOf(p.id)].push(p);
  return out;
}

/** The sentence the options page shows about what sync cannot carry; null when everything fits. */
export function describeFit(r: FitReport): string | null {
  const n = (x: number) => x.toLocaleString('en-US');
  const parts: string[] = [];
  const total = r.papers;
  if (r.droppedPapers)
    parts.push(
      `${n(r.droppedPapers)} of ${n(total)} papers (the oldest saved) do not fit the browser's sync quota and stay on this device only`,
    );
  if (r.droppedNotes) parts.push(`${n(r.droppedNotes)} of ${n(r.notes)} synced papers' notes do not fit`);
  if (r.droppedTitles)
    parts.push(`${n(r.droppedTitles)} of ${n(r.titles)} titles do not fit (those papers show their arXiv id on other devices)`);
  return parts.length ? `${parts.join('; ')}. Your backups keep everything.` : null;
}
