/**
 * The added collection in the worker's answers: papers as views, related
 * papers among added ones, the two collections' related lists woven together,
 * and the `collectionChanged` request the options page sends after an import
 * or a removal so that the new search index is loaded before the next page asks.
 */
import type { PaperView, RelatedView, SearchResultView } from '../../messaging/contract';
import type { ShownPaper } from '../../collection/records';
import { relatedInCollection } from '../../collection/search';
import type { SavedPaper } from '../../reading-list/list';
import { searchPapers } from '../../search/index';
import type { ParsedQuery } from '../../search/query';
import { makeSnippet } from '../../search/snippet';
import type { Handlers, WorkerContext } from './context';

/** How long a page of an added paper waits for the collection's index before answering without its related papers. */
const INDEX_WAIT_MS = 1500;

/** An added paper as the overlay and popup show it. */
export function shownView(p: ShownPaper): PaperView {
  return {
    id: p.id,
    title: p.title,
    authors: p.authors,
    year: p.year,
    ...(p.abstract ? { abstract: p.abstract } : {}),
    links: p.links,
  };
}

/**
 * Added papers related to a paper, when the collection's index is at hand
 * (`wait`: load it first, up to {@link INDEX_WAIT_MS}, for a page of an added
 * paper; else only if loaded, so that other pages are never held up by it).
 */
export async function relatedAdded(
  ctx: WorkerContext,
  paper: { title: string; abstract?: string },
  limit: number,
  exclude: { keys?: string[]; ids?: string[] },
  saved: Map<string, SavedPaper>,
  wait: boolean,
): Promise<RelatedView[]> {
  // Waiting is bounded: the first page after a worker start must not wait for a 100,000-paper index to load.
  const index = wait
    ? await Promise.race([ctx.collection.index(), new Promise<null>((r) => setTimeout(() => r(null), INDEX_WAIT_MS))])
    : ctx.collection.indexIfReady();
  if (!index || limit <= 0) return [];
  const skipIds = new Set(exclude.ids ?? []);
  const items = relatedInCollection(
    index,
    { title: paper.title, abstract: paper.abstract ?? '' },
    limit + skipIds.size,
    new Set(exclude.keys ?? []),
  );
  const sources = await ctx.collection.sources();
  const papers = await ctx.collection.papers(
    items.map((i) => i.key),
    sources,
  );
  return items
    .flatMap((item, i) => {
      const p = papers[i];
      if (!p || skipIds.has(p.id)) return [];
      return [{ ...shownView(p), abstract: undefined, score: item.score, reasons: item.reasons, saved: saved.has(p.id) }];
    })
    .slice(0, limit);
}

/** Two related lists, alternating from `first`, each paper once, at most `limit`. */
export function weave(first: RelatedView[], second: RelatedView[], limit: number): RelatedView[] {
  const out: RelatedView[] = [];
  const seen = new Set<string>();
  for (let i = 0; out.length < limit && (i < first.length || i < second.length); i++) {
    for (const r of [first[i], second[i]]) {
      if (r && !seen.has(r.id) && out.length < limit) {
        seen.add(r.id);
        out.push(r);
      }
    }
  }
  return out;
}

/** Handler of `collectionChanged`. */
export function collectionHandlers(ctx: WorkerContext): Handlers<'collectionChanged'> {
  return {
    async collectionChanged() {
      ctx.collection.changed();
      const index = await ctx.collection.index();
      return { papers: index?.titles.documentCount ?? 0 };
    },
  };
}

/** Whether an added paper passes the query's filters (saved only, tags and read state through the reading list, years). */
function passes(q: ParsedQuery, p: ShownPaper, saved: Map<string, SavedPaper>): boolean {
  const s = saved.get(p.id);
  if (q.savedOnly && !s) return false;
  if (q.tags.length && !q.tags.every((t) => s?.tags.some((x) => x.toLowerCase() === t))) return false;
  if (q.read !== undefined && s?.read !== q.read) return false;
  if (q.yearFrom !== undefined && (p.year === undefined || p.year < q.yearFrom)) return false;
  if (q.yearTo !== undefined && (p.year === undefined || p.year > q.yearTo)) return false;
  return true;
}

