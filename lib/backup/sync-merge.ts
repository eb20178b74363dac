/**
 * The three-way merge of sync (see `lib/backup/sync.ts` for when it runs):
 * pure functions over the projected papers of `lib/backup/sync-format.ts`.
 *
 * Per paper: a side that did not change since the base gives way to the side
 * that did, so a removal, an untagging or marking unread on one device reaches
 * the others (a plain union would bring them back). When both sides changed
 * the same paper, the list's merge rule (`mergePaper` in
 * `lib/reading-list/list.ts`) decides: tags united, read if either, both notes
 * kept, the earliest save time; the two sides are put in a fixed order first,
 * so every device computes the same result and the devices converge instead of
 * trading versions. An edit beats a removal made at the same time (nothing
 * typed is lost). A device joining with its own list (no base yet) unites the
 * two lists. What is not carried is never read as removed: a bucket that is
 * missing or unreadable, a paper older than its bucket's horizon, a note that
 * did not fit.
 */
import { arxivLinks, type Paper } from '../core/paper';
import { mergePaper, toSavedPaper, type ReadingList, type SavedPaper } from '../reading-list/list';
import { bucketOf, type SyncBucket, type SyncPaper } from './sync-format';

/** A remote paper whose state this device cannot know (not carried). */
export const UNKNOWN = Symbol('unknown');
type Remote = SyncPaper | null | typeof UNKNOWN;

/** Same tags, ignoring case and order (the merge rule compares tags ignoring case). */
function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a.map((t) => t.toLowerCase()));
  const y = new Set(b.map((t) => t.toLowerCase()));
  return x.size === y.size && [...x].every((t) => y.has(t));
}

/** Same state as far as both sides know it (an uncarried note matches any note). */
export function sameSyncPaper(a: SyncPaper | null | undefined, b: SyncPaper | null | undefined): boolean {
  if (!a || !b) return !a && !b;
  return (
    a.savedMin === b.savedMin &&
    a.read === b.read &&
    sameTags(a.tags, b.tags) &&
    (a.note === undefined || b.note === undefined || a.note === b.note)
  );
}

function asSaved(p: SyncPaper): SavedPaper {
  return toSavedPaper(
    {
      id: p.id,
      title: p.title ?? p.id,
      authors: [],
      savedAt: p.savedMin * 60_000,
      tags: p.tags,
      note: p.note ?? '',
      read: p.read,
    },
    0,
  );
}

/** Both changed: the list's merge rule, on the two sides in a fixed order. */
export function mergeSyncPapers(a: SyncPaper, b: SyncPaper): SyncPaper {
  const [first, second] = JSON.stringify(a) <= JSON.stringify(b) ? [a, b] : [b, a];
  const m = mergePaper(asSaved(first), asSaved(second));
  const out: SyncPaper = { id: a.id, savedMin: Math.floor(m.savedAt / 60_000), tags: m.tags, read: m.read };
  if (first.note !== undefined && second.note !== undefined) out.note = m.note;
  else if (first.note !== undefined || second.note !== undefined) out.note = first.note ?? second.note;
  const title = a.title ?? b.title;
  if (title) out.title = title;
  return out;
}

/**
 * The three-way merge of one paper: `local` (this device), `remote` (the
 * area; {@link UNKNOWN} when not carried), `base` (the remote as last agreed).
 * Returns the paper as it should be everywhere, or null when removed. A note
 * that stays unknown comes back undefined.
 */
export function mergeThreeWay(local: SyncPaper | null, remote: Remote, base: SyncPaper | null): SyncPaper | null {
  if (remote === UNKNOWN) return local;
  const withNote = (r: SyncPaper): SyncPaper => (r.note === undefined && local?.note ? { ...r, note: local.note } : r);
  if (sameSyncPaper(local, remote)) return local;
  if (sameSyncPaper(local, base)) return remote ? withNote(remote) : null;
  if (sameSyncPaper(remote, base)) return local;
  if (local && remote) return mergeSyncPapers(local, remote);
  // Removed on one side, edited on the other: the edit stays.
  return local ?? remote;
}

/** The remote buckets as read: a bucket, or null when missing or unreadable. */
export type RemoteBuckets = (SyncBucket | null)[];

