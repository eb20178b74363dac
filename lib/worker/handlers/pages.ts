/**
 * Requests about papers on pages: annotating a paper page, badging a listing,
 * and related papers (for one paper, a page's text, or the reading list).
 */
import type { PageAnnotation, PagePaperInput, PaperView, RelatedView } from '../../messaging/contract';
import { arxivLinks, localPaperId } from '../../core/paper';
import { parseArxivId } from '../../core/arxiv-id';
import { hasTag } from '../../core/tags';
import { relatedAdded, shownView, weave } from './collection';
import type { RelatedItem } from '../../related/model';
import type { SavedPaper } from '../../reading-list/list';
import { relatedViews, paperView, savedMap, type Handlers, type WorkerContext } from './context';

/** The related papers' "saved" marks, from their rows. */
async function markSaved(ctx: WorkerContext, a: PageAnnotation): Promise<PageAnnotation> {
  const marks = await ctx.list.saved(a.related.map((r) => r.id));
  return { ...a, related: a.related.map((r) => ({ ...r, saved: marks.has(r.id) })) };
}

/** The annotation of a page whose paper was matched (or not): its "saved" from `found.saved`. */
async function annotateWith(
  ctx: WorkerContext,
  views: (items: RelatedItem[], saved: Map<string, SavedPaper>) => Promise<RelatedView[]>,
  page: PagePaperInput,
  limit: number,
  {
    m,
    added,
    saved,
    early,
  }: {
    m: Awaited<ReturnType<WorkerContext['corpus']['matchPage']>>;
    added: Awaited<ReturnType<WorkerContext['collection']['match']>>;
    saved: Map<string, SavedPaper>;
    early: ReturnType<WorkerContext['corpus']['related']['toPaper']> | undefined;
  },
): Promise<PageAnnotation> {
  const { corpus } = ctx;
  if (m) {
    const scored = m.by === 'id' && early ? await early : await corpus.related.toPaper(m.paper.id, limit);
    const own = await views(scored ?? [], saved);
    const more = await relatedAdded(ctx, m.paper, limit, { ids: [m.paper.id] }, saved, false);
    return {
      state: 'match',
      by: m.by,
      paper: paperView(ctx, m.paper),
      related: weave(own, more, limit),
      saved: saved.get(m.paper.id) ?? null,
      ...(added ? { sources: added.sourceNames } : {}),
    } satisfies PageAnnotation;
  }
  if (added) {
    const more = await relatedAdded(ctx, added, limit, { keys: [added.key], ids: [added.id] }, saved, true);
    const own = await corpus.related.toText({ title: added.title, abstract: added.abstract }, limit, [added.id]);
    return {
      state: 'match',
      by: page.arxivId ? 'id' : 'title',
      paper: shownView(added),
      related: weave(more, await views(own, saved), limit),
      saved: saved.get(added.id) ?? null,
      sources: added.sourceNames,
    } satisfies PageAnnotation;
  }
  const id = page.arxivId ?? localPaperId(page.title ?? '');
  const savedRecord = saved.get(id) ?? null;
  const paper: PaperView = {
    id,
    title: page.title ?? savedRecord?.title ?? id,
    authors: page.authors.length ? page.authors : (savedRecord?.authors ?? []),
    year: page.year ?? savedRecord?.year,
    abstract: page.abstract ?? savedRecord?.abstract,
    links: page.arxivId ? arxivLinks(page.arxivId) : (savedRecord?.links ?? {}),
  };
  const related =
    paper.title || paper.abstract ? await corpus.related.toText({ title: paper.title, abstract: paper.abstract }, limit) : [];
  const more = paper.title || paper.abstract ? await relatedAdded(ctx, paper, limit, { ids: [id] }, saved, false) : [];
  return { state: 'nomatch', paper, related: weave(await views(related, saved), more, limit), saved: savedRecord };
}

/** Handlers of `annotatePage`, `matchListing`, `related` and `moreLikeList`. */
export function pageHandlers(ctx: WorkerContext): Handlers<'annotatePage' | 'matchListing' | 'related' | 'moreLikeList'> {
  const { corpus } = ctx;
  /** Related items as shown: their papers read from their shards, so a page never needs the whole paper list. */
  const views = async (items: RelatedItem[], saved: Map<string, SavedPaper>) =>
    relatedViews(ctx, { byId: await corpus.papersById(items.map((r) => r.id)) }, items, saved);
  /** The page's annotation with "saved" read from the rows of its paper and its related papers (issue 17). */
  async function annotate(page: PagePaperInput, limit: number): Promise<PageAnnotation> {
    // A page with an id: its related papers are scored while its record is read.
    const early = page.arxivId?.trim() ? corpus.related.toPaper(page.arxivId, limit) : undefined;
    early?.catch(() => undefined);
    const m = await corpus.matchPage(page);
    // The added collection: keyed gets only (by arXiv id, else by exact normalised title).
    const added = await ctx.collection.match(page, await ctx.collection.sources());
    const saved = await ctx.list.saved([m?.paper.id ?? added?.id ?? page.arxivId ?? localPaperId(page.title ?? '')]);
    return markSaved(ctx, await annotateWith(ctx, views, page, limit, { m, added, saved, early }));
  }

  return {
    annotatePage: ({ page, limit = 5 }) => annotate(page, limit),

    async matchListing({ entries }) {
      // Entries with an id are checked against the list of ids; the rare one without, by its title.
      const corpusIds = await corpus.ids();
      const matched = await Promise.all(
        entries.map(async (e) => {
          const raw = e.arxivId?.trim();
          if (raw) {
            const id = parseArxivId(raw)?.id ?? raw;
            return corpusIds.has(id) ? id : null;
          }
          return (await corpus.matchPage(e))?.paper.id ?? null;
        }),
      );
      const sources = await ctx.collection.sources();
      const added = await Promise.all(entries.map((e) => ctx.collection.match(e, sources)));
      const ids = entries.map((e, i) => matched[i] ?? added[i]?.id ?? e.arxivId);
      // The entries' rows only: a listing right after a worker start does not read the whole list (issue 17).
      const saved = await ctx.list.saved(ids.filter((id): id is string => !!id));
      return entries.map((e, i) => {
        const m = matched[i];
        const id = ids[i];
        const states: string[] = [];
        if (m || added[i]) states.push('collection');
        if (id && saved.has(id)) states.push('saved');
        return states.join(' ');
      });
    },

    async related({ id, title, abstract, limit = 5 }) {
      const saved = savedMap((await ctx.list.read()).list);
      const own = id ? await corpus.related.toPaper(id, limit) : undefined;
      if (own) return views(own, saved);
      if (!title && !abstract) return [];
      const items = await corpus.related.toText({ title: title ?? '', abstract }, limit, id ? [id] : []);
      const more = await relatedAdded(ctx, { title: title ?? '', abstract }, limit, { ids: id ? [id] : [] }, saved, true);
      return weave(more, await views(items, saved), limit);
    },

    async moreLikeList({ tag, limit = 5 }) {
      const { list: l } = await ctx.list.read();
      const saved = savedMap(l);
      const ids = l.papers.filter((p) => !tag || hasTag(p.tags, tag)).map((p) => p.id);
      // An empty list reads nothing (the popup asks as it opens; the ids are 1.4 MB of JSON at 110,000 papers).
      if (!ids.length) return [];
      const corpusIds = await corpus.ids();
      const inCorpus = ids.filter((i) => corpusIds.has(i));
      if (!inCorpus.length) return [];
      return views(await corpus.related.toSet(inCorpus, limit, [...saved.keys()]), saved);
    },
  };
}