/**
 * Row keys a search by filters alone may list, best first: the saved papers
 * (newest first) when the filters ask for saved ones, else the papers of the
 * years asked for, newest year first.
 */
async function filterCandidates(ctx: WorkerContext, q: ParsedQuery, saved: Map<string, SavedPaper>): Promise<string[]> {
  if (q.savedOnly) return [...saved.keys()];
  if (q.yearFrom === undefined && q.yearTo === undefined) return [];
  const years = await ctx.collection.years();
  const keys: string[] = [];
  for (const [y, ks] of years ?? []) {
    if ((q.yearFrom === undefined || y >= q.yearFrom) && (q.yearTo === undefined || y <= q.yearTo)) keys.push(...ks);
  }
  return keys;
}

/**
 * Added papers matching a search, with the query's filters applied to them.
 * With words, twice the limit is fetched from the index, since filters drop
 * some after the fetch; with filters alone (`year:2023`, `tag:reading`), the
 * papers the filters name, fetched a batch at a time until the limit is met.
 */
export async function searchAdded(
  ctx: WorkerContext,
  q: ParsedQuery,
  limit: number,
  savedList: Promise<Map<string, SavedPaper>>,
): Promise<SearchResultView[]> {
  const index = await ctx.collection.index();
  if (!index) return [];
  const sources = await ctx.collection.sources();
  // The reading list, read meanwhile by the search that asks (lib/worker/handlers/search.ts).
  const saved = await savedList;
  const view = (p: ShownPaper, score: number, terms: string[]): SearchResultView => ({
    ...shownView(p),
    abstract: undefined,
    score,
    snippet: makeSnippet(p.abstract, terms),
    saved: saved.has(p.id),
    inCollection: true,
  });
  if (!q.text) {
    const keys = await filterCandidates(ctx, q, saved);
    const out: SearchResultView[] = [];
    for (let i = 0; i < keys.length && out.length < limit; i += limit * 2) {
      const batch = await ctx.collection.papers(keys.slice(i, i + limit * 2), sources);
      for (const p of batch) if (p && passes(q, p, saved) && out.length < limit) out.push(view(p, 0, []));
    }
    return out;
  }
  const hits = searchPapers(index, q.text, limit * 2);
  const papers = await ctx.collection.papers(
    hits.map((h) => h.id),
    sources,
  );
  return hits
    .flatMap((h, i) => {
      const p = papers[i];
      return p && passes(q, p, saved) ? [view(p, h.score, h.terms)] : [];
    })
    .slice(0, limit);
}

/**
 * The shipped corpus's results and the added ones, each paper once (the
 * corpus's record wins): best score first; for a search by filters alone
 * (no scores), the saved papers first, then corpus and added papers in turn,
 * so that neither collection crowds the other out of the limit.
 */
export function mergeResults(
  corpus: SearchResultView[],
  added: SearchResultView[],
  limit: number,
  byFiltersAlone = false,
): SearchResultView[] {
  if (!added.length) return corpus;
  const seen = new Set(corpus.map((r) => r.id));
  const addedIds = new Set(added.map((r) => r.id));
  // A saved paper listed from the reading list that the added collection holds says so.
  const own = corpus.map((r) => (addedIds.has(r.id) && !r.inCollection ? { ...r, inCollection: true } : r));
  const rest = added.filter((r) => !seen.has(r.id));
  if (!byFiltersAlone) return [...own, ...rest].sort((a, b) => b.score - a.score).slice(0, limit);
  const first = [...own.filter((r) => r.saved), ...rest.filter((r) => r.saved)];
  const a = own.filter((r) => !r.saved);
  const b = rest.filter((r) => !r.saved);
  for (let i = 0; i < a.length || i < b.length; i++) first.push(...(a[i] ? [a[i]] : []), ...(b[i] ? [b[i]] : []));
  return first.slice(0, limit);
}