function remoteLookup(buckets: RemoteBuckets): (id: string, savedMin: number | undefined) => Remote {
  const maps = buckets.map((b) => (b ? new Map(b.papers.map((p) => [p.id, p])) : null));
  return (id, savedMin) => {
    const k = bucketOf(id);
    const b = buckets[k];
    if (!b) return UNKNOWN;
    const p = maps[k]!.get(id);
    if (p) return p;
    return savedMin !== undefined && savedMin < b.horizon ? UNKNOWN : null;
  };
}

/** Merges the whole list: local projection, remote buckets and base buckets. */
export function mergeAll(local: readonly SyncPaper[], remote: RemoteBuckets, base: RemoteBuckets): Map<string, SyncPaper> {
  const localById = new Map(local.map((p) => [p.id, p]));
  const baseById = new Map<string, SyncPaper>();
  for (const b of base) for (const p of b?.papers ?? []) baseById.set(p.id, p);
  const lookup = remoteLookup(remote);
  const ids = new Set<string>([...localById.keys(), ...baseById.keys()]);
  for (const b of remote) for (const p of b?.papers ?? []) ids.add(p.id);
  const out = new Map<string, SyncPaper>();
  for (const id of ids) {
    const l = localById.get(id) ?? null;
    const b = baseById.get(id) ?? null;
    const m = mergeThreeWay(l, lookup(id, l?.savedMin ?? b?.savedMin), b);
    if (m) {
      // An empty note here never claims to know a note that did not travel.
      const r = lookup(id, m.savedMin);
      if (m.note === '' && r !== UNKNOWN && r !== null && r.note === undefined) {
        const { note: _unknown, ...rest } = m;
        out.set(id, rest);
      } else out.set(id, m);
    }
  }
  return out;
}

/** What a paper new to this device is made from: the corpus record when there is one. */
export type CorpusRecord = Pick<Paper, 'id' | 'title' | 'authors' | 'year' | 'links'>;
/** Finds a corpus record by id. */
export type CorpusLookup = (id: string) => CorpusRecord | undefined;

/**
 * The local list with the merged state applied; the same object when nothing
 * changes. Papers keep their place; new ones are appended oldest first; titles
 * and other metadata of papers already here are left alone.
 */
export function applyMerged(
  list: ReadingList,
  merged: ReadonlyMap<string, SyncPaper>,
  corpus: CorpusLookup,
): { list: ReadingList; added: number; removed: number; updated: number } {
  let added = 0;
  let removed = 0;
  let updated = 0;
  const papers: SavedPaper[] = [];
  const have = new Set<string>();
  for (const p of list.papers) {
    have.add(p.id);
    const m = merged.get(p.id);
    if (!m) {
      removed++;
      continue;
    }
    const savedMin = Math.floor(p.savedAt / 60_000);
    const tags = sameTags(p.tags, m.tags) ? p.tags : m.tags;
    const note = m.note === undefined ? p.note : m.note;
    const savedAt = m.savedMin < savedMin ? m.savedMin * 60_000 : p.savedAt;
    if (tags === p.tags && note === p.note && m.read === p.read && savedAt === p.savedAt) {
      papers.push(p);
      continue;
    }
    updated++;
    papers.push(toSavedPaper({ ...p, tags, note, read: m.read, savedAt }, p.savedAt));
  }
  const fresh = [...merged.values()].filter((m) => !have.has(m.id)).sort((a, b) => a.savedMin - b.savedMin);
  for (const m of fresh) {
    added++;
    const c = corpus(m.id);
    papers.push(
      toSavedPaper(
        {
          ...(c
            ? { id: c.id, title: c.title, authors: c.authors, year: c.year, links: c.links, source: 'corpus' as const }
            : { id: m.id, title: m.title ?? m.id, authors: [], links: arxivLinks(m.id), source: 'import' as const }),
          savedAt: m.savedMin * 60_000,
          tags: m.tags,
          note: m.note ?? '',
          read: m.read,
        },
        m.savedMin * 60_000,
      ),
    );
  }
  if (!added && !removed && !updated) return { list, added, removed, updated };
  return { list: { papers }, added, removed, updated };
}
