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
      const index = await ctx.collection.index();
      return { papers: index?.titles.documentCount ?? 0 };
    },
  };
}

/**
 * Added papers matching a search, with the query's filters applied to them
 * (saved only, tags and read state through the reading list, years). Twice the
 * limit is fetched from the index, since filters drop some after the fetch.
 */
export async function searchAdded(
  ctx: WorkerContext,
  q: ParsedQuery,
  limit: number,
  saved: Map<string, SavedPaper>,
): Promise<SearchResultView[]> {
  if (!q.text) return [];
  const index = await ctx.collection.index();
  if (!index) return [];
  const hits = searchPapers(index, q.text, limit * 2);
  const sources = await ctx.collection.sources();
  const papers = await ctx.collection.papers(
    hits.map((h) => h.id),
    sources,
  );
  const keep = (p: ShownPaper) => {
    const s = saved.get(p.id);
    if (q.savedOnly && !s) return false;
    if (q.tags.length && !q.tags.every((t) => s?.tags.some((x) => x.toLowerCase() === t))) return false;
    if (q.read !== undefined && s?.read !== q.read) return false;
    if (q.yearFrom !== undefined && (p.year === undefined || p.year < q.yearFrom)) return false;
    if (q.yearTo !== undefined && (p.year === undefined || p.year > q.yearTo)) return false;
    return true;
  };
  return hits
    .flatMap((h, i) => {
      const p = papers[i];
      if (!p || !keep(p)) return [];
      const view = { ...shownView(p), abstract: undefined, score: h.score, snippet: makeSnippet(p.abstract, h.terms) };
      return [{ ...view, saved: saved.has(p.id), inCollection: true }];
    })
    .slice(0, limit);
}

/** The shipped corpus's results and the added ones, best score first, each paper once (the corpus's record wins). */
export function mergeResults(corpus: SearchResultView[], added: SearchResultView[], limit: number): SearchResultView[] {
  if (!added.length) return corpus;
  const seen = new Set(corpus.map((r) => r.id));
  return [...corpus, ...added.filter((r) => !seen.has(r.id))].sort((a, b) => b.score - a.score).slice(0, limit);
}
