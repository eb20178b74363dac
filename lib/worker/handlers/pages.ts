/**
 * Requests about papers on pages: annotating a paper page, badging a listing,
 * and related papers (for one paper, a page's text, or the reading list).
 */
import type { PageAnnotation, PaperView } from '../../messaging/contract';
import { arxivLinks, localPaperId } from '../../core/paper';
import { matchPaper } from '../../collection/match';
import { relatedToPaper, relatedToSet, relatedToText } from '../../related/score';
import { hasTag } from '../../core/tags';
import { relatedViews, paperView, savedMap, type Handlers, type WorkerContext } from './context';

/** Handlers of `annotatePage`, `matchListing`, `related` and `moreLikeList`. */
export function pageHandlers(ctx: WorkerContext): Handlers<'annotatePage' | 'matchListing' | 'related' | 'moreLikeList'> {
  const { corpus } = ctx;
  return {
    async annotatePage({ page, limit = 5 }) {
      const c = await corpus.core();
      const saved = savedMap((await ctx.list.read()).list);
      const m = matchPaper(page, c.lookup);
      if (m) {
        return {
          state: 'match',
          by: m.by,
          paper: paperView(ctx, m.paper),
          related: relatedViews(ctx, c, ((await corpus.relatedOf(m.paper.id)) ?? []).slice(0, limit), saved),
          saved: saved.get(m.paper.id) ?? null,
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
        paper.title || paper.abstract
          ? relatedToText(await corpus.model(), { title: paper.title, abstract: paper.abstract }, limit)
          : [];
      return { state: 'nomatch', paper, related: relatedViews(ctx, c, related, saved), saved: savedRecord };
    },

    async matchListing({ entries }) {
      const c = await corpus.core();
      const saved = savedMap((await ctx.list.read()).list);
      return entries.map((e) => {
        const m = matchPaper(e, c.lookup);
        const id = m?.paper.id ?? e.arxivId;
        const states: string[] = [];
        if (m) states.push('collection');
        if (id && saved.has(id)) states.push('saved');
        return states.join(' ');
      });
    },

    async related({ id, title, abstract, limit = 5 }) {
      const c = await corpus.core();
      const saved = savedMap((await ctx.list.read()).list);
      if (id && c.byId.has(id)) {
        const items = (await corpus.relatedOf(id)) ?? relatedToPaper(await corpus.model(), id, limit);
        return relatedViews(ctx, c, items.slice(0, limit), saved);
      }
      if (!title && !abstract) return [];
      const items = relatedToText(await corpus.model(), { title: title ?? '', abstract }, limit, id ? [id] : []);
      return relatedViews(ctx, c, items, saved);
    },

    async moreLikeList({ tag, limit = 5 }) {
      const c = await corpus.core();
      const { list: l } = await ctx.list.read();
      const saved = savedMap(l);
      const ids = l.papers.filter((p) => !tag || hasTag(p.tags, tag)).map((p) => p.id);
      const inCorpus = ids.filter((i) => c.byId.has(i));
      if (!inCorpus.length) return [];
      return relatedViews(ctx, c, relatedToSet(await corpus.model(), inCorpus, limit, [...saved.keys()]), saved);
    },
  };
}
